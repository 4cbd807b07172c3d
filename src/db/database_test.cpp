// The Database contract, run against every available backend (see test_support.hpp).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "db/test_support.hpp"

namespace lianxin::db {
namespace {

using Kind = DbError::Kind;

constexpr const char* kSchema =
    "CREATE TABLE items(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, note TEXT, "
    "qty INTEGER CHECK (qty >= 0));"
    "CREATE TABLE parts(id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id), label TEXT);";

// Runs long enough (tens of seconds) that only the statement timeout can end it in a test.
constexpr const char* kSlowQuery =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) "
    "SELECT count(*) FROM c";

class DbTest : public testing::BackendTest {
protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db->write([](Tx& tx) { tx.exec_script(kSchema); });
  }

  void insert_item(int id, const std::string& code) {
    db->write([&](Tx& tx) { tx.exec("INSERT INTO items(id, code) VALUES ($1, $2)", {id, code}); });
  }

  // The kind of the DbError that fn throws (fails the test when it throws nothing or something else).
  static std::optional<Kind> error_kind(const std::function<void()>& fn, std::string* constraint = nullptr) {
    try {
      fn();
    } catch (const DbError& e) {
      if (constraint) *constraint = e.constraint;
      return e.kind;
    }
    ADD_FAILURE() << "expected a DbError";
    return std::nullopt;
  }
};

TEST_P(DbTest, ExecAndQueryRoundTrip) {
  int64_t changed = db->write_value([](Tx& tx) {
    return tx.exec("INSERT INTO items(id, code, note, qty) VALUES ($1, $2, $3, $4)", {1, "A-1", "党建 ✓", 5});
  });
  EXPECT_EQ(changed, 1);
  db->read([](Tx& tx) {
    Rows rows = tx.query("SELECT id, code, note, qty FROM items WHERE code = $1", {"A-1"});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.columns(), (std::vector<std::string>{"id", "code", "note", "qty"}));
    EXPECT_EQ(rows[0].i64("id"), 1);
    EXPECT_EQ(rows[0].text(1), "A-1");
    EXPECT_EQ(rows[0].text("note"), "党建 ✓");
    EXPECT_EQ(rows[0].i64(3), 5);
    EXPECT_THROW(rows[0].index("nope"), std::out_of_range);
  });
  // A Row outlives the Rows it came from and still finds its columns by name.
  auto row = db->read_value([](Tx& tx) { return tx.query_one("SELECT code, qty FROM items WHERE id = $1", {1}); });
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->text("code"), "A-1");
  EXPECT_EQ(db->write_value([](Tx& tx) { return tx.exec("UPDATE items SET qty = qty + $1 WHERE id >= 0", {2}); }), 1);
  EXPECT_EQ(db->read_value([](Tx& tx) { return tx.query_int("SELECT qty FROM items WHERE id = 1"); }), 7);
}

// Integers come back as their decimal text on both engines (SQLite's are formatted by the
// backend itself, not by sqlite3_column_text), the extremes and a stored text of digits included.
TEST_P(DbTest, IntegersComeBackAsDecimalText) {
  db->write([](Tx& tx) { tx.exec("INSERT INTO items(id, code, qty) VALUES (7, $1, 0)", {"0042"}); });
  auto row = *db->read_value([](Tx& tx) {
    return tx.query_one("SELECT -9223372036854775807 - 1, 9223372036854775807, qty, qty - 17, code, id FROM items");
  });
  EXPECT_EQ(row.text(0), "-9223372036854775808");
  EXPECT_EQ(row.text(1), "9223372036854775807");
  EXPECT_EQ(row.text(2), "0");
  EXPECT_EQ(row.text(3), "-17");
  EXPECT_EQ(row.text(4), "0042");  // a TEXT column keeps its leading zeros
  EXPECT_EQ(row.i64(5), 7);
}

TEST_P(DbTest, TakeMovesACellOutAndRefusesNull) {
  db->write([](Tx& tx) { tx.exec("INSERT INTO items(id, code, note) VALUES (1, $1, NULL)", {std::string(40, 'a')}); });
  auto row = *db->read_value([](Tx& tx) { return tx.query_one("SELECT code, note, id FROM items"); });
  EXPECT_EQ(row.take(0), std::string(40, 'a'));
  EXPECT_EQ(row.text(0), "");  // taken: empty, not NULL
  EXPECT_FALSE(row.is_null(0));
  EXPECT_FALSE(row.take_opt(1).has_value());
  EXPECT_THROW(row.take(1), DbError);
  EXPECT_EQ(row.take_opt(2), std::optional<std::string>("1"));
}

