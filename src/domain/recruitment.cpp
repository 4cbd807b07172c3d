#include "domain/recruitment.hpp"

#include <algorithm>
#include <cstdio>

namespace lianxin::domain {

const char* case_state_code(CaseState s) {
  switch (s) {
    case CaseState::kInProgress: return "in_progress";
    case CaseState::kRejected: return "rejected";
    case CaseState::kCancelled: return "cancelled";
    case CaseState::kCompleted: return "completed";
  }
  return "in_progress";
}

bool has_block(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kBlock; });
}

namespace {

using Vars = std::map<std::string, std::string>;

std::string fill(std::string t, const Vars& vars) {
  for (const auto& [k, v] : vars) {
    const std::string key = "{" + k + "}";
    for (size_t pos = t.find(key); pos != std::string::npos; pos = t.find(key, pos + v.size()))
      t.replace(pos, key.size(), v);
  }
  return t;
}

int64_t param_value(const RecruitPack& pack, std::string_view key, int64_t fallback) {
  const Param* p = pack.param(key);
  return p ? p->value : fallback;
}

VoteParams vote_params(const RecruitPack& pack) {
  VoteParams v;
  v.written_counts_for_quorum = param_value(pack, "vote.written_counts_for_quorum", 0) != 0;
  v.exclude_suspended_membership = param_value(pack, "vote.exclude_suspended_membership", 1) != 0;
  return v;
}

// Date + a parameter in its unit.
CalendarDate add_param(const WorkCalendar& cal, Date d, const Param& p) {
  switch (p.unit) {
    case Unit::kDays: return {add_days(d, p.value), false, {}};
    case Unit::kWorkingDays: return add_working_days(cal, d, static_cast<int>(p.value));
    case Unit::kYears: return {add_years(d, static_cast<int>(p.value)), false, {}};
    default: return {add_months(d, static_cast<int>(p.value)), false, {}};
  }
}

std::optional<VoteResult> vote_of(const StepRecord& r, const VoteParams& vp) {
  if (!r.attendance || !r.ballot) return std::nullopt;
  return evaluate_ballot(*r.attendance, *r.ballot, vp);
}

std::string hours_text(double h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", h);
  return buf;
}

// The case as seen after some of its records (sorted by date, then step).
struct Index {
  const RecruitPack& pack;
  VoteParams vp;
  std::map<int, const StepRecord*> latest;  // current cycle: 22..24 restart after an approved extension
  std::map<int, std::vector<const StepRecord*>> all;
  std::optional<Date> membership_start, probation_end, full_member_date;
  int extensions = 0;
  bool cancelled = false, rejected = false;

  Index(const RecruitPack& p) : pack(p), vp(vote_params(p)) {}

  const StepRecord* get(int step) const {
    const auto it = latest.find(step);
    return it == latest.end() ? nullptr : it->second;
  }

  bool vote_passed(const StepRecord& r) const {
    const auto v = vote_of(r, vp);
    return v && v->passed();
  }

  bool completed(int step) const {
    const StepRecord* r = get(step);
    const StepDef* def = pack.step(step);
    if (!r || !def) return false;
    switch (def->result) {
      case StepResult::kConclusion: return r->passed.value_or(false);
      case StepResult::kApproval: return r->passed.value_or(false);  // an approval nobody recorded is not granted
      case StepResult::kVote: return vote_passed(*r);
      case StepResult::kConversion: return vote_passed(*r) && !r->conversion_outcome.empty();
      default: return true;
    }
  }

  void add(const StepRecord& r) {
    latest[r.step] = &r;
    all[r.step].push_back(&r);
    if (r.step == 15 && vote_passed(r)) {
      membership_start = r.date;
      probation_end = domain::probation_end(r.date, pack);
      extensions = 0;
    }
    if (r.step == 17 && r.passed == false) rejected = true;
    if (r.step == 24 && r.passed.value_or(false)) {
      const StepRecord* meeting = get(23);
      if (!meeting || !vote_passed(*meeting) || !probation_end) return;
      if (meeting->conversion_outcome == "extend") {
        probation_end = add_months(*probation_end, meeting->extension_months);
        ++extensions;
        latest.erase(22), latest.erase(23), latest.erase(24);  // a new conversion round
      } else if (meeting->conversion_outcome == "on_time") {
        full_member_date = probation_end;
      } else if (meeting->conversion_outcome == "cancel") {
        cancelled = true;
      }
    }
  }
};

std::vector<const StepRecord*> sorted_records(const RecruitCase& c) {
  std::vector<const StepRecord*> out;
  for (const auto& r : c.records) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const StepRecord* a, const StepRecord* b) {
    return a->date != b->date ? a->date < b->date : a->step < b->step;
  });
  return out;
}

