// `lianxin user ...`: account recovery and creation from the shell, for whoever runs the server.
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "app/commands.hpp"
#include "app/wiring.hpp"
#include "domain/text.hpp"
#include "http/errors.hpp"
#include "modules/auth/accounts.hpp"
#include "modules/auth/roles.hpp"

namespace lianxin::app {

namespace {

modules::ChangeMeta shell_meta() { return modules::ChangeMeta{"cli", 0, "", "cli", "lianxin user", ""}; }

int64_t user_id_of(App& app, const std::string& name) {
  const std::string lower = domain::ascii_lower(name);
  auto id = app.db().read_value([&](db::Tx& tx) -> std::optional<int64_t> {
    auto r = tx.query_one("SELECT id FROM users WHERE username = $1", {lower});
    return r ? std::optional(r->i64(0)) : std::nullopt;
  });
  if (!id) throw std::runtime_error("no account named '" + name + "'");
  return *id;
}

int reset_password(App& app, const std::string& name) {
  const std::string pw = app.auth().reset_password(user_id_of(app, name), shell_meta());
  std::printf("%s 的新密码: %s\n(仅显示这一次；登录后须修改；该账号的所有会话已结束，锁定已解除)\n", name.c_str(), pw.c_str());
  return 0;
}

int create(App& app, const ParsedArgs& args, const std::string& name) {
  auto role_it = args.flags.find("role");
  if (role_it == args.flags.end()) throw std::invalid_argument("user create needs --role (see: lianxin help)");
  const auto* role = modules::auth::find_role(role_it->second);
  if (!role) throw std::invalid_argument("unknown role '" + role_it->second + "'");
  std::optional<int64_t> org;
  if (auto it = args.flags.find("org"); it != args.flags.end()) org = std::stoll(it->second);
  if (org && !role->org_scoped) throw std::invalid_argument("role " + role_it->second + " is system-wide: no --org");
  const char* env_pw = std::getenv("LIANXIN_USER_PASSWORD");
  modules::auth::NewAccount a;
  a.username = name;
  if (auto it = args.flags.find("display-name"); it != args.flags.end()) a.display_name = it->second;
  if (auto it = args.flags.find("member"); it != args.flags.end()) a.member_id = std::stoll(it->second);
  a.password = env_pw ? env_pw : "";
  a.must_change = !env_pw;
  modules::auth::CreatedAccount made;
  app.db().write([&](db::Tx& tx) {
    if (org && !tx.query_one("SELECT 1 FROM orgs WHERE id = $1", {*org}))
      throw std::invalid_argument("no organization with id " + std::to_string(*org));
    made = modules::auth::create_account(app.auth(), tx, a, shell_meta());
    modules::auth::add_grant(app.auth(), tx, made.id, role->code.data(), org, shell_meta());
  });
  if (env_pw) std::printf("已创建 %s（%s），密码取自 LIANXIN_USER_PASSWORD\n", made.username.c_str(), role->name.data());
  else std::printf("已创建 %s（%s），初始密码: %s（仅显示这一次，首次登录后须修改）\n", made.username.c_str(),
                   role->name.data(), made.password.c_str());
  return 0;
}

}  // namespace

int cmd_user(const ParsedArgs& args) {
  if (args.positional.size() != 2)
    throw std::invalid_argument("usage: lianxin user reset-password NAME | lianxin user create NAME --role ROLE [--org ID]");
  App app(load_config(args), true);
  const std::string& action = args.positional[0];
  try {
    if (action == "reset-password") return reset_password(app, args.positional[1]);
    if (action == "create") return create(app, args, args.positional[1]);
  } catch (const http::ApiError& e) {
    throw std::runtime_error(e.message);
  }
  throw std::invalid_argument("unknown user action '" + action + "' (reset-password, create)");
}

}  // namespace lianxin::app
