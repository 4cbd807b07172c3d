// transfer.md §4 (R-T vectors), §5 (mobile members) and §6 (失联, 停止党籍) test vectors.
#include "domain/transfer_rules.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include "domain/branch_vote.hpp"

namespace lianxin::domain {
namespace {

Date d(const char* iso) { return Date::parse(iso).value(); }

// R-T02: 5 months → no transfer, offer 活动证 (R-M01); 6 months (以上 includes 6) → transfer.
TEST(TransferRules, RT02GoingOut) {
  EXPECT_EQ(going_out_advice(5), GoingOut::kCard);
  EXPECT_EQ(going_out_advice(6), GoingOut::kTransfer);
  EXPECT_EQ(going_out_advice(10), GoingOut::kTransfer);
  EXPECT_EQ(going_out_advice(0), GoingOut::kNoTransfer);
  TransferRulePack card;
  ASSERT_FALSE(card.set("transfer.six_month_boundary", "CARD"));  // [UNCONFIRMED] alternative
  EXPECT_EQ(going_out_advice(6, card), GoingOut::kCard);
  EXPECT_EQ(going_out_advice(7, card), GoingOut::kTransfer);
}

// R-T03: both 基层党委 with approval power → direct; a 党总支 sender routes via its 党委.
TEST(TransferRules, RT03DirectOrMultiHop) {
  const TransferOrg committee{"basic_committee", true, false};
  const TransferOrg general_branch{"general_branch", false, false};
  const TransferOrg branch{"branch", false, false};
  const TransferOrg county_dept{"committee", false, true};
  const TransferOrg village{"basic_committee", false, false};  // village 党委 under a 乡镇党委: reviews only
  EXPECT_TRUE(direct_path(committee, committee));
  EXPECT_FALSE(direct_path(general_branch, committee));
  EXPECT_EQ(transfer_node({general_branch, committee, county_dept}), 1u);
  EXPECT_EQ(transfer_node({branch, village, county_dept}), 2u);  // 逐级 to the county department
  EXPECT_FALSE(transfer_node({branch, general_branch}));
  EXPECT_TRUE(may_transfer_directly(county_dept));
}

// R-T03 / R-T10 routes: both 基层党委 with power → direct; a 党总支 routes via its 党委 (still
// direct when that 党委 has power); a 基层党委 without power sends 逐级 through the county
// departments (transfer.md §3 example); a side without any node cannot be routed.
TEST(TransferRules, RT10Route) {
  auto org = [](const char* kind, bool approve, bool direct, int64_t id) { return TransferOrg{kind, approve, direct, id}; };
  const auto county_a = org("committee", false, true, 1), county_b = org("committee", false, true, 2);
  const auto basic_a = org("basic_committee", true, false, 10), basic_b = org("basic_committee", true, false, 20);
  const auto weak_a = org("basic_committee", false, false, 11), weak_b = org("basic_committee", false, false, 21);
  const auto total_a = org("general_branch", false, false, 12);
  const auto branch_a = org("branch", false, false, 100), branch_b = org("branch", false, false, 200);

  // 基层党委 with power ↔ 基层党委 with power: direct.
  auto r = transfer_route({branch_a, basic_a, county_a}, {branch_b, basic_b, county_b});
  EXPECT_FALSE(r.unroutable);
  EXPECT_TRUE(r.direct);
  EXPECT_TRUE(r.hops.empty());
  // A branch under a 党总支: the 党总支 passes it to its 党委, which sends directly.
  EXPECT_TRUE(transfer_route({branch_a, total_a, basic_a, county_a}, {branch_b, basic_b}).direct);

  // branch → its 基层党委 without power → county A → county B → receiving 基层党委 → branch.
  r = transfer_route({branch_a, weak_a, county_a}, {branch_b, weak_b, county_b});
  ASSERT_FALSE(r.direct);
  ASSERT_EQ(r.hops.size(), 5u);
  auto at = [&](size_t i) { return std::make_tuple(r.hops[i].receiving_side, r.hops[i].chain_index, r.hops[i].receives); };
  EXPECT_EQ(at(0), std::make_tuple(false, size_t{1}, false));  // weak_a forwards up
  EXPECT_EQ(at(1), std::make_tuple(false, size_t{2}, false));  // county A sends
  EXPECT_EQ(at(2), std::make_tuple(true, size_t{2}, false));   // county B receives and passes down
  EXPECT_EQ(at(3), std::make_tuple(true, size_t{1}, false));   // weak_b passes to its branch
  EXPECT_EQ(at(4), std::make_tuple(true, size_t{0}, true));    // the receiving branch accepts

  // Both sides under one county: the shared node acts once.
  r = transfer_route({branch_a, weak_a, county_a}, {branch_b, weak_b, county_a});
  ASSERT_EQ(r.hops.size(), 4u);
  EXPECT_EQ(at(1), std::make_tuple(false, size_t{2}, false));
  EXPECT_EQ(at(2), std::make_tuple(true, size_t{1}, false));
  EXPECT_EQ(at(3), std::make_tuple(true, size_t{0}, true));

  // Only the receiving side lacks power: the sending 基层党委 sends to the county, which passes down.
  r = transfer_route({branch_a, basic_a, county_a}, {branch_b, weak_b, county_a});
  ASSERT_EQ(r.hops.size(), 4u);
  EXPECT_EQ(at(0), std::make_tuple(false, size_t{1}, false));
  EXPECT_EQ(at(1), std::make_tuple(true, size_t{2}, false));

  // No org that may transfer on a side: not routable.
  EXPECT_EQ(transfer_route({branch_a, weak_a}, {branch_b, basic_b}).unroutable, "sender");
  EXPECT_EQ(transfer_route({branch_a, basic_a}, {branch_b, total_a}).unroutable, "receiver");
}

// R-T04: letter issued 2025-04-01, not yet accepted on 2025-05-15 → still at the sender.
TEST(TransferRules, RT04SenderResponsibleUntilAccepted) {
  EXPECT_TRUE(sender_responsible(TransferState::kIssued));
  EXPECT_TRUE(sender_responsible(TransferState::kInTransit));
  EXPECT_TRUE(sender_responsible(TransferState::kReceived));
  EXPECT_TRUE(sender_responsible(TransferState::kRejected));
  EXPECT_FALSE(sender_responsible(TransferState::kAccepted));
  EXPECT_FALSE(sender_responsible(TransferState::kReceiptReturned));
}

// R-T05: a refusal with an empty reason → BLOCK.
TEST(TransferRules, RT05RejectNeedsReason) {
  const auto f = check_rejection("", "");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->rule_id, "R-T05");
  EXPECT_EQ(f->severity, Severity::kBlock);
  EXPECT_TRUE(check_rejection("info_mismatch", " "));
  EXPECT_FALSE(check_rejection("info_mismatch", "身份证号与档案不一致"));
}

// R-T07: accepted 2025-05-10 → receipt due 2025-06-10; not returned 2025-06-11 → overdue.
TEST(TransferRules, RT07ReceiptWithinOneMonth) {
  EXPECT_EQ(receipt_deadline(d("2025-05-10"), d("2025-06-10")).due, d("2025-06-10"));
  EXPECT_FALSE(receipt_deadline(d("2025-05-10"), d("2025-06-10")).overdue);
  EXPECT_TRUE(receipt_deadline(d("2025-05-10"), d("2025-06-11")).overdue);
  EXPECT_EQ(receipt_deadline(d("2025-01-31"), d("2025-02-01")).due, d("2025-02-28"));  // month end
}

// R-T08: issued 2025-03-01, 30 days → last valid 2025-03-31; presented 2025-04-01 → EXPIRED;
// 120 days entered, max 90 → BLOCK (or WARN if the deployment relaxes it).
TEST(TransferRules, RT08LetterValidity) {
  EXPECT_EQ(letter_last_valid_day(d("2025-03-01"), 30), d("2025-03-31"));
  EXPECT_FALSE(letter_expired(d("2025-03-01"), 30, d("2025-03-31")));
  EXPECT_TRUE(letter_expired(d("2025-03-01"), 30, d("2025-04-01")));
  EXPECT_EQ(TransferRulePack::defaults().letter_validity_days_default, 30);
  const auto f = check_letter_validity(120, false);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->severity, Severity::kBlock);
  EXPECT_FALSE(check_letter_validity(90, false));
  EXPECT_TRUE(check_letter_validity(0, false));
  TransferRulePack relaxed;
  ASSERT_FALSE(relaxed.set("severity.R-T08", "WARN"));
  EXPECT_EQ(check_letter_validity(120, false, relaxed)->severity, Severity::kWarn);
  TransferRulePack six_months;  // the "≤ 6 months cross-province" reading
  ASSERT_FALSE(six_months.set("transfer.letter_validity_days_max_cross_province", "180"));
  EXPECT_FALSE(check_letter_validity(120, true, six_months));
  EXPECT_TRUE(check_letter_validity(120, false, six_months));
  EXPECT_TRUE(relaxed.set("transfer.letter_validity_days_max", "0"));
  EXPECT_TRUE(relaxed.set("transfer.no_such_key", "1"));
  EXPECT_TRUE(relaxed.set("transfer.letter_validity_days_max", "20"));  // below the default of 30
  EXPECT_EQ(relaxed.letter_validity_days_max, 90);                     // refused and unchanged
  EXPECT_TRUE(relaxed.set("severity.R-T08", "OFF"));
}

