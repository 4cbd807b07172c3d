// Recruitment rule packs (shared/domain/README.md "Rules are data: rule packs"; recruitment.md).
//
// A pack is data: the 5 stages and 25 steps (what each step records: date, people, documents, a
// result), and the rules, each with its rule id from the domain file, confidence tag, kind,
// severity, parameters (named `area.name` as in the domain files, with allowed ranges) and a
// Chinese explanation template. The evaluation engine (recruitment.hpp) has one piece of code per
// rule KIND; the numbers, the steps a rule connects, its severity and its wording come from here.
//
// Built-in packs: recruit/2014细则 (default, in force), recruit/2026修订 (reported revision,
// unverified, optional, never chosen automatically). Overlays (e.g. local/common) derive a new pack
// from a base: they set parameters, change severities (never lowering a [REG] rule) and add rules.
// Everything here is pure: no I/O, no global state besides the immutable built-in packs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.hpp"

namespace lianxin::domain {

enum class Severity { kOff, kRemind, kWarn, kBlock };
const char* severity_code(Severity s);  // "OFF" | "REMIND" | "WARN" | "BLOCK"
std::optional<Severity> parse_severity(std::string_view s);

enum class PackStatus { kInForce, kOptional, kUnverified, kRepealed };
const char* pack_status_code(PackStatus s);  // "in_force" | "optional" | "unverified" | "repealed"

enum class Unit { kMonths, kDays, kWorkingDays, kYears, kCount, kHours, kFlag, kChoice, kSet };
// Which direction makes a rule stricter: an overlay may move a [REG] parameter only that way.
enum class Stricter { kHigher, kLower, kNone };

struct Param {
  std::string key;       // "recruit.min_months_application_to_activist"
  int64_t value = 0;     // kFlag: 0/1; kChoice: index into choices; kSet: bitmask over choices
  Unit unit = Unit::kCount;
  int64_t min = 0, max = 0;                  // allowed range (kChoice/kSet: derived from choices)
  Stricter stricter = Stricter::kNone;
  std::string tag;                           // REG | SEC | LOCAL | UNCONFIRMED: where the value comes from
  std::vector<std::string> choices;          // kChoice / kSet value names
  std::string text() const;                  // value as written in configuration ("6", "true", "BIRTHDAY", "target,conversion")
};

enum class RuleKind {
  kMinAge,           // at_step date >= birth + N years (R-D01)
  kMinInterval,      // to_step date >= from_step date + N (R-D04, R-D10)
  kDeadline,         // to_step within N of from_step: due / overdue / late (R-D03, R-D17, R-D24, ...)
  kPeriodic,         // records every N months from from_step until to_step (R-D07; R-D09 from thought reports)
  kPeople,           // at_step names min..max people, all full members in good standing (R-D06, R-D11)
  kValidity,         // from_step result still valid (N months) on at_step date (R-D12 [LOCAL])
  kTraining,         // from_step: days >= D or hours >= H before at_step (R-D13)
  kDeparture,        // planned departure more than N months after at_step date (R-D14)
  kVote,             // at_step vote passes: quorum and majority over N (R-D15, R-D23)
  kResubmitWait,     // after a failed vote at at_step, N months before the next (R-D15 [LOCAL])
  kApprover,         // at_step's approving organization has approval power (R-D18)
  kProbation,        // probation length, extension range and count (R-D20, R-D22)
  kConversionTiming, // conversion meeting not before the probation end (R-D25); application date WARN
  kNotice,           // 公示 of N working days after a point's step, before its gated step (R-D29)
};
const char* rule_kind_code(RuleKind k);

struct RuleDef {
  std::string code;      // unique in a pack: "talk.deadline"
  std::string rule_id;   // from the domain file: "R-D03" (several rules may share one id)
  std::string tag;       // REG | SEC | LOCAL | UNCONFIRMED | CODE
  std::string article;   // "细则 §7"
  RuleKind kind = RuleKind::kDeadline;
  Severity severity = Severity::kWarn;
  int from_step = 0;     // kinds that connect two steps
  int to_step = 0;
  int at_step = 0;       // the step whose recording the rule checks
  std::vector<Param> params;
  std::string explain;   // Chinese template: {from} {to} {due} {n} {actual} {date} {step} ... filled by the engine
  bool overridable = false;  // "except in special cases": a recorded reason turns BLOCK into WARN

