// Member status changes on every backend: each decision is a dated event beside the history row,
// refusals name the rule and leave nothing behind, review flags come from the event in force, the
// subtree list of due reviews is scoped and keyset paginated, and conversion is idempotent.
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "modules/common/workflow_test_support.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;
using member::MemberService;

class MemberStatusTest : public WorkflowTest {
protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    county = org("C", "测试县委", "committee", std::nullopt);
    b1 = org("Z1", "第一党支部", "branch", county.id);
    b2 = org("Z2", "第二党支部", "branch", county.id);
  }
  http::ApiError refused(int64_t id, const MemberService::StatusChange& ch) {
    try {
      members->change_status(id, ch, meta, http::Scope::all());
    } catch (const http::ApiError& e) {
      return e;
    }
    ADD_FAILURE() << "change accepted";
    return http::ApiError(200, "", "");
  }
  MemberService::StatusChange lost(const char* eff, const char* since) {
    return {.status = "lost_contact", .effective_date = eff, .kind = "1", .lost_since = since};
  }
  MemberService::StatusChange suspend(const char* eff) {
    return {.status = "suspended", .effective_date = eff, .reason = "经多方寻找仍无法联系", .approver = "测试县委",
            .kind = "lost_contact"};
  }

  org::OrgRecord county, b1, b2;
};

TEST_P(MemberStatusTest, EachDecisionIsAnEventBesideTheHistoryRow) {
  const int64_t m = add_member(b1.id, 1);
  members->change_status(m, lost("2025-01-10", "2024-12-01"), meta, http::Scope::all());
  members->change_status(m, suspend("2025-06-01"), meta, http::Scope::all());
  const std::string where = " WHERE member_id = " + std::to_string(m);
  EXPECT_EQ(count("SELECT count(*) FROM member_status_events" + where), 2);
  EXPECT_EQ(count("SELECT count(*) FROM member_history" + where + " AND action = 'status'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'member.status'"), 2);

  auto v = members->status_view(m, http::Scope::all());
  EXPECT_EQ(v.at("status").as_string(), "suspended");
  const auto& ev = v.at("events").as_array();
  ASSERT_EQ(ev.size(), 2u);
  // Newest first; the earlier state is still there.
  EXPECT_EQ(ev[0].at("to_status").as_string(), "suspended");
  EXPECT_EQ(ev[0].at("approver").as_string(), "测试县委");
  EXPECT_EQ(ev[0].at("rule_id").as_string(), "R-F12");
  EXPECT_EQ(ev[0].at("lost_since").as_string(), "2024-12-01");  // taken from the 失联 event
  EXPECT_EQ(ev[1].at("to_status").as_string(), "lost_contact");
  EXPECT_EQ(ev[1].at("kind_label").as_string(), "外出务工经商");
  EXPECT_EQ(ev[1].at("request_id").as_string(), "req-1");
  // Removal review two years after the suspension (R-F12); not yet due on 2026-11-21.
  const auto& rv = v.at("reviews").as_array();
  ASSERT_EQ(rv.size(), 1u);
  EXPECT_EQ(rv[0].at("kind").as_string(), "removal");
  EXPECT_EQ(rv[0].at("due").as_string(), "2027-06-01");
  EXPECT_FALSE(rv[0].at("due_now").as_bool());
}

TEST_P(MemberStatusTest, RefusalsNameTheRuleAndLeaveNothingBehind) {
  const int64_t m = add_member(b1.id, 2);
  members->change_status(m, lost("2026-09-01", "2026-08-01"), meta, http::Scope::all());
  const int64_t events = count("SELECT count(*) FROM member_status_events");
  const int64_t audits = count("SELECT count(*) FROM audit_log");
  // Lost for less than 6 months (R-F12).
  auto e = refused(m, suspend("2026-11-21"));
  EXPECT_EQ(e.status, 422);
  EXPECT_EQ(e.code, "R-F12");
  EXPECT_NE(e.message.find("R-F12"), std::string::npos);
  EXPECT_EQ(e.field, "effective_date");
  // Without approver.
  auto ch = suspend("2026-11-21");
  ch.approver.reset();
  EXPECT_EQ(refused(m, ch).code, "R-F12");
  // Not in the table.
  const int64_t d = add_member(b1.id, 3);
  members->change_status(d, {.status = "deceased"}, meta, http::Scope::all());
  EXPECT_EQ(refused(d, {.status = "normal"}).code, "STATUS-FLOW");
  EXPECT_EQ(refused(m, {.status = "lost_contact"}).status, 409);  // unchanged
  EXPECT_EQ(count("SELECT count(*) FROM member_status_events"), events + 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), audits + 2);  // the death only: history + audit
  EXPECT_EQ(members->status_view(m, http::Scope::all()).at("status").as_string(), "lost_contact");
}

