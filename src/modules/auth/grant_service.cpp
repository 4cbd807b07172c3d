#include "modules/auth/grant_service.hpp"

#include "db/keyset.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/auth/accounts.hpp"
#include "modules/auth/user_query.hpp"
#include "modules/auth/user_repo.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/tree_path.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;

namespace {


GrantRecord grant_from(const db::Row& r) {
  return GrantRecord{r.i64(0), r.i64(1), r.text(2), r.opt_i64(3), r.text_or(4, ""), r.text_or(5, ""),
                     r.opt_i64(6), r.text(7)};
}

const char* const kGrantSelect =
    "SELECT g.id, g.user_id, g.role, g.org_id, o.path, o.name, g.granted_by, g.granted_at "
    "FROM grants g LEFT JOIN orgs o ON o.id = g.org_id";

std::vector<HeldGrant> held(const std::vector<GrantRecord>& grants) {
  std::vector<HeldGrant> out;
  for (const auto& g : grants) out.push_back({g.role, g.org_id});
  return out;
}

json::object grant_audit(const GrantRecord& g) {
  return json::object{{"user_id", g.user_id}, {"role", g.role}, {"org_id", opt_json(g.org_id)}};
}

}  // namespace

void throw_denial(const GrantDenial& d) {
  if (d.status == 422) throw http::validation_failed({{d.field, d.code, d.message}});
  if (d.status == 409) throw http::conflict(d.code, d.message, d.field);
  throw http::forbidden(d.code, d.message);
}

std::string org_path_for_grant(db::Tx& tx, int64_t org_id, const http::Scope& scope) {
  auto org = repo::org_path_name(tx, org_id);
  if (!org || !scope.sees_path(org->first)) throw http::not_found("组织");
  return org->first;
}

json::object GrantService::list(const GrantFilter& f, const http::Scope& read, const http::PageRequest& page) {
  return auth_.context().db.read_value([&](db::Tx& tx) {
    db::Params p;
    std::string where = read.everything ? "1=1" : paths_sql(read.paths, p);
    if (f.org_id) {
      auto org = repo::org_path_name(tx, *f.org_id);
      if (!org) throw http::not_found("组织");
      read.require(org->first, "组织");
      where += " AND " + paths_sql({org->first}, p);
    }
    if (f.user_id) {
      p.emplace_back(*f.user_id);
      where += " AND g.user_id = " + db::last_placeholder(p);
    }
    if (f.role) {
      p.emplace_back(*f.role);
      where += " AND g.role = " + db::last_placeholder(p);
    }
    const int64_t total =
        tx.query_int("SELECT count(*) FROM grants g LEFT JOIN orgs o ON o.id = g.org_id WHERE " + where, p);
    if (page.after) {
      where += " AND " + db::after_key(p, {"g.id", page.after_int(0)});
    }
    json::array items;
    for (const auto& r : tx.query(std::string(kGrantSelect) + " WHERE " + where + " ORDER BY g.id LIMIT " +
                                      std::to_string(page.limit + 1),
                                  p))
      items.push_back(grant_json(grant_from(r)));
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

json::object GrantService::of_user(int64_t user_id, const http::Scope& read) {
  return auth_.context().db.read_value([&](db::Tx& tx) {
    require_account(tx, user_id, read);
    json::array items;
    for (const auto& g : grants_in_scope(tx, user_id, read)) items.push_back(grant_json(g));
    const auto n = static_cast<int64_t>(items.size());
    return json::object{{"items", std::move(items)}, {"total", n}, {"next", nullptr}};
  });
}

json::object GrantService::grant(const NewGrant& in, const GrantPowers& pw, const ChangeMeta& meta) {
  GrantRecord made;
  auth_.context().db.write([&](db::Tx& tx) {
    // Accounts outside the grantor's scope are "not found": an org admin grants to the members
    // and staff of its own subtree only; the security officer to anyone.
    require_account(tx, in.user_id, pw.scope);
    GrantCheck c{GrantAction::grant, pw.self_id, pw.scope, pw.system, in.user_id, in.role, in.org_id, "", {}};
    if (in.org_id) c.org_path = org_path_for_grant(tx, *in.org_id, pw.scope);
    c.target_grants = held(repo::grants_of(tx, in.user_id));
    if (auto d = check_grant(c)) throw_denial(*d);
    const int64_t id = add_grant(auth_, tx, in.user_id, in.role, in.org_id, meta);
    made = grant_from(*tx.query_one(std::string(kGrantSelect) + " WHERE g.id = $1", {id}));
  });
  auth_.invalidate_user(in.user_id);  // again after the commit: no request may cache the old grants
  return grant_json(made);
}

void GrantService::revoke(int64_t grant_id, const GrantPowers& pw, const ChangeMeta& meta) {
  int64_t user_id = 0;
  auth_.context().db.write([&](db::Tx& tx) {
    auto r = tx.query_one(std::string(kGrantSelect) + " WHERE g.id = $1", {grant_id});
    if (!r) throw http::not_found("授权");
    const GrantRecord g = grant_from(*r);
    const bool visible = g.org_id ? pw.scope.sees_path(g.org_path) : pw.scope.visible_everything;
    if (!visible) throw http::not_found("授权");
    user_id = g.user_id;
    GrantCheck c{GrantAction::revoke, pw.self_id, pw.scope, pw.system, g.user_id, g.role, g.org_id, g.org_path, {}};
    if (auto d = check_grant(c)) throw_denial(*d);
    tx.exec("DELETE FROM grants WHERE id = $1", {grant_id});
    audit::record(tx, auth_.context().cipher, meta,
                  {"grant.revoke", "grant", std::to_string(grant_id), g.org_id, json::serialize(grant_audit(g)),
                   std::nullopt});
  });
  auth_.invalidate_user(user_id);
}

}  // namespace lianxin::modules::auth
