#include <gtest/gtest.h>

#include "http/target.hpp"

namespace lianxin::http::detail {
namespace {

TEST(DecodePath, DecodesAndDropsQuery) {
  EXPECT_EQ(decode_path("/api/orgs/1?limit=5"), "/api/orgs/1");
  EXPECT_EQ(decode_path("/api/%E5%BC%A0"), "/api/张");
  EXPECT_EQ(decode_path("/"), "/");
}

TEST(DecodePath, RejectsBadEncodingNulAndTraversal) {
  for (const char* bad : {"/api/%zz", "/api/%4", "/api/%", "/api/a%00b", "/../etc/passwd", "/a/..", "/a/./b",
                          "/a/%2e%2e/b", "/a/%2E./b", "/a%5c..%5cb", "api/orgs", "http://x/y", ""}) {
    EXPECT_FALSE(decode_path(bad).has_value()) << bad;
  }
  EXPECT_TRUE(decode_path("/a/..b/c.d").has_value());  // dots inside a name are fine
}

TEST(ParseQuery, DecodesPlusAndPercentLastWins) {
  std::map<std::string, std::string> q;
  ASSERT_TRUE(parse_query("/x?name=%E5%BC%A0+%E4%B8%89&a=1&a=2&flag", q));
  EXPECT_EQ(q["name"], "张 三");
  EXPECT_EQ(q["a"], "2");
  EXPECT_EQ(q.count("flag"), 1u);
  std::map<std::string, std::string> none;
  EXPECT_TRUE(parse_query("/x", none));
  EXPECT_TRUE(none.empty());
  std::map<std::string, std::string> bad;
  EXPECT_FALSE(parse_query("/x?a=%zz", bad));
}

TEST(RequestId, ValidationAndGeneration) {
  EXPECT_TRUE(is_valid_request_id("abc-DEF_1.2"));
  EXPECT_FALSE(is_valid_request_id(""));
  EXPECT_FALSE(is_valid_request_id(std::string(65, 'a')));
  EXPECT_FALSE(is_valid_request_id("a b"));
  EXPECT_FALSE(is_valid_request_id("a\nb"));
  auto id = new_request_id();
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(id, new_request_id());
}

}  // namespace
}  // namespace lianxin::http::detail