TEST_P(MemberStatusTest, RemovalTwoYearsAfterSuspensionAlsoForOlderRecords) {
  const int64_t m = add_member(b1.id, 4);
  // A status set before status events existed: only the history row knows the date.
  members->change_status(m, {.status = "suspended", .effective_date = "2024-09-01", .reason = "私自出国定居",
                              .approver = "测试县委", .kind = "settled_abroad"},
                         meta, http::Scope::all());
  db->write([&](db::Tx& tx) { tx.exec("DELETE FROM member_status_events WHERE member_id = $1", {m}); });
  MemberService::StatusChange out{.status = "expelled", .effective_date = "2026-08-31", .reason = "停止党籍满2年",
                                  .approver = "测试县委", .kind = "自行脱党除名"};
  EXPECT_EQ(refused(m, out).code, "R-F12");
  out.effective_date = "2026-09-01";
  auto done = members->change_status(m, out, meta, http::Scope::all());
  EXPECT_EQ(done.status, "expelled");
}

TEST_P(MemberStatusTest, DueReviewsOfTheSubtreeInDueOrderWithKeyset) {
  // Three lost members in b1 (due 2025-06-01, 2025-07-01, not yet), one suspended in b2 (removal
  // due 2026-01-01), one restored (no review).
  const int64_t a = add_member(b1.id, 5), b = add_member(b1.id, 6), c = add_member(b1.id, 7);
  const int64_t s = add_member(b2.id, 8), r = add_member(b2.id, 9);
  members->change_status(b, lost("2025-02-01", "2025-01-01"), meta, http::Scope::all());
  members->change_status(a, lost("2025-02-01", "2024-12-01"), meta, http::Scope::all());
  members->change_status(c, lost("2026-10-01", "2026-09-01"), meta, http::Scope::all());
  members->change_status(s, lost("2023-06-01", "2023-06-01"), meta, http::Scope::all());
  members->change_status(s, suspend("2024-01-01"), meta, http::Scope::all());
  members->change_status(r, lost("2024-01-01", "2024-01-01"), meta, http::Scope::all());
  members->change_status(r, {.status = "normal", .reason = "已恢复联系", .approver = "第二党支部"}, meta,
                         http::Scope::all());

  auto all = members->status_reviews(std::nullopt, std::nullopt, http::Scope::all(), {});
  ASSERT_EQ(all.at("total").as_int64(), 3);
  const auto& items = all.at("items").as_array();
  EXPECT_EQ(items[0].at("member_id").as_int64(), a);
  EXPECT_EQ(items[0].at("due").as_string(), "2025-06-01");
  EXPECT_EQ(items[0].at("review_kind").as_string(), "suspension");
  EXPECT_EQ(items[1].at("member_id").as_int64(), b);
  EXPECT_EQ(items[2].at("member_id").as_int64(), s);
  EXPECT_EQ(items[2].at("review_kind").as_string(), "removal");
  EXPECT_EQ(items[2].at("due").as_string(), "2026-01-01");

  // Keyset: one per page walks the same order.
  http::PageRequest p;
  p.limit = 1;
  std::vector<int64_t> seen;
  for (int i = 0; i < 5; ++i) {
    auto page = members->status_reviews(std::nullopt, std::nullopt, http::Scope::all(), p);
    for (const auto& it : page.at("items").as_array()) seen.push_back(it.at("member_id").as_int64());
    if (page.at("next").is_null()) break;
    p.after = http::decode_cursor(std::string(page.at("next").as_string()));
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{a, b, s}));

  // ?org= and the caller's scope restrict it; kind filters.
  EXPECT_EQ(members->status_reviews(b2.id, std::nullopt, http::Scope::all(), {}).at("total").as_int64(), 1);
  http::Scope only_b1{false, {b1.path}, false, {b1.path}};
  EXPECT_EQ(members->status_reviews(std::nullopt, std::nullopt, only_b1, {}).at("total").as_int64(), 2);
  EXPECT_EQ(members->status_reviews(std::nullopt, std::string("removal"), http::Scope::all(), {}).at("total").as_int64(), 1);
  // Decided: no longer listed.
  members->change_status(a, suspend("2025-06-01"), meta, http::Scope::all());
  EXPECT_EQ(members->status_reviews(b1.id, std::string("suspension"), http::Scope::all(), {}).at("total").as_int64(), 1);
}