// NULL flags are kept apart from the cells: the first 64 columns inline, the rest beside them.
TEST_P(DbTest, NullsAreKeptInEveryColumnOfAWideRow) {
  std::string select = "SELECT ";
  for (int i = 0; i < 70; ++i) select += (i ? ", " : "") + (i % 3 == 0 ? std::string("NULL") : std::to_string(i));
  auto row = *db->read_value([&](Tx& tx) { return tx.query_one(select); });
  ASSERT_EQ(row.size(), 70u);
  for (size_t i = 0; i < 70; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(row.is_null(i), i % 3 == 0);
    if (i % 3 == 0) {
      EXPECT_THROW(row.text(i), DbError);
      EXPECT_FALSE(row.opt_text(i).has_value());
    } else {
      EXPECT_EQ(row.i64(i), static_cast<int64_t>(i));
    }
  }
  EXPECT_THROW(row.is_null(70), std::out_of_range);
}

TEST_P(DbTest, ReturningAndRepeatedPlaceholder) {
  auto id = db->write_value([](Tx& tx) {
    return tx.query_int("INSERT INTO items(id, code, note) VALUES ($1, $2, $2) RETURNING id", {42, "same"});
  });
  EXPECT_EQ(id, 42);
  auto row = db->read_value([](Tx& tx) { return tx.query_one("SELECT code, note FROM items"); });
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->text("note"), "same");
  EXPECT_FALSE(db->read_value([](Tx& tx) { return tx.query_one("SELECT id FROM items WHERE id = 7"); }).has_value());
}

TEST_P(DbTest, NullsTravelBothWays) {
  db->write([](Tx& tx) {
    tx.exec("INSERT INTO items(id, code, note, qty) VALUES ($1, $2, $3, $4)",
            {1, "n", Value(), std::optional<int64_t>{}});
  });
  auto row = db->read_value([](Tx& tx) { return *tx.query_one("SELECT note, qty FROM items WHERE id = 1"); });
  EXPECT_TRUE(row.is_null("note"));
  EXPECT_FALSE(row.opt_text("note").has_value());
  EXPECT_EQ(row.text_or(0, "dflt"), "dflt");
  EXPECT_FALSE(row.opt_i64("qty").has_value());
  EXPECT_THROW(row.text(0), DbError);
  EXPECT_THROW(row.i64(1), DbError);
}

TEST_P(DbTest, DollarInsideStringLiteralIsNotAPlaceholder) {
  db->write([](Tx& tx) { tx.exec("INSERT INTO items(id, code, note) VALUES ($1, '$1 stays', $2)", {1, "x"}); });
  auto row = db->read_value([](Tx& tx) { return *tx.query_one("SELECT '$2' AS lit, $1 AS p, code, note FROM items", {"v"}); });
  EXPECT_EQ(row.text("lit"), "$2");
  EXPECT_EQ(row.text("p"), "v");
  EXPECT_EQ(row.text("code"), "$1 stays");
  EXPECT_EQ(row.text("note"), "x");
}

