// Mobile-member storage on every backend: an outflow flags the member "mobile" in the same
// transaction (and a refused registration leaves nothing behind), one active outflow per member
// and one record per card number (unique indexes), R-T02 per the six-month boundary setting, the
// R-M02 suggestion for 3 members together, the contact log and the overdue filter (R-M04), return
// with the status back to normal, an inflow from outside with its ID number encrypted, and the
// R-M01 rights of a card holder at the host vs. at home.
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "modules/common/workflow_test_support.hpp"
#include "modules/mobile/mobile_service.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;

class MobileTest : public WorkflowTest {
protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    svc = std::make_unique<mobile::MobileService>(*ctx, *members);
    county = org("C", "测试县委", "committee", std::nullopt);
    home = org("Z1", "第一党支部", "branch", county.id);
    host = org("Z2", "第二党支部", "branch", county.id);
    member_id = add_member(home.id, 11);
  }
  mobile::MobileInput outflow(int64_t mid, int months = 5, const std::string& card = "") {
    mobile::MobileInput in;
    in.member_id = mid;
    in.destination = "广东省深圳市";
    in.reason = "外出务工";
    in.start_date = "2026-10-01";
    in.expected_months = months;
    in.card_no = card.empty() ? "LD-" + std::to_string(mid) + "-" + std::to_string(months) : card;
    in.card_issued_on = "2026-09-28";
    in.contact_phone = "13812345678";
    return in;
  }
  json::object out(int64_t mid, int months = 5) { return svc->register_outflow(outflow(mid, months), meta, http::Scope::all()); }
  std::string status_of(int64_t mid) {
    return db->read_value([&](db::Tx& tx) { return members->find(tx, mid)->status; });
  }
  template <class F>
  http::ApiError error_of(F&& f) {
    try {
      f();
    } catch (const http::ApiError& e) {
      return e;
    }
    ADD_FAILURE() << "no ApiError";
    return http::ApiError{0, "", ""};
  }

  std::unique_ptr<mobile::MobileService> svc;
  org::OrgRecord county, home, host;
  int64_t member_id = 0;
};

TEST_P(MobileTest, OutflowFlagsTheMemberInOneTransactionAndReturnRestoresIt) {
  const int64_t audits = count("SELECT count(*) FROM audit_log");
  auto in = outflow(member_id);
  in.host_org_id = host.id;
  auto r = svc->register_outflow(in, meta, http::Scope::all());
  EXPECT_EQ(r.at("state").as_string(), "active");
  EXPECT_EQ(r.at("contact_phone").as_string(), "138****5678");
  EXPECT_EQ(r.at("expected_end").as_string(), "2027-03-01");
  EXPECT_EQ(r.at("contact_due").as_string(), "2027-04-01");  // start + 6 months until a contact
  EXPECT_EQ(status_of(member_id), "mobile");
  EXPECT_EQ(count("SELECT count(*) FROM member_history WHERE member_id = " + std::to_string(member_id) +
                  " AND action = 'status' AND effective_date = '2026-10-01'"),
            1);
  // The phone is stored encrypted, never in clear.
  EXPECT_EQ(count("SELECT count(*) FROM mobile_members WHERE contact_phone_enc LIKE '%13812345678%'"), 0);
  // One active outflow per member: the service says 409, the unique index holds anyway.
  EXPECT_EQ(error_of([&] { svc->register_outflow(outflow(member_id, 4), meta, http::Scope::all()); }).code,
            "mobile.active");
  EXPECT_THROW(db->write([&](db::Tx& tx) {
                 tx.exec("INSERT INTO mobile_members (direction, member_id, open_member_id, member_name, home_org_name, "
                         "destination, reason, start_date, expected_months, expected_end, card_no, card_issued_on, "
                         "findings, state, last_contact_on, created_by_name, created_at, updated_at) SELECT direction, "
                         "member_id, open_member_id, member_name, home_org_name, destination, reason, start_date, "
                         "expected_months, expected_end, 'OTHER', card_issued_on, findings, state, last_contact_on, "
                         "created_by_name, created_at, updated_at FROM mobile_members");
               }),
               db::DbError);
  // The host branch sees the card holder hosted with it.
  mobile::MobileFilter hosted;
  hosted.org_id = host.id;
  hosted.direction = "in";
  EXPECT_EQ(svc->list(hosted, http::Scope::all(), {}).at("total").as_int64(), 1);

  const int64_t id = r.at("id").as_int64();
  auto c = svc->add_contact(id, {"2026-11-20", "电话", "在深圳务工，参加流入地组织生活"}, meta, http::Scope::all());
  EXPECT_EQ(c.at("last_contact_on").as_string(), "2026-11-20");
  EXPECT_EQ(c.at("contact_due").as_string(), "2027-05-20");
  EXPECT_EQ(c.at("contacts").as_array().size(), 1u);

  mobile::ReturnInput ret;
  ret.card_checked = true;
  ret.returned_on = "2026-11-21";
  auto done = svc->close(id, ret, meta, http::Scope::all());
  EXPECT_EQ(done.at("state").as_string(), "returned");
  EXPECT_TRUE(done.at("card_checked").as_bool());
  EXPECT_TRUE(done.at("contact_due").is_null());
  EXPECT_EQ(status_of(member_id), "normal");
  EXPECT_EQ(count("SELECT count(*) FROM mobile_members WHERE open_member_id IS NOT NULL"), 0);
  // register, member.status, contact, return, member.status.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log") - audits, 5);
  EXPECT_EQ(error_of([&] { svc->close(id, ret, meta, http::Scope::all()); }).code, "mobile.state");
  // History is kept: a new outflow is a new record.
  out(member_id, 3);
  EXPECT_EQ(count("SELECT count(*) FROM mobile_members WHERE member_id = " + std::to_string(member_id)), 2);
}