TEST_P(MemberStatusTest, ConversionIsIdempotentAndRecorded) {
  const int64_t m = add_member(b1.id, 10, true);
  auto run = [&](const std::string& date) {
    return db->write_value([&](db::Tx& tx) { return members->convert_to_full_in(tx, m, date, "转正", meta); });
  };
  auto full = run("2026-06-20");
  EXPECT_EQ(full.category, "full");
  EXPECT_EQ(full.full_date, "2026-06-20");
  auto again = run("2026-06-20");
  EXPECT_EQ(again.version, full.version);
  const std::string where = " WHERE member_id = " + std::to_string(m) + " AND action = 'convert'";
  EXPECT_EQ(count("SELECT count(*) FROM member_history" + where), 1);
  EXPECT_EQ(count("SELECT count(*) FROM member_history" + where + " AND effective_date = '2026-06-20'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'member.convert'"), 1);
  try {
    run("2025-06-20");  // not after join_date
    FAIL();
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 422);
  }
  // Cancelled probation through the in-transaction status change.
  const int64_t p = add_member(b1.id, 11, true);
  db->write([&](db::Tx& tx) {
    members->change_status_in(tx, p, {.status = "expelled", .reason = "取消预备党员资格", .approver = "测试县委",
                                      .kind = "probation_cancelled", .source = "recruit"},
                              meta);
  });
  EXPECT_EQ(count("SELECT count(*) FROM member_status_events WHERE source = 'recruit' AND kind = 'probation_cancelled'"), 1);
}

TEST_P(MemberStatusTest, WithdrawnConversionAndCancellationRevertInTheSameTransaction) {
  const int64_t m = add_member(b1.id, 12, true);
  db->write([&](db::Tx& tx) { members->convert_to_full_in(tx, m, "2026-06-20", "转正", meta); });
  auto back = db->write_value([&](db::Tx& tx) { return members->revert_conversion_in(tx, m, "更正：撤回转正", meta); });
  EXPECT_EQ(back.category, "probationary");
  EXPECT_FALSE(back.full_date.has_value());
  // Idempotent; one history row and one audit record.
  db->write([&](db::Tx& tx) { members->revert_conversion_in(tx, m, "更正：撤回转正", meta); });
  const std::string of_m = " WHERE member_id = " + std::to_string(m);
  EXPECT_EQ(count("SELECT count(*) FROM member_history" + of_m + " AND action = 'convert_revert'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'member.convert_revert'"), 1);
  // Rolled back with the caller's transaction: nothing stays.
  const int64_t n = add_member(b1.id, 13, true);
  db->write([&](db::Tx& tx) { members->convert_to_full_in(tx, n, "2026-06-20", "转正", meta); });
  EXPECT_THROW(db->write([&](db::Tx& tx) {
                 members->revert_conversion_in(tx, n, "更正", meta);
                 throw std::runtime_error("caller fails");
               }),
               std::runtime_error);
  EXPECT_EQ(members->get(n, http::Scope::all()).category, "full");

  // A cancellation set by recruitment is undone with a new event; another latest event is left alone.
  const int64_t p = add_member(b1.id, 14, true);
  db->write([&](db::Tx& tx) {
    members->change_status_in(tx, p, {.status = "expelled", .reason = "取消预备党员资格", .approver = "测试县委",
                                      .kind = "probation_cancelled", .source = "recruit"},
                              meta);
  });
  auto restored = db->write_value([&](db::Tx& tx) {
    return members->revert_status_event_in(tx, p, "probation_cancelled", "recruit", "R-D22", "更正：撤回取消", meta);
  });
  EXPECT_EQ(restored.status, "normal");
  const std::string of_p = " WHERE member_id = " + std::to_string(p);
  EXPECT_EQ(count("SELECT count(*) FROM member_status_events" + of_p), 2);
  EXPECT_EQ(count("SELECT count(*) FROM member_status_events" + of_p +
                  " AND kind = 'probation_cancelled_withdrawn' AND to_status = 'normal' AND rule_id = 'R-D22'"),
            1);
  auto same = db->write_value([&](db::Tx& tx) {
    return members->revert_status_event_in(tx, p, "probation_cancelled", "recruit", "R-D22", "再次", meta);
  });
  EXPECT_EQ(same.version, restored.version);
}

TEST_P(MemberStatusTest, StatusOnADateComesFromTheDatedEvents) {
  const int64_t m = add_member(b1.id, 15);
  members->change_status(m, lost("2025-01-10", "2024-12-01"), meta, http::Scope::all());
  members->change_status(m, suspend("2025-06-01"), meta, http::Scope::all());
  db->read([&](db::Tx& tx) {
    auto rec = *members->find(tx, m);
    EXPECT_EQ(members->status_on(tx, rec, "2025-01-09"), "normal");
    EXPECT_EQ(members->status_on(tx, rec, "2025-01-10"), "lost_contact");
    EXPECT_EQ(members->status_on(tx, rec, "2025-05-31"), "lost_contact");
    EXPECT_EQ(members->status_on(tx, rec, "2025-06-01"), "suspended");
    EXPECT_EQ(members->of_branch(tx, b1.id).size(), 1u);
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberStatusTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
