#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace lianxin::http {
namespace {

TEST(JsonBody, MalformedOrNonObjectIs400) {
  for (const char* bad : {"", "{", "[1,2]", "\"text\"", "null"}) {
    try {
      JsonBody b{std::string(bad)};
      FAIL() << "accepted: " << bad;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status, 400);
      EXPECT_EQ(e.code, "bad_json");
    }
  }
}

TEST(JsonBody, ReadsTrimmedValues) {
  JsonBody b(R"({"name":"  张三\u3000 ","age":30,"score":2.0,"note":null})");
  EXPECT_EQ(b.str("name"), "张三");
  EXPECT_EQ(b.integer("age"), 30);
  EXPECT_EQ(b.opt_int("score"), 2);
  EXPECT_FALSE(b.opt_str("note").has_value());
  EXPECT_FALSE(b.has("note"));
  EXPECT_FALSE(b.opt_int("missing").has_value());
  EXPECT_TRUE(b.errors().empty());
  EXPECT_NO_THROW(b.finish());
}

TEST(JsonBody, CollectsAllErrorsThen422) {
  JsonBody b(R"({"name":"   ","phone":123,"age":"thirty"})");
  b.str("name");
  b.opt_str("phone");
  b.integer("age");
  b.integer("org_id");
  ASSERT_EQ(b.errors().size(), 4u);
  EXPECT_EQ(b.errors()[0], (domain::FieldError{"name", "required", "必填项"}));
  EXPECT_EQ(b.errors()[1], (domain::FieldError{"phone", "invalid_type", "应为文本"}));
  EXPECT_EQ(b.errors()[2].field, "age");
  EXPECT_EQ(b.errors()[3], (domain::FieldError{"org_id", "required", "必填项"}));
  try {
    b.finish();
    FAIL() << "finish did not throw";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.field, "name");
    EXPECT_EQ(e.details.size(), 4u);
  }
}

TEST(JsonBody, HandlerCanAddItsOwnErrors) {
  JsonBody b("{}");
  b.add_error("id_number", "id_number.checksum", "身份证号校验位错误");
  EXPECT_THROW(b.finish(), ApiError);
}

}  // namespace
}  // namespace lianxin::http