TEST_P(MobileTest, SixMonthBoundaryFollowsTheSetting) {
  // Default TRANSFER: exactly 6 months is a transfer (R-T02); nothing is written.
  auto e = error_of([&] { out(member_id, 6); });
  EXPECT_EQ(e.status, 422);
  ASSERT_FALSE(e.details.empty());
  EXPECT_EQ(e.details[0].field, "expected_months");
  EXPECT_EQ(e.details[0].code, "R-T02");
  EXPECT_EQ(count("SELECT count(*) FROM mobile_members"), 0);
  EXPECT_EQ(status_of(member_id), "normal");
  // A stated reason (R-M01 "long-term but unable yet to transfer") registers it, flagged.
  auto in = outflow(member_id, 10);
  in.transfer_exception = "流入地尚无党组织，暂不能转接";
  auto r = svc->register_outflow(in, meta, http::Scope::all());
  ASSERT_EQ(r.at("findings").as_array().size(), 1u);
  EXPECT_EQ(r.at("findings").as_array()[0].at("rule_id").as_string(), "R-T02");
  EXPECT_EQ(r.at("findings").as_array()[0].at("severity").as_string(), "WARN");
  // CARD: 6 months is a card.
  domain::TransferRulePack card;
  ASSERT_FALSE(card.set("transfer.six_month_boundary", "CARD"));
  mobile::MobileService lenient(*ctx, *members, card);
  const int64_t other = add_member(home.id, 12);
  auto six = lenient.register_outflow(outflow(other, 6), meta, http::Scope::all());
  EXPECT_TRUE(six.at("findings").as_array().empty());
  EXPECT_EQ(error_of([&] { lenient.register_outflow(outflow(add_member(home.id, 13), 7), meta, http::Scope::all()); })
                .details[0]
                .code,
            "R-T02");
}

TEST_P(MobileTest, ThreeMembersTogetherGetTheTemporaryBranchSuggestion) {
  const int64_t b = add_member(home.id, 21), c = add_member(home.id, 22), elsewhere = add_member(host.id, 23);
  EXPECT_TRUE(out(member_id).at("findings").as_array().empty());
  EXPECT_TRUE(out(elsewhere).at("findings").as_array().empty());  // another branch does not count
  EXPECT_TRUE(out(b).at("findings").as_array().empty());          // 2: no suggestion
  auto third = out(c);
  const auto& f = third.at("findings").as_array();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].at("rule_id").as_string(), "R-M02");
  EXPECT_EQ(f[0].at("severity").as_string(), "REMIND");
  EXPECT_EQ(f[0].at("companions").as_array().size(), 2u);
  EXPECT_EQ(third.at("state").as_string(), "active");  // a finding, not a block
}

