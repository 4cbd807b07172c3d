// db::after_key: the SQL it writes, and on both engines that paging with it visits every row of a
// list with ties in its first column exactly once, in order, in both directions.
#include "db/keyset.hpp"

#include "db/test_support.hpp"

namespace lianxin::db::testing {
namespace {

TEST(AfterKey, WritesTheConditionAndAppendsTheValues) {
  Params p{"x", 1};
  EXPECT_EQ(after_key(p, {"u.id", 41}), "u.id > $3");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[2].as_int(), 41);
  EXPECT_EQ(after_key(p, {"o.path", "/1/2/"}, {"m.id", 7}, Direction::descending),
            "(o.path < $4 OR (o.path = $4 AND m.id < $5))");
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[3].as_text(), "/1/2/");
  EXPECT_EQ(p[4].as_int(), 7);
}

class KeysetTest : public BackendTest {
protected:
  // Pages of 3 through t ordered by (grp, id), each page after the last row of the one before.
  std::vector<int64_t> walk(Direction d) {
    const std::string dir = d == Direction::ascending ? "" : " DESC";
    std::vector<int64_t> seen;
    std::optional<std::pair<std::string, int64_t>> last;
    for (int page = 0; page < 20; ++page) {
      auto rows = db->read_value([&](Tx& tx) {
        Params p;
        std::string where = "1 = 1";
        if (last) where += " AND " + after_key(p, {"grp", last->first}, {"id", last->second}, d);
        p.emplace_back(3);
        return tx.query("SELECT grp, id FROM t WHERE " + where + " ORDER BY grp" + dir + ", id" + dir + " LIMIT " +
                            last_placeholder(p),
                        p);
      });
      if (rows.empty()) break;
      for (const auto& r : rows) seen.push_back(r.i64(1));
      last.emplace(rows.rows.back().text(0), rows.rows.back().i64(1));
    }
    return seen;
  }
};

TEST_P(KeysetTest, PagingVisitsEveryRowOnceInOrder) {
  db->write([](Tx& tx) {
    tx.exec_script("CREATE TABLE t (id BIGINT PRIMARY KEY, grp TEXT NOT NULL)");
    std::vector<Params> rows;  // groups of 1, 2, 3 and 4 rows, ids not in group order
    const char* groups[] = {"b", "a", "b", "c", "a", "c", "c", "d", "d", "d", "d"};
    for (int i = 0; i < 11; ++i) rows.push_back({i + 1, groups[i]});
    tx.bulk_insert("t", {"id", "grp"}, rows);
  });
  const std::vector<int64_t> ascending{2, 5, 1, 3, 4, 6, 7, 8, 9, 10, 11};
  EXPECT_EQ(walk(Direction::ascending), ascending);
  EXPECT_EQ(walk(Direction::descending), std::vector<int64_t>(ascending.rbegin(), ascending.rend()));
}

INSTANTIATE_TEST_SUITE_P(Backends, KeysetTest, ::testing::Values(Backend::sqlite, Backend::postgres), backend_name);

}  // namespace
}  // namespace lianxin::db::testing
