// 发展党员台账: counts per organization, the XLSX ledger and a member's own case. Cases and their
// key step records are read in one query each (not per case) so that a county's ledger is a few
// round trips on PostgreSQL.
#include "modules/recruit/recruit_ledger.hpp"

#include <array>
#include <map>

#include "domain/enums.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/org/org_service.hpp"
#include "modules/recruit/recruit_internal.hpp"
#include "util/table_file.hpp"

namespace lianxin::modules::recruit {

namespace json = boost::json;
using namespace detail;

LedgerStage ledger_stage(const std::string& state, int current_step) {
  if (state == "rejected" || state == "cancelled") return LedgerStage::kEnded;
  if (current_step >= 24) return LedgerStage::kFull;
  if (current_step >= 17) return LedgerStage::kProbationary;
  if (current_step >= 7) return LedgerStage::kTarget;
  if (current_step >= 3) return LedgerStage::kActivist;
  return LedgerStage::kApplicant;
}

const char* ledger_stage_code(LedgerStage s) {
  switch (s) {
    case LedgerStage::kApplicant: return "applicant";
    case LedgerStage::kActivist: return "activist";
    case LedgerStage::kTarget: return "target";
    case LedgerStage::kProbationary: return "probationary";
    case LedgerStage::kFull: return "full";
    case LedgerStage::kEnded: return "ended";
  }
  return "applicant";
}

const char* ledger_stage_label(LedgerStage s) {
  switch (s) {
    case LedgerStage::kApplicant: return "申请人";
    case LedgerStage::kActivist: return "积极分子";
    case LedgerStage::kTarget: return "发展对象";
    case LedgerStage::kProbationary: return "预备党员";
    case LedgerStage::kFull: return "已转正";
    case LedgerStage::kEnded: return "已终止";
  }
  return "";
}

namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The dates of the key steps of a case, from its active records (corrections applied): the latest
// record of each step; approvals (17, 24) only when they approved.
struct KeyDates {
  std::optional<std::string> application, activist, target, meeting, admission, conversion;
};

KeyDates key_dates(const std::vector<StepRow>& active) {
  std::map<int, const StepRow*> latest;
  for (const auto& s : active)
    if (auto it = latest.find(s.step); it == latest.end() || it->second->date <= s.date) latest[s.step] = &s;
  auto date_of = [&](int step, bool approval) -> std::optional<std::string> {
    auto it = latest.find(step);
    if (it == latest.end()) return std::nullopt;
    if (approval) {
      const json::value v = json::parse(it->second->facts_json);
      const json::value* p = v.as_object().if_contains("passed");
      if (!p || !p->is_bool() || !p->get_bool()) return std::nullopt;
    }
    return it->second->date;
  };
  return KeyDates{date_of(1, false), date_of(3, false),  date_of(7, false),
                  date_of(15, false), date_of(17, true), date_of(24, true)};
}

bool in_year(const std::optional<std::string>& date, int year) {
  return date && date->size() >= 4 && date->substr(0, 4) == std::to_string(year);
}

struct LedgerCase {
  CaseRecord c;
  std::string org_path, org_name;
  std::vector<StepRow> steps;  // every record, in id order
};

// The cases of the subtrees `roots` (nullopt: everything) with all their records: one query for
// the cases, one for the records.
std::vector<LedgerCase> load_cases(db::Tx& tx, const std::optional<std::vector<std::string>>& roots) {
  db::Params params;
  const std::string where = roots ? within_subtrees("o.path", *roots, params) : std::string("1 = 1");
  std::vector<LedgerCase> out;
  std::map<int64_t, size_t> at;
  for (const auto& r : tx.query(std::string("SELECT ") + kCaseColumns +
                                    ", o.path, o.name FROM recruit_cases c JOIN orgs o ON o.id = c.org_id WHERE " +
                                    where + " ORDER BY o.path, c.id",
                                params)) {
    at[r.i64(0)] = out.size();
    out.push_back(LedgerCase{case_from_row(r), r.text(19), r.text(20), {}});
  }
  if (out.empty()) return out;
  for (const auto& r : tx.query(std::string("SELECT ") + kStepColumns +
                                    " FROM recruit_steps s JOIN recruit_cases c ON c.id = s.case_id "
                                    "JOIN orgs o ON o.id = c.org_id WHERE " +
                                    where + " ORDER BY s.id",
                                params)) {
    StepRow s = step_from_row(r);
    if (auto it = at.find(s.case_id); it != at.end()) out[it->second].steps.push_back(std::move(s));
  }
  return out;
}

struct LedgerRow {
  std::optional<int64_t> org_id;
  std::string org_code, org_name, path;
  bool self = false;  // cases held by the organization itself, not by one of its children
  bool hide_if_empty = false;  // the self row and dissolved children appear only with cases
  std::array<int64_t, 6> stages{};
  int64_t total = 0, applied = 0, admitted = 0, converted = 0, overdue = 0;

