// The hash chain: appends, verification, and what tampering looks like to verify(). Every test
// runs on SQLite and, with LIANXIN_TEST_PG, on PostgreSQL.
#include "modules/audit/audit_service.hpp"
#include "modules/common/test_support.hpp"

namespace lianxin::modules::testing {
namespace {

using audit::AuditService;

class AuditChainTest : public ModuleTest {
protected:
  ChangeMeta meta{"req-1", 7, "10.0.0.1", "alice", "PATCH /api/members/{id}", "test-agent"};

  void append(int n) {
    for (int i = 0; i < n; ++i) {
      db->write([&](db::Tx& tx) {
        audit::record(tx, *cipher, meta,
                      {"member.update", "member", std::to_string(100 + i), 1, R"({"name":"张三"})",
                       R"({"name":"张三丰"})"});
      });
    }
  }
  void sql(const std::string& s) {
    db->write([&](db::Tx& tx) { tx.exec(s); });
  }
  audit::VerifyResult verify() { return AuditService(*ctx).verify(); }
};

TEST_P(AuditChainTest, AppendsLinkEachRecordToThePreviousOne) {
  append(3);
  auto rows = db->read_value([](db::Tx& tx) { return tx.query("SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq"); });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].text(1), "genesis");
  EXPECT_EQ(rows[1].text(1), rows[0].text(2));
  EXPECT_EQ(rows[2].text(1), rows[1].text(2));
  auto head = db->read_value([](db::Tx& tx) { return *tx.query_one("SELECT seq, hash FROM audit_head"); });
  EXPECT_EQ(head.i64(0), 3);
  EXPECT_EQ(head.text(1), rows[2].text(2));
}

TEST_P(AuditChainTest, VerifyIsOkOnAnIntactChainAndOnAnEmptyOne) {
  EXPECT_TRUE(verify().ok);
  append(5);
  auto v = verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.checked, 5);
  EXPECT_FALSE(v.first_broken_seq);
}

TEST_P(AuditChainTest, AnEditedRowBreaksTheChainAtThatRow) {
  append(5);
  sql(R"(UPDATE audit_log SET after_json = '{"name":"李四"}' WHERE seq = 3)");
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken_seq, 3);
  EXPECT_EQ(v.checked, 2);
  EXPECT_NE(v.reason.find("修改"), std::string::npos) << v.reason;
}

TEST_P(AuditChainTest, AnEditedActorOrTimeIsCaughtToo) {
  append(3);
  sql("UPDATE audit_log SET actor = 'mallory', at = '2020-01-01T00:00:00Z' WHERE seq = 2");
  EXPECT_EQ(verify().first_broken_seq, 2);
}

TEST_P(AuditChainTest, ADeletedRowIsReportedAtItsSeq) {
  append(5);
  sql("DELETE FROM audit_log WHERE seq = 2");
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken_seq, 2);
}

TEST_P(AuditChainTest, DeletingTheNewestRowsIsCaughtByTheHead) {
  append(5);
  sql("DELETE FROM audit_log WHERE seq >= 4");
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken_seq, 4);
}

TEST_P(AuditChainTest, RenumberingAfterADeletionStillBreaksTheLink) {
  append(4);
  sql("DELETE FROM audit_log WHERE seq = 2");
  sql("UPDATE audit_log SET seq = 2 WHERE seq = 3");
  sql("UPDATE audit_log SET seq = 3 WHERE seq = 4");
  sql("UPDATE audit_head SET seq = 3");
  EXPECT_EQ(verify().first_broken_seq, 2);
}

TEST_P(AuditChainTest, ChangedFieldsKeepOnlyWhatDiffers) {
  auto c = audit::changed_fields(R"({"a":1,"b":"x","c":null})", R"({"a":1,"b":"y","d":2})");
  EXPECT_EQ(*c.before, R"({"b":"x","c":null})");
  EXPECT_EQ(*c.after, R"({"b":"y","d":2})");
  auto created = audit::changed_fields(std::nullopt, R"({"a":1})");
  EXPECT_FALSE(created.before);
  EXPECT_EQ(*created.after, R"({"a":1})");
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditChainTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