  const Param* param(std::string_view key) const;
  int64_t value(std::string_view key, int64_t fallback = 0) const;
};

struct StageDef {
  int no = 0;
  std::string name;  // "一、申请入党"
};

enum class StepResult { kNone, kConclusion, kTraining, kVote, kApproval, kConversion };

struct PeopleNeed {
  std::string role;  // "培养联系人"
  int min = 0;
  int max = 0;       // 0 = no upper limit
  bool full_members_only = false;
};

struct StepDef {
  int no = 0;               // 1..25, the order
  int stage = 0;            // 1..5
  std::string code;         // "talk"
  std::string name;         // "党组织派人谈话"
  std::string actor;        // "党支部（书记、副书记或组织委员）"
  std::optional<PeopleNeed> people;
  std::vector<std::string> documents;  // documents the record must carry (names as on paper)
  StepResult result = StepResult::kNone;
  bool repeatable = false;             // several records (assessments, continued education)
  bool required_for_order = true;      // the next steps need a record of this one
  // Steps are strictly ordered (recruitment.md §1): a later step needs this one recorded and, for
  // a step with a result, passed (conclusion 合格, vote passed, approved). The rule id cited when it
  // is missing or did not pass ("STEP-ORDER" when the domain file names none) and why, in Chinese.
  std::string gate_rule = "STEP-ORDER";
  std::string gate_explain;
};

// A 公示 point: the notice starts after `after_step` and must have run before `gates_step`.
struct NoticePoint {
  std::string code;  // activist | target | probationary | conversion
  std::string name;  // "发展对象"
  int after_step = 0;
  int gates_step = 0;
};

struct RecruitPack {
  std::string id;            // "recruit/2014细则"; a derived pack: "<base id>+<overlay id>"
  std::string family;        // "recruit"
  std::string version;       // "2014细则"
  std::string title;
  std::string doc_no;
  Date effective_from;
  std::optional<std::string> superseded_by;
  PackStatus status = PackStatus::kInForce;
  std::string base_id;                 // for a derived pack: the built-in pack it started from
  std::vector<std::string> overlays;   // overlay ids applied, in order
  std::vector<std::string> notes;      // what each overlay changed, for the admin page / audit
  std::vector<StageDef> stages;
  std::vector<StepDef> steps;          // ordered by no
  std::vector<RuleDef> rules;
  std::vector<NoticePoint> notice_points;

  const StepDef* step(int no) const;
  const StepDef* step(std::string_view code) const;
  const RuleDef* rule(std::string_view code) const;
  std::vector<const RuleDef*> rules_with_id(std::string_view rule_id) const;
  const Param* param(std::string_view key) const;  // searched over all rules
  const NoticePoint* notice_point(std::string_view code) const;
};

// Built-in packs (immutable; built on first use).
const RecruitPack& recruit_pack_2014();
const RecruitPack& recruit_pack_2026();
const RecruitPack& default_recruit_pack();  // recruit/2014细则
std::vector<const RecruitPack*> builtin_recruit_packs();
// By id ("recruit/2014细则") or by version alone ("2014细则"); nullptr when unknown.
const RecruitPack* find_recruit_pack(std::string_view id_or_version);
const RecruitPack* find_recruit_pack(std::string_view family, std::string_view version);
// rules.pack_binding = EVENT_DATE: the in-force pack effective on `event`, the latest such. Packs
// that are optional or unverified (recruit/2026修订) are never chosen here: a subtree opts in.
// Falls back to the default pack before any effective date.
const RecruitPack& pack_in_force_on(Date event);

// An overlay: key = value settings and added rules.
//   parameter keys, e.g. "recruit.min_months_application_to_activist" = "6",
//     "recruit.notice.working_days" = "7", "recruit.notice.points" = "activist,target",
//     "age.reached_on" = "DAY_AFTER_BIRTHDAY", "vote.written_counts_for_quorum" = "true";
//   "severity.<rule code>" or "severity.<rule id>" (when the id names one rule) = BLOCK|WARN|REMIND|OFF.
struct PackOverlay {
  std::string id;     // "local/common", "local/某省"
  std::string title;
  std::vector<std::pair<std::string, std::string>> settings;
  std::vector<RuleDef> added_rules;  // kinds kMinInterval, kDeadline or kNotice; new codes only
};

// The shipped overlay of common [LOCAL] practice (README.md "local/common", severity WARN):
// R-D04 six months, R-D09 quarterly 思想汇报 (REMIND), R-D12 review valid 12 months, R-D15 six
// months after a failed vote, R-D27 archive within 7 days (REMIND), R-D29 公示 of 5 working days.
const PackOverlay& local_common_overlay();

struct DerivedPack {
  std::optional<RecruitPack> pack;  // set when errors is empty
  std::vector<std::string> errors;  // Chinese, one per refused setting
};

// Applies one setting to a pack in place: a parameter value or a severity. Refuses (Chinese
// message) an unknown key, a malformed value, a value outside the parameter's range, moving a
// [REG] parameter in the lenient direction, and lowering the severity of a [REG] rule.
std::optional<std::string> apply_setting(RecruitPack& pack, std::string_view key, std::string_view value);

// base + overlay → a new pack (pure; `base` is unchanged). Every refused setting is reported and
// no pack is returned then. Derived id: "<base id>+<overlay id>".
DerivedPack derive_pack(const RecruitPack& base, const PackOverlay& overlay);

}  // namespace lianxin::domain
