#include "modules/auth/accounts.hpp"

#include <regex>

#include "domain/text.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/auth/roles.hpp"
#include "modules/auth/user_repo.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;

namespace {

ChangeMeta system_meta() { return ChangeMeta{"bootstrap", 0, "", "system", "", ""}; }

}  // namespace

CreatedAccount create_account(AuthService& auth, db::Tx& tx, const NewAccount& a, const ChangeMeta& meta) {
  static const std::regex kUsername("[A-Za-z][A-Za-z0-9._-]{2,31}");
  if (!std::regex_match(a.username, kUsername))
    throw http::validation_failed(
        {{"username", "username.invalid", "用户名须以字母开头，由3至32位字母、数字、点、下划线或短横线组成"}});
  const std::string name = domain::ascii_lower(a.username);
  if (repo::user_by_username(tx, name)) throw http::conflict("username.taken", "用户名已被使用", "username");
  if (a.member_id && repo::user_by_member(tx, *a.member_id))
    throw http::conflict("member.has_account", "该党员已有账号", "member_id");
  UserRecord u;
  u.username = name;
  u.display_name = a.display_name.empty() ? name : a.display_name;
  u.member_id = a.member_id;
  CreatedAccount out{0, name, a.password.empty() ? generate_password() : a.password};
  auth.check_new_password(tx, u, out.password);
  u.password_hash = auth.hash(out.password);
  u.must_change_password = a.password.empty() || a.must_change;
  u.created_by = meta.user_id ? std::optional<int64_t>(meta.user_id) : std::nullopt;
  u.created_at = timestamp_at(auth.now());
  out.id = repo::insert_user(tx, u);
  json::object after{{"username", u.username}, {"display_name", u.display_name},
                     {"member_id", u.member_id ? json::value(*u.member_id) : json::value(nullptr)}};
  audit::record(tx, auth.context().cipher, meta,
                {"user.create", "user", std::to_string(out.id), std::nullopt, std::nullopt, json::serialize(after)});
  return out;
}

int64_t add_grant(AuthService& auth, db::Tx& tx, int64_t user_id, const std::string& role,
                  std::optional<int64_t> org_id, const ChangeMeta& meta) {
  const int64_t id = tx.query_int(
      "INSERT INTO grants (user_id, role, org_id, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {user_id, role, org_id, meta.user_id ? std::optional<int64_t>(meta.user_id) : std::nullopt,
       timestamp_at(auth.now())});
  json::object after{{"user_id", user_id}, {"role", role}, {"org_id", org_id ? json::value(*org_id) : nullptr}};
  audit::record(tx, auth.context().cipher, meta,
                {"grant.create", "grant", std::to_string(id), org_id, std::nullopt, json::serialize(after)});
  auth.invalidate_user(user_id);
  return id;
}

std::vector<CreatedAccount> ensure_system_accounts(AuthService& auth, const std::optional<std::string>& password) {
  std::vector<CreatedAccount> made;
  auth.context().db.write([&](db::Tx& tx) {
    made.clear();
    // Keyed on the roles, not on the accounts: an operator may have created other accounts from
    // the shell before the first start.
    if (tx.query_int("SELECT count(*) FROM grants WHERE role IN ('sysadmin', 'secadmin', 'auditor')") > 0) return;
    const ChangeMeta meta = system_meta();
    for (const char* role : {"sysadmin", "secadmin", "auditor"}) {
      const std::string username = std::string(role) == "sysadmin" ? "admin" : role;
      NewAccount a{username, std::string(find_role(role)->name), std::nullopt, password.value_or(""), false};
      CreatedAccount c = create_account(auth, tx, a, meta);
      add_grant(auth, tx, c.id, role, std::nullopt, meta);
      made.push_back(std::move(c));
    }
  });
  return made;
}

std::vector<CreatedAccount> ensure_demo_accounts(AuthService& auth, const std::optional<std::string>& password) {
  std::vector<CreatedAccount> made;
  auth.context().db.write([&](db::Tx& tx) {
    made.clear();
    auto root = tx.query_one("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    auto branch = tx.query_one(
        "SELECT o.id, min(m.id) FROM orgs o JOIN members m ON m.org_id = o.id "
        "WHERE m.status = 'normal' GROUP BY o.id ORDER BY o.id LIMIT 1");
    if (!root || !branch) return;  // no demo data
    const ChangeMeta meta = system_meta();
    auto make = [&](const char* username, const char* display, std::optional<int64_t> member, const char* role,
                    int64_t org) {
      if (repo::user_by_username(tx, username)) return;
      if (member && repo::user_by_member(tx, *member)) return;
      NewAccount a{username, display, member, password.value_or(""), false};
      CreatedAccount c = create_account(auth, tx, a, meta);
      add_grant(auth, tx, c.id, role, org, meta);
      made.push_back(std::move(c));
    };
    make("orgadmin", "演示组织部管理员", std::nullopt, "org_admin", root->i64(0));
    make("branch1", "演示党务工作者", std::nullopt, "worker", branch->i64(0));
    make("member1", "演示党员", branch->i64(1), "member", branch->i64(0));
  });
  return made;
}

}  // namespace lianxin::modules::auth
