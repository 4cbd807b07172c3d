// Tx::query_each streams rows (single-row mode on PostgreSQL, stepping on SQLite).
#include <stdexcept>

#include "db/test_support.hpp"

namespace lianxin::db::testing {
namespace {

class QueryEachTest : public BackendTest {};

TEST_P(QueryEachTest, StreamsEveryRowInOrderWithParameters) {
  db->write([](Tx& tx) {
    tx.exec_script("CREATE TABLE t (id BIGINT PRIMARY KEY, label TEXT)");
    std::vector<Params> rows;
    for (int i = 1; i <= 5000; ++i) rows.push_back({i, i % 7 == 0 ? Value() : Value("row " + std::to_string(i))});
    tx.bulk_insert("t", {"id", "label"}, rows);
  });
  int64_t seen = 0, nulls = 0, last = 0;
  bool ordered = true;
  db->read([&](Tx& tx) {
    tx.query_each("SELECT id, label FROM t WHERE id > $1 ORDER BY id", {100}, [&](const Row& r) {
      ordered = ordered && r.i64("id") == last + (last == 0 ? 101 : 1);
      last = r.i64(0);
      if (r.is_null("label")) ++nulls;
      ++seen;
    });
  });
  EXPECT_EQ(seen, 4900);
  EXPECT_TRUE(ordered);
  EXPECT_EQ(nulls, 700);  // multiples of 7 in 101..5000
}

TEST_P(QueryEachTest, CallbackExceptionStopsAndConnectionStaysUsable) {
  db->write([](Tx& tx) {
    tx.exec_script("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    std::vector<Params> rows;
    for (int i = 1; i <= 20000; ++i) rows.push_back({i});
    tx.bulk_insert("t", {"id"}, rows);
  });
  int64_t seen = 0;
  EXPECT_THROW(db->read([&](Tx& tx) {
    tx.query_each("SELECT id FROM t ORDER BY id", {}, [&](const Row&) {
      if (++seen == 10) throw std::runtime_error("stop");
    });
  }),
               std::runtime_error);
  EXPECT_EQ(seen, 10);
  // The same pool answers afterwards: nothing was left half-read on a connection.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(count("t"), 20000);
}

TEST_P(QueryEachTest, SqlErrorIsReported) {
  EXPECT_THROW(db->read([](Tx& tx) { tx.query_each("SELECT * FROM missing_table", {}, [](const Row&) {}); }), DbError);
}

INSTANTIATE_TEST_SUITE_P(Backends, QueryEachTest, ::testing::Values(Backend::sqlite, Backend::postgres), backend_name);

}  // namespace
}  // namespace lianxin::db::testing
