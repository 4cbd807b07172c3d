#include "modules/io/import_outcome.hpp"

namespace lianxin::modules::io {

namespace {

std::string row_list(const std::vector<int64_t>& rows, size_t max) {
  std::string out;
  for (size_t i = 0; i < rows.size() && i < max; ++i) {
    if (i) out += "、";
    out += std::to_string(rows[i]);
  }
  if (rows.size() > max) out += " 等";
  return out;
}

}  // namespace

void refuse_unless_clean(const RunTotals& t, bool skip_invalid) {
  if (!t.duplicate_rows.empty()) {
    auto e = http::conflict("import.duplicates", "有 " + std::to_string(t.duplicate_rows.size()) +
                                                     " 行已经登记（重复处理方式为“报错”）：第 " +
                                                     row_list(t.duplicate_rows, 20) + " 行");
    for (size_t i = 0; i < t.duplicate_rows.size() && i < kMaxReportedErrors; ++i) {
      e.details.push_back(
          {"row_no", "import.duplicate_row", "第" + std::to_string(t.duplicate_rows[i]) + "行已经登记"});
    }
    throw e;
  }
  if (t.error_rows > 0 && !skip_invalid) {
    auto e = http::conflict("import.state_changed",
                            "数据在预览后发生了变化，有 " + std::to_string(t.error_rows) + " 行不再有效，请重新预览");
    for (size_t i = 0; i < t.errors.size() && i < kMaxReportedErrors; ++i) {
      const RowError& r = t.errors[i];
      e.details.push_back({r.field, r.code, "第" + std::to_string(r.row_no) + "行：" + r.message});
    }
    throw e;
  }
}

http::ApiError rollback_blocked(const std::vector<Blocker>& blockers) {
  std::string names;
  for (size_t i = 0; i < blockers.size() && i < 5; ++i) {
    if (i) names += "、";
    names += blockers[i].name + "（" + blockers[i].reason + "）";
  }
  if (blockers.size() > 5) names += " 等";
  auto e = http::conflict("import.rollback_blocked", "导入的数据已有变动，不能撤销：" + names);
  // details carry {entity, id, name}: field = "<entity>:<id>", message = name and reason.
  for (const Blocker& b : blockers) {
    e.details.push_back({b.entity + ":" + std::to_string(b.id), "import.rollback_blocked", b.name + "：" + b.reason});
  }
  return e;
}

void add_plan(BatchReport& r, const RunTotals& t) {
  r.has_plan = true;
  r.existing_rows = t.existing_rows;
  r.planned_create = t.created;
  r.planned_update = t.updated;
  r.planned_skip = t.skipped;
  r.duplicate_rows = t.duplicate_rows;
}

}  // namespace lianxin::modules::io
