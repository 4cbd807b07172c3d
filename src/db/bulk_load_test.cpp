#include "db/bulk_load.hpp"

#include "db/test_support.hpp"

namespace lianxin::db::testing {
namespace {

class BulkLoadTest : public BackendTest {
protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db->write([](Tx& tx) {
      tx.exec_script("CREATE TABLE p (id BIGINT PRIMARY KEY, k TEXT NOT NULL, n TEXT);"
                     "CREATE UNIQUE INDEX p_k ON p(k); CREATE INDEX p_n ON p(n, id);");
    });
  }
  int64_t index_count() {
    return db->read_value([&](Tx& tx) {
      return sqlite() ? tx.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'p' AND sql IS NOT NULL")
                      : tx.query_int("SELECT count(*) FROM pg_indexes WHERE tablename = 'p' AND indexname <> 'p_pkey'");
    });
  }
};

TEST_P(BulkLoadTest, IndexesComeBackAndStillEnforceUniqueness) {
  db->write([](Tx& tx) {
    DeferredIndexes deferred(tx, "p");
    std::vector<Params> rows;
    for (int i = 0; i < 1000; ++i) rows.push_back({i, "k" + std::to_string(i), "n"});
    tx.bulk_insert("p", {"id", "k", "n"}, rows);
    deferred.finish();
  });
  EXPECT_EQ(index_count(), 2);
  EXPECT_THROW(db->write([](Tx& tx) { tx.exec("INSERT INTO p (id, k) VALUES (5000, 'k1')"); }), DbError);
}

TEST_P(BulkLoadTest, OnlyNonUniqueIndexesAreDeferredAndARollbackRestoresThem) {
  EXPECT_THROW(db->write([&](Tx& tx) {
    DeferredIndexes deferred(tx, "p");
    EXPECT_EQ(deferred.deferred(), sqlite() ? 1u : 0u);  // p_n; the unique p_k stays
    tx.bulk_insert("p", {"id", "k"}, {{1, "same"}, {2, "same"}});  // the unique index still refuses
  }),
               DbError);
  EXPECT_EQ(count("p"), 0);
  EXPECT_EQ(index_count(), 2);  // the rollback restored the dropped index too
}

TEST_P(BulkLoadTest, DeferredUniqueIndexRefusesADuplicateWhenRebuilt) {
  EXPECT_THROW(db->write([&](Tx& tx) {
    DeferredIndexes deferred(tx, "p", DeferredIndexes::Unique::defer);
    EXPECT_EQ(deferred.deferred(), sqlite() ? 2u : 0u);  // p_k and p_n
    tx.bulk_insert("p", {"id", "k"}, {{1, "same"}, {2, "same"}});  // PostgreSQL refuses here, SQLite below
    try {
      deferred.finish();
    } catch (const DbError& e) {
      EXPECT_EQ(e.kind, DbError::Kind::unique_violation);
      throw;
    }
  }),
               DbError);
  EXPECT_EQ(count("p"), 0);
  EXPECT_EQ(index_count(), 2);
  db->write([](Tx& tx) {
    DeferredIndexes deferred(tx, "p", DeferredIndexes::Unique::defer);
    tx.bulk_insert("p", {"id", "k"}, {{1, "a"}, {2, "b"}});
    deferred.finish();
  });
  EXPECT_EQ(index_count(), 2);
  EXPECT_THROW(db->write([](Tx& tx) { tx.exec("INSERT INTO p (id, k) VALUES (3, 'a')"); }), DbError);
}

// The import and demo commands wrap their loads in both: only SQLite changes its journal.
TEST_P(BulkLoadTest, ExclusiveLoadAroundADeferredLoadKeepsEverything) {
  {
    const ExclusiveLoad exclusive(*db);
    EXPECT_EQ(exclusive.active(), sqlite());
    db->write([](Tx& tx) {
      DeferredIndexes deferred(tx, "p", DeferredIndexes::Unique::defer);
      std::vector<Params> rows;
      for (int i = 0; i < 2000; ++i) rows.push_back({i, "k" + std::to_string(i), "n"});
      tx.bulk_insert("p", {"id", "k", "n"}, rows);
      deferred.finish();
    });
  }
  EXPECT_EQ(count("p"), 2000);
  EXPECT_EQ(index_count(), 2);
  EXPECT_THROW(db->write([](Tx& tx) { tx.exec("INSERT INTO p (id, k) VALUES (5000, 'k1')"); }), DbError);
}

// The rebuild sorts with a small budget on worker threads: keys far beyond that budget, in
// reverse order, must come back as a valid index; the connection's settings are its own again
// afterwards, also when the rebuild fails on a duplicate.
TEST_P(BulkLoadTest, RebuildBeyondTheSorterBudgetIsValidAndLeavesTheConnectionAsItWas) {
  if (!sqlite()) GTEST_SKIP() << "SQLite's sorter";
  auto settings = [&](Tx& tx) { return std::pair(tx.query_int("PRAGMA cache_size"), tx.query_int("PRAGMA threads")); };
  db->write([&](Tx& tx) {
    const auto before = settings(tx);
    DeferredIndexes deferred(tx, "p", DeferredIndexes::Unique::defer);
    std::vector<Params> rows;
    const std::string pad(90, 'x');  // 60,000 keys of ~100 bytes: 6 MB of sorting
    for (int i = 0; i < 60000; ++i) rows.push_back({i, pad + std::to_string(2000000 - i), "n" + std::to_string(i % 7)});
    tx.bulk_insert("p", {"id", "k", "n"}, rows);
    deferred.finish();
    EXPECT_EQ(settings(tx), before);
    EXPECT_EQ(tx.query_one("PRAGMA integrity_check")->text(0), "ok");
    EXPECT_EQ(tx.query_int("SELECT id FROM p INDEXED BY p_k ORDER BY k LIMIT 1"), 59999);
  });
  db->write([&](Tx& tx) {
    const auto before = settings(tx);
    DeferredIndexes deferred(tx, "p", DeferredIndexes::Unique::defer);
    tx.exec("INSERT INTO p (id, k) VALUES (70000, 'x'), (70001, 'x')");
    EXPECT_THROW(deferred.finish(), DbError);
    EXPECT_EQ(settings(tx), before);
    tx.exec("DELETE FROM p WHERE id >= 70000");
    deferred.finish();  // what was not rebuilt yet is, once the duplicate is gone
  });
  EXPECT_EQ(index_count(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, BulkLoadTest, ::testing::Values(Backend::sqlite, Backend::postgres), backend_name);

}  // namespace
}  // namespace lianxin::db::testing
