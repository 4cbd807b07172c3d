// SQLite-only behaviour: group commit, the write queue, durability settings, backup.
#include "db/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "db/bulk_load.hpp"
#include "db/sqlite/sqlite_backup.hpp"
#include "db/test_support.hpp"

namespace lianxin::db::sqlite {
namespace {

using namespace std::chrono_literals;

class SqliteTest : public testing::BackendTest {
protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    db->write([](Tx& tx) { tx.exec_script("CREATE TABLE items(id INTEGER PRIMARY KEY, code TEXT UNIQUE);"); });
  }

  SqliteDatabase& sdb() { return dynamic_cast<SqliteDatabase&>(*db); }

  // Starts a write whose job blocks the writer thread until release() is called, so that the
  // writes submitted meanwhile pile up and must share the next batch.
  void hold_writer() {
    std::promise<void> started;
    holder_ = std::thread([this, &started] {
      db->write([&](Tx& tx) {
        tx.exec("INSERT INTO items(id, code) VALUES (0, 'holder')");
        started.set_value();
        release_.get_future().wait();
      });
    });
    started.get_future().wait();
  }
  void release() {
    release_.set_value();
    holder_.join();
  }
  // Waits until `n` writes are queued behind the held one.
  void wait_for_queue(int n) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (db->stats().waiting < n && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    ASSERT_GE(db->stats().waiting, n);
  }

  std::promise<void> release_;
  std::thread holder_;
};

TEST_P(SqliteTest, ConcurrentWritesShareOneCommit) {
  hold_writer();
  std::vector<std::thread> writers;
  for (int t = 1; t <= 7; ++t)
    writers.emplace_back([this, t] {
      db->write([t](Tx& tx) { tx.exec("INSERT INTO items(id, code) VALUES ($1, $2)", {t, "w" + std::to_string(t)}); });
    });
  wait_for_queue(7);
  release();
  for (auto& w : writers) w.join();
  auto stats = sdb().group_commit_stats();
  EXPECT_GE(stats.multi_job_batches, 1u);
  EXPECT_EQ(stats.max_batch, 7u);
  EXPECT_EQ(count("items"), 8);
}

TEST_P(SqliteTest, FailingJobIsRolledBackAloneInItsBatch) {
  hold_writer();
  auto submit = [this](int id, bool fail) {
    return std::async(std::launch::async, [this, id, fail] {
      db->write([&](Tx& tx) {
        tx.exec("INSERT INTO items(id, code) VALUES ($1, $2)", {id, "j" + std::to_string(id)});
        if (fail) throw std::runtime_error("job " + std::to_string(id) + " fails");
      });
    });
  };
  auto ok1 = submit(1, false);
  wait_for_queue(1);
  auto bad = submit(2, true);
  wait_for_queue(2);
  auto ok2 = submit(3, false);
  wait_for_queue(3);
  release();
  EXPECT_NO_THROW(ok1.get());
  EXPECT_THROW(bad.get(), std::runtime_error);
  EXPECT_NO_THROW(ok2.get());
  EXPECT_EQ(sdb().group_commit_stats().max_batch, 3u);
  auto ids = db->read_value([](Tx& tx) { return tx.query("SELECT id FROM items ORDER BY id"); });
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[1].i64(0), 1);
  EXPECT_EQ(ids[2].i64(0), 3);
}

TEST_P(SqliteTest, FullWriteQueueReportsBusy) {
  OpenOptions opts;
  opts.max_write_queue = 2;
  db->close();
  db = open(opts);
  hold_writer();
  auto q1 = std::async(std::launch::async, [this] { db->write([](Tx& tx) { tx.exec("INSERT INTO items(id) VALUES (1)"); }); });
  auto q2 = std::async(std::launch::async, [this] { db->write([](Tx& tx) { tx.exec("INSERT INTO items(id) VALUES (2)"); }); });
  wait_for_queue(2);
  try {
    db->write([](Tx& tx) { tx.exec("INSERT INTO items(id) VALUES (3)"); });
    ADD_FAILURE() << "third queued write should be refused";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind, DbError::Kind::busy);
  }
  release();
  q1.get();
  q2.get();
  EXPECT_EQ(count("items"), 3);  // holder + the two queued ones
}

TEST_P(SqliteTest, WriteInsideWriteFailsInsteadOfDeadlocking) {
  EXPECT_THROW(db->write([this](Tx&) { db->write([](Tx&) {}); }), std::logic_error);
}

// An interrupted INSERT makes SQLite roll back the whole transaction. A job that swallows the
// timeout must not go on writing in autocommit mode.
TEST_P(SqliteTest, TimedOutWriteCannotContinueOutsideItsTransaction) {
  OpenOptions opts;
  opts.statement_timeout_ms = 100;
  db->close();
  db = open(opts);
  EXPECT_THROW(db->write([](Tx& tx) {
    try {
      tx.exec("INSERT INTO items(id, code) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
              "WHERE x < 300000000) SELECT x, 'c' || x FROM c");
    } catch (const DbError& e) {
      EXPECT_EQ(e.kind, DbError::Kind::timeout);
    }
    tx.exec("INSERT INTO items(id, code) VALUES (1, 'after')");
  }),
               DbError);
  EXPECT_EQ(count("items"), 0);
}