// R-T13: approval pending since 2025-03-01, timeout 30 days → deadline 2025-03-31; overdue from 04-01.
TEST(TransferRules, RT13ApprovalTimeout) {
  EXPECT_EQ(approval_deadline(d("2025-03-01"), d("2025-03-31")).due, d("2025-03-31"));
  EXPECT_FALSE(approval_deadline(d("2025-03-01"), d("2025-03-31")).overdue);
  EXPECT_TRUE(approval_deadline(d("2025-03-01"), d("2025-04-01")).overdue);
  TransferRulePack ten;
  ASSERT_FALSE(ten.set("transfer.approval_timeout_days", "10"));
  EXPECT_EQ(approval_deadline(d("2025-03-01"), d("2025-03-01"), ten).due, d("2025-03-11"));
}

// R-T14: 党费交到 2025年3月, accepted 2025-05-10 → receiving branch collects from 2025-04.
TEST(TransferRules, RT14DuesHandOver) {
  EXPECT_EQ(receiver_dues_from({2025, 3}), (YearMonth{2025, 4}));
  EXPECT_EQ(receiver_dues_from({2025, 12}), (YearMonth{2026, 1}));
}

TEST(TransferRules, CapitalNumeralsOnTheLetter) {
  EXPECT_EQ(capital_numeral(30), "叁拾");
  EXPECT_EQ(capital_numeral(15), "壹拾伍");
  EXPECT_EQ(capital_numeral(7), "柒");
  EXPECT_EQ(capital_numeral(3), "叁");
  EXPECT_EQ(capital_numeral(90), "玖拾");
  EXPECT_EQ(capital_numeral(105), "壹佰零伍");
  EXPECT_EQ(capital_numeral(180), "壹佰捌拾");
  EXPECT_EQ(capital_numeral(2025), "贰仟零贰拾伍");
  EXPECT_EQ(capital_numeral(0), "零");
}