TEST_P(DbTest, ExceptionRollsBackEverything) {
  EXPECT_THROW(db->write([](Tx& tx) {
    tx.exec("INSERT INTO items(id, code) VALUES (1, 'a')");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(count("items"), 0);
  // The second statement fails: the first must not stay behind.
  EXPECT_THROW(db->write([](Tx& tx) {
    tx.exec("INSERT INTO items(id, code) VALUES (1, 'a')");
    tx.exec("INSERT INTO items(id, code) VALUES (2, 'a')");
  }),
               DbError);
  EXPECT_EQ(count("items"), 0);
}

// Engines differ after an error caught inside fn (SQLite keeps the transaction, PostgreSQL aborts
// it); either way write() returning normally must mean the work is committed.
TEST_P(DbTest, CaughtErrorNeverLosesAWriteSilently) {
  insert_item(1, "taken");
  bool returned = true;
  try {
    db->write([](Tx& tx) {
      tx.exec("INSERT INTO items(id, code) VALUES (2, 'fresh')");
      try {
        tx.exec("INSERT INTO items(id, code) VALUES (3, 'taken')");
      } catch (const DbError&) {
      }
    });
  } catch (const DbError&) {
    returned = false;
  }
  int64_t fresh = db->read_value([](Tx& tx) { return tx.query_int("SELECT count(*) FROM items WHERE code = 'fresh'"); });
  EXPECT_EQ(fresh, returned ? 1 : 0);
}

TEST_P(DbTest, ConstraintErrorsAreMapped) {
  insert_item(1, "dup");
  std::string constraint;
  EXPECT_EQ(error_kind([&] { insert_item(2, "dup"); }, &constraint), Kind::unique_violation);
  EXPECT_NE(constraint.find("code"), std::string::npos) << constraint;
  EXPECT_EQ(error_kind([&] { insert_item(1, "other"); }), Kind::unique_violation);
  EXPECT_EQ(error_kind([&] {
              db->write([](Tx& tx) { tx.exec("INSERT INTO parts(id, item_id) VALUES (1, 999)"); });
            }),
            Kind::foreign_key_violation);
  EXPECT_EQ(error_kind([&] {
              db->write([](Tx& tx) { tx.exec("INSERT INTO items(id, code, qty) VALUES (5, 'neg', -1)"); });
            }),
            Kind::check_violation);
  EXPECT_EQ(count("items"), 1);
}

TEST_P(DbTest, BulkInsertTenThousandRows) {
  std::vector<Params> rows;
  const std::vector<std::string> notes = {"plain", "tab\there", "line\nbreak", "back\\slash", "cr\rhere", "\\N"};
  for (int i = 0; i < 10000; ++i)
    rows.push_back({i + 1, "code-" + std::to_string(i), i % 7 == 0 ? Value() : Value(notes[i % notes.size()]), i});
  db->write([&](Tx& tx) { tx.bulk_insert("items", {"id", "code", "note", "qty"}, rows); });
  EXPECT_EQ(count("items"), 10000);
  db->read([&](Tx& tx) {
    for (int i : {1, 2, 3, 4, 5, 7, 9999}) {
      auto row = *tx.query_one("SELECT note, qty FROM items WHERE id = $1", {i + 1});
      EXPECT_EQ(row.i64("qty"), i);
      if (i % 7 == 0) EXPECT_TRUE(row.is_null("note")) << i;
      else EXPECT_EQ(row.text("note"), notes[i % notes.size()]) << i;
    }
  });
  EXPECT_THROW(db->write([](Tx& tx) { tx.bulk_insert("items; DROP TABLE items", {"id"}, {{1}}); }),
               std::invalid_argument);
}

TEST_P(DbTest, ReadSeesOneSnapshot) {
  insert_item(1, "before");
  std::promise<void> first_count_taken, write_committed;
  int64_t seen_first = -1, seen_second = -1;
  std::thread reader([&] {
    db->read([&](Tx& tx) {
      seen_first = tx.query_int("SELECT count(*) FROM items");
      first_count_taken.set_value();
      write_committed.get_future().wait();
      seen_second = tx.query_int("SELECT count(*) FROM items");
    });
  });
  first_count_taken.get_future().wait();
  insert_item(2, "during");
  write_committed.set_value();
  reader.join();
  EXPECT_EQ(seen_first, 1);
  EXPECT_EQ(seen_second, 1);  // the committed write stays invisible inside the open read
  EXPECT_EQ(count("items"), 2);
}

TEST_P(DbTest, ConcurrentWritersAllCommit) {
  constexpr int kThreads = 8, kWrites = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        try {
          insert_item(t * 1000 + i, std::to_string(t) + "-" + std::to_string(i));
        } catch (const std::exception& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count("items"), kThreads * kWrites);
}

TEST_P(DbTest, StatementTimeout) {
  OpenOptions opts;
  opts.statement_timeout_ms = 200;
  auto fast = open(opts);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_kind([&] { fast->read([](Tx& tx) { tx.query(kSlowQuery); }); }), Kind::timeout);
  EXPECT_EQ(error_kind([&] { fast->write([](Tx& tx) { tx.query(kSlowQuery); }); }), Kind::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  // The connections are still fine afterwards.
  EXPECT_EQ(fast->read_value([](Tx& tx) { return tx.query_int("SELECT 1"); }), 1);
  fast->write([](Tx& tx) { tx.exec("INSERT INTO items(id, code) VALUES (1, 'after-timeout')"); });
  EXPECT_EQ(count("items"), 1);
  fast->close();
}

TEST_P(DbTest, ExhaustedPoolReportsBusy) {
  OpenOptions opts;
  opts.read_connections = 1;
  opts.pool_wait_ms = 100;
  auto small = open(opts);
  std::promise<void> holding, release;
  std::thread holder([&] {
    small->read([&](Tx& tx) {
      tx.query_int("SELECT 1");
      holding.set_value();
      release.get_future().wait();
    });
  });
  holding.get_future().wait();
  EXPECT_EQ(error_kind([&] { small->read([](Tx& tx) { tx.query_int("SELECT 1"); }); }), Kind::busy);
  EXPECT_GE(small->stats().in_use, 1);
  release.set_value();
  holder.join();
  EXPECT_EQ(small->read_value([](Tx& tx) { return tx.query_int("SELECT 2"); }), 2);
  small->close();
}

TEST_P(DbTest, ClosedDatabaseRefusesWork) {
  EXPECT_EQ(db->backend(), GetParam());
  EXPECT_FALSE(db->describe().empty());
  db->close();
  EXPECT_EQ(error_kind([&] { db->read([](Tx&) {}); }), Kind::connection);
  EXPECT_EQ(error_kind([&] { db->write([](Tx&) {}); }), Kind::connection);
}

INSTANTIATE_TEST_SUITE_P(Backends, DbTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         testing::backend_name);

TEST(OpenDatabase, RejectsUnknownUrls) {
  EXPECT_THROW(open_database("mysql://localhost/x"), std::invalid_argument);
  EXPECT_THROW(open_database("sqlite:"), std::invalid_argument);
  EXPECT_THROW(open_database("sqlite::memory:"), std::invalid_argument);
  EXPECT_THROW(open_database("/var/lib/lianxin.db"), std::invalid_argument);
}

}  // namespace
}  // namespace lianxin::db
