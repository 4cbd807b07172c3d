#include "domain/branch_vote.hpp"

#include "domain/enums.hpp"

namespace lianxin::domain {

bool is_full_member_in_good_standing(const VoterStanding& s, const VoteParams& p) {
  if (s.category != "full") return false;
  if (!status_is_current(s.status)) return false;
  if (s.status == "suspended" && p.exclude_suspended_membership) return false;
  return !s.probation_discipline && !s.rights_suspended;
}

bool has_voting_right(const VoterStanding& s, const VoteParams& p) {
  return is_full_member_in_good_standing(s, p) && !s.activity_card_guest;
}

int count_should_attend(const std::vector<VoterStanding>& roster, const VoteParams& p) {
  int n = 0;
  for (const auto& s : roster)
    if (has_voting_right(s, p)) ++n;
  return n;
}

const char* vote_outcome_code(VoteOutcome o) {
  switch (o) {
    case VoteOutcome::kNoVoters: return "no_voters";
    case VoteOutcome::kBadTally: return "bad_tally";
    case VoteOutcome::kNoQuorum: return "no_quorum";
    case VoteOutcome::kPassed: return "passed";
    case VoteOutcome::kFailed: return "failed";
  }
  return "bad_tally";
}

VoteResult evaluate_ballot(const MeetingAttendance& a, const Ballot& b, const VoteParams& p) {
  VoteResult r;
  r.candidate = b.candidate;
  r.should_attend = a.should_attend;
  r.quorum_needed = a.should_attend / 2 + 1;
  r.yes_needed = a.should_attend / 2 + 1;
  r.yes_total = b.yes + b.written_yes;
  r.quorum_count = a.present + (p.written_counts_for_quorum ? a.written : 0);
  const std::string n = std::to_string(a.should_attend);
  if (a.should_attend <= 0) {
    r.outcome = VoteOutcome::kNoVoters;
    r.message = "支部没有应到会的有表决权正式党员，无法表决，应报上级党组织处理";
    return r;
  }
  const bool negative = a.present < 0 || a.written < 0 || b.yes < 0 || b.no < 0 || b.abstain < 0 ||
                        b.written_yes < 0 || b.written_no < 0 || b.written_abstain < 0;
  if (negative || a.present > a.should_attend || a.written > a.should_attend - a.present ||
      b.yes + b.no + b.abstain > a.present || b.written_yes + b.written_no + b.written_abstain > a.written) {
    r.outcome = VoteOutcome::kBadTally;
    r.message = "表决数据不一致：实到人数不能超过应到人数" + n +
                "，书面意见只能来自缺席的有表决权党员，票数不能超过实到人数或书面意见份数";
    return r;
  }
  if (r.quorum_count < r.quorum_needed) {
    r.outcome = VoteOutcome::kNoQuorum;
    r.message = "应到会有表决权的正式党员" + n + "名，实到" + std::to_string(a.present) + "名，未超过半数（至少需" +
                std::to_string(r.quorum_needed) + "名），会议无效" +
                (a.written > 0 && !p.written_counts_for_quorum ? "；书面意见不计入到会人数" : "");
    return r;
  }
  const std::string tally = "赞成" + std::to_string(r.yes_total) + "票（其中书面意见" + std::to_string(b.written_yes) +
                            "份），应到会有表决权的正式党员" + n + "名";
  if (r.yes_total >= r.yes_needed) {
    r.outcome = VoteOutcome::kPassed;
    r.message = tally + "，赞成票超过应到人数的半数，通过";
  } else {
    r.outcome = VoteOutcome::kFailed;
    r.message = tally + "，赞成票未超过应到人数的半数（至少需" + std::to_string(r.yes_needed) + "票），未通过";
  }
  return r;
}

std::vector<VoteResult> evaluate_meeting(const MeetingAttendance& a, const std::vector<Ballot>& ballots,
                                         const VoteParams& p) {
  std::vector<VoteResult> out;
  out.reserve(ballots.size());
  for (const auto& b : ballots) out.push_back(evaluate_ballot(a, b, p));
  return out;
}

}  // namespace lianxin::domain