// The letter's 党费交到 and the year written as on the printed form.
TEST(TransferRules, CapitalYearMonth) {
  EXPECT_EQ(capital_digits(2025), "贰零贰伍");
  EXPECT_EQ(capital_year_month({2025, 3}), "贰零贰伍年叁月");
  EXPECT_EQ(capital_year_month({2024, 12}), "贰零贰肆年壹拾贰月");
}

// R-T08 on a stored letter: issued 2025-03-01 for 30 days shows ISSUED through 2025-03-31 and
// EXPIRED from 2025-04-01; a receipted or cancelled letter never expires; reissue while out or expired.
TEST(TransferRules, RT08OutgoingLetterState) {
  using S = TransferState;
  const Date last = letter_last_valid_day(d("2025-03-01"), 30);
  EXPECT_EQ(outgoing_letter_state(S::kIssued, last, d("2025-03-31")), S::kIssued);
  EXPECT_EQ(outgoing_letter_state(S::kIssued, last, d("2025-04-01")), S::kExpired);
  EXPECT_EQ(outgoing_letter_state(S::kReceiptReturned, last, d("2025-06-01")), S::kReceiptReturned);
  EXPECT_EQ(outgoing_letter_state(S::kCancelled, last, d("2025-06-01")), S::kCancelled);
  EXPECT_TRUE(letter_reissue_allowed(S::kIssued));
  EXPECT_TRUE(letter_reissue_allowed(S::kExpired));
  EXPECT_FALSE(letter_reissue_allowed(S::kReceiptReturned));
  EXPECT_FALSE(letter_reissue_allowed(S::kCancelled));
}

