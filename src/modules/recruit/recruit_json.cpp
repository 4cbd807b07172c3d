// JSON of the engine's results: findings, due items, the case evaluation, votes and packs.
#include "modules/recruit/recruit_internal.hpp"

namespace lianxin::modules::recruit::detail {

namespace json = boost::json;

namespace {

json::value opt_date(const std::optional<domain::Date>& d) { return d ? json::value(d->iso()) : json::value(nullptr); }

const char* unit_code(domain::Unit u) {
  switch (u) {
    case domain::Unit::kMonths: return "months";
    case domain::Unit::kDays: return "days";
    case domain::Unit::kWorkingDays: return "working_days";
    case domain::Unit::kYears: return "years";
    case domain::Unit::kCount: return "count";
    case domain::Unit::kHours: return "hours";
    case domain::Unit::kFlag: return "flag";
    case domain::Unit::kChoice: return "choice";
    case domain::Unit::kSet: return "set";
  }
  return "count";
}

const char* result_code(domain::StepResult r) {
  switch (r) {
    case domain::StepResult::kNone: return "none";
    case domain::StepResult::kConclusion: return "conclusion";
    case domain::StepResult::kTraining: return "training";
    case domain::StepResult::kVote: return "vote";
    case domain::StepResult::kApproval: return "approval";
    case domain::StepResult::kConversion: return "conversion";
  }
  return "none";
}

}  // namespace

std::string step_name(const domain::RecruitPack& pack, int step) {
  const domain::StepDef* s = pack.step(step);
  return s ? s->name : std::string();
}

json::object finding_json(const domain::Finding& f) {
  return json::object{{"rule_id", f.rule_id},
                      {"rule_code", f.rule_code},
                      {"pack_id", f.pack_id},
                      {"article", f.article},
                      {"severity", domain::severity_code(f.severity)},
                      {"step", f.step},
                      {"message", f.message},
                      {"due", opt_date(f.due)},
                      {"provisional", f.provisional},
                      {"override_reason", f.override_reason.empty() ? json::value(nullptr) : json::value(f.override_reason)}};
}

json::array findings_json(const std::vector<domain::Finding>& fs) {
  json::array out;
  for (const auto& f : fs) out.push_back(finding_json(f));
  return out;
}

json::object due_json(const domain::DueItem& d, const domain::RecruitPack& pack) {
  return json::object{{"rule_id", d.rule_id},
                      {"rule_code", d.rule_code},
                      {"step", d.step},
                      {"step_name", step_name(pack, d.step)},
                      {"due", d.due.iso()},
                      {"overdue", d.overdue},
                      {"provisional", d.provisional},
                      {"severity", domain::severity_code(d.severity)},
                      {"message", d.message}};
}

json::object evaluation_json(const domain::CaseStatus& st, const domain::RecruitPack& pack) {
  auto items = [&](const std::vector<domain::DueItem>& v) {
    json::array a;
    for (const auto& d : v) a.push_back(due_json(d, pack));
    return a;
  };
  const domain::StageDef* stage = nullptr;
  for (const auto& s : pack.stages)
    if (s.no == st.stage) stage = &s;
  std::optional<domain::Date> next_due;
  for (const auto* list : {&st.overdue, &st.due})
    for (const auto& d : *list)
      if (!next_due || d.due < *next_due) next_due = d.due;
  return json::object{{"pack_id", pack.id},
                      {"state", domain::case_state_code(st.state)},
                      {"stage", st.stage},
                      {"stage_name", stage ? stage->name : std::string()},
                      {"current_step", st.current_step},
                      {"current_step_name", step_name(pack, st.current_step)},
                      {"next_step", st.next_step},
                      {"next_step_name", step_name(pack, st.next_step)},
                      {"next_due", opt_date(next_due)},
                      {"overdue", !st.overdue.empty()},
                      {"membership_start", opt_date(st.membership_start)},
                      {"probation_end", opt_date(st.probation_end)},
                      {"full_member_date", opt_date(st.full_member_date)},
                      {"extensions", st.extensions},
                      {"due", items(st.due)},
                      {"overdue_items", items(st.overdue)},
                      {"not_before", items(st.not_before)},
                      {"violations", findings_json(st.violations)},
                      {"provisional", st.provisional}};
}

json::object vote_json(const domain::VoteResult& v) {
  return json::object{{"outcome", domain::vote_outcome_code(v.outcome)},
                      {"passed", v.passed()},
                      {"should_attend", v.should_attend},
                      {"quorum_count", v.quorum_count},
                      {"quorum_needed", v.quorum_needed},
                      {"yes_total", v.yes_total},
                      {"yes_needed", v.yes_needed},
                      {"message", v.message}};
}

json::object pack_summary_json(const domain::RecruitPack& p) {
  json::array overlays, notes;
  for (const auto& o : p.overlays) overlays.emplace_back(o);
  for (const auto& n : p.notes) notes.emplace_back(n);
  return json::object{{"id", p.id},
                      {"base_id", p.base_id},
                      {"overlays", std::move(overlays)},
                      {"title", p.title},
                      {"doc_no", p.doc_no},
                      {"effective_from", p.effective_from.iso()},
                      {"status", domain::pack_status_code(p.status)},
                      {"notes", std::move(notes)}};
}

json::object pack_full_json(const domain::RecruitPack& p) {
  json::object out = pack_summary_json(p);
  json::array stages, steps, rules, points;
  for (const auto& s : p.stages) stages.push_back(json::object{{"no", s.no}, {"name", s.name}});
  for (const auto& s : p.steps) {
    json::array docs;
    for (const auto& d : s.documents) docs.emplace_back(d);
    json::value people = nullptr;
    if (s.people)
      people = json::object{{"role", s.people->role}, {"min", s.people->min}, {"max", s.people->max},
                            {"full_members_only", s.people->full_members_only}};
    steps.push_back(json::object{{"no", s.no}, {"stage", s.stage}, {"code", s.code}, {"name", s.name},
                                 {"actor", s.actor}, {"people", people}, {"documents", std::move(docs)},
                                 {"result", result_code(s.result)}, {"repeatable", s.repeatable},
                                 {"gate_rule", s.gate_rule}});
  }
  for (const auto& r : p.rules) {
    json::array params;
    for (const auto& pm : r.params)
      params.push_back(json::object{{"key", pm.key}, {"value", pm.text()}, {"unit", unit_code(pm.unit)}, {"tag", pm.tag}});
    rules.push_back(json::object{{"code", r.code}, {"rule_id", r.rule_id}, {"tag", r.tag}, {"article", r.article},
                                 {"kind", domain::rule_kind_code(r.kind)}, {"severity", domain::severity_code(r.severity)},
                                 {"from_step", r.from_step}, {"to_step", r.to_step}, {"at_step", r.at_step},
                                 {"params", std::move(params)}, {"explain", r.explain}});
  }
  for (const auto& n : p.notice_points)
    points.push_back(json::object{{"code", n.code}, {"name", n.name}, {"after_step", n.after_step}, {"gates_step", n.gates_step}});
  out["stages"] = std::move(stages);
  out["steps"] = std::move(steps);
  out["rules"] = std::move(rules);
  out["notice_points"] = std::move(points);
  return out;
}

}  // namespace lianxin::modules::recruit::detail
