#include "app/demo_bootstrap.hpp"

#include <cstdio>
#include <cstdlib>

#include "modules/auth/accounts.hpp"
#include "modules/demo/demo_generator.hpp"

namespace lianxin::app {

namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

void print_created(const std::vector<modules::auth::CreatedAccount>& made, bool from_env, const char* env_name) {
  for (const auto& a : made) {
    if (from_env) std::printf("  %-10s 密码: 见环境变量 %s\n", a.username.c_str(), env_name);
    else std::printf("  %-10s 初始密码: %s   (仅显示这一次，首次登录后须修改)\n", a.username.c_str(), a.password.c_str());
  }
  std::fflush(stdout);
}

}  // namespace

void bootstrap_demo_if_empty(App& app) {
  int64_t orgs = app.db().read_value([](db::Tx& tx) { return tx.query_int("SELECT count(*) FROM orgs"); });
  if (orgs > 0) return;
  std::printf("首次启动：正在生成演示数据（约2000名党员，县级规模）…\n");
  std::fflush(stdout);
  modules::demo::DemoOptions opts;
  opts.members = 2000;
  opts.seed = 1;
  modules::demo::generate_demo(app.context(), opts, [](const std::string& line) { std::printf("  %s\n", line.c_str()); });
  bootstrap_demo_accounts(app);
}

void bootstrap_system_accounts(App& app) {
  auto pw = env("LIANXIN_ADMIN_PASSWORD");
  auto made = modules::auth::ensure_system_accounts(app.auth(), pw);
  if (made.empty()) return;
  std::printf("已创建系统账号（三员分立：系统管理员、安全保密管理员、安全审计员）：\n");
  print_created(made, pw.has_value(), "LIANXIN_ADMIN_PASSWORD");
}

void bootstrap_demo_accounts(App& app) {
  auto pw = env("LIANXIN_DEMO_PASSWORD");
  auto made = modules::auth::ensure_demo_accounts(app.auth(), pw);
  if (made.empty()) return;
  std::printf("已创建演示账号（组织部管理员、支部党务工作者、党员）：\n");
  print_created(made, pw.has_value(), "LIANXIN_DEMO_PASSWORD");
}

void print_login_help(App& app) {
  auto names = app.db().read_value([](db::Tx& tx) {
    std::string s;
    for (const auto& r : tx.query("SELECT username FROM users WHERE username IN "
                                  "('admin','secadmin','auditor','orgadmin','branch1','member1') ORDER BY id")) {
      if (!s.empty()) s += "、";
      s += r.text(0);
    }
    return s;
  });
  if (names.empty()) return;
  std::printf("登录账号: %s（密码在首次创建时显示；忘记时运行 lianxin user reset-password 用户名）\n", names.c_str());
}

}  // namespace lianxin::app
