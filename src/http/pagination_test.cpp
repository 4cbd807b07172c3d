#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "http/pagination.hpp"

namespace lianxin::http {
namespace {

Request with_query(std::map<std::string, std::string> q) {
  Request r;
  r.query = std::move(q);
  return r;
}

void expect_400_on(const std::map<std::string, std::string>& q, const std::string& field) {
  try {
    PageRequest::from(with_query(q));
    FAIL() << "expected ApiError for field " << field;
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.field, field);
  }
}

TEST(Pagination, DefaultLimit) {
  auto p = PageRequest::from(with_query({}));
  EXPECT_EQ(p.limit, 20);
  EXPECT_FALSE(p.after.has_value());
}

TEST(Pagination, LimitBounds) {
  EXPECT_EQ(PageRequest::from(with_query({{"limit", "1"}})).limit, 1);
  EXPECT_EQ(PageRequest::from(with_query({{"limit", "500"}})).limit, 500);
  for (const char* bad : {"0", "501", "-1", "abc", "", "10x", "99999999999"}) {
    expect_400_on({{"limit", bad}}, "limit");
  }
}

TEST(Pagination, CursorRoundTrip) {
  boost::json::array key{"张三", 42, nullptr, 1.5, true};
  std::string c = encode_cursor(key);
  EXPECT_EQ(c.find_first_of("+/="), std::string::npos);  // URL-safe as is
  auto p = PageRequest::from(with_query({{"after", c}}));
  ASSERT_TRUE(p.after.has_value());
  EXPECT_EQ(*p.after, key);
}

TEST(Pagination, TamperedCursorIs400OnAfter) {
  std::string c = encode_cursor(boost::json::array{"x", 1});
  expect_400_on({{"after", c.substr(0, c.size() - 1)}}, "after");
  expect_400_on({{"after", "!!!"}}, "after");
  expect_400_on({{"after", encode_cursor(boost::json::array{boost::json::object{{"a", 1}}})}}, "after");
  // Valid base64url, but not a JSON array.
  expect_400_on({{"after", "eyJhIjoxfQ"}}, "after");
}

TEST(Pagination, PageBodyDropsExtraItemAndMakesCursor) {
  boost::json::array items{boost::json::object{{"id", 1}}, boost::json::object{{"id", 2}},
                           boost::json::object{{"id", 3}}};
  auto body = page_body(items, 10, 2, [](const boost::json::value& v) {
    return boost::json::array{v.at("id")};
  });
  EXPECT_EQ(body.at("items").as_array().size(), 2u);
  EXPECT_EQ(body.at("total").as_int64(), 10);
  EXPECT_EQ(decode_cursor(std::string(body.at("next").as_string())), (boost::json::array{2}));

  auto last = page_body(boost::json::array{1}, 1, 2, [](const boost::json::value&) { return boost::json::array{}; });
  EXPECT_TRUE(last.at("next").is_null());
}

// The text form gives the same body as page_body for the same items.
TEST(Pagination, PageTextIsPageBodyAsText) {
  const std::vector<int64_t> ids{1, 2, 3};
  const auto write = [&](JsonWriter& w, size_t i) { w.begin_object().key("id").value(ids[i]).end_object(); };
  const auto key = [&](size_t i) { return boost::json::array{ids[i]}; };
  boost::json::array items{boost::json::object{{"id", 1}}, boost::json::object{{"id", 2}},
                           boost::json::object{{"id", 3}}};
  const auto key_of = [](const boost::json::value& v) { return boost::json::array{v.at("id")}; };
  EXPECT_EQ(page_text(3, 10, 2, write, key), boost::json::serialize(page_body(items, 10, 2, key_of)));
  EXPECT_EQ(page_text(2, 2, 2, write, key), boost::json::serialize(page_body(boost::json::array{items[0], items[1]}, 2, 2, key_of)));
  EXPECT_EQ(page_text(0, 0, 2, write, key), R"({"items":[],"total":0,"next":null})");
}

}  // namespace
}  // namespace lianxin::http
