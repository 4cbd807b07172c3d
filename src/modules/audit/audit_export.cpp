// Export of a filtered audit search as CSV or XLSX, itself recorded in the audit trail.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "modules/audit/audit_query.hpp"
#include "modules/audit/audit_service.hpp"
#include "util/table_file.hpp"

namespace lianxin::modules::audit {

namespace {

// One Excel sheet holds 1,048,575 data rows; the same bound keeps a CSV export (built in memory
// for the response) within reason. A larger trail is exported in parts by time range.
constexpr int64_t kMaxExportRows = 1048575;

const std::vector<std::string>& header() {
  static const std::vector<std::string> h = {"序号", "时间(UTC)", "用户ID", "用户", "操作", "接口", "对象类型", "对象ID",
                                             "组织ID", "变更前", "变更后", "客户端地址", "User-Agent", "请求ID", "哈希"};
  return h;
}

std::vector<std::string> cells(const Record& r) {
  auto s = [](const std::optional<std::string>& v) { return v.value_or(""); };
  auto n = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  return {std::to_string(r.seq), r.at, n(r.actor_id), r.actor, r.action, s(r.route), s(r.entity), s(r.entity_id),
          n(r.org_id), s(r.before_json), s(r.after_json), s(r.client_addr), s(r.user_agent), s(r.request_id), r.hash};
}

boost::json::object filter_json(const Filter& f) {
  boost::json::object o;
  auto put = [&](const char* k, const auto& v) {
    if (v) o[k] = *v;
  };
  put("from", f.from);
  put("to", f.to);
  put("actor_id", f.actor_id);
  put("actor", f.actor);
  put("entity", f.entity);
  put("entity_id", f.entity_id);
  put("action", f.action);
  put("org_id", f.org_id);
  return o;
}

}  // namespace

ExportedFile AuditService::export_file(const Filter& f, const std::string& format, const ChangeMeta& meta,
                                       const http::Scope& scope) {
  if (format != "csv" && format != "xlsx") throw http::bad_request("invalid_format", "format 应为 csv 或 xlsx", "format");
  ExportedFile out;
  const util::TableFormat table_format = format == "csv" ? util::TableFormat::csv : util::TableFormat::xlsx;
  util::TableFileWriter file(table_format, "审计日志", header(), ctx_.temp_directory());
  ctx_.db.read([&](db::Tx& tx) {
    Where w = where_of(tx, f, scope);
    if (tx.query_int("SELECT count(*) FROM audit_log" + w.sql, w.params) > kMaxExportRows)
      throw http::validation_failed(
          {{"to", "export.too_many_rows", "符合条件的审计记录超过 1048575 条，请缩小时间范围后分批导出"}});
    tx.query_each(std::string("SELECT ") + kColumns + " FROM audit_log" + w.sql + " ORDER BY seq", w.params,
                  [&](const db::Row& r) { file.add(cells(record_from_row(r))); });
  });
  out.rows = file.rows();
  out.file = file.finish();
  out.content_type = format == "csv" ? "text/csv; charset=utf-8"
                                     : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  out.filename = "审计日志-" + ctx_.today().iso() + "." + format;
  // Read first, then record: a long export must not hold the single writer. The file leaves only
  // after its audit record has committed.
  boost::json::object after{{"format", format}, {"rows", out.rows}, {"filter", filter_json(f)}};
  ctx_.db.write([&](db::Tx& tx) {
    record(tx, ctx_.cipher, meta, {"audit.export", "audit_log", std::nullopt, f.org_id, std::nullopt,
                                   boost::json::serialize(after)});
  });
  return out;
}

}  // namespace lianxin::modules::audit