class Checker {
 public:
  Checker(const RecruitCase& c, const RecruitPack& pack, const WorkCalendar& cal, Date today)
      : c_(c), pack_(pack), cal_(cal), today_(today) {}

  // Findings for recording r on top of `before`.
  std::vector<Finding> check(const Index& before, const StepRecord& r) {
    out_.clear();
    const StepDef* def = pack_.step(r.step);
    if (!def) {
      platform("RECORD", "record.unknown_step", Severity::kBlock, r.step, "步骤编号无效：" + std::to_string(r.step));
      return out_;
    }
    if (r.date > today_)
      platform("RECORD", "record.future_date", Severity::kBlock, r.step, "日期" + r.date.iso() + "晚于今天，不能记录");
    order(before, r);
    record_contents(*def, r);
    for (const auto& rule : pack_.rules)
      if (rule.severity != Severity::kOff) apply(rule, before, r);
    return out_;
  }

 private:
  void platform(const char* id, const char* code, Severity sev, int step, std::string msg) {
    Finding f;
    f.rule_id = id, f.rule_code = code, f.pack_id = pack_.id, f.severity = sev, f.step = step, f.message = std::move(msg);
    out_.push_back(std::move(f));
  }

  Finding& emit(const RuleDef& rule, int step, const Vars& vars) {
    Finding f;
    f.rule_id = rule.rule_id, f.rule_code = rule.code, f.pack_id = pack_.id, f.article = rule.article;
    f.severity = rule.severity, f.step = step, f.message = fill(rule.explain, vars);
    out_.push_back(std::move(f));
    return out_.back();
  }

  // Steps are strictly ordered: every earlier required step recorded and, with a result, passed.
  void order(const Index& before, const StepRecord& r) {
    for (const auto& k : pack_.steps) {
      if (k.no >= r.step) break;
      if (!k.required_for_order) continue;
      const bool recorded = before.get(k.no) != nullptr;
      if (recorded && before.completed(k.no)) continue;
      Finding f;
      f.rule_id = k.gate_rule, f.rule_code = recorded ? "steps.gate" : "steps.order", f.pack_id = pack_.id;
      f.severity = Severity::kBlock, f.step = r.step;
      f.message = (recorded ? "第" + std::to_string(k.no) + "步“" + k.name + "”未通过"
                            : "须先完成第" + std::to_string(k.no) + "步“" + k.name + "”") +
                  "，才能进行第" + std::to_string(r.step) + "步“" + pack_.step(r.step)->name + "”" +
                  (k.gate_explain.empty() ? "" : "：" + k.gate_explain);
      out_.push_back(std::move(f));
      return;  // the first gap says enough
    }
  }

  void record_contents(const StepDef& def, const StepRecord& r) {
    std::string missing;
    for (const auto& doc : def.documents)
      if (std::find(r.documents.begin(), r.documents.end(), doc) == r.documents.end())
        missing += (missing.empty() ? "" : "、") + doc;
    if (!missing.empty())
      platform(def.no == 25 ? "R-D27" : "RECORD", "record.documents", def.no == 25 ? Severity::kWarn : Severity::kRemind,
               r.step, "第" + std::to_string(def.no) + "步“" + def.name + "”缺少材料：" + missing);
    if (def.people && static_cast<int>(r.people.size()) < def.people->min) {
      bool has_rule = false;
      for (const auto& rule : pack_.rules) has_rule |= rule.kind == RuleKind::kPeople && rule.at_step == def.no;
      if (!has_rule)
        platform(def.gate_rule.c_str(), "record.people", Severity::kWarn, r.step,
                 "第" + std::to_string(def.no) + "步“" + def.name + "”未记录" + def.people->role);
    }
  }