TEST(TransferRules, StateMachine) {
  using S = TransferState;
  EXPECT_TRUE(transfer_transition_allowed(S::kDraft, S::kIssued));
  EXPECT_TRUE(transfer_transition_allowed(S::kIssued, S::kInTransit));
  EXPECT_TRUE(transfer_transition_allowed(S::kInTransit, S::kInTransit));  // multi-hop
  EXPECT_TRUE(transfer_transition_allowed(S::kReceived, S::kAccepted));
  EXPECT_TRUE(transfer_transition_allowed(S::kAccepted, S::kReceiptReturned));
  EXPECT_TRUE(transfer_transition_allowed(S::kReceived, S::kRejected));
  EXPECT_TRUE(transfer_transition_allowed(S::kReceived, S::kExpired));
  EXPECT_FALSE(transfer_transition_allowed(S::kReceived, S::kCancelled));  // cancel only before receipt
  EXPECT_FALSE(transfer_transition_allowed(S::kDraft, S::kAccepted));
  EXPECT_FALSE(transfer_transition_allowed(S::kRejected, S::kAccepted));
  EXPECT_FALSE(transfer_transition_allowed(S::kAccepted, S::kRejected));
  EXPECT_STREQ(transfer_state_code(S::kReceiptReturned), "RECEIPT_RETURNED");
}

// transfer.md §5.
TEST(TransferRules, MobileMembers) {
  // 活动证 holder at the host meeting: not in N, no ballot; at home: counted.
  EXPECT_FALSE(has_voting_right({"full", "mobile", false, false, true}));
  EXPECT_TRUE(has_voting_right({"full", "mobile", false, false, false}));
  // 3 members leave together for 10 months → suggest a temporary branch; 2 → no suggestion, transfer.
  EXPECT_TRUE(suggest_temporary_org(3));
  EXPECT_FALSE(suggest_temporary_org(2));
  EXPECT_EQ(going_out_advice(10), GoingOut::kTransfer);
  // Abroad for study, last contact 2025-01-10 → contact due by 2025-07-10 (R-M04).
  EXPECT_EQ(abroad_contact_due(d("2025-01-10")), d("2025-07-10"));
}

// transfer.md §6 (R-F12, R-N03): flags only, nothing automatic.
TEST(TransferRules, LostContactAndSuspensionReviewDates) {
  EXPECT_EQ(lost_contact_flag_from(d("2024-01-15"), d("2023-12-01")), d("2024-07-15"));
  EXPECT_EQ(lost_contact_flag_from(d("2024-01-15"), d("2024-03-20")), d("2024-09-20"));
  EXPECT_EQ(lost_contact_flag_from(d("2024-01-15"), std::nullopt), d("2024-07-15"));
  EXPECT_EQ(removal_review_from(d("2024-09-01")), d("2026-09-01"));
  EXPECT_EQ(abroad_review_from(d("2020-09-01")), d("2025-09-02"));
  EXPECT_EQ(lost_contact_flag_from(d("2024-08-31"), std::nullopt), d("2025-02-28"));  // month end
  EXPECT_EQ(removal_review_from(d("2024-02-29")), d("2026-02-28"));                   // leap day
}

}  // namespace
}  // namespace lianxin::domain
