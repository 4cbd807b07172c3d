// 流动党员 rules that need no storage (transfer.md §5 R-M01..R-M04, members.md §2 rights matrix):
// a member's standing at a branch's 党员大会 (home branch vs. host branch as 《流动党员活动证》
// holder), whether a registration should have been a transfer (R-T02 / the six-month boundary),
// the temporary-branch suggestion (R-M02) and the contact-due date (R-M04). The thresholds are
// TransferRulePack parameters; these functions only advise, a party body decides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/branch_vote.hpp"
#include "domain/date.hpp"
#include "domain/transfer_rules.hpp"

namespace lianxin::domain {

// How a person belongs to the branch holding the meeting.
enum class BranchTie {
  kHome,      // the member's own branch (the 流出地 for a mobile member)
  kCardHost,  // a host branch where the member is hosted with an active 活动证 (流入地)
  kNone,      // neither
};

// The tie of a member to `branch_id`: home when it is the member's branch; card host when an
// active card names it as host; none otherwise.
BranchTie branch_tie(int64_t branch_id, int64_t home_branch_id, std::optional<int64_t> active_card_host_id);

// What a member may do at a meeting of one branch (members.md §2 rights matrix, R-M01).
struct BranchRights {
  bool attends = false;      // takes part (attendance is recorded)
  bool may_vote = false;     // 表决权 (and 选举权 / 被选举权) at this branch
  bool counted_in_n = false; // counted in 应到会有表决权的正式党员 (N) of this branch
  std::string rule_id;       // the rule that decided a refusal ("R-M01", "R-N01", ...), empty when none
  std::string note;          // Chinese explanation
};

// The standing `base` (category, status, discipline) as seen from a branch with this tie: at a
// host branch the activity_card_guest flag is set, so has_voting_right / count_should_attend of
// branch_vote.hpp give "attends, no vote, not in N"; at home it is cleared (counted, may vote).
VoterStanding standing_at(VoterStanding base, BranchTie tie);
BranchRights rights_at(const VoterStanding& base, BranchTie tie, const VoteParams& p = {});

// ---- registration advice (R-T02, R-M01, R-M02) ----
struct MobileFinding {
  std::string rule_id;   // "R-T02", "R-M02"
  Severity severity = Severity::kRemind;
  std::string message;   // Chinese
};
// Expected months away at a relatively fixed place: a finding R-T02 (BLOCK) when the platform
// says a transfer is required instead of a card (> 6 months; exactly 6 per
// transfer.six_month_boundary); nullopt when a card fits (R-M01).
std::optional<MobileFinding> check_card_duration(int expected_months, const TransferRulePack& pack = TransferRulePack::defaults());
// `together`: members of one branch registered for the same destination with overlapping periods,
// this one included. 3 or more: suggest a temporary branch or 党小组 (R-M02) — a suggestion, never a block.
std::optional<MobileFinding> check_group_out(int together, const TransferRulePack& pack = TransferRulePack::defaults());
// End of the expected period: start + months (inclusive overlap test on [start, end]).
Date expected_end(Date start, int expected_months);
bool periods_overlap(Date a_start, Date a_end, Date b_start, Date b_end);
// R-M04: the 流出地 contacts the member at least every N months (transfer.mobile_contact_months):
// last contact 2025-01-10 → due 2025-07-10; overdue the day after.
Date contact_due(Date last_contact, const TransferRulePack& pack = TransferRulePack::defaults());
bool contact_overdue(Date last_contact, Date today, const TransferRulePack& pack = TransferRulePack::defaults());

}  // namespace lianxin::domain
