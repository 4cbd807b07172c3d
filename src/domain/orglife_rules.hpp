// Organisational life rules that need no storage (org-life.md, pack branch/2018支部条例): the
// meeting types of 三会一课 and the other periodic obligations with their frequencies (R-L01..R-L08),
// meeting quorum and majority for ordinary business (§11, §12; the stricter admission vote is
// branch_vote.hpp), and the red / yellow / green compliance colour of an obligation in a period
// (org-life.md §3). Frequencies, windows and thresholds are data in OrgLifePack; [UNCONFIRMED] and
// [LOCAL] values are `orglife.*` parameters with the documented defaults.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/rule_pack.hpp"

namespace lianxin::domain {

enum class MeetingType {
  kMemberMeeting,  // 支部党员大会 R-L01
  kCommittee,      // 支部委员会会议 R-L02
  kGroup,          // 党小组会 R-L03
  kLecture,        // 党课 R-L04
  kThemeDay,       // 主题党日 R-L05
  kLifeMeeting,    // 组织生活会 R-L06
  kAppraisal,      // 民主评议党员 R-L07
  kTalk,           // 谈心谈话 R-L08
};
const char* meeting_type_code(MeetingType t);   // "member_meeting", "committee", ...
const char* meeting_type_label(MeetingType t);  // Chinese
std::optional<MeetingType> parse_meeting_type(std::string_view code);

enum class PeriodKind { kMonth, kQuarter, kYear };

// A reporting period: the month, quarter or year that contains `start`.
struct Period {
  PeriodKind kind = PeriodKind::kMonth;
  Date start, end;  // inclusive
  std::string label() const;  // "2025-09", "2025-Q3", "2025"
};
Period period_of(PeriodKind kind, Date d);
Period next_period(const Period& p);

// Who an obligation is counted for.
enum class ObligationUnit {
  kBranch,       // once per branch
  kGroup,        // per 党小组 of the branch (R-L03)
  kMember,       // per member (R-L08: each member has at least one talk)
};

struct Obligation {
  std::string rule_id;  // "R-L01"
  MeetingType type;
  PeriodKind period = PeriodKind::kMonth;
  int min_count = 1;
  ObligationUnit unit = ObligationUnit::kBranch;
  bool needs_committee = false;  // R-L02: only branches with a committee (7+ full members)
  Severity severity = Severity::kRemind;
  std::string tag;               // REG | SEC | UNCONFIRMED
};

struct OrgLifePack {
  std::string id = "branch/2018支部条例";
  std::vector<Obligation> obligations;  // filled by defaults()
  int warn_days_month = 7;              // orglife.warn_days.month
  int warn_days_quarter = 15;           // orglife.warn_days.quarter
  int warn_days_year = 30;              // orglife.warn_days.year
  bool half_or_more_inclusive = true;   // orglife.half_or_more_inclusive: 半数以上 includes half
  bool count_without_quorum = true;     // orglife.count_without_quorum [UNCONFIRMED]
  bool allow_combined_types = true;     // orglife.allow_combined_types [UNCONFIRMED]
  int theme_day_min_attendance_pct = 0; // orglife.theme_day.min_attendance: 0 = OFF (default); 80 when enabled [LOCAL]
  int minutes_min_chars = 50;           // orglife.minutes_min_chars: shorter minutes make a record defective [LOCAL]

  static const OrgLifePack& defaults();
  const Obligation* obligation(MeetingType t) const;
  // "orglife.dangke.branch_min_per_year=2"-style overrides; Chinese error when unknown or out of range.
  // Keys: orglife.dangke.branch_min_per_year (0..52; 0 turns R-L04 off), orglife.warn_days.{month,
  // quarter,year}, orglife.half_or_more_inclusive, orglife.count_without_quorum,
  // orglife.allow_combined_types (true|false), orglife.theme_day.min_attendance (OFF | 1..100),
  // orglife.minutes_min_chars (0..10000).
  std::optional<std::string> set(const std::string& key, const std::string& value);
};

// ---- quorum and majority (org-life.md §2) ----
enum class QuorumRule {
  kHalfOrMore,    // 支部党员大会 ordinary business, 支委会: present ≥ ⌈N/2⌉ (inclusive parameter)
  kMoreThanHalf,  // admission / conversion / extension / cancellation: present ≥ ⌊N/2⌋ + 1 (R-D15)
  kTwoThirds,     // 民主生活会 (R-L11): present ≥ ⌈2N/3⌉
};
int quorum_needed(QuorumRule rule, int n, const OrgLifePack& pack = OrgLifePack::defaults());
bool quorum_met(QuorumRule rule, int n, int present, const OrgLifePack& pack = OrgLifePack::defaults());
// Passing: yes > half of N (the denominator is N, not those present): yes ≥ ⌊N/2⌋ + 1.
bool majority_passes(int n, int yes);

// ---- compliance (org-life.md §3) ----
enum class Colour { kNone, kGreen, kYellow, kRed };
const char* colour_code(Colour c);  // "none" | "green" | "yellow" | "red"

// A meeting held in the period, as far as compliance is concerned.
struct HeldMeeting {
  HeldMeeting() = default;
  HeldMeeting(Date d) : date(d) {}  // NOLINT(google-explicit-constructor): {date} reads naturally in lists
  Date date;
  bool minutes_ok = true;   // minutes present and long enough (see record_defects)
  bool attendance_ok = true;  // attendees recorded (and above a configured threshold)
  std::optional<bool> quorate;  // 党员大会: whether the quorum was met
};

// Why a meeting record is defective (empty: complete). Minutes shorter than the configured length,
// identical to an earlier meeting's, no attendees, attendance below the theme-day threshold.
struct RecordFacts {
  MeetingType type = MeetingType::kMemberMeeting;
  int minutes_chars = 0;          // characters (code points) of the minutes
  bool minutes_duplicate = false; // identical to an earlier meeting's minutes
  int attendees = 0;
  int expected = 0;
};
std::vector<std::string> record_defects(const RecordFacts& f, const OrgLifePack& pack = OrgLifePack::defaults());

struct ComplianceInput {
  Period period;
  std::vector<HeldMeeting> held;       // meetings of this type (and unit: branch or group) in the period
  std::optional<int> theme_day;        // R-L05: the branch's fixed day of the month, if set
  int covered = 0, population = 0;     // ObligationUnit::kMember (R-L08): members with a talk / all members
};
struct Compliance {
  Colour colour = Colour::kNone;
  int count = 0;        // meetings that count toward the required number
  int required = 0;
  std::string reason;   // Chinese, with the numbers
  std::string info;     // e.g. R-L06 "normally in Q4"
};
Compliance compliance(const Obligation& ob, const ComplianceInput& in, Date today,
                      const OrgLifePack& pack = OrgLifePack::defaults());

}  // namespace lianxin::domain
