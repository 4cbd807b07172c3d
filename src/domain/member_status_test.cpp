// 党籍状态 changes: the transition table and its checks (members.md §2, transfer.md §6 vectors).
// 党龄 vectors of members.md §3 are in member_rules_test.cpp (PartyAgeVectors) and the conversion
// dates in recruitment_test.cpp.
#include "domain/member_status.hpp"

#include <gtest/gtest.h>

namespace lianxin::domain {
namespace {

Date d(const char* iso) { return Date::parse(iso).value(); }

StatusRequest req(const char* from, const char* to, const char* effective) {
  StatusRequest r;
  r.from = from;
  r.to = to;
  r.category = "full";
  r.effective = d(effective);
  r.today = d("2026-11-21");
  return r;
}

bool has(const StatusDecision& dec, const std::string& field, const std::string& rule) {
  for (const auto& e : dec.errors)
    if (e.field == field && e.code == rule) return true;
  return false;
}

TEST(MemberStatus, TableIsVersionedAndEveryTransitionNamesItsRule) {
  EXPECT_FALSE(status_table().version.empty());
  for (const auto& t : status_table().transitions) {
    EXPECT_TRUE(t.rule_id.starts_with("R-")) << t.name;
    EXPECT_TRUE(find_enum(member_statuses(), t.to)) << t.to;
  }
  // Terminal statuses have no way out.
  EXPECT_TRUE(transitions_from("expelled").empty());
  EXPECT_TRUE(transitions_from("deceased").empty());
  EXPECT_FALSE(transitions_from("normal").empty());
}

TEST(MemberStatus, TransitionNotInTheTableIsRefusedWithItsRule) {
  auto dec = check_status_change(req("expelled", "normal", "2026-01-01"));
  ASSERT_FALSE(dec.ok());
  EXPECT_EQ(dec.errors[0].code, "STATUS-FLOW");
  EXPECT_NE(dec.errors[0].message.find("出党"), std::string::npos);
  EXPECT_FALSE(check_status_change(req("normal", "normal", "2026-01-01")).ok());
  EXPECT_EQ(check_status_change(req("normal", "nonsense", "2026-01-01")).errors[0].code, "status.invalid");
}

// 已转出 is undone only by cancelling the introduction letter (the transfer module), never by hand.
TEST(MemberStatus, OnlyTheLetterUndoesTransferredOut) {
  EXPECT_TRUE(transitions_from("transferred_out").empty());
  EXPECT_EQ(transitions_from("transferred_out", "transfer").size(), 2u);
  auto by_hand = req("transferred_out", "normal", "2026-01-01");
  by_hand.reason = "撤销";
  EXPECT_EQ(check_status_change(by_hand).errors.at(0).code, "STATUS-FLOW");
  auto by_letter = by_hand;
  by_letter.source = "transfer";
  EXPECT_TRUE(check_status_change(by_letter).ok());
  by_letter.reason.reset();  // the cancellation says why
  EXPECT_FALSE(check_status_change(by_letter).ok());
  // 流动 follows the mobile-member record; by hand the refusal says where to go.
  auto mobile = check_status_change(req("normal", "mobile", "2026-01-01"));
  ASSERT_FALSE(mobile.ok());
  EXPECT_NE(mobile.errors[0].message.find("流出登记"), std::string::npos) << mobile.errors[0].message;
  auto registered = req("normal", "mobile", "2026-01-01");
  registered.source = "mobile";
  EXPECT_TRUE(check_status_change(registered).ok());
}

// R-N03 / R-N07: 失联 needs a 情形 code from the [LOCAL] list and the lost-since date.
TEST(MemberStatus, LostContactNeedsCaseAndDate) {
  auto bare = check_status_change(req("normal", "lost_contact", "2026-01-01"));
  EXPECT_TRUE(has(bare, "kind", "R-N03"));
  EXPECT_TRUE(has(bare, "lost_since", "R-N03"));
  EXPECT_NE(bare.errors[0].message.find("R-N03"), std::string::npos);

  auto r = req("normal", "失联", "2026-01-01");
  r.kind = "外出务工经商";  // label accepted, code stored
  r.since = d("2025-06-30");
  auto ok = check_status_change(r);
  ASSERT_TRUE(ok.ok()) << ok.errors[0].message;
  EXPECT_EQ(ok.kind, "1");
  EXPECT_EQ(ok.to, "lost_contact");
  ASSERT_TRUE(ok.review);
  EXPECT_EQ(ok.review->kind, "suspension");
  EXPECT_EQ(ok.review->due, d("2025-12-30"));

  r.kind = "99";
  EXPECT_TRUE(has(check_status_change(r), "kind", "R-N03"));
  r.kind = "1";
  r.since = d("2026-02-01");  // after the effective date
  EXPECT_TRUE(has(check_status_change(r), "lost_since", "R-N03"));
}

TEST(MemberStatus, LostContactReasonsAreASetting) {
  MemberStatusRules rules;
  ASSERT_FALSE(rules.set("member.lost_contact_reasons", "A:外出; B:其他"));
  ASSERT_EQ(rules.lost_contact_reasons.size(), 2u);
  auto r = req("normal", "lost_contact", "2026-01-01");
  r.since = d("2025-01-01");
  r.kind = "A";
  EXPECT_TRUE(check_status_change(r, rules).ok());
  r.kind = "1";
  EXPECT_FALSE(check_status_change(r, rules).ok());
  EXPECT_TRUE(rules.set("member.lost_contact_reasons", "no-colon"));
  EXPECT_TRUE(rules.set("member.lost_contact_reasons", ""));
  EXPECT_TRUE(rules.set("member.other", "x"));
  EXPECT_EQ(MemberStatusRules::defaults().lost_contact_reasons.size(), 7u);  // R-N07 default list
}

// R-F12: 停止党籍 only after 6 months lost; approver and reason required.
TEST(MemberStatus, SuspensionAfterSixMonthsLost) {
  auto r = req("lost_contact", "suspended", "2024-07-14");
  r.kind = "lost_contact";
  r.lost_since_on_record = d("2024-01-15");
  r.approver = "某某党委";
  r.reason = "经多方寻找仍无法取得联系";
  auto early = check_status_change(r);
  ASSERT_TRUE(has(early, "effective_date", "R-F12"));
  EXPECT_NE(early.errors[0].message.find("2024-07-15"), std::string::npos);
  r.effective = d("2024-07-15");
  auto ok = check_status_change(r);
  ASSERT_TRUE(ok.ok()) << ok.errors[0].message;
  EXPECT_EQ(ok.lost_since, d("2024-01-15"));

  r.approver.reset();
  EXPECT_TRUE(has(check_status_change(r), "approver", "R-F12"));
  r.approver = "某某党委";
  r.lost_since_on_record.reset();
  EXPECT_TRUE(has(check_status_change(r), "lost_since", "R-F12"));
}

// transfer.md §6: abroad for study since 2020-09-01 → more than 5 years from 2025-09-02.
TEST(MemberStatus, AbroadGroundsNeedNoSixMonthsLost) {
  auto r = req("normal", "suspended", "2025-09-01");
  r.kind = "abroad_study";
  r.since = d("2020-09-01");
  r.approver = "某某党委";
  r.reason = "出国学习超过5年未归";
  EXPECT_TRUE(has(check_status_change(r), "effective_date", "R-F12"));
  r.effective = d("2025-09-02");
  EXPECT_TRUE(check_status_change(r).ok());

  auto s = req("normal", "suspended", "2026-01-01");
  s.kind = "settled_abroad";
  s.approver = "某某党委";
  s.reason = "私自出国定居";
  auto ok = check_status_change(s);
  EXPECT_TRUE(ok.ok());
  EXPECT_FALSE(ok.review);  // the 2-year removal review is for the unreachable (lost-contact ground)
}

// transfer.md §6: 停止党籍 decided 2024-09-01 → removal review flag from 2026-09-01.
TEST(MemberStatus, RemovalReviewTwoYearsAfterSuspension) {
  auto r = req("lost_contact", "suspended", "2024-09-01");
  r.kind = "lost_contact";
  r.lost_since_on_record = d("2024-01-01");
  r.approver = "某某党委";
  r.reason = "无法联系";
  auto ok = check_status_change(r);
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(ok.review);
  EXPECT_EQ(ok.review->kind, "removal");
  EXPECT_EQ(ok.review->due, d("2026-09-01"));
  EXPECT_EQ(ok.review->rule_id, "R-F12");

  auto x = req("suspended", "expelled", "2026-08-31");
  x.kind = "self_withdrawal";
  x.suspended_on = d("2024-09-01");
  x.approver = "某某党委";
  x.reason = "停止党籍2年仍无法联系";
  EXPECT_TRUE(has(check_status_change(x), "effective_date", "R-F12"));
  x.effective = d("2026-09-01");
  EXPECT_TRUE(check_status_change(x).ok());
  // Other exit kinds are not bound to the 2 years (开除党籍 is a sanction).
  x.effective = d("2025-01-01");
  x.kind = "开除党籍";
  EXPECT_TRUE(check_status_change(x).ok());
}

// transfer.md §6: member reappears → restoration is a manual decision with reason and approver.
TEST(MemberStatus, RestorationNeedsReasonAndApprover) {
  auto r = req("suspended", "normal", "2025-10-01");
  auto bad = check_status_change(r);
  EXPECT_TRUE(has(bad, "approver", "R-N02"));
  EXPECT_TRUE(has(bad, "reason", "R-N02"));
  r.approver = "某某党委";
  r.reason = "已恢复联系";
  auto ok = check_status_change(r);
  EXPECT_TRUE(ok.ok());
  EXPECT_FALSE(ok.review);  // flag cleared
}

// R-N06: 出党 needs an exit kind from the list; 取消预备党员资格 only for a 预备党员 (R-D22).
TEST(MemberStatus, ExitKinds) {
  auto r = req("normal", "expelled", "2026-01-01");
  r.approver = "某某党委";
  r.reason = "决定";
  EXPECT_TRUE(has(check_status_change(r), "kind", "R-N06"));
  r.kind = "probation_cancelled";
  EXPECT_TRUE(has(check_status_change(r), "kind", "R-D22"));
  r.category = "probationary";
  auto ok = check_status_change(r);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.kind, "probation_cancelled");
  EXPECT_EQ(exit_kinds().size(), 5u);
  for (const char* k : {"退党除名", "劝退除名", "自行脱党除名", "开除党籍", "取消预备党员资格"}) {
    r.kind = k;
    EXPECT_TRUE(check_status_change(r).ok()) << k;
  }
}

TEST(MemberStatus, DeathNeedsNoApprover) {
  EXPECT_TRUE(check_status_change(req("suspended", "deceased", "2026-01-01")).ok());
  EXPECT_TRUE(check_status_change(req("normal", "deceased", "2026-01-01")).ok());
}

// transfer.md §6 first vectors: the 失联 flag dates count from the later of org life and dues
// (transfer_rules lost_contact_flag_from); the recorded lost-since date opens the review.
TEST(MemberStatus, SuspensionReviewFromLostSince) {
  auto rv = review_for("lost_contact", std::string("1"), d("2024-09-20"), d("2024-03-20"));
  ASSERT_TRUE(rv);
  EXPECT_EQ(rv->due, d("2024-09-20"));
  EXPECT_EQ(review_for("lost_contact", std::nullopt, d("2024-01-15"), d("2024-01-15"))->due, d("2024-07-15"));
  EXPECT_EQ(review_for("lost_contact", std::nullopt, d("2024-10-01"), d("2024-08-31"))->due, d("2025-02-28"));
  EXPECT_FALSE(review_for("normal", std::nullopt, d("2024-10-01"), std::nullopt));
}

}  // namespace
}  // namespace lianxin::domain
