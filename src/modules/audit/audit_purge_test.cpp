// Retention: purge deletes only what is older than the retention, keeps the chain verifiable from
// the purge point on, and records itself.
#include "modules/audit/audit_service.hpp"
#include "modules/common/test_support.hpp"

namespace lianxin::modules::testing {
namespace {

using audit::AuditService;

class AuditPurgeTest : public ModuleTest {
protected:
  void append(int n) {
    for (int i = 0; i < n; ++i)
      db->write([&](db::Tx& tx) { audit::record(tx, *cipher, {}, {"org.update", "org", "1", 1, "{}", "{}"}); });
  }
  // Records are stamped with the real clock; a "today" far enough ahead makes them all old.
  void live_in_future() {
    ctx->today = [] { return domain::add_days(domain::today_in_tz(), 400); };
  }
  int64_t rows() { return count("audit_log"); }
};

TEST_P(AuditPurgeTest, RetentionBelow180DaysIsRefused) {
  EXPECT_THROW(AuditService(*ctx, 179), std::invalid_argument);
  EXPECT_NO_THROW(AuditService(*ctx, 180));
}

TEST_P(AuditPurgeTest, RefusesADateInsideTheRetention) {
  append(3);
  AuditService svc(*ctx, 180);
  const std::string too_late = domain::add_days(ctx->today(), -179).iso();
  EXPECT_THROW(svc.purge(too_late, {}), std::invalid_argument);
  EXPECT_THROW(svc.purge("2026-13-01", {}), std::invalid_argument);
  EXPECT_EQ(rows(), 3);
}

TEST_P(AuditPurgeTest, KeepsRecordsYoungerThanTheDateEvenWhenAllowed) {
  append(3);
  // Allowed (180 days back) but every record is from today: nothing to delete.
  auto r = AuditService(*ctx, 180).purge(domain::add_days(ctx->today(), -180).iso(), {});
  EXPECT_EQ(r.deleted, 0);
  EXPECT_EQ(rows(), 4);  // the three, plus the record of the purge itself
}

TEST_P(AuditPurgeTest, PurgedChainStillVerifiesFromThePurgePoint) {
  append(5);
  live_in_future();
  AuditService svc(*ctx, 180);
  auto r = svc.purge(domain::add_days(ctx->today(), -200).iso(), {"req-p", 0, "", "cli", "lianxin audit purge", ""});
  EXPECT_EQ(r.deleted, 5);
  EXPECT_EQ(r.purged_through, 5);
  auto purge_rec = db->read_value([](db::Tx& tx) { return *tx.query_one("SELECT action, after_json FROM audit_log"); });
  EXPECT_EQ(purge_rec.text(0), "audit.purge");
  EXPECT_NE(purge_rec.text(1).find("\"deleted\":5"), std::string::npos);
  append(2);
  auto v = svc.verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 3);
  EXPECT_EQ(v.purged_through, 5);
  // Tampering after a purge is still found.
  db->write([](db::Tx& tx) { tx.exec("UPDATE audit_log SET actor = 'x' WHERE seq = 7"); });
  EXPECT_EQ(svc.verify().first_broken_seq, 7);
}

TEST_P(AuditPurgeTest, RefusesToPurgeABrokenChain) {
  append(3);
  live_in_future();
  db->write([](db::Tx& tx) { tx.exec("UPDATE audit_log SET after_json = '{\"x\":1}' WHERE seq = 2"); });
  AuditService svc(*ctx, 180);
  EXPECT_THROW(svc.purge(domain::add_days(ctx->today(), -200).iso(), {}), std::runtime_error);
  EXPECT_EQ(rows(), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditPurgeTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
