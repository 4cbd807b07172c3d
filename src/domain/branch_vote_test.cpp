// recruitment.md §3 (vote test vectors for R-D15 / R-D23) and the members.md §2 rights matrix.
#include "domain/branch_vote.hpp"

#include <gtest/gtest.h>

namespace lianxin::domain {
namespace {

VoteOutcome vote(int n, int present, int yes, int written = 0, int written_yes = 0, VoteParams p = {}) {
  return evaluate_ballot({n, present, written}, {"甲", yes, 0, 0, written_yes, 0, 0}, p).outcome;
}

TEST(BranchVote, VectorsOfRecruitmentSection3) {
  EXPECT_EQ(vote(10, 5, 5), VoteOutcome::kNoQuorum);        // 5 ≯ 5
  EXPECT_EQ(vote(10, 5, 5, 1, 1), VoteOutcome::kNoQuorum);  // written opinions do not make quorum
  EXPECT_EQ(vote(10, 6, 6), VoteOutcome::kPassed);
  EXPECT_EQ(vote(10, 6, 5), VoteOutcome::kFailed);          // 5 ≯ 5
  EXPECT_EQ(vote(10, 9, 5), VoteOutcome::kFailed);          // denominator is N, not present
  EXPECT_EQ(vote(10, 6, 4, 2, 2), VoteOutcome::kPassed);    // 4 + 2 written = 6 > 5
  EXPECT_EQ(vote(7, 4, 4), VoteOutcome::kPassed);           // needs >= 4 and >= 4
  EXPECT_EQ(vote(7, 3, 3), VoteOutcome::kNoQuorum);
  EXPECT_EQ(vote(3, 2, 2), VoteOutcome::kPassed);
  EXPECT_EQ(vote(0, 0, 0), VoteOutcome::kNoVoters);         // e.g. all 预备: escalate
}

TEST(BranchVote, TenPresentSixYesFourNo) {
  const auto r = evaluate_ballot({10, 10, 0}, {"甲", 6, 4, 0, 0, 0, 0});
  EXPECT_EQ(r.outcome, VoteOutcome::kPassed);
  EXPECT_EQ(r.yes_total, 6);
  EXPECT_EQ(r.yes_needed, 6);
  EXPECT_EQ(r.quorum_needed, 6);
}

TEST(BranchVote, TwoCandidatesAreVotedSeparately) {
  const auto r = evaluate_meeting({10, 8, 0}, {{"A", 6, 2, 0, 0, 0, 0}, {"B", 5, 3, 0, 0, 0, 0}});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].candidate, "A");
  EXPECT_TRUE(r[0].passed());
  EXPECT_EQ(r[1].candidate, "B");
  EXPECT_EQ(r[1].outcome, VoteOutcome::kFailed);
}

// vote.written_counts_for_quorum is [UNCONFIRMED]: the non-default value lets the written opinion
// make the quorum of the second vector.
TEST(BranchVote, WrittenOpinionsForQuorumIsAParameter) {
  VoteParams p;
  p.written_counts_for_quorum = true;
  EXPECT_EQ(vote(10, 5, 5, 1, 1, p), VoteOutcome::kPassed);
  EXPECT_EQ(vote(10, 5, 5, 0, 0, p), VoteOutcome::kNoQuorum);
}

TEST(BranchVote, ImpossibleTalliesAreRefused) {
  EXPECT_EQ(vote(10, 11, 6), VoteOutcome::kBadTally);       // more present than N
  EXPECT_EQ(vote(10, 6, 7), VoteOutcome::kBadTally);        // more ballots than present
  EXPECT_EQ(vote(10, 6, 4, 5, 2), VoteOutcome::kBadTally);  // 6 present + 5 written > 10
  EXPECT_EQ(vote(10, 6, 4, 1, 2), VoteOutcome::kBadTally);  // 2 written yes from 1 opinion
  EXPECT_EQ(vote(10, -1, 0), VoteOutcome::kBadTally);
}

TEST(BranchVote, MessagesCiteTheNumbers) {
  const auto r = evaluate_ballot({10, 9, 0}, {"甲", 5, 4, 0, 0, 0, 0});
  EXPECT_NE(r.message.find("应到会有表决权的正式党员10名"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("未通过"), std::string::npos);
  const auto q = evaluate_ballot({10, 5, 1}, {"甲", 5, 0, 0, 1, 0, 0});
  EXPECT_NE(q.message.find("书面意见不计入到会人数"), std::string::npos) << q.message;
}

// members.md §2: who counts in N.
TEST(BranchVote, RightsMatrix) {
  EXPECT_FALSE(has_voting_right({}));  // a standing nobody stated gives no vote
  EXPECT_TRUE(has_voting_right({"full", "normal", false, false, false}));
  EXPECT_FALSE(has_voting_right({"probationary", "normal", false, false, false}));
  EXPECT_FALSE(has_voting_right({"full", "normal", true, false, false}));   // 留党察看
  EXPECT_FALSE(has_voting_right({"full", "normal", false, true, false}));   // 留置 / 逮捕
  EXPECT_FALSE(has_voting_right({"full", "mobile", false, false, true}));   // card holder at the host
  EXPECT_TRUE(has_voting_right({"full", "mobile", false, false, false}));   // same member at home
  EXPECT_FALSE(has_voting_right({"full", "suspended", false, false, false}));
  EXPECT_FALSE(has_voting_right({"full", "deceased", false, false, false}));
  VoteParams keep;
  keep.exclude_suspended_membership = false;  // the non-default value of the [UNCONFIRMED] parameter
  EXPECT_TRUE(has_voting_right({"full", "suspended", false, false, false}, keep));

  const std::vector<VoterStanding> roster = {
      {"full", "normal", false, false, false}, {"full", "normal", false, false, false},
      {"full", "normal", false, false, false}, {"probationary", "normal", false, false, false},
      {"full", "normal", true, false, false},   {"full", "mobile", false, false, true},
      {}};
  EXPECT_EQ(count_should_attend(roster), 3);
  // A guest card holder may not vote at the host but is a full member in good standing.
  EXPECT_TRUE(is_full_member_in_good_standing({"full", "mobile", false, false, true}));
  EXPECT_FALSE(is_full_member_in_good_standing({"probationary", "normal", false, false, false}));
}

}  // namespace
}  // namespace lianxin::domain
