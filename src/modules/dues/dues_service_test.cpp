// Dues ledger storage on every backend: opening a subtree month in one call fixes each owing
// member's item (statuses that do not owe left out, a probationary member from R-F02's first month,
// the declared base vs. the fallback, no_base), a prepayment recorded before the month opens is
// added on opening, a second opening is 409, an approved reduction changes open items, and the
// gateway callback counts once however often it comes (and is logged each time).
#include <gtest/gtest.h>
#include <sodium.h>

#include "http/errors.hpp"
#include "modules/common/workflow_test_support.hpp"
#include "modules/dues/dues_service.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;

constexpr const char* kSecret = "unit-test-secret-0123";

std::string sign(const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(kSecret), std::strlen(kSecret));
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

class DuesTest : public WorkflowTest {
protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    svc = std::make_unique<dues::DuesService>(*ctx, *members, kSecret);
    county = org("C", "测试县委", "committee", std::nullopt);
    b1 = org("Z1", "第一党支部", "branch", county.id);
    b2 = org("Z2", "第二党支部", "branch", county.id);
  }
  void base(int64_t member, int64_t fen, const std::string& first, const std::string& cat = "salaried") {
    dues::BaseInput in;
    in.member_id = member;
    in.category = cat;
    in.base_fen = fen;
    in.first_received = first;
    svc->declare_base(in, meta, http::Scope::all());
  }
  json::object open(int64_t org_id, const std::string& month, bool subtree = false) {
    return svc->open({org_id, month, subtree}, meta, http::Scope::all());
  }
  int64_t item(int64_t member, const std::string& month, const char* col) {
    return count(std::string("SELECT ") + col + " FROM dues_items WHERE member_id = " + std::to_string(member) +
                 " AND month = '" + month + "'");
  }
  std::string state(int64_t member, const std::string& month) {
    return db->read_value([&](db::Tx& tx) {
      return tx.query_one("SELECT state FROM dues_items WHERE member_id = $1 AND month = $2", {member, month})->text(0);
    });
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

  std::unique_ptr<dues::DuesService> svc;
  org::OrgRecord county, b1, b2;
};

TEST_P(DuesTest, OpeningASubtreeFixesEveryOwingMembersItem) {
  const int64_t a = add_member(b1.id, 11), gone = add_member(b1.id, 13), c = add_member(b2.id, 15);
  const int64_t prob = add_member(b2.id, 17, true);  // admitted 2025-06-20: owes from 2025-06 (R-F02)
  base(a, 480000, "2025-01");
  db->write([&](db::Tx& tx) { tx.exec("UPDATE members SET status = 'deceased' WHERE id = $1", {gone}); });
  db->write([&](db::Tx& tx) { tx.exec("UPDATE members SET income_base_fen = 300000 WHERE id = $1", {c}); });

  auto may = open(county.id, "2025-05", true);
  EXPECT_EQ(may.at("periods").as_int64(), 2);
  EXPECT_EQ(may.at("members").as_int64(), 2);  // not the dead member, not the probationary one yet
  EXPECT_EQ(item(a, "2025-05", "due_fen"), 4800);
  EXPECT_EQ(item(c, "2025-05", "due_fen"), 1500);  // fallback: members.income_base_fen
  EXPECT_EQ(count("SELECT COUNT(*) FROM dues_items WHERE member_id = " + std::to_string(gone)), 0);
  EXPECT_EQ(count("SELECT members FROM dues_periods WHERE org_id = " + std::to_string(b1.id)), 1);
  EXPECT_EQ(count("SELECT due_fen FROM dues_periods WHERE org_id = " + std::to_string(b2.id)), 1500);

  open(county.id, "2025-06", true);
  EXPECT_EQ(state(prob, "2025-06"), "no_base");  // owes from June; nothing declared
  // Opening again: 409, for one branch and for a subtree whose branches all have the month.
  EXPECT_EQ(error_of([&] { open(b1.id, "2025-06"); }).status, 409);
  EXPECT_EQ(error_of([&] { open(county.id, "2025-06", true); }).status, 409);
  // The committee itself holds no members: a single-branch opening refuses it.
  EXPECT_EQ(error_of([&] { open(county.id, "2025-07"); }).status, 422);
  // A base declared now fills the no_base item of the open month.
  base(prob, 200000, "2025-06");
  EXPECT_EQ(item(prob, "2025-06", "due_fen"), 1000);
  EXPECT_EQ(state(prob, "2025-06"), "unpaid");
}

