// transfer.md §5 (流动党员) test vectors and the members.md §2 rights-matrix row for a
// 《流动党员活动证》 holder at a host branch.
#include "domain/mobile_rules.hpp"

#include <gtest/gtest.h>

namespace lianxin::domain {
namespace {

Date d(const char* iso) { return Date::parse(iso).value(); }

constexpr int64_t kHome = 10, kHost = 20, kOther = 30;

VoterStanding full_mobile() { return VoterStanding{"full", "mobile"}; }

// Holder of 活动证 attends the host 党员大会 that votes on a 发展对象: attendance recorded; ballot
// refused; not in host N.
TEST(MobileRules, RM01CardHolderAtHostAttendsWithoutVote) {
  const BranchTie tie = branch_tie(kHost, kHome, kHost);
  EXPECT_EQ(tie, BranchTie::kCardHost);
  const BranchRights r = rights_at(full_mobile(), tie);
  EXPECT_TRUE(r.attends);
  EXPECT_FALSE(r.may_vote);
  EXPECT_FALSE(r.counted_in_n);
  EXPECT_EQ(r.rule_id, "R-M01");
  // The host's N with two of its own full members and the guest: 2.
  std::vector<VoterStanding> roster = {{"full"}, {"full"}, standing_at(full_mobile(), tie)};
  EXPECT_EQ(count_should_attend(roster), 2);
}

// Same member at the home branch meeting: counted in home N; may vote.
TEST(MobileRules, RM01SameMemberAtHomeIsCounted) {
  const BranchTie tie = branch_tie(kHome, kHome, kHost);
  EXPECT_EQ(tie, BranchTie::kHome);
  const BranchRights r = rights_at(full_mobile(), tie);
  EXPECT_TRUE(r.attends);
  EXPECT_TRUE(r.may_vote);
  EXPECT_TRUE(r.counted_in_n);
  EXPECT_TRUE(r.rule_id.empty());
  EXPECT_EQ(count_should_attend({{"full"}, standing_at(full_mobile(), tie)}), 2);
  // A guest flag carried in from elsewhere is cleared at home.
  VoterStanding guest = full_mobile();
  guest.activity_card_guest = true;
  EXPECT_TRUE(rights_at(guest, BranchTie::kHome).may_vote);
}

TEST(MobileRules, OtherBranchesAndOtherStandings) {
  // A branch that is neither home nor the card's host.
  EXPECT_EQ(branch_tie(kOther, kHome, kHost), BranchTie::kNone);
  EXPECT_EQ(branch_tie(kHost, kHome, std::nullopt), BranchTie::kNone);  // card returned
  const BranchRights none = rights_at(full_mobile(), BranchTie::kNone);
  EXPECT_FALSE(none.attends);
  EXPECT_FALSE(none.may_vote);
  // A 预备党员 card holder: attends at the host, no vote there (nor at home).
  const BranchRights prob = rights_at({"probationary", "mobile"}, BranchTie::kCardHost);
  EXPECT_TRUE(prob.attends);
  EXPECT_FALSE(prob.may_vote);
  EXPECT_EQ(prob.rule_id, "R-N01");
  EXPECT_FALSE(rights_at({"probationary", "mobile"}, BranchTie::kHome).may_vote);
}

// R-T02 vs R-M01: 5 months → card; 6 → transfer by default (以上 includes 6), card with
// transfer.six_month_boundary=CARD; 10 → transfer either way.
TEST(MobileRules, RT02CardOrTransfer) {
  EXPECT_FALSE(check_card_duration(5));
  auto six = check_card_duration(6);
  ASSERT_TRUE(six);
  EXPECT_EQ(six->rule_id, "R-T02");
  EXPECT_EQ(six->severity, Severity::kBlock);
  ASSERT_TRUE(check_card_duration(10));
  TransferRulePack card;
  ASSERT_FALSE(card.set("transfer.six_month_boundary", "CARD"));
  EXPECT_FALSE(check_card_duration(6, card));
  EXPECT_TRUE(check_card_duration(7, card));
}

// 3 members of one branch leave together for a 10-month project → suggest a temporary branch /
// 党小组 (R-M02); 2 members → no suggestion (and > 6 months → transfer, R-T02).
TEST(MobileRules, RM02GroupOut) {
  auto three = check_group_out(3);
  ASSERT_TRUE(three);
  EXPECT_EQ(three->rule_id, "R-M02");
  EXPECT_NE(three->severity, Severity::kBlock);
  EXPECT_FALSE(check_group_out(2));
  EXPECT_TRUE(check_card_duration(10));
  // Overlap of periods, ends included.
  EXPECT_EQ(expected_end(d("2025-03-01"), 10), d("2026-01-01"));
  EXPECT_TRUE(periods_overlap(d("2025-01-01"), d("2025-06-01"), d("2025-06-01"), d("2025-09-01")));
  EXPECT_FALSE(periods_overlap(d("2025-01-01"), d("2025-05-31"), d("2025-06-01"), d("2025-09-01")));
}

// Member abroad for study, last contact 2025-01-10 → contact due by 2025-07-10 (R-M04).
TEST(MobileRules, RM04ContactDue) {
  EXPECT_EQ(contact_due(d("2025-01-10")), d("2025-07-10"));
  EXPECT_FALSE(contact_overdue(d("2025-01-10"), d("2025-07-10")));
  EXPECT_TRUE(contact_overdue(d("2025-01-10"), d("2025-07-11")));
  TransferRulePack three;
  ASSERT_FALSE(three.set("transfer.mobile_contact_months", "3"));
  EXPECT_EQ(contact_due(d("2025-01-10"), three), d("2025-04-10"));
  EXPECT_TRUE(three.set("transfer.mobile_contact_months", "0"));
}

}  // namespace
}  // namespace lianxin::domain