  void apply(const RuleDef& rule, const Index& before, const StepRecord& r) {
    const int n = r.step;
    switch (rule.kind) {
      case RuleKind::kMinAge: {
        if (rule.at_step != n) return;
        const Date earliest = earliest_application_date(c_.birth_date, pack_);
        if (r.date < earliest)
          emit(rule, n, {{"n", std::to_string(rule.value("recruit.min_age", 18))}, {"birth", c_.birth_date.iso()},
                         {"date", r.date.iso()}, {"due", earliest.iso()}})
              .due = earliest;
        return;
      }
      case RuleKind::kMinInterval:
      case RuleKind::kDeadline: {
        if (rule.to_step != n || !before.completed(rule.from_step) || rule.params.empty()) return;
        const Param& p = rule.params[0];
        if (rule.kind == RuleKind::kMinInterval && p.value <= 0) return;  // parameter 0: no check
        const Date from = before.get(rule.from_step)->date;
        const CalendarDate limit = add_param(cal_, from, p);
        const bool bad = rule.kind == RuleKind::kMinInterval ? r.date < limit.date : r.date > limit.date;
        if (!bad) return;
        Finding& f = emit(rule, n, {{"n", std::to_string(p.value)}, {"from", from.iso()}, {"due", limit.date.iso()},
                                    {"date", r.date.iso()}});
        f.due = limit.date, f.provisional = limit.provisional;
        if (rule.kind == RuleKind::kDeadline) f.message += "，实际" + r.date.iso() + "，已超期";
        return;
      }
      case RuleKind::kPeople: {
        if (rule.at_step != n) return;
        const StepDef* def = pack_.step(n);
        if (!def || !def->people) return;
        const auto& need = *def->people;
        const int count = static_cast<int>(r.people.size());
        std::string bad;
        for (const auto& person : r.people)
          if (need.full_members_only && !is_full_member_in_good_standing(person.standing, before.vp))
            bad += (bad.empty() ? "" : "、") + person.name;
        if (count >= need.min && (need.max == 0 || count <= need.max) && bad.empty()) return;
        emit(rule, n, {{"min", std::to_string(need.min)}, {"max", std::to_string(need.max)},
                       {"actual", std::to_string(count)},
                       {"detail", bad.empty() ? "" : "，其中" + bad + "不是可担任此职责的正式党员（预备党员或权利受限）"}});
        return;
      }
      case RuleKind::kValidity: {
        const StepRecord* from = before.get(rule.from_step);
        if (rule.at_step != n || !from || rule.params.empty()) return;
        const Date until = add_months(from->date, static_cast<int>(rule.params[0].value));
        if (r.date > until)
          emit(rule, n, {{"n", std::to_string(rule.params[0].value)}, {"from", from->date.iso()},
                         {"due", until.iso()}, {"date", r.date.iso()}})
              .due = until;
        return;
      }
      case RuleKind::kTraining: {
        const StepRecord* t = before.get(rule.from_step);
        if (rule.at_step != n || !t) return;
        const int64_t days = rule.value("recruit.training_min_days", 3);
        const int64_t hours = rule.value("recruit.training_min_hours", 24);
        if (t->training_days >= days || t->training_hours >= static_cast<double>(hours)) return;
        Finding& f = emit(rule, n, {{"days", std::to_string(days)}, {"hours", std::to_string(hours)},
                                    {"actual", std::to_string(t->training_days) + "天、" + hours_text(t->training_hours) + "学时"}});
        const std::string reason = !r.override_reason.empty() ? r.override_reason : t->override_reason;
        if (rule.overridable && !reason.empty() && f.severity == Severity::kBlock) {
          f.severity = Severity::kWarn;
          f.override_reason = reason;
          f.message += "（按特殊情况处理：" + reason + "）";
        }
        return;
      }
      case RuleKind::kDeparture: {
        if (rule.at_step != n || !c_.planned_departure || rule.params.empty()) return;
        const Date limit = add_months(r.date, static_cast<int>(rule.params[0].value));
        if (*c_.planned_departure <= limit)
          emit(rule, n, {{"n", std::to_string(rule.params[0].value)}, {"date", r.date.iso()},
                         {"actual", c_.planned_departure->iso()}})
              .due = limit;
        return;
      }
      case RuleKind::kVote: {
        if (rule.at_step != n) return;
        const auto v = vote_of(r, before.vp);
        if (!v) {
          emit(rule, n, {{"detail", "须记录应到会有表决权的正式党员人数、实到人数、书面意见和表决票数"}});
        } else if (v->outcome == VoteOutcome::kNoVoters || v->outcome == VoteOutcome::kBadTally ||
                   v->outcome == VoteOutcome::kNoQuorum) {
          emit(rule, n, {{"detail", v->message}});
        }
        return;  // a vote that failed is an outcome, not a violation: the case does not move on
      }
      case RuleKind::kResubmitWait: {
        const StepRecord* last = before.get(rule.at_step);
        if (rule.at_step != n || !last || rule.params.empty() || rule.params[0].value <= 0) return;
        const auto v = vote_of(*last, before.vp);
        if (!v || v->outcome != VoteOutcome::kFailed) return;
        const Date earliest = add_months(last->date, static_cast<int>(rule.params[0].value));
        if (r.date < earliest)
          emit(rule, n, {{"n", std::to_string(rule.params[0].value)}, {"from", last->date.iso()},
                         {"due", earliest.iso()}, {"date", r.date.iso()}})
              .due = earliest;
        return;
      }
      case RuleKind::kApprover:
        if (rule.at_step == n && r.approver_can_approve == false) emit(rule, n, {});
        return;
      case RuleKind::kProbation: {
        if (rule.at_step != n) return;
        const int64_t lo = rule.value("recruit.extension_min_months", 6), hi = rule.value("recruit.extension_max_months", 12);
        const int64_t max_ext = rule.value("recruit.max_extensions", 1);
        std::string detail;
        const auto& o = r.conversion_outcome;
        if (o != "on_time" && o != "extend" && o != "cancel") {
          detail = "须记录讨论结果：按期转正、延长预备期或取消预备党员资格";
        } else if (o == "extend" && before.extensions >= max_ext) {
          detail = "已延长过预备期，延长期满只能按期转正或取消预备党员资格";
        } else if (o == "extend" && (r.extension_months < lo || r.extension_months > hi)) {
          detail = "拟延长" + std::to_string(r.extension_months) + "个月";
        } else {
          return;
        }
        emit(rule, n, {{"min", std::to_string(lo)}, {"max", std::to_string(hi)}, {"detail", detail}});
        return;
      }
      case RuleKind::kConversionTiming: {
        if (rule.at_step != n || !before.probation_end) return;
        if (r.date < *before.probation_end)
          emit(rule, n, {{"due", before.probation_end->iso()}, {"date", r.date.iso()}}).due = before.probation_end;
        return;
      }
      case RuleKind::kNotice: {
        for (const auto& np : pack_.notice_points) {
          if (np.gates_step != n || !notice_on(rule, np) || !before.completed(np.after_step)) continue;
          const Date after = before.get(np.after_step)->date;
          const int wd = static_cast<int>(notice_days(rule));
          Vars vars{{"point", np.name}, {"n", std::to_string(wd)}};
          const auto it = c_.notice_starts.find(np.code);
          if (it == c_.notice_starts.end()) {
            vars["detail"] = "未记录公示";
            emit(rule, n, vars);
            continue;
          }
          if (it->second < after) {
            vars["detail"] = "公示开始日期" + it->second.iso() + "早于第" + std::to_string(np.after_step) + "步（" +
                             after.iso() + "）";
            emit(rule, n, vars);
            continue;
          }
          const CalendarDate end = notice_end(cal_, it->second, wd, notice_first_day(rule));
          if (r.date >= end.date) continue;
          vars["detail"] = "公示自" + it->second.iso() + "开始，至" + end.date.iso() + "期满" +
                           (end.provisional ? "（所涉年份节假日未维护，日期为暂定）" : "") + "，本步骤日期" + r.date.iso() + "早于期满日";
          Finding& f = emit(rule, n, vars);
          f.due = end.date, f.provisional = end.provisional;
        }
        return;
      }
      case RuleKind::kPeriodic: return;  // reminders only (evaluate_case)
    }
  }

