// AuditService: construction and search. Export, verify and purge live in their own files.
#include "modules/audit/audit_service.hpp"

#include <stdexcept>

#include "db/keyset.hpp"
#include "modules/audit/audit_query.hpp"
#include "modules/common/json_util.hpp"

namespace lianxin::modules::audit {

namespace json = boost::json;

AuditService::AuditService(ModuleContext& ctx, int retention_days) : ctx_(ctx), retention_days_(retention_days) {
  if (retention_days < kMinRetentionDays)
    throw std::invalid_argument("audit-retention-days must be at least " + std::to_string(kMinRetentionDays) +
                                " (logs are kept at least six months), got " + std::to_string(retention_days));
}

json::object AuditService::to_json(const Record& r) {
  return json::object{{"seq", r.seq},
                      {"at", r.at},
                      {"actor_id", opt_json(r.actor_id)},
                      {"actor", r.actor},
                      {"action", r.action},
                      {"route", opt_json(r.route)},
                      {"entity", opt_json(r.entity)},
                      {"entity_id", opt_json(r.entity_id)},
                      {"org_id", opt_json(r.org_id)},
                      {"before", parse_stored_json(r.before_json)},
                      {"after", parse_stored_json(r.after_json)},
                      {"client_addr", opt_json(r.client_addr)},
                      {"user_agent", opt_json(r.user_agent)},
                      {"request_id", opt_json(r.request_id)},
                      {"hash", r.hash}};
}

json::object AuditService::search(const Filter& f, const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    Where w = where_of(tx, f, scope);
    const int64_t total = tx.query_int("SELECT count(*) FROM audit_log" + w.sql, w.params);
    db::Params params = w.params;
    std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log" + w.sql;
    if (page.after) {
      sql += (w.sql.empty() ? " WHERE " : " AND ") +
             db::after_key(params, {"seq", page.after_int(0)}, db::Direction::descending);
    }
    params.emplace_back(page.limit + 1);
    sql += " ORDER BY seq DESC LIMIT $" + std::to_string(params.size());
    json::array items;
    for (const auto& r : tx.query(sql, params)) items.push_back(to_json(record_from_row(r)));
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& v) { return json::array{v.as_object().at("seq")}; });
  });
}

}  // namespace lianxin::modules::audit
