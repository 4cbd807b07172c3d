// 党籍状态 changes (members.md §2, transfer.md §6): which status may follow which, what each change
// must carry (a case code, the lost-since date, an approver, a reason) and the timing rules of
// R-F12, as one versioned table of data with rule ids rather than checks spread over the services.
// Also the review flags a status opens (停止党籍 review after 6 months lost, removal review 2 years
// after 停止党籍). Pure: no I/O. Decisions are the party organization's: nothing here changes a
// status by itself, it only says whether a recorded decision is admissible and when to look again.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/enums.hpp"
#include "domain/field_error.hpp"

namespace lianxin::domain {

// Deployment parameters of the status rules.
struct MemberStatusRules {
  // R-N07 失去联系情形 [LOCAL], setting member.lost_contact_reasons ("1:外出务工经商;2:单位改制或破产;...").
  std::vector<std::pair<std::string, std::string>> lost_contact_reasons = {
      {"1", "外出务工经商"}, {"2", "单位改制或破产"}, {"3", "毕业后去向不明"}, {"4", "工作单位改变"},
      {"5", "出国(境)"},     {"6", "居住地改变"},     {"7", "其他"},
  };
  int lost_contact_months = 6;            // R-N03 / R-F12 [REG]: 失联满6个月 → 停止党籍
  int removal_after_suspension_years = 2; // R-F12 [REG]: 停止党籍2年后仍无法联系 → 除名
  int abroad_study_years = 5;             // R-F12 [REG]: 出国学习研究超过5年未归

  static const MemberStatusRules& defaults();
  // "member.lost_contact_reasons" (code:label pairs separated by ';'); Chinese error otherwise.
  std::optional<std::string> set(const std::string& key, const std::string& value);
};

// Which code list a transition's `kind` comes from.
enum class StatusKindList { kNone, kLostContactCase, kSuspensionGround, kExitKind };

struct StatusTransition {
  std::string_view rule_id;   // the rule that allows it: "R-F12"
  std::string_view name;      // Chinese name of the decision: "停止党籍"
  std::string_view from;      // status codes, comma separated: "normal,mobile"
  std::string_view to;        // status code
  StatusKindList kind = StatusKindList::kNone;
  bool needs_since = false;     // 失去联系日期 (or, for abroad study, the date the member left)
  bool needs_approver = false;  // 审批组织/批准人 as written on the decision
  bool needs_reason = false;
  // Set: only that deciding module may record this change (StatusRequest::source), never a
  // person through the status form — e.g. undoing 已转出 is cancelling the letter.
  std::string_view only_by = {};
  std::string_view via = {};  // where people do it instead (Chinese), for the refusal message
};

// The transition table in force and its version (stored with every status event).
struct StatusTable {
  std::string_view version;  // "member-status/2026.1"
  std::span<const StatusTransition> transitions;
};
const StatusTable& status_table();
// Transitions that start from `from` (for the UI: what may be decided next).
std::vector<const StatusTransition*> transitions_from(std::string_view from, std::string_view source = "manual");

// R-N06 出党 kinds: withdrawal 退党除名, persuaded 劝退除名, self_withdrawal 自行脱党除名,
// expulsion 开除党籍, probation_cancelled 取消预备党员资格.
std::span<const EnumValue> exit_kinds();
// R-N02 / R-F12 grounds for 停止党籍: lost_contact 失联满6个月, settled_abroad 私自出国定居,
// abroad_study 出国学习研究超过5年未归.
std::span<const EnumValue> suspension_grounds();

// A status decision as recorded, with what the member's record already says.
struct StatusRequest {
  std::string from;      // current status code
  std::string to;        // requested status (code or label)
  std::string category;  // full / probationary
  Date effective;        // the day the decision takes effect (already checked not in the future)
  Date today;
  std::optional<std::string> kind, reason, approver;
  std::optional<Date> since;                // lost_since as entered
  std::optional<Date> lost_since_on_record; // from the 失联 event that is in force
  std::optional<Date> suspended_on;         // effective date of the 停止党籍 in force
  std::string source = "manual";            // "manual" or the deciding module ("transfer", "recruit", ...)
};

// A review the new status opens: the date from which the organization should decide again.
struct StatusReview {
  std::string kind;     // "suspension" (停止党籍审查) | "removal" (除名审查)
  std::string rule_id;  // "R-F12"
  Date due;
  std::string message;  // Chinese
};

struct StatusDecision {
  const StatusTransition* transition = nullptr;  // null when refused as a transition
  std::string to;                                // normalized status code
  std::optional<std::string> kind;               // normalized kind code
  std::optional<Date> lost_since;                // to store with the event
  std::vector<FieldError> errors;                // code = rule id, message names it
  std::optional<StatusReview> review;
  bool ok() const { return errors.empty(); }
};

StatusDecision check_status_change(const StatusRequest& r, const MemberStatusRules& rules = MemberStatusRules::defaults());

// The review a status opens, from the event that set it (also used for events stored earlier).
std::optional<StatusReview> review_for(std::string_view status, const std::optional<std::string>& kind,
                                       Date effective, const std::optional<Date>& lost_since,
                                       const MemberStatusRules& rules = MemberStatusRules::defaults());

// Label of a kind code in the list the transition uses ("" when unknown).
std::string status_kind_label(std::string_view to_status, std::string_view kind,
                              const MemberStatusRules& rules = MemberStatusRules::defaults());

}  // namespace lianxin::domain