 public:
  static bool notice_on(const RuleDef& rule, const NoticePoint& np) {
    for (const auto& p : rule.params)
      if (p.unit == Unit::kSet)
        for (size_t i = 0; i < p.choices.size(); ++i)
          if (p.choices[i] == np.code) return (p.value >> i) & 1;
    return false;
  }
  static int64_t notice_days(const RuleDef& rule) {
    for (const auto& p : rule.params)
      if (p.unit == Unit::kWorkingDays) return p.value;
    return 5;
  }
  static bool notice_first_day(const RuleDef& rule) {
    for (const auto& p : rule.params)
      if (p.unit == Unit::kFlag) return p.value != 0;
    return true;
  }

 private:
  const RecruitCase& c_;
  const RecruitPack& pack_;
  const WorkCalendar& cal_;
  const Date today_;
  std::vector<Finding> out_;
};

bool before_in_order(const StepRecord& a, const StepRecord& b) {
  return a.date != b.date ? a.date < b.date : a.step < b.step;
}

int period_months(const RuleDef& rule) {
  for (const auto& p : rule.params) {
    if (p.unit == Unit::kMonths) return static_cast<int>(p.value);
    if (p.unit == Unit::kChoice) {
      const std::string v = p.text();
      return v == "month" ? 1 : v == "half_year" ? 6 : 3;
    }
  }
  return 6;
}

