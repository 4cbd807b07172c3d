// Vote math of the 支部党员大会 that admits a 预备党员 or decides a conversion (recruitment.md
// R-D15, R-D23, §3), and who counts in "应到会有表决权的正式党员" (members.md §2 rights matrix).
//
// N = full members with voting rights who should attend. Quorum: voting members present > N/2.
// Pass: yes > N/2 (the denominator is N, not those present). Written opinions of absent voting
// members count as votes but not toward quorum (vote.written_counts_for_quorum=false,
// [UNCONFIRMED]). Two or more candidates are voted one by one: each ballot is separate.
// Ordinary branch-meeting decisions (支部工作条例 §11, quorum >= half) are NOT computed here.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lianxin::domain {

// A person's standing for voting purposes (members.md §2).
struct VoterStanding {
  std::string category;                   // full / probationary (enums.hpp); unknown gives no vote
  std::string status = "normal";          // member_statuses(): normal, mobile, suspended (停止党籍), ...
  bool probation_discipline = false;      // 留党察看 in force (rights not restored)
  bool rights_suspended = false;          // 留置 / 逮捕: voting suspended
  bool activity_card_guest = false;       // 流动党员活动证 holder at a HOST branch (votes at home only)
};

struct VoteParams {
  bool written_counts_for_quorum = false;      // vote.written_counts_for_quorum [UNCONFIRMED]
  bool exclude_suspended_membership = true;    // vote.exclude_suspended_membership [UNCONFIRMED]
};

// Has 表决权 at this meeting: a full member, not under 留党察看, not suspended, not a guest card
// holder, and (by default) not 停止党籍. Members no longer current (expelled, deceased,
// transferred out) never do.
bool has_voting_right(const VoterStanding& s, const VoteParams& p = {});
// Same test, for 培养联系人 (R-D06) and 入党介绍人 (R-D11): a full member whose rights are not
// restricted (预备党员 and 留党察看 excluded). The activity-card guest flag does not matter here.
bool is_full_member_in_good_standing(const VoterStanding& s, const VoteParams& p = {});

// N from a roster of those who belong to the meeting's branch.
int count_should_attend(const std::vector<VoterStanding>& roster, const VoteParams& p = {});

struct MeetingAttendance {
  int should_attend = 0;   // N: voting full members who should attend
  int present = 0;         // voting members present (non-voting attendees are not counted)
  int written = 0;         // formal written opinions handed in beforehand by absent voting members
};

struct Ballot {
  std::string candidate;
  int yes = 0, no = 0, abstain = 0;                        // secret ballot of those present
  int written_yes = 0, written_no = 0, written_abstain = 0;  // written opinions on this candidate
};

enum class VoteOutcome {
  kNoVoters,     // N = 0: nobody can vote (e.g. all 预备); escalate to the higher organization
  kBadTally,     // numbers that cannot be true (more present than N, more ballots than voters, ...)
  kNoQuorum,     // the meeting is not valid
  kPassed,
  kFailed,
};
const char* vote_outcome_code(VoteOutcome o);  // "no_voters", "bad_tally", "no_quorum", "passed", "failed"

struct VoteResult {
  VoteOutcome outcome = VoteOutcome::kNoVoters;
  std::string candidate;
  int should_attend = 0;
  int quorum_count = 0;    // present (+ written when they count) compared with N/2
  int quorum_needed = 0;   // floor(N/2) + 1
  int yes_total = 0;       // yes present + written yes
  int yes_needed = 0;      // floor(N/2) + 1
  std::string message;     // Chinese explanation with the numbers
  bool passed() const { return outcome == VoteOutcome::kPassed; }
};

// One candidate's ballot.
VoteResult evaluate_ballot(const MeetingAttendance& a, const Ballot& b, const VoteParams& p = {});
// Every candidate separately, in the given order (R-D15: voted one by one).
std::vector<VoteResult> evaluate_meeting(const MeetingAttendance& a, const std::vector<Ballot>& ballots,
                                         const VoteParams& p = {});

}  // namespace lianxin::domain
