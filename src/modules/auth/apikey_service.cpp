#include "modules/auth/apikey_service.hpp"

#include "db/keyset.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/auth/grant_service.hpp"
#include "modules/auth/roles.hpp"
#include "modules/auth/user_repo.hpp"
#include "modules/common/json_util.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;

namespace {


const char* const kKeySelect =
    "SELECT k.id, k.name, k.prefix, k.role, k.org_id, o.path, o.name, k.created_by, k.created_at, k.last_used_at, "
    "k.revoked_at FROM api_keys k LEFT JOIN orgs o ON o.id = k.org_id";

json::object key_json(const db::Row& r) {
  const Role* role = find_role(r.text(3));
  return json::object{{"id", r.i64(0)},
                      {"name", r.text(1)},
                      {"prefix", r.text(2)},
                      {"role", r.text(3)},
                      {"role_name", role ? role->name : r.text(3)},
                      {"org_id", opt_json(r.opt_i64(4))},
                      {"org_name", opt_json(r.opt_text(6))},
                      {"created_by", r.i64(7)},
                      {"created_at", r.text(8)},
                      {"last_used_at", opt_json(r.opt_text(9))},
                      {"revoked_at", opt_json(r.opt_text(10))}};
}

// A name people recognise in lists and in the audit trail ("apikey:<name>").
std::string checked_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name.find_first_of("\r\n\t") != std::string::npos)
    throw http::validation_failed({{"name", "name.invalid", "请填写密钥名称（不超过64个字符）"}});
  return name;
}

}  // namespace

json::object ApiKeyService::list(std::optional<int64_t> org_id, const http::Scope& read, const http::PageRequest& page) {
  return auth_.context().db.read_value([&](db::Tx& tx) {
    db::Params p;
    std::string where = read.everything ? "1=1" : paths_sql(read.paths, p);
    if (org_id) {
      auto org = repo::org_path_name(tx, *org_id);
      if (!org) throw http::not_found("组织");
      read.require(org->first, "组织");
      where += " AND " + paths_sql({org->first}, p);
    }
    const int64_t total =
        tx.query_int("SELECT count(*) FROM api_keys k LEFT JOIN orgs o ON o.id = k.org_id WHERE " + where, p);
    if (page.after) {
      where += " AND " + db::after_key(p, {"k.id", page.after_int(0)});
    }
    json::array items;
    for (const auto& r : tx.query(std::string(kKeySelect) + " WHERE " + where + " ORDER BY k.id LIMIT " +
                                      std::to_string(page.limit + 1),
                                  p))
      items.push_back(key_json(r));
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

json::object ApiKeyService::create(const NewApiKey& in, const GrantPowers& pw, const ChangeMeta& meta) {
  const std::string name = checked_name(in.name);
  const std::string key = std::string(kApiKeyPrefix) + random_token();
  json::object out;
  auth_.context().db.write([&](db::Tx& tx) {
    GrantCheck c{GrantAction::api_key, pw.self_id, pw.scope, pw.system, 0, in.role, in.org_id, "", {}};
    if (in.org_id) c.org_path = org_path_for_grant(tx, *in.org_id, pw.scope);
    if (auto d = check_grant(c)) throw_denial(*d);
    const int64_t id = tx.query_int(
        "INSERT INTO api_keys (name, key_hash, prefix, role, org_id, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {name, auth_.token_hash(key), key.substr(0, 12), in.role, in.org_id, pw.self_id, timestamp_at(auth_.now())});
    json::object after{{"name", name}, {"prefix", key.substr(0, 12)}, {"role", in.role}, {"org_id", opt_json(in.org_id)}};
    audit::record(tx, auth_.context().cipher, meta,
                  {"api_key.create", "api_key", std::to_string(id), in.org_id, std::nullopt, json::serialize(after)});
    out = key_json(*tx.query_one(std::string(kKeySelect) + " WHERE k.id = $1", {id}));
  });
  out["key"] = key;
  return out;
}

void ApiKeyService::revoke(int64_t id, const GrantPowers& pw, const ChangeMeta& meta) {
  auth_.context().db.write([&](db::Tx& tx) {
    auto r = tx.query_one(std::string(kKeySelect) + " WHERE k.id = $1", {id});
    if (!r) throw http::not_found("API 密钥");
    const std::optional<int64_t> org_id = r->opt_i64(4);
    const std::string path = r->text_or(5, "");
    if (!(org_id ? pw.scope.sees_path(path) : pw.scope.visible_everything)) throw http::not_found("API 密钥");
    GrantCheck c{GrantAction::api_key, pw.self_id, pw.scope, pw.system, 0, r->text(3), org_id, path, {}};
    if (auto d = check_grant(c)) throw_denial(*d);
    if (r->opt_text(10)) throw http::conflict("api_key.revoked", "该 API 密钥已撤销");
    tx.exec("UPDATE api_keys SET revoked_at = $1 WHERE id = $2", {timestamp_at(auth_.now()), id});
    audit::record(tx, auth_.context().cipher, meta,
                  {"api_key.revoke", "api_key", std::to_string(id), org_id,
                   json::serialize(json::object{{"name", r->text(1)}, {"prefix", r->text(2)}}), std::nullopt});
  });
  auth_.invalidate_api_key(id);
}

}  // namespace lianxin::modules::auth