  json::object to_json() const {
    json::object j{{"org_id", opt_json(org_id)}, {"org_code", org_code}, {"org_name", org_name}, {"self", self}};
    for (int i = 0; i < 6; ++i) j[ledger_stage_code(static_cast<LedgerStage>(i))] = stages[i];
    j["total"] = total;
    j["applied_in_year"] = applied;
    j["admitted_in_year"] = admitted;
    j["converted_in_year"] = converted;
    j["overdue"] = overdue;
    return j;
  }
};

// The organization a list without ?org= is about: the caller's single scope root, or the tree's
// single root; nullopt when there are several.
std::optional<org::OrgRecord> default_base(db::Tx& tx, org::OrgService& orgs, const http::Scope& scope) {
  std::optional<int64_t> id;
  if (scope.everything) {
    auto roots = tx.query("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 2");
    if (roots.size() == 1) id = roots[0].i64(0);
  } else if (scope.paths.size() == 1) {
    auto ids = path_ids(scope.paths.front());
    if (!ids.empty()) id = ids.back();
  }
  if (!id) return std::nullopt;
  return orgs.find(tx, *id);
}

int64_t year_start_check(int year) {
  if (year < 1921 || year > 9999) throw http::bad_request("bad_parameter", "year 应为四位年份", "year");
  return year;
}

}  // namespace

json::object RecruitLedger::ledger(std::optional<int64_t> org_id, int year, const http::Scope& scope) {
  year_start_check(year);
  const std::string today = ctx_.today().iso();
  return ctx_.db.read_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    std::optional<org::OrgRecord> base;
    if (org_id) {
      base = orgs.find(tx, *org_id);
      if (!base) throw http::not_found("组织");
      scope.require(base->path, "组织");
    } else {
      base = default_base(tx, orgs, scope);
    }
    std::vector<LedgerRow> rows;
    std::optional<std::vector<std::string>> roots;
    if (base) {
      roots = std::vector<std::string>{base->path};
      for (const auto& r : tx.query("SELECT id, code, name, path, dissolved_date FROM orgs WHERE parent_id = $1 "
                                    "ORDER BY code, id",
                                    {base->id}))
        rows.push_back(LedgerRow{r.i64(0), r.text(1), r.text(2), r.text(3), false, !r.is_null(4)});
      rows.push_back(LedgerRow{base->id, base->code, base->name + "（本级）", base->path, true, !rows.empty()});
    } else {
      // Several roots: a row per root (the whole tree's roots, or the caller's scope roots).
      roots = orgs.list_roots(tx, std::nullopt, scope);
      if (!roots) {
        for (const auto& r : tx.query("SELECT id, code, name, path FROM orgs WHERE parent_id IS NULL ORDER BY code, id"))
          rows.push_back(LedgerRow{r.i64(0), r.text(1), r.text(2), r.text(3), false});
      } else {
        for (const auto& path : *roots) {
          auto ids = path_ids(path);
          if (auto o = ids.empty() ? std::nullopt : orgs.find(tx, ids.back()))
            rows.push_back(LedgerRow{o->id, o->code, o->name, o->path, false});
        }
      }
    }
    LedgerRow total{std::nullopt, "", "合计", "", false};
    for (const auto& lc : load_cases(tx, roots)) {
      LedgerRow* row = nullptr;
      for (auto& r : rows)
        if (r.self ? lc.org_path == r.path : path_within(lc.org_path, r.path)) {
          row = &r;
          break;
        }
      if (!row) continue;
      const KeyDates d = key_dates(active_steps(lc.steps));
      const auto stage = ledger_stage(lc.c.state, lc.c.current_step);
      const bool overdue = lc.c.state == "in_progress" && lc.c.next_due && *lc.c.next_due < today;
      for (LedgerRow* r : {row, &total}) {
        r->stages[static_cast<int>(stage)]++;
        r->total++;
        r->applied += in_year(d.application, year);
        r->admitted += lc.c.current_step >= 17 && in_year(d.admission, year);
        r->converted += lc.c.current_step >= 24 && in_year(d.conversion, year);
        r->overdue += overdue;
      }
    }
    json::array items;
    for (const auto& r : rows)
      if (!r.hide_if_empty || r.total > 0) items.push_back(r.to_json());
    json::array stages;
    for (int i = 0; i < 6; ++i) {
      const auto s = static_cast<LedgerStage>(i);
      stages.push_back(json::object{{"code", ledger_stage_code(s)}, {"label", ledger_stage_label(s)}});
    }
    return json::object{{"org", base ? json::value(json::object{{"id", base->id}, {"code", base->code}, {"name", base->name}})
                                     : json::value(nullptr)},
                        {"year", year},
                        {"as_of", today},
                        {"stages", std::move(stages)},
                        {"items", std::move(items)},
                        {"total", total.to_json()}};
  });
}

