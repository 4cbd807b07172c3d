// modules::starts_with: the SQL it writes, its successor string at the edges of UTF-8, and on both
// engines that both forms select exactly the rows whose text starts with the prefix.
#include "modules/common/text_prefix_sql.hpp"

#include <set>

#include "db/test_support.hpp"

namespace lianxin::modules {
namespace {

using db::Backend;
using db::Params;
using db::Tx;
using db::testing::BackendTest;
using db::testing::backend_name;

TEST(PrefixSuccessor, IncrementsTheLastCodePoint) {
  EXPECT_EQ(prefix_successor("ab"), "ac");
  EXPECT_EQ(prefix_successor("王小"), "王尐");            // U+5C0F -> U+5C10
  EXPECT_EQ(prefix_successor("a\x7f"), "a\xc2\x80");     // one byte to two
  EXPECT_EQ(prefix_successor("\xdf\xbf"), "\xe0\xa0\x80");  // U+07FF -> U+0800
  EXPECT_EQ(prefix_successor("x\xed\x9f\xbf"), "x\xee\x80\x80");  // U+D7FF -> U+E000, past the surrogates
  EXPECT_EQ(prefix_successor("\xef\xbf\xbf"), "\xf0\x90\x80\x80");  // U+FFFF -> U+10000
  EXPECT_EQ(prefix_successor("😀"), "😁");
}

TEST(PrefixSuccessor, NoneForTheLastCodePointEmptyOrMalformedText) {
  EXPECT_EQ(prefix_successor(""), std::nullopt);
  EXPECT_EQ(prefix_successor("a\xf4\x8f\xbf\xbf"), std::nullopt);  // U+10FFFF
  EXPECT_EQ(prefix_successor("a\x80"), std::nullopt);              // a lone continuation byte
  EXPECT_EQ(prefix_successor("a\xe7\x8e"), std::nullopt);          // a truncated sequence
  EXPECT_EQ(prefix_successor("\xc0\xaf"), std::nullopt);           // an overlong '/'
}

TEST(StartsWith, WritesARangeOrFallsBackToSubstr) {
  Params p{1};
  EXPECT_EQ(starts_with(p, "m.name", "王", Backend::sqlite, Search::index), "m.name >= $2 AND m.name < $3");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[1].as_text(), "王");
  EXPECT_EQ(p[2].as_text(), "\xe7\x8e\x8c");  // U+738B + 1
  EXPECT_EQ(starts_with(p, "m.name", "王", Backend::postgres, Search::index),
            "m.name COLLATE \"C\" >= $4 AND m.name COLLATE \"C\" < $5");
  EXPECT_EQ(starts_with(p, "m.name", "a\xf4\x8f\xbf\xbf", Backend::sqlite, Search::index), "substr(m.name, 1, $6) = $7");
  EXPECT_EQ(p[5].as_int(), 2);  // characters, not bytes
  EXPECT_EQ(starts_with(p, "m.name", "王小", Backend::postgres, Search::scan), "substr(m.name, 1, $8) = $9");
  EXPECT_EQ(p[7].as_int(), 2);
  EXPECT_EQ(starts_with(p, "m.name", "", Backend::sqlite, Search::index), "1 = 1");
  EXPECT_EQ(p.size(), 9u);
}

class StartsWithTest : public BackendTest {};

TEST_P(StartsWithTest, SelectsExactlyTheRowsThatStartWithThePrefix) {
  const std::vector<std::string> names{"王",     "王小",   "王小明", "王尐",   "王晓",    "汪小",  "玉",
                                       "a",      "ab",     "abc",    "ac",     "a\x7f",   "a\xc2\x80", "😀x",
                                       "😁",     "x\xed\x9f\xbf", "x\xee\x80\x80", "z\xf4\x8f\xbf\xbf", "z\xf4\x8f\xbf\xbfq", "za"};
  const bool pg = GetParam() == Backend::postgres;
  db->write([&](Tx& tx) {
    tx.exec_script(std::string("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL); CREATE INDEX t_name ON t(name") +
                   (pg ? " COLLATE \"C\"" : "") + ")");
    std::vector<Params> rows;
    for (size_t i = 0; i < names.size(); ++i) rows.push_back({static_cast<int64_t>(i + 1), names[i]});
    tx.bulk_insert("t", {"id", "name"}, rows);
  });
  for (const std::string prefix : {"王", "王小", "a", "a\x7f", "😀", "x\xed\x9f\xbf", "z\xf4\x8f\xbf\xbf", "", "无"}) {
    std::set<std::string> expected;
    for (const auto& n : names)
      if (n.starts_with(prefix)) expected.insert(n);
    for (Search how : {Search::index, Search::scan}) {
      std::set<std::string> got;
      db->read([&](Tx& tx) {
        Params p;
        const std::string where = starts_with(p, "name", prefix, GetParam(), how);
        for (const auto& r : tx.query("SELECT name FROM t WHERE " + where, p)) got.insert(r.text(0));
      });
      EXPECT_EQ(got, expected) << "prefix " << prefix << (how == Search::index ? " (index)" : " (scan)");
    }
  }
  if (!pg) {  // the range is what lets SQLite search the index instead of scanning the table
    db->read([&](Tx& tx) {
      Params p;
      const std::string where = starts_with(p, "name", "王", Backend::sqlite, Search::index);
      std::string plan;
      for (const auto& r : tx.query("EXPLAIN QUERY PLAN SELECT id FROM t WHERE " + where, p)) plan += r.text(3);
      EXPECT_NE(plan.find("INDEX t_name (name>? AND name<?)"), std::string::npos) << plan;
    });
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StartsWithTest, ::testing::Values(Backend::sqlite, Backend::postgres), backend_name);

}  // namespace
}  // namespace lianxin::modules