TEST_P(MobileTest, ContactOverdueFilterAndCount) {
  const int64_t id = out(member_id).at("id").as_int64();
  out(add_member(home.id, 31));
  // Last contact 2026-05-21 + 6 months = 2026-11-21 = today: due, not overdue yet.
  db->write([&](db::Tx& tx) { tx.exec("UPDATE mobile_members SET last_contact_on = '2026-05-21' WHERE id = $1", {id}); });
  mobile::MobileFilter f;
  f.contact_overdue = true;
  EXPECT_EQ(svc->list(f, http::Scope::all(), {}).at("total").as_int64(), 0);
  db->write([&](db::Tx& tx) { tx.exec("UPDATE mobile_members SET last_contact_on = '2026-05-20' WHERE id = $1", {id}); });
  auto late = svc->list(f, http::Scope::all(), {});
  ASSERT_EQ(late.at("items").as_array().size(), 1u);
  EXPECT_EQ(late.at("items").as_array()[0].at("id").as_int64(), id);
  EXPECT_TRUE(late.at("items").as_array()[0].at("contact_overdue").as_bool());
  EXPECT_EQ(late.at("items").as_array()[0].at("contact_due").as_string(), "2026-11-20");
  EXPECT_EQ(late.at("contact_overdue").as_int64(), 1);
  f.contact_overdue = false;
  EXPECT_EQ(svc->list(f, http::Scope::all(), {}).at("total").as_int64(), 1);
}

TEST_P(MobileTest, InflowFromOutsideIsStoredEncryptedAndCardNumbersAreUnique) {
  mobile::MobileInput in;
  in.host_org_id = host.id;
  in.name = "外来党员";
  in.id_number = id_number({1990, 1, 2}, 41);
  in.home_org_name = "外省某村党支部";
  in.reason = "务工";
  in.start_date = "2026-09-01";
  in.expected_months = 4;
  in.card_no = "WS-001";
  in.card_issued_on = "2026-08-20";
  auto r = svc->register_inflow(in, meta, http::Scope::all());
  EXPECT_EQ(r.at("direction").as_string(), "in");
  EXPECT_TRUE(r.at("member").at("id").is_null());
  EXPECT_EQ(r.at("destination").as_string(), host.name);
  EXPECT_TRUE(r.at("contact_due").is_null());  // R-M04 is the outside home's duty
  EXPECT_EQ(count("SELECT count(*) FROM mobile_members WHERE id_number_enc = '" + *in.id_number + "'"), 0);
  EXPECT_EQ(svc->reveal(r.at("id").as_int64(), "id_number", std::string("核对"), meta, http::Scope::all()), *in.id_number);
  // The same card number again: 409.
  EXPECT_EQ(error_of([&] { svc->register_outflow(outflow(member_id, 5, "WS-001"), meta, http::Scope::all()); }).code,
            "mobile.card_taken");
  EXPECT_EQ(status_of(member_id), "normal");
}

TEST_P(MobileTest, CardHolderVotesAtHomeButNotAtTheHost) {
  auto in = outflow(member_id);
  in.host_org_id = host.id;
  const int64_t id = svc->register_outflow(in, meta, http::Scope::all()).at("id").as_int64();
  db->read([&](db::Tx& tx) {
    auto at_host = svc->rights_at_branch(tx, member_id, host.id);
    EXPECT_TRUE(at_host.attends);
    EXPECT_FALSE(at_host.may_vote);
    EXPECT_FALSE(at_host.counted_in_n);
    EXPECT_EQ(at_host.rule_id, "R-M01");
    auto at_home = svc->rights_at_branch(tx, member_id, home.id);
    EXPECT_TRUE(at_home.may_vote);
    EXPECT_TRUE(at_home.counted_in_n);
  });
  mobile::ReturnInput ret;
  ret.card_checked = true;
  svc->close(id, ret, meta, http::Scope::all());
  db->read([&](db::Tx& tx) { EXPECT_FALSE(svc->rights_at_branch(tx, member_id, host.id).attends); });
}

TEST_P(MobileTest, ScopeDecidesWhoRegistersAndWhoReads) {
  const http::Scope host_only{false, {host.path}, false, {host.path}};
  auto e = error_of([&] { svc->register_outflow(outflow(member_id), meta, host_only); });
  EXPECT_EQ(e.status, 404);
  auto in = outflow(member_id);
  in.host_org_id = host.id;
  const int64_t id = svc->register_outflow(in, meta, http::Scope::all()).at("id").as_int64();
  // The host reads it but the contact log and the return belong to the home branch.
  EXPECT_EQ(svc->detail(id, host_only).at("id").as_int64(), id);
  EXPECT_EQ(error_of([&] { svc->add_contact(id, {"2026-11-20", "电话", std::nullopt}, meta, host_only); }).status, 404);
  const http::Scope elsewhere{false, {"/999/"}, false, {"/999/"}};
  EXPECT_EQ(error_of([&] { svc->detail(id, elsewhere); }).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, MobileTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