LedgerFile RecruitLedger::export_xlsx(std::optional<int64_t> org_id, int year, const ChangeMeta& meta,
                                      const http::Scope& scope) {
  year_start_check(year);
  const std::vector<std::string> header{"姓名",         "性别",           "出生日期",       "所在党支部",
                                        "阶段",         "状态",           "当前步骤",       "下一步",
                                        "下一步期限",   "递交入党申请书", "确定为入党积极分子", "确定为发展对象",
                                        "支部大会通过", "上级党委审批",   "转正审批",       std::to_string(year) + "年接收",
                                        std::to_string(year) + "年转正", "逾期事项"};
  util::TableFileWriter out(util::TableFormat::xlsx, "发展党员台账", header, ctx_.temp_directory());
  std::string title = "全部";
  std::optional<int64_t> audit_org;
  ctx_.db.read([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    std::optional<std::vector<std::string>> roots;
    if (org_id) {
      auto o = orgs.find(tx, *org_id);
      if (!o) throw http::not_found("组织");
      scope.require(o->path, "组织");
      roots = std::vector<std::string>{o->path};
      title = o->name;
      audit_org = o->id;
    } else {
      roots = orgs.list_roots(tx, std::nullopt, scope);
      if (auto b = default_base(tx, orgs, scope)) title = b->name, audit_org = b->id;
    }
    const domain::WorkCalendar cal = svc_.load_calendar(tx);
    const domain::Date today = ctx_.today();
    for (const auto& lc : load_cases(tx, roots)) {
      const domain::RecruitPack& pack = svc_.pack_by_id(lc.c.pack_id);
      const auto active = active_steps(lc.steps);
      const KeyDates d = key_dates(active);
      std::string overdue;
      if (lc.c.state == "in_progress") {
        const auto st = domain::evaluate_case(to_case(lc.c, active, pack), pack, cal, today);
        for (const auto& item : st.overdue) {
          if (!overdue.empty()) overdue += "；";
          overdue += "第" + std::to_string(item.step) + "步" + step_name(pack, item.step) + "（应于" + item.due.iso() + "前）";
        }
      }
      auto g = domain::find_enum(domain::genders(), lc.c.gender);
      static const std::map<std::string, std::string> states{
          {"in_progress", "进行中"}, {"rejected", "未批准"}, {"cancelled", "取消预备党员资格"}, {"completed", "已完成"}};
      auto state = states.find(lc.c.state);
      const auto stage = ledger_stage(lc.c.state, lc.c.current_step);
      out.add({lc.c.name, g ? std::string(g->label) : lc.c.gender, lc.c.birth_date, lc.org_name,
               ledger_stage_label(stage), state == states.end() ? lc.c.state : state->second,
               lc.c.current_step ? std::to_string(lc.c.current_step) + " " + step_name(pack, lc.c.current_step) : "",
               lc.c.next_step ? std::to_string(lc.c.next_step) + " " + step_name(pack, lc.c.next_step) : "",
               lc.c.state == "in_progress" ? lc.c.next_due.value_or("") : "", d.application.value_or(""),
               d.activist.value_or(""), d.target.value_or(""), d.meeting.value_or(""), d.admission.value_or(""),
               d.conversion.value_or(""), lc.c.current_step >= 17 && in_year(d.admission, year) ? "是" : "",
               lc.c.current_step >= 24 && in_year(d.conversion, year) ? "是" : "", overdue});
    }
  });
  LedgerFile f;
  f.rows = out.rows();
  f.file = out.finish();
  f.filename = "发展党员台账-" + title + "-" + ctx_.today().iso() + ".xlsx";
  json::object after{{"format", "xlsx"}, {"rows", f.rows}, {"year", year}};
  ctx_.db.write([&](db::Tx& tx) {
    audit::record(tx, ctx_.cipher, meta,
                  {"recruit.export", "org", audit_org ? std::optional(std::to_string(*audit_org)) : std::nullopt,
                   audit_org, std::nullopt, json::serialize(after)});
  });
  return f;
}

