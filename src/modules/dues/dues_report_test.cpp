// Dues reports over ledger rows inserted as migration 10's design notes describe them, on every
// backend (today is 2026-11-21 in the fixture): roll-ups equal the sum of their rows, the R-F11
// flag with its first month, exempt months breaking a run, the R-F10 test vector, and the
// reconciliation's duplicate and mismatched callbacks.
#include <gtest/gtest.h>


#include "http/errors.hpp"
#include "modules/common/workflow_test_support.hpp"
#include "modules/dues/dues_report.hpp"

namespace lianxin::modules::dues {
namespace {

namespace json = boost::json;

class DuesReportTest : public testing::WorkflowTest {
protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    svc = std::make_unique<DuesReportService>(*ctx);
    root = org("DR-R", "报表县委", "committee", std::nullopt).id;
    a = org("DR-A", "报表一支部", "branch", root).id;
    g = org("DR-G", "报表总支", "general_branch", root).id;
    g1 = org("DR-G1", "报表总支一支部", "branch", g).id;
    a1 = add_member(a, 1), a2 = add_member(a, 3), g1m = add_member(g1, 5);
  }

  // A period per organization and month, opened as the ledger does.
  int64_t period(int64_t org_id, const std::string& month, const std::string& state = "closed") {
    return db->write_value([&](db::Tx& tx) {
      if (auto r = tx.query_one("SELECT id FROM dues_periods WHERE org_id = $1 AND month = $2", {org_id, month}))
        return r->i64(0);
      return tx.query_one("INSERT INTO dues_periods(org_id, month, state, pack_id, members, due_fen, opened_at, "
                          "opened_by_name) VALUES ($1, $2, $3, 'dues/2008规定', 0, 0, '2026-01-01T00:00:00Z', 't') "
                          "RETURNING id",
                          {org_id, month, state})
          ->i64(0);
    });
  }
  void item(int64_t org_id, int64_t member, const std::string& month, int64_t due, int64_t paid) {
    const int64_t p = period(org_id, month, month >= "2026-11" ? "open" : "closed");
    const std::string state = due == 0 ? "exempt" : paid >= due ? "paid" : paid > 0 ? "partial" : "unpaid";
    db->write([&](db::Tx& tx) {
      tx.exec("INSERT INTO dues_items(period_id, org_id, month, member_id, category, base_fen, rate_bp, standard_fen, "
              "due_fen, rule_id, basis, paid_fen, state) VALUES ($1, $2, $3, $4, 'salaried', 600000, 50, $5, $5, "
              "'R-F13', 't', $6, $7)",
              {p, org_id, month, member, due, paid, state});
    });
  }
  static std::string month(int m) { return "2026-" + std::string(m < 10 ? "0" : "") + std::to_string(m); }

