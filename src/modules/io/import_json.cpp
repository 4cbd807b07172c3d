#include "modules/io/import_json.hpp"

#include "modules/io/import_columns.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::io {

namespace json = boost::json;

namespace {

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array errors_array(const std::vector<RowError>& errors) {
  json::array a;
  for (const auto& e : errors) a.push_back(row_error_json(e));
  return a;
}

}  // namespace

json::object batch_json(const BatchInfo& b) {
  return json::object{{"id", b.id},
                      {"kind", b.kind},
                      {"filename", b.filename},
                      {"charset", b.charset},
                      {"policy", b.policy},
                      {"state", b.state},
                      {"total_rows", b.total_rows},
                      {"error_rows", b.error_rows},
                      {"created_count", b.created_count},
                      {"updated_count", b.updated_count},
                      {"skipped_count", b.skipped_count},
                      {"created_at", b.created_at},
                      {"committed_at", opt(b.committed_at)},
                      {"rolled_back_at", opt(b.rolled_back_at)}};
}

json::object row_error_json(const RowError& e) {
  return json::object{
      {"row", e.row_no}, {"field", e.field}, {"code", e.code}, {"message", e.message}, {"value", e.value}};
}

json::object report_json(const BatchReport& r) {
  json::object o = batch_json(r.batch);
  o["warnings"] = errors_array(r.warnings);
  o["errors"] = errors_array(r.errors);
  o["error_count"] = r.error_count;
  o["errors_truncated"] = r.error_count > static_cast<int64_t>(r.errors.size());
  if (r.has_plan) {
    json::array dup;
    for (int64_t row : r.duplicate_rows) dup.push_back(row);
    o["plan"] = json::object{{"create", r.planned_create},
                             {"update", r.planned_update},
                             {"skip", r.planned_skip},
                             {"existing", r.existing_rows},
                             {"duplicate_rows", std::move(dup)}};
    json::array columns;
    for (const auto& [field, label] : r.columns) columns.push_back(json::object{{"field", field}, {"label", label}});
    o["columns"] = std::move(columns);
    json::array rows;
    for (const auto& row : r.bad_rows) {
      json::object values;
      for (const auto& [field, value] : row.values) values[field] = value;
      json::array errors;
      for (const auto& e : r.errors)
        if (e.row_no == row.row_no)
          errors.push_back(json::object{{"field", e.field}, {"code", e.code}, {"message", e.message}});
      rows.push_back(json::object{{"row", row.row_no}, {"values", std::move(values)}, {"errors", std::move(errors)}});
    }
    o["bad_rows"] = std::move(rows);
  }
  return o;
}

std::string errors_csv_text(ImportKind kind, const std::vector<RowError>& errors) {
  std::string out = "\xEF\xBB\xBF";
  out += util::csv_line({"行号", "字段", "错误代码", "错误信息", "值"});
  for (const auto& e : errors) {
    const std::string label = e.field == "file" ? std::string("文件") : std::string(field_label(kind, e.field));
    out += util::csv_line({std::to_string(e.row_no), label, e.code, e.message, e.value});
  }
  return out;
}

}  // namespace lianxin::modules::io
