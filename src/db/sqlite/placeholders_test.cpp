#include "db/sqlite/placeholders.hpp"

#include <gtest/gtest.h>

namespace lianxin::db::sqlite {
namespace {

TEST(RewritePlaceholders, NumberedParametersBecomeQuestionMarks) {
  EXPECT_EQ(rewrite_placeholders("SELECT * FROM t WHERE a = $1 AND b IN ($2,$10)"),
            "SELECT * FROM t WHERE a = ?1 AND b IN (?2,?10)");
  EXPECT_EQ(rewrite_placeholders("$1"), "?1");
}

TEST(RewritePlaceholders, QuotedTextAndCommentsStayAsWritten) {
  EXPECT_EQ(rewrite_placeholders("SELECT '$1', 'it''s $2', $3"), "SELECT '$1', 'it''s $2', ?3");
  EXPECT_EQ(rewrite_placeholders(R"(SELECT "col$1", "a""$2", [x$3], `y$4` FROM t)"),
            R"(SELECT "col$1", "a""$2", [x$3], `y$4` FROM t)");
  EXPECT_EQ(rewrite_placeholders("SELECT $1 -- not $2\n, $3 /* nor $4 */"), "SELECT ?1 -- not $2\n, ?3 /* nor $4 */");
}

TEST(RewritePlaceholders, LeavesOtherDollarsAlone) {
  EXPECT_EQ(rewrite_placeholders("SELECT a$1, $x, $ FROM t"), "SELECT a$1, $x, $ FROM t");
  EXPECT_EQ(rewrite_placeholders("SELECT 'unterminated $1"), "SELECT 'unterminated $1");
}

}  // namespace
}  // namespace lianxin::db::sqlite
