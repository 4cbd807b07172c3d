// The XLSX files branches keep today: 党费收缴登记表 (a member per row, due and paid for each of
// the 12 months, the year's totals) and the subtree summary (the year report's rows). Written row
// by row with util::TableFileWriter as the items are read, audited as dues.export.
#include <array>

#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/dues/dues_report.hpp"
#include "modules/dues/dues_report_internal.hpp"
#include "util/table_file.hpp"

namespace lianxin::modules::dues {

namespace json = boost::json;
using namespace detail;

namespace {

std::string title_of(const Frame& f) { return f.base ? f.base->name : std::string("全部"); }

void audit_export(ModuleContext& ctx, const ChangeMeta& meta, const Frame& f, const char* kind, int year, int64_t rows) {
  const std::optional<int64_t> org_id = f.base ? std::optional(f.base->id) : std::nullopt;
  json::object after{{"report", kind}, {"format", "xlsx"}, {"year", year}, {"rows", rows}};
  ctx.db.write([&](db::Tx& tx) {
    audit::record(tx, ctx.cipher, meta,
                  {"dues.export", "org", org_id ? std::optional(std::to_string(*org_id)) : std::nullopt, org_id,
                   std::nullopt, json::serialize(after)});
  });
}

std::string rate_text(int64_t paid, int64_t due) {
  const json::value v = percent(paid, due);
  if (v.is_null()) return "";
  const int64_t tenths = static_cast<int64_t>(v.as_double() * 10 + 0.5);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

}  // namespace

ReportFile DuesReportService::register_xlsx(std::optional<int64_t> org, int year, const ChangeMeta& meta,
                                           const http::Scope& scope) {
  year_checked(year);
  std::vector<std::string> header{"序号", "姓名", "所在党组织"};
  for (int m = 1; m <= 12; ++m) {
    header.push_back(std::to_string(m) + "月应交");
    header.push_back(std::to_string(m) + "月实交");
  }
  for (const char* h : {"全年应交", "全年实交", "欠交"}) header.emplace_back(h);
  util::TableFileWriter out(util::TableFormat::xlsx, "党费收缴登记表", header, ctx_.temp_directory());
  Frame frame;
  ctx_.db.read([&](db::Tx& tx) {
    frame = frame_of(tx, ctx_, org, scope);
    db::Params params{std::to_string(year) + "-01", std::to_string(year) + "-12"};
    const std::string where = subtree_where(frame, "o.path", params);
    // One row per member and organization of the months (a member who moved between branches
    // during the year has a row in each).
    struct Line {
      int64_t member_id = 0, org_id = 0;
      std::string name, org_name;
      std::array<std::optional<std::pair<int64_t, int64_t>>, 12> months;
    };
    std::optional<Line> cur;
    int64_t seq = 0, total_due = 0, total_paid = 0;
    std::array<int64_t, 12> month_due{}, month_paid{};
    auto flush = [&] {
      if (!cur) return;
      std::vector<std::string> row{std::to_string(++seq), cur->name, cur->org_name};
      int64_t due = 0, paid = 0;
      for (const auto& m : cur->months) {
        row.push_back(m ? yuan(m->first) : "");
        row.push_back(m ? yuan(m->second) : "");
        if (m) due += m->first, paid += m->second;
      }
      row.push_back(yuan(due));
      row.push_back(yuan(paid));
      row.push_back(yuan(std::max<int64_t>(due - paid, 0)));
      total_due += due, total_paid += paid;
      out.add(row);
      cur.reset();
    };
    tx.query_each("SELECT i.member_id, i.org_id, m.name, o.name, i.month, i.due_fen, i.paid_fen FROM dues_items i "
                  "JOIN orgs o ON o.id = i.org_id JOIN members m ON m.id = i.member_id "
                  "WHERE i.month >= $1 AND i.month <= $2 AND " + where + " ORDER BY o.path, i.member_id, i.month",
                  params, [&](const db::Row& r) {
                    if (cur && (cur->member_id != r.i64(0) || cur->org_id != r.i64(1))) flush();
                    if (!cur) cur = Line{r.i64(0), r.i64(1), r.text(2), r.text(3), {}};
                    auto ym = domain::YearMonth::parse(r.text(4));
                    if (!ym || ym->month < 1 || ym->month > 12) return;
                    cur->months[ym->month - 1] = std::pair{r.i64(5), r.i64(6)};
                    month_due[ym->month - 1] += r.i64(5);
                    month_paid[ym->month - 1] += r.i64(6);
                  });
    flush();
    std::vector<std::string> row{"", "合计", ""};
    for (int m = 0; m < 12; ++m) {
      row.push_back(yuan(month_due[m]));
      row.push_back(yuan(month_paid[m]));
    }
    row.push_back(yuan(total_due));
    row.push_back(yuan(total_paid));
    row.push_back("");
    out.add(row);
  });
  ReportFile f;
  f.rows = out.rows();
  f.file = out.finish();
  f.filename = "党费收缴登记表-" + title_of(frame) + "-" + std::to_string(year) + ".xlsx";
  audit_export(ctx_, meta, frame, "register", year, f.rows);
  return f;
}

ReportFile DuesReportService::summary_xlsx(std::optional<int64_t> org, int year, const ChangeMeta& meta,
                                          const http::Scope& scope) {
  year_checked(year);
  std::vector<std::string> header{"党组织", "党员人数"};
  for (int m = 1; m <= 12; ++m) header.push_back(std::to_string(m) + "月实交");
  for (const char* h : {"全年应交", "全年实交", "未交", "收缴率"}) header.emplace_back(h);
  util::TableFileWriter out(util::TableFormat::xlsx, "党费收缴汇总表", header, ctx_.temp_directory());
  YearData y = ctx_.db.read_value([&](db::Tx& tx) { return year_data(tx, ctx_, org, year, scope); });
  auto add = [&](const std::string& name, const std::array<Sums, 12>& months) {
    const Sums s = year_sum(months, y.last_ended);
    std::vector<std::string> row{name, std::to_string(s.members)};
    for (const auto& m : months) row.push_back(yuan(m.paid));
    row.push_back(yuan(s.due));
    row.push_back(yuan(s.paid));
    row.push_back(yuan(s.unpaid));
    row.push_back(rate_text(s.paid, s.due));
    out.add(row);
  };
  for (size_t i = 0; i < y.frame.rows.size(); ++i) {
    const Sums s = year_sum(y.rows[i], y.last_ended);
    if (y.frame.rows[i].hide_if_empty && s.due == 0 && s.members == 0) continue;
    add(y.frame.rows[i].name, y.rows[i]);
  }
  add("合计", y.months);
  ReportFile f;
  f.rows = out.rows();
  f.file = out.finish();
  f.filename = "党费收缴汇总表-" + title_of(y.frame) + "-" + std::to_string(year) + ".xlsx";
  audit_export(ctx_, meta, y.frame, "summary", year, f.rows);
  return f;
}

}  // namespace lianxin::modules::dues