  std::unique_ptr<DuesReportService> svc;
  int64_t root = 0, a = 0, g = 0, g1 = 0, a1 = 0, a2 = 0, g1m = 0;
  http::PageRequest page;
};

TEST_P(DuesReportTest, RollUpsEqualTheSumOfTheirRows) {
  for (int m = 1; m <= 10; ++m) {
    item(a, a1, month(m), 3000, 3000);
    item(a, a2, month(m), 3000, m >= 4 ? 0 : 3000);
    item(g1, g1m, month(m), m == 7 ? 0 : 1500, m >= 5 ? (m == 6 ? 500 : 0) : 1500);
  }
  const json::object rep = svc->month_report(root, {2026, 6}, http::Scope::all());
  const auto& rows = rep.at("items").as_array();
  ASSERT_EQ(rows.size(), 2u);  // A and G; no empty 本级 row
  int64_t due = 0, paid = 0, unpaid = 0;
  for (const auto& r : rows) {
    due += r.at("due_fen").as_int64(), paid += r.at("paid_fen").as_int64(), unpaid += r.at("unpaid_fen").as_int64();
  }
  const auto& total = rep.at("total").as_object();
  EXPECT_EQ(total.at("due_fen").as_int64(), due);
  EXPECT_EQ(total.at("paid_fen").as_int64(), paid);
  EXPECT_EQ(total.at("unpaid_fen").as_int64(), unpaid);
  EXPECT_EQ(due, 3000 + 3000 + 1500);
  EXPECT_EQ(paid, 3000 + 500);
  EXPECT_EQ(total.at("paid_members").as_int64(), 1);
  // G's own report agrees with its row one level up.
  const json::object grep = svc->month_report(g, {2026, 6}, http::Scope::all());
  EXPECT_EQ(grep.at("total").at("due_fen"), rows[1].at("due_fen"));

  const json::object arr = svc->arrears_orgs(root, http::Scope::all());
  int64_t owed = 0;
  for (const auto& r : arr.at("items").as_array()) owed += r.at("owed_fen").as_int64();
  EXPECT_EQ(arr.at("total").at("owed_fen").as_int64(), owed);
  // a2: Apr..Oct 7 × 30.00; g1m: May, Jun (10.00 short), Aug, Sep, Oct at 15.00 (Jul exempt).
  EXPECT_EQ(owed, 7 * 3000 + 1500 + 1000 + 3 * 1500);

  const json::object year = svc->year_report(root, 2026, http::Scope::all());
  EXPECT_EQ(year.at("months").as_array().size(), 12u);
  EXPECT_EQ(year.at("total").at("unpaid_fen").as_int64(), owed);
}

TEST_P(DuesReportTest, SixUnpaidMonthsAreFlaggedWithTheRunsFirstMonth) {
  for (int m = 1; m <= 11; ++m) {
    item(a, a1, month(m), 3000, 3000);
    item(a, a2, month(m), 3000, m >= 5 ? 0 : 3000);              // May..Oct: 6 closed months
    item(g1, g1m, month(m), m == 8 ? 0 : 1500, m >= 4 ? 0 : 1500);  // Aug exempt: the run is Sep..Oct
  }
  json::object f = svc->unpaid_flags(root, http::Scope::all(), page);
  ASSERT_EQ(f.at("total").as_int64(), 1) << json::serialize(f);
  const auto& it = f.at("items").at(0).as_object();
  EXPECT_EQ(it.at("member_id").as_int64(), a2);
  EXPECT_EQ(it.at("months").as_int64(), 6);
  EXPECT_EQ(it.at("since").as_string(), "2026-05");
  EXPECT_EQ(it.at("through").as_string(), "2026-10");
  EXPECT_TRUE(it.at("flagged").as_bool());
  // The current month (November, open) is not part of the run, nor arrears.
  const json::object arr = svc->arrears_members(a, std::nullopt, http::Scope::all(), page);
  ASSERT_EQ(arr.at("total").as_int64(), 1);
  EXPECT_EQ(arr.at("items").at(0).at("months").as_int64(), 6);
  EXPECT_EQ(arr.at("items").at(0).at("last_month").as_string(), "2026-10");
  // Paying October back clears the flag.
  db->write([&](db::Tx& tx) {
    tx.exec("UPDATE dues_items SET paid_fen = due_fen, state = 'paid' WHERE member_id = $1 AND month = '2026-10'", {a2});
  });
  EXPECT_EQ(svc->unpaid_flags(root, http::Scope::all(), page).at("total").as_int64(), 0);
}

TEST_P(DuesReportTest, RemittanceIsFivePercentDueEndOfApril) {
  // R-F10 test vector: 12,345,678.90 of dues in a year -> 617,283.95 by 2026-04-30.
  item(a, a1, "2025-03", 1234567890, 1234567890);
  const json::object r = svc->remittance(root, 2025, http::Scope::all());
  EXPECT_EQ(r.at("collected_fen").as_int64(), 1234567890);
  EXPECT_EQ(r.at("amount_fen").as_int64(), 61728395);
  EXPECT_EQ(r.at("due").as_string(), "2026-04-30");
  EXPECT_EQ(r.at("state").as_string(), "overdue");
  http::JsonBody b(R"({"org_id": )" + std::to_string(root) +
                   R"(, "year": 2025, "amount_fen": 61728395, "remitted_on": "2026-04-20", "reference": "回单1"})");
  svc->record_remittance(b, meta, http::Scope::all());
  const json::object after = svc->remittance(root, 2025, http::Scope::all());
  EXPECT_EQ(after.at("state").as_string(), "remitted");
  EXPECT_EQ(after.at("outstanding_fen").as_int64(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'dues.remit'"), 1);
  http::JsonBody bad(R"({"org_id": )" + std::to_string(root) + R"(, "year": 2025, "amount_fen": -1, "remitted_on": "2025-12-01"})");
  EXPECT_THROW(svc->record_remittance(bad, meta, http::Scope::all()), http::ApiError);
}

TEST_P(DuesReportTest, ReconciliationCountsDuplicateAndMismatchedCallbacks) {
  db->write([&](db::Tx& tx) {
    const std::string ins =
        "INSERT INTO dues_payments(member_id, org_id, channel, payer, amount_fen, state, provider, external_ref, "
        "paid_at, findings, recorded_by_name, created_at) VALUES ($1, $2, 'online', 'self', $3, 'paid', 'wxpay', $4, "
        "'2026-11-20T01:00:00Z', '[]', 't', '2026-11-20T00:00:00Z')";
    tx.exec(ins, {a1, a, int64_t{3000}, "T1"});
    tx.exec(ins, {g1m, g1, int64_t{1500}, "T2"});
    const std::string cb = "INSERT INTO dues_callbacks(provider, external_ref, amount_fen, status, outcome, received_at) "
                           "VALUES ('wxpay', $1, $2, 'SUCCESS', 'applied', '2026-11-20T01:00:00Z')";
    tx.exec(cb, {"T1", int64_t{3000}});
    tx.exec(cb, {"T1", int64_t{3000}});
    tx.exec(cb, {"T1", int64_t{3000}});
    tx.exec(cb, {"T2", int64_t{1400}});
    tx.exec(cb, {"T9", int64_t{100}});
  });
  const json::object r = svc->reconciliation(std::nullopt, 24, http::Scope::all());
  EXPECT_EQ(r.at("duplicate_refs").as_int64(), 1);
  EXPECT_EQ(r.at("duplicate_callbacks").as_int64(), 2);
  EXPECT_EQ(r.at("amount_mismatch_count").as_int64(), 1);
  EXPECT_EQ(r.at("unallocated_count").as_int64(), 2);  // neither payment has allocations
  EXPECT_EQ(r.at("unknown_ref_count").as_int64(), 1);
  const json::object ra = svc->reconciliation(a, 24, http::Scope::all());
  EXPECT_EQ(ra.at("amount_mismatch_count").as_int64(), 0);
  EXPECT_TRUE(ra.at("unknown_ref").is_null());
}

INSTANTIATE_TEST_SUITE_P(Backends, DuesReportTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::dues