json::object RecruitLedger::own_case(int64_t member_id) {
  return ctx_.db.read_value([&](db::Tx& tx) -> json::object {
    if (member_id <= 0) return json::object{{"case", nullptr}};
    static const std::string sql = std::string("SELECT ") + kCaseColumns +
                                   " FROM recruit_cases c WHERE c.member_id = $1 ORDER BY c.id DESC LIMIT 1";
    auto r = tx.query_one(sql, {member_id});
    if (!r) return json::object{{"case", nullptr}};
    const CaseRecord c = case_from_row(*r);
    const domain::RecruitPack& pack = svc_.pack_by_id(c.pack_id);
    const auto active = active_steps(steps_of(tx, c.id));
    const auto st = domain::evaluate_case(to_case(c, active, pack), pack, svc_.load_calendar(tx), ctx_.today());
    const KeyDates d = key_dates(active);
    auto org = tx.query_one("SELECT name FROM orgs WHERE id = $1", {c.org_id});
    // What a member sees of their own case: dates and steps, never the names of the people
    // recorded with the steps (谈话人, 联系人, 介绍人), the findings or who recorded what.
    json::array due;
    for (const auto* list : {&st.overdue, &st.due})
      for (const auto& item : *list)
        due.push_back(json::object{{"step", item.step},
                                   {"step_name", step_name(pack, item.step)},
                                   {"due", item.due.iso()},
                                   {"overdue", item.overdue}});
    const auto stage = ledger_stage(c.state, c.current_step);
    json::object out{{"id", c.id},
                     {"org_name", org ? json::value(org->text(0)) : json::value(nullptr)},
                     {"state", c.state},
                     {"stage", ledger_stage_code(stage)},
                     {"stage_label", ledger_stage_label(stage)},
                     {"current_step", st.current_step},
                     {"current_step_name", step_name(pack, st.current_step)},
                     {"next_step", st.next_step},
                     {"next_step_name", step_name(pack, st.next_step)},
                     {"due", std::move(due)},
                     {"application_date", opt_json(d.application)},
                     {"activist_date", opt_json(d.activist)},
                     {"target_date", opt_json(d.target)},
                     {"membership_start", st.membership_start ? json::value(st.membership_start->iso()) : json::value(nullptr)},
                     {"admission_date", opt_json(d.admission)},
                     {"probation_end", st.probation_end ? json::value(st.probation_end->iso()) : json::value(nullptr)},
                     {"conversion_date", opt_json(d.conversion)},
                     {"full_member_date", st.full_member_date ? json::value(st.full_member_date->iso()) : json::value(nullptr)}};
    return json::object{{"case", std::move(out)}};
  });
}

}  // namespace lianxin::modules::recruit
