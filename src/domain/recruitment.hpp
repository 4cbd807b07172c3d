// 发展党员 evaluation engine (recruitment.md): given a case's recorded step facts, a rule pack
// (rule_pack.hpp), the working-day calendar and "today", compute the current stage and step, what
// is due next and by when, what is overdue, and every violation with its rule id, severity and
// Chinese explanation. check_step() answers "may this step be recorded?": any BLOCK finding stops it.
// Also the probation / conversion date math (R-D19, R-D20, R-D22, R-D26). Pure: no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/branch_vote.hpp"
#include "domain/date.hpp"
#include "domain/rule_pack.hpp"
#include "domain/work_calendar.hpp"

namespace lianxin::domain {

struct Participant {
  std::string name;
  std::optional<int64_t> member_id;
  VoterStanding standing;  // at the date of the step
};

// One recorded step. Only the fields the step's kind uses matter.
struct StepRecord {
  int step = 0;  // 1..25
  Date date;
  std::vector<Participant> people;     // 谈话人, 培养联系人, 入党介绍人 ...
  std::vector<std::string> documents;  // documents attached (names as in StepDef::documents)
  std::optional<bool> passed;          // 政审结论 合格 (step 10); approved (steps 17, 24; 8 in the 2026 pack)
  int training_days = 0;               // step 11
  double training_hours = 0;           // step 11, 学时
  std::optional<MeetingAttendance> attendance;  // steps 15, 23
  std::optional<Ballot> ballot;                 // steps 15, 23: this candidate's ballot
  std::string conversion_outcome;      // step 23: "on_time" | "extend" | "cancel"
  int extension_months = 0;            // step 23 with "extend"
  std::optional<bool> approver_can_approve;  // step 17: the approving org's can_approve_probationary
  std::string override_reason;         // "special case" reason for an overridable rule (R-D13)
};

struct RecruitCase {
  Date birth_date;
  std::vector<StepRecord> records;             // any order; evaluated by (date, step)
  std::vector<Date> thought_reports;           // 思想汇报 (R-D09 [LOCAL])
  std::map<std::string, Date> notice_starts;   // 公示 start per notice point code (R-D29)
  std::optional<Date> planned_departure;       // leaving the unit (R-D14)
};

struct Finding {
  std::string rule_id;    // "R-D10", or a platform check: "STEP-ORDER", "RECORD"
  std::string rule_code;  // "target.min_activist_time"
  std::string pack_id;
  std::string article;
  Severity severity = Severity::kWarn;
  int step = 0;           // the step being recorded
  std::string message;    // Chinese, values filled in
  std::optional<Date> due;           // the date the rule was measured against, when there is one
  bool provisional = false;          // computed on a year without a loaded calendar
  std::string override_reason;       // BLOCK lowered to WARN by a recorded special-case reason
};

struct DueItem {
  std::string rule_id;
  std::string rule_code;
  int step = 0;           // the step that is due
  Date due;               // by when (or, in not_before, the earliest allowed date)
  bool overdue = false;
  bool provisional = false;
  Severity severity = Severity::kRemind;
  std::string message;
};

enum class CaseState { kInProgress, kRejected, kCancelled, kCompleted };
const char* case_state_code(CaseState s);  // "in_progress" | "rejected" | "cancelled" | "completed"

struct CaseStatus {
  CaseState state = CaseState::kInProgress;
  int current_step = 0;   // last step completed in order (0: nothing yet)
  int next_step = 1;      // 0 when the case is finished
  int stage = 1;          // stage of next_step (of current_step when finished)
  std::optional<Date> membership_start;  // R-D19: the passing 支部大会 (党籍 starts)
  std::optional<Date> probation_end;     // R-D20 (+ extension, R-D22)
  std::optional<Date> full_member_date;  // R-D26: = probation end once conversion is approved
  int extensions = 0;
  std::vector<DueItem> due;        // open, not overdue, by date
  std::vector<DueItem> overdue;    // open and past the date, by date
  std::vector<DueItem> not_before; // earliest allowed dates of the next steps (R-D04, R-D10, R-D25, notices)
  std::vector<Finding> violations; // every finding on the recorded steps (OFF rules never appear)
  bool provisional = false;
};

CaseStatus evaluate_case(const RecruitCase& c, const RecruitPack& pack, const WorkCalendar& cal, Date today);

// Findings for recording `proposed` on top of the case's records dated before it.
std::vector<Finding> check_step(const RecruitCase& c, const StepRecord& proposed, const RecruitPack& pack,
                                const WorkCalendar& cal, Date today);
bool has_block(const std::vector<Finding>& findings);

// ---- probation and conversion dates ----
// R-D20: probation ends 1 year (recruit.probation_months) after the 支部大会 that admitted.
Date probation_end(Date admission_meeting, const RecruitPack& pack = default_recruit_pack());
// R-D22: an extension of `months` after the end of probation, once; nullopt + Chinese error when
// refused (fewer than 6 or more than 12 months, or a second extension).
struct ExtensionResult {
  std::optional<Date> new_end;
  std::string error;
};
ExtensionResult extend_probation(Date end, int months, int previous_extensions,
                                 const RecruitPack& pack = default_recruit_pack());
// R-D26: the full-member date (党龄 counts from it) = the end of probation, extensions included;
// never the approval date. 党龄 itself: party_age_years() in member_rules.hpp.
Date full_member_date(Date admission_meeting, const std::vector<int>& extension_months,
                      const RecruitPack& pack = default_recruit_pack());
// R-D01: the first day an applicant born on `birth` may apply (age.reached_on).
Date earliest_application_date(Date birth, const RecruitPack& pack = default_recruit_pack());
// R-D07: the dates by which the k-th assessment is due, k = 1.., up to and including `until`.
std::vector<Date> assessment_due_dates(Date activist, Date until, const RecruitPack& pack = default_recruit_pack());

}  // namespace lianxin::domain