std::string period_text(int months) { return months == 1 ? "月" : months == 3 ? "季度" : months == 6 ? "半年" : std::to_string(months) + "个月"; }

}  // namespace

std::vector<Finding> check_step(const RecruitCase& c, const StepRecord& proposed, const RecruitPack& pack,
                                const WorkCalendar& cal, Date today) {
  Index idx(pack);
  for (const StepRecord* r : sorted_records(c))
    if (before_in_order(*r, proposed)) idx.add(*r);
  return Checker(c, pack, cal, today).check(idx, proposed);
}

CaseStatus evaluate_case(const RecruitCase& c, const RecruitPack& pack, const WorkCalendar& cal, Date today) {
  CaseStatus st;
  Index idx(pack);
  Checker checker(c, pack, cal, today);
  for (const StepRecord* r : sorted_records(c)) {
    auto found = checker.check(idx, *r);
    st.violations.insert(st.violations.end(), found.begin(), found.end());
    idx.add(*r);
  }
  st.membership_start = idx.membership_start;
  st.probation_end = idx.probation_end;
  st.full_member_date = idx.full_member_date;
  st.extensions = idx.extensions;

  for (const auto& s : pack.steps) {
    if (!s.required_for_order) continue;
    if (!idx.completed(s.no)) break;
    st.current_step = s.no;
  }
  if (idx.rejected) st.state = CaseState::kRejected;
  else if (idx.cancelled) st.state = CaseState::kCancelled;
  else if (idx.full_member_date && idx.get(25)) st.state = CaseState::kCompleted;
  st.next_step = 0;
  if (st.state == CaseState::kInProgress)
    for (const auto& s : pack.steps)
      if (s.no > st.current_step && s.required_for_order) {
        st.next_step = s.no;
        break;
      }
  const StepDef* stage_of = pack.step(st.next_step ? st.next_step : std::max(st.current_step, 1));
  st.stage = stage_of ? stage_of->stage : 1;

  if (st.state == CaseState::kInProgress) {
    const auto open = [&](DueItem item) {
      st.provisional |= item.provisional;
      (item.overdue ? st.overdue : st.due).push_back(std::move(item));
    };
    for (const auto& rule : pack.rules) {
      if (rule.severity == Severity::kOff) continue;
      DueItem base{rule.rule_id, rule.code, rule.to_step, {}, false, false, rule.severity, {}};
      switch (rule.kind) {
        case RuleKind::kDeadline:
        case RuleKind::kMinInterval: {
          if (!idx.completed(rule.from_step) || idx.get(rule.to_step) || rule.params.empty()) break;
          if (rule.kind == RuleKind::kMinInterval && rule.params[0].value <= 0) break;
          const Date from = idx.get(rule.from_step)->date;
          const CalendarDate limit = add_param(cal, from, rule.params[0]);
          base.due = limit.date, base.provisional = limit.provisional;
          base.message = fill(rule.explain, {{"n", std::to_string(rule.params[0].value)}, {"from", from.iso()},
                                             {"due", limit.date.iso()}, {"date", "—"}});
          if (rule.kind == RuleKind::kMinInterval) {
            st.not_before.push_back(base);
          } else {
            base.overdue = today > limit.date;
            if (base.overdue) base.message += "，已超期";
            open(base);
          }
          break;
        }
        case RuleKind::kPeriodic: {
          if (!idx.completed(rule.from_step) || idx.get(rule.to_step)) break;
          const Date from = idx.get(rule.from_step)->date;
          int done = 0;
          if (rule.at_step) {
            const auto it = idx.all.find(rule.at_step);
            if (it != idx.all.end())
              for (const StepRecord* r : it->second) done += r->date > from ? 1 : 0;
          } else {
            for (const Date& d : c.thought_reports) done += d > from ? 1 : 0;
          }
          const int months = period_months(rule);
          base.step = rule.at_step;
          base.due = add_months(from, months * (done + 1));
          base.overdue = today > base.due;
          base.message = fill(rule.explain, {{"n", std::to_string(months)}, {"period", period_text(months)},
                                             {"k", std::to_string(done + 1)}, {"due", base.due.iso()}});
          open(base);
          break;
        }
        case RuleKind::kProbation: {
          if (!idx.probation_end || !idx.completed(17) || idx.get(23)) break;
          base.step = 23;
          base.due = *idx.probation_end;
          base.overdue = today > base.due;
          base.message = "预备期于" + base.due.iso() + "期满，期满时党支部应及时讨论其能否转为正式党员";
          open(base);
          break;
        }
        case RuleKind::kConversionTiming: {
          if (!idx.probation_end || !idx.completed(17) || idx.get(rule.at_step)) break;
          base.step = rule.at_step;
          base.due = *idx.probation_end;
          base.message = fill(rule.explain, {{"due", base.due.iso()}, {"date", "—"}});
          st.not_before.push_back(base);
          break;
        }
        case RuleKind::kNotice: {
          for (const auto& np : pack.notice_points) {
            if (!Checker::notice_on(rule, np) || !idx.completed(np.after_step) || idx.get(np.gates_step)) continue;
            const int wd = static_cast<int>(Checker::notice_days(rule));
            const auto it = c.notice_starts.find(np.code);
            const Date start = it != c.notice_starts.end() ? it->second : std::max(today, idx.get(np.after_step)->date);
            const CalendarDate end = notice_end(cal, start, wd, Checker::notice_first_day(rule));
            DueItem item = base;
            item.step = np.gates_step, item.due = end.date, item.provisional = end.provisional;
            item.message = fill(rule.explain, {{"point", np.name}, {"n", std::to_string(wd)},
                                               {"detail", (it != c.notice_starts.end() ? "公示自" + start.iso() + "开始"
                                                                                          : std::string("尚未公示，若今天开始")) +
                                                              "，" + end.date.iso() + "期满后方可进行下一步" +
                                                              (end.provisional ? "（节假日未维护，暂定）" : "")}});
            st.provisional |= end.provisional;
            st.not_before.push_back(item);
          }
          break;
        }
        default: break;
      }
    }
  }
  const auto by_date = [](const DueItem& a, const DueItem& b) { return a.due < b.due; };
  std::stable_sort(st.due.begin(), st.due.end(), by_date);
  std::stable_sort(st.overdue.begin(), st.overdue.end(), by_date);
  std::stable_sort(st.not_before.begin(), st.not_before.end(), by_date);
  for (const auto& f : st.violations) st.provisional |= f.provisional;
  return st;
}

