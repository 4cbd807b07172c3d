// Pieces of the PostgreSQL backend that need no server.
#include <gtest/gtest.h>

#include "db/postgres/pg_conninfo.hpp"
#include "db/postgres/pg_copy.hpp"

namespace lianxin::db::postgres {
namespace {

TEST(DescribeConninfo, NeverShowsThePassword) {
  auto url = describe_conninfo("postgresql://app:s3cret@db.example:6543/lianxin?sslmode=require");
  EXPECT_EQ(url, "postgresql://app@db.example:6543/lianxin");
  auto kv = describe_conninfo("host=10.0.0.1 user=app password=s3cret dbname=lx");
  EXPECT_EQ(kv.find("s3cret"), std::string::npos) << kv;
  EXPECT_EQ(kv, "postgresql://app@10.0.0.1/lx");
}

TEST(DescribeConninfo, DatabaseDescribeHidesPasswordWithoutConnecting) {
  auto db = open_database("postgres://app:s3cret@127.0.0.1:1/none");  // connections open lazily
  EXPECT_EQ(db->describe().find("s3cret"), std::string::npos);
}

TEST(EncodeCopyText, EscapesSpecialCharactersAndNulls) {
  std::vector<Params> rows = {{1, "a\tb", Value()}, {2, "back\\slash\nnew\rline", "\\N"}};
  EXPECT_EQ(encode_copy_text(rows, 3), "1\ta\\tb\t\\N\n2\tback\\\\slash\\nnew\\rline\t\\\\N\n");
  EXPECT_THROW(encode_copy_text({{1}}, 2), std::invalid_argument);
}

}  // namespace
}  // namespace lianxin::db::postgres
