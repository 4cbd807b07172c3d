// Account management: list, read, create one, update, reset, end sessions. Bulk creation is in
// user_bulk.cpp.
#include "modules/auth/user_service.hpp"

#include "db/keyset.hpp"
#include "domain/enums.hpp"
#include "domain/text.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/auth/accounts.hpp"
#include "modules/auth/roles.hpp"
#include "modules/auth/user_query.hpp"
#include "modules/auth/user_repo.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;

namespace {

// A LIKE pattern for "starts with q": %, _ and the escape character match literally.
std::string like_prefix(const std::string& q) {
  std::string out;
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}


// The WHERE clause of the account list (alias u), without the keyset position.
std::string list_where(db::Tx& tx, const UserFilter& f, const http::Scope& read, db::Params& p) {
  std::string where = "1=1";
  if (!read.everything) where += " AND " + account_in_paths_sql(read.paths, p);
  if (f.org_id) {
    auto org = repo::org_path_name(tx, *f.org_id);
    if (!org) throw http::not_found("组织");
    read.require(org->first, "组织");
    where += " AND " + account_in_paths_sql({org->first}, p);
  }
  if (f.q && !f.q->empty()) {
    p.emplace_back(like_prefix(domain::ascii_lower(*f.q)));
    where += " AND (u.username LIKE " + db::last_placeholder(p) + " ESCAPE '\\'";
    p.emplace_back(like_prefix(*f.q));
    where += " OR u.display_name LIKE " + db::last_placeholder(p) + " ESCAPE '\\')";
  }
  if (f.role) {
    p.emplace_back(*f.role);
    where += " AND EXISTS (SELECT 1 FROM grants rg WHERE rg.user_id = u.id AND rg.role = " + db::last_placeholder(p) + ")";
  }
  return where;
}

bool holds_system_role(const std::vector<GrantRecord>& grants) {
  for (const auto& g : grants)
    if (const Role* r = find_role(g.role); r && r->system) return true;
  return false;
}

}  // namespace