Date probation_end(Date admission_meeting, const RecruitPack& pack) {
  return add_months(admission_meeting, static_cast<int>(param_value(pack, "recruit.probation_months", 12)));
}

ExtensionResult extend_probation(Date end, int months, int previous_extensions, const RecruitPack& pack) {
  const int64_t lo = param_value(pack, "recruit.extension_min_months", 6);
  const int64_t hi = param_value(pack, "recruit.extension_max_months", 12);
  const int64_t max_ext = param_value(pack, "recruit.max_extensions", 1);
  if (previous_extensions >= max_ext)
    return {std::nullopt, "预备期只能延长一次，延长期满只能按期转正或取消预备党员资格（R-D22）"};
  if (months < lo || months > hi)
    return {std::nullopt, "延长预备期不能少于" + std::to_string(lo) + "个月、不超过" + std::to_string(hi) +
                              "个月，拟延长" + std::to_string(months) + "个月（R-D22）"};
  return {add_months(end, months), ""};
}

Date full_member_date(Date admission_meeting, const std::vector<int>& extension_months, const RecruitPack& pack) {
  Date end = probation_end(admission_meeting, pack);
  for (int m : extension_months) end = add_months(end, m);
  return end;
}

Date earliest_application_date(Date birth, const RecruitPack& pack) {
  const Date d = add_years(birth, static_cast<int>(param_value(pack, "recruit.min_age", 18)));
  const Param* p = pack.param("age.reached_on");
  return p && p->text() == "DAY_AFTER_BIRTHDAY" ? add_days(d, 1) : d;
}

std::vector<Date> assessment_due_dates(Date activist, Date until, const RecruitPack& pack) {
  const int months = static_cast<int>(param_value(pack, "recruit.assessment_period_months", 6));
  std::vector<Date> out;
  for (int k = 1; months > 0; ++k) {
    const Date d = add_months(activist, months * k);
    if (d > until) break;
    out.push_back(d);
  }
  return out;
}

}  // namespace lianxin::domain