TEST_P(DuesTest, PrepaymentIsAddedWhenTheMonthOpensAndReductionsChangeOpenItems) {
  const int64_t a = add_member(b1.id, 11);
  base(a, 480000, "2026-01");
  open(b1.id, "2026-11");
  dues::PaymentInput in;
  in.member_id = a;
  in.channel = "cash";
  in.from_month = "2026-11";
  in.to_month = "2027-01";  // December and January not opened yet: prepaid at 48.00
  auto p = svc->record_payment(in, meta, http::Scope::all());
  EXPECT_EQ(p.at("amount_fen").as_int64(), 3 * 4800);
  EXPECT_EQ(state(a, "2026-11"), "paid");
  open(b1.id, "2026-12");
  EXPECT_EQ(item(a, "2026-12", "paid_fen"), 4800);
  EXPECT_EQ(state(a, "2026-12"), "paid");

  // A month closed while it runs takes no more payments (only a past month takes back-payment).
  const int64_t nov = count("SELECT id FROM dues_periods WHERE month = '2026-11'");
  svc->close(nov, std::nullopt, meta, http::Scope::all());
  dues::PaymentInput extra;
  extra.member_id = a;
  extra.channel = "cash";
  extra.from_month = "2026-11";
  extra.extra_fen = 100;
  EXPECT_EQ(error_of([&] { svc->record_payment(extra, meta, http::Scope::all()); }).code, "dues.period_closed");
  // R-F07 is a BLOCK with its rule id as the code.
  in.payer = "payroll_deduction";
  EXPECT_EQ(error_of([&] { svc->record_payment(in, meta, http::Scope::all()); }).code, "R-F07");

  // An approved reduction changes the open month's due (the proposer cannot decide).
  const int64_t b = add_member(b1.id, 13);
  dues::ReductionInput r;
  r.member_id = b;
  r.kind = "reduce";
  r.monthly_fen = 10;
  r.from_month = "2026-12";
  r.to_month = "2027-06";
  r.reason = "生活困难";
  db->write([&](db::Tx& tx) { tx.exec("UPDATE members SET employment = 'farmer' WHERE id = $1", {b}); });
  const int64_t dec_id = svc->propose_reduction(r, meta, http::Scope::all()).at("id").as_int64();
  EXPECT_EQ(error_of([&] { svc->decide_reduction(dec_id, true, {"批字1号", std::nullopt, std::nullopt}, meta,
                                                 http::Scope::all()); })
                .code,
            "dues.own_proposal");
  ChangeMeta upper = meta;
  upper.actor = "county-admin";
  EXPECT_EQ(error_of([&] { svc->decide_reduction(dec_id, true, {}, upper, http::Scope::all()); }).code, "R-F01");
  // b joined after December opened: no item yet; the reduction applies when January opens.
  auto d = svc->decide_reduction(dec_id, true, {"批字1号", std::nullopt, std::nullopt}, upper, http::Scope::all());
  EXPECT_EQ(d.at("state").as_string(), "approved");
  ctx->today = [] { return domain::Date{2027, 1, 5}; };
  open(b1.id, "2027-01");
  EXPECT_EQ(item(b, "2027-01", "standard_fen"), 20);  // farmer, flat
  EXPECT_EQ(item(b, "2027-01", "due_fen"), 10);
  EXPECT_EQ(item(a, "2027-01", "paid_fen"), 4800);  // the prepayment again
}

TEST_P(DuesTest, GatewayCallbackCountsOnceAndLogsEveryDelivery) {
  const int64_t a = add_member(b1.id, 11);
  base(a, 480000, "2026-01");
  open(b1.id, "2026-11");
  dues::PaymentInput in;
  auto order = svc->start_online(a, in, meta);
  EXPECT_EQ(order.at("state").as_string(), "pending");
  EXPECT_EQ(order.at("amount_fen").as_int64(), 4800);
  const std::string ref(order.at("external_ref").as_string());
  const std::string body = json::serialize(json::object{{"external_ref", ref}, {"amount_fen", 4800}, {"status", "paid"}});
  EXPECT_EQ(svc->callback("gateway", body, "sha256=deadbeef", meta).status, 401);
  EXPECT_EQ(item(a, "2026-11", "paid_fen"), 0);
  auto first = svc->callback("gateway", body, sign(body), meta);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body.at("outcome").as_string(), "paid");
  for (int i = 0; i < 3; ++i) {
    auto again = svc->callback("gateway", body, sign(body), meta);
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.body.at("outcome").as_string(), "duplicate");
  }
  EXPECT_EQ(item(a, "2026-11", "paid_fen"), 4800);
  EXPECT_EQ(count("SELECT COUNT(*) FROM dues_callbacks WHERE external_ref = '" + ref + "'"), 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM dues_callbacks WHERE outcome = 'duplicate'"), 3);
  // (provider, external_ref) is unique in storage too.
  EXPECT_THROW(db->write([&](db::Tx& tx) {
                 tx.exec("INSERT INTO dues_payments (member_id, org_id, channel, payer, amount_fen, state, provider, "
                         "external_ref, findings, recorded_by_name, created_at) VALUES ($1, $2, 'online', 'self', 1, "
                         "'pending', 'gateway', $3, '[]', 'x', 'now')",
                         {a, b1.id, ref});
               }),
               db::DbError);
  // No secret: callbacks are disabled.
  dues::DuesService off(*ctx, *members);
  EXPECT_EQ(error_of([&] { off.callback("gateway", body, sign(body), meta); }).status, 503);
}

INSTANTIATE_TEST_SUITE_P(Backends, DuesTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