// A statement prepared before a schema change answers with the new columns afterwards: SQLite
// re-prepares it inside its step, and the cached column names must follow. (PostgreSQL refuses a
// prepared statement whose result type changed; the modules name their columns.)
TEST_P(SqliteTest, CachedStatementSeesColumnsAddedLater) {
  db->write([](Tx& tx) { tx.exec("INSERT INTO items(id, code) VALUES (1, 'A-1')"); });
  const auto columns = [&] {
    return db->read_value([](Tx& tx) { return tx.query("SELECT * FROM items WHERE id = $1", {1}).columns(); });
  };
  EXPECT_EQ(columns(), (std::vector<std::string>{"id", "code"}));
  EXPECT_EQ(columns(), (std::vector<std::string>{"id", "code"}));  // now from the statement cache
  db->write([](Tx& tx) { tx.exec_script("ALTER TABLE items ADD COLUMN extra TEXT"); });
  EXPECT_EQ(columns(), (std::vector<std::string>{"id", "code", "extra"}));
  auto row = db->read_value([](Tx& tx) { return *tx.query_one("SELECT * FROM items WHERE id = $1", {1}); });
  EXPECT_TRUE(row.is_null("extra"));
  EXPECT_EQ(row.text("code"), "A-1");
}

TEST_P(SqliteTest, DurableSettingsAreOn) {
  db->write([](Tx& tx) {
    EXPECT_EQ(tx.query_one("PRAGMA journal_mode")->text(0), "wal");
    EXPECT_EQ(tx.query_int("PRAGMA synchronous"), 2);  // FULL
    EXPECT_EQ(tx.query_int("PRAGMA foreign_keys"), 1);
  });
  // Readers are read-only, like READ ONLY transactions on PostgreSQL.
  EXPECT_THROW(db->read([](Tx& tx) { tx.exec("INSERT INTO items(id) VALUES (9)"); }), DbError);
}

// PRAGMA cache_size answers in KiB as a negative number when it was set as a size.
TEST_P(SqliteTest, EveryConnectionGetsTheConfiguredPageCache) {
  const auto cache = [](Tx& tx) { return tx.query_int("PRAGMA cache_size"); };
  EXPECT_EQ(db->write_value(cache), -32 * 1024);
  EXPECT_EQ(db->read_value(cache), -32 * 1024);
  OpenOptions opts;
  opts.sqlite_cache_mib = 5;
  db->close();
  db = open(opts);
  EXPECT_EQ(db->write_value(cache), -5 * 1024);
  EXPECT_EQ(db->read_value(cache), -5 * 1024);
}

TEST_P(SqliteTest, CloseCheckpointsTheWal) {
  db->write([](Tx& tx) { tx.exec("INSERT INTO items(id) VALUES (1)"); });
  db->close();
  const auto wal = sqlite_path() + "-wal";
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
}

std::string journal_mode(Database& db) {
  return db.write_value([](Tx& tx) { return tx.query_one("PRAGMA journal_mode")->text(0); });
}

TEST_P(SqliteTest, ExclusiveLoadUsesARollbackJournalAndReturnsToWal) {
  db->read([](Tx& tx) { tx.query_int("SELECT count(*) FROM items"); });  // an idle reader is open
  {
    const ExclusiveLoad load(*db);
    ASSERT_TRUE(load.active());
    EXPECT_EQ(journal_mode(*db), "truncate");
    db->write([](Tx& tx) {
      for (int i = 1; i <= 50; ++i) tx.exec("INSERT INTO items(id, code) VALUES ($1, $2)", {i, std::to_string(i)});
    });
    EXPECT_EQ(db->read_value([](Tx& tx) { return tx.query_int("SELECT count(*) FROM items"); }), 50);
    // A failed write still rolls back whole under the rollback journal.
    EXPECT_THROW(db->write([](Tx& tx) {
      tx.exec("INSERT INTO items(id, code) VALUES (51, '51')");
      tx.exec("INSERT INTO items(id, code) VALUES (52, '1')");  // duplicate code
    }),
                 DbError);
  }
  EXPECT_EQ(journal_mode(*db), "wal");
  auto other = open();  // what the load wrote is committed for every connection
  EXPECT_EQ(other->read_value([](Tx& tx) { return tx.query_int("SELECT count(*) FROM items"); }), 50);
  other->close();
}

TEST_P(SqliteTest, ExclusiveLoadStaysInWalWhileAnotherConnectionIsOpen) {
  auto other = open();  // like a running server on the same file
  other->read([](Tx& tx) { tx.query_int("SELECT count(*) FROM items"); });
  {
    const ExclusiveLoad load(*db);
    EXPECT_FALSE(load.active());
    db->write([](Tx& tx) { tx.exec("INSERT INTO items(id, code) VALUES (1, '1')"); });
    EXPECT_EQ(journal_mode(*db), "wal");
  }
  EXPECT_EQ(other->read_value([](Tx& tx) { return tx.query_int("SELECT count(*) FROM items"); }), 1);
  other->close();
}

TEST_P(SqliteTest, OnlineBackupCopiesALiveDatabase) {
  db->write([](Tx& tx) {
    for (int i = 1; i <= 100; ++i) tx.exec("INSERT INTO items(id, code) VALUES ($1, $2)", {i, std::to_string(i)});
  });
  const std::string copy = dir() + "/backup.db";
  sqlite_backup(sqlite_path(), copy);
  auto restored = open_database("sqlite:" + copy);
  EXPECT_EQ(restored->read_value([](Tx& tx) { return tx.query_int("SELECT count(*) FROM items"); }), 100);
  restored->close();
  EXPECT_THROW(sqlite_backup(dir() + "/missing.db", dir() + "/x.db"), DbError);
  EXPECT_FALSE(std::filesystem::exists(dir() + "/x.db"));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteTest, ::testing::Values(Backend::sqlite), testing::backend_name);

}  // namespace
}  // namespace lianxin::db::sqlite
