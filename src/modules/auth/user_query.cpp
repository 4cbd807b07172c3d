#include "modules/auth/user_query.hpp"

#include "http/errors.hpp"
#include "modules/auth/account_powers.hpp"
#include "modules/auth/roles.hpp"
#include "modules/auth/user_repo.hpp"
#include "modules/common/context.hpp"
#include "modules/common/json_util.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;

std::string account_in_paths_sql(const std::vector<std::string>& paths, db::Params& params) {
  const std::string in = paths_sql(paths, params);  // same parameters serve both branches
  return "(EXISTS (SELECT 1 FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = u.member_id AND " + in +
         ") OR EXISTS (SELECT 1 FROM grants g JOIN orgs o ON o.id = g.org_id WHERE g.user_id = u.id AND " + in + "))";
}

bool account_in_scope(db::Tx& tx, int64_t user_id, const http::Scope& scope) {
  if (scope.everything) return repo::user_by_id(tx, user_id).has_value();
  db::Params p{user_id};
  const std::string cond = account_in_paths_sql(scope.paths, p);
  return tx.query_one("SELECT 1 FROM users u WHERE u.id = $1 AND " + cond, p).has_value();
}

void require_account(db::Tx& tx, int64_t user_id, const http::Scope& scope) {
  if (account_in_scope(tx, user_id, scope)) return;
  if (!repo::user_by_id(tx, user_id)) throw http::not_found("用户");
  const bool seen = scope.visible_everything ||
                    account_in_scope(tx, user_id, http::Scope{false, scope.visible, false, {}});
  if (seen) throw http::forbidden("permission_denied", "没有权限执行此操作");
  throw http::not_found("用户");
}

std::optional<std::string> member_org_path(db::Tx& tx, const UserRecord& u) {
  if (!u.member_id) return std::nullopt;
  auto r = tx.query_one("SELECT o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1", {*u.member_id});
  if (!r) return std::nullopt;
  return r->text(0);
}

std::string member_username(int64_t member_id) {
  std::string digits = std::to_string(member_id);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "m" + digits;
}

json::object user_json(const UserRecord& u, int64_t now) {
  auto until = u.locked_until ? parse_timestamp(*u.locked_until) : std::nullopt;
  const bool locked = until && *until > now;
  return json::object{{"id", u.id},
                      {"username", u.username},
                      {"display_name", u.display_name},
                      {"member_id", opt_json(u.member_id)},
                      {"disabled", u.disabled},
                      {"must_change_password", u.must_change_password},
                      {"locked", locked},
                      {"locked_until", locked ? opt_json(u.locked_until) : json::value(nullptr)},
                      {"last_login_at", opt_json(u.last_login_at)},
                      {"password_changed_at", opt_json(u.password_changed_at)},
                      {"created_by", opt_json(u.created_by)},
                      {"created_at", u.created_at},
                      {"updated_at", u.updated_at}};
}

json::object grant_json(const GrantRecord& g) {
  const Role* role = find_role(g.role);
  return json::object{{"id", g.id},
                      {"user_id", g.user_id},
                      {"role", g.role},
                      {"role_name", role ? role->name : g.role},
                      {"org_id", opt_json(g.org_id)},
                      {"org_name", g.org_id ? json::value(g.org_name) : json::value(nullptr)},
                      {"granted_by", opt_json(g.granted_by)},
                      {"granted_at", g.granted_at}};
}

std::vector<GrantRecord> grants_in_scope(db::Tx& tx, int64_t user_id, const http::Scope& scope) {
  std::vector<GrantRecord> out;
  for (auto& g : repo::grants_of(tx, user_id))
    if (scope.everything || (g.org_id && scope.contains_path(g.org_path))) out.push_back(std::move(g));
  return out;
}

}  // namespace lianxin::modules::auth