json::object UserService::list(const UserFilter& f, const http::Scope& read, const http::PageRequest& page) {
  return auth_.context().db.read_value([&](db::Tx& tx) {
    db::Params p;
    std::string where = list_where(tx, f, read, p);
    const int64_t total = tx.query_int("SELECT count(*) FROM users u WHERE " + where, p);
    if (page.after) {
      where += " AND " + db::after_key(p, {"u.id", page.after_int(0)});
    }
    json::array items;
    const int64_t now = auth_.now();
    for (const auto& u : repo::users_where(tx, where, p, page.limit + 1)) items.push_back(user_json(u, now));
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

json::object UserService::get(int64_t id, const http::Scope& read) {
  return auth_.context().db.read_value([&](db::Tx& tx) {
    require_account(tx, id, read);
    auto u = repo::user_by_id(tx, id);
    json::object j = user_json(*u, auth_.now());
    json::array grants;
    for (const auto& g : grants_in_scope(tx, id, read)) grants.push_back(grant_json(g));
    j["grants"] = std::move(grants);
    return j;
  });
}

json::object UserService::create_staff(const NewUser& in, const ChangeMeta& meta) {
  if (!in.username) throw http::validation_failed({{"username", "username.required", "请填写用户名"}});
  CreatedAccount made;
  std::optional<UserRecord> stored;
  auth_.context().db.write([&](db::Tx& tx) {
    made = create_account(auth_, tx, NewAccount{*in.username, in.display_name.value_or(""), std::nullopt, "", true}, meta);
    stored = repo::user_by_id(tx, made.id);
  });
  json::object j = user_json(*stored, auth_.now());
  j["password"] = made.password;
  return j;
}

json::object UserService::create_for_member(int64_t member_id, const NewUser& in, const http::Scope& create_member,
                                            const ChangeMeta& meta) {
  CreatedAccount made;
  std::optional<UserRecord> stored;
  auth_.context().db.write([&](db::Tx& tx) {
    auto m = members_.find(tx, member_id);
    if (!m) throw http::not_found("党员");
    create_member.require(*members_.org_path_of(tx, m->id), "党员");
    if (!domain::status_is_current(m->status))
      throw http::validation_failed({{"member_id", "member.not_current", "该党员已不在党员名册中，不能为其创建账号"}});
    NewAccount a{in.username.value_or(member_username(m->id)), in.display_name.value_or(m->name), m->id, "", true};
    made = create_account(auth_, tx, a, meta);
    stored = repo::user_by_id(tx, made.id);
  });
  json::object j = user_json(*stored, auth_.now());
  j["password"] = made.password;
  return j;
}

void UserService::require_not_self_nor_system(db::Tx& tx, const UserRecord& u, int64_t self_id) {
  if (u.id == self_id) throw http::forbidden("permission_denied", "不能对自己的账号执行此操作");
  if (holds_system_role(repo::grants_of(tx, u.id)))
    throw http::forbidden("permission_denied",
                          "系统管理员、安全保密管理员、安全审计员的账号不能在此停用或重置密码；请先由安全保密管理员撤销其系统角色，"
                          "或在服务器上使用 lianxin user reset-password");
}

json::object UserService::update(int64_t id, const UserPatch& patch, const Acting& by, const ChangeMeta& meta) {
  std::optional<UserRecord> after;
  auth_.context().db.write([&](db::Tx& tx) {
    require_account(tx, id, by.scope);
    auto u = repo::user_by_id(tx, id);
    const bool disable_changes = patch.disabled && *patch.disabled != u->disabled;
    if (disable_changes) require_not_self_nor_system(tx, *u, by.self_id);
    const std::string name = patch.display_name.value_or(u->display_name);
    const bool disabled = patch.disabled.value_or(u->disabled);
    after = u;
    if (name == u->display_name && !disable_changes) return;
    const std::string at = timestamp_at(auth_.now());
    repo::set_profile(tx, id, name, disabled, at);
    // A disabled account is logged out everywhere at once, not at the sessions' expiry.
    if (disable_changes && disabled) repo::revoke_sessions_of(tx, id, at, "disabled");
    json::object before_j{{"display_name", u->display_name}, {"disabled", u->disabled}};
    json::object after_j{{"display_name", name}, {"disabled", disabled}};
    auto change = audit::changed_fields(json::serialize(before_j), json::serialize(after_j));
    audit::record(tx, auth_.context().cipher, meta,
                  {"user.update", "user", std::to_string(id), std::nullopt, change.before, change.after});
    after = repo::user_by_id(tx, id);
  });
  auth_.invalidate_user(id);
  return user_json(*after, auth_.now());
}

std::string UserService::reset_password(int64_t id, const Acting& by, const ChangeMeta& meta) {
  auth_.context().db.read([&](db::Tx& tx) {
    require_account(tx, id, by.scope);
    auto u = repo::user_by_id(tx, id);
    require_not_self_nor_system(tx, *u, by.self_id);
  });
  return auth_.reset_password(id, meta);
}

std::string UserService::reset_member_password(int64_t member_id, const Acting& by, const ChangeMeta& meta) {
  int64_t user_id = 0;
  auth_.context().db.read([&](db::Tx& tx) {
    auto path = members_.org_path_of(tx, member_id);
    if (!path) throw http::not_found("党员");
    by.scope.require(*path, "党员");
    auto u = repo::user_by_member(tx, member_id);
    if (!u) throw http::not_found("账号");
    require_not_self_nor_system(tx, *u, by.self_id);
    // A reset hands the account to whoever resets it: never one with rights wider than theirs.
    for (const auto& g : repo::grants_of(tx, u->id))
      if (!g.org_id || !by.scope.contains_path(g.org_path))
        throw http::forbidden("permission_denied", "该账号拥有超出本人管理范围的授权，不能在此重置其密码");
    user_id = u->id;
  });
  return auth_.reset_password(user_id, meta);
}

int64_t UserService::revoke_sessions(int64_t id, const http::Scope& scope, const ChangeMeta& meta) {
  auth_.context().db.read([&](db::Tx& tx) { require_account(tx, id, scope); });
  return auth_.revoke_user_sessions(id, meta);
}

}  // namespace lianxin::modules::auth
