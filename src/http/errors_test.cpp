#include <gtest/gtest.h>

#include "http/api.hpp"
#include "http/errors.hpp"

namespace lianxin::http {
namespace {

namespace json = boost::json;

TEST(ApiError, JsonShapeWithoutDetails) {
  auto e = conflict("duplicate_id_number", "身份证号已存在", "id_number");
  EXPECT_EQ(e.status, 409);
  EXPECT_EQ(json::value(e.to_json()),
            json::parse(R"({"error":{"code":"duplicate_id_number","message":"身份证号已存在","field":"id_number"}})"));
}

TEST(ApiError, ValidationFailedPutsFirstErrorOnTopAndAllInDetails) {
  auto e = validation_failed({{"name", "required", "必填项"}, {"phone", "phone.format", "手机号格式错误"}});
  EXPECT_EQ(e.status, 422);
  EXPECT_EQ(json::value(e.to_json()), json::parse(R"({"error":{"code":"required","message":"必填项","field":"name",
      "details":[{"field":"name","code":"required","message":"必填项"},
                 {"field":"phone","code":"phone.format","message":"手机号格式错误"}]}})"));
}

TEST(ApiError, Factories) {
  auto nf = not_found("党员");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.code, "not_found");
  EXPECT_EQ(nf.message, "党员不存在");
  EXPECT_EQ(not_found().message, "资源不存在");
  EXPECT_EQ(bad_request("bad_json", "x").status, 400);
  EXPECT_EQ(unavailable("维护中").status, 503);
}

TEST(Scope, ContainsWholeSegmentsOnly) {
  Scope s{false, {"/1/5/"}, false, {}};
  EXPECT_TRUE(s.contains_path("/1/5/"));
  EXPECT_TRUE(s.contains_path("/1/5/23/"));
  EXPECT_FALSE(s.contains_path("/1/50/"));
  EXPECT_FALSE(s.contains_path("/1/"));
  EXPECT_TRUE(Scope::all().contains_path("/9/"));
  EXPECT_FALSE(Scope{}.contains_path("/1/"));
  Scope unslashed{false, {"/1/5"}, false, {}};
  EXPECT_TRUE(unslashed.contains_path("/1/5/23/"));
  EXPECT_FALSE(unslashed.contains_path("/1/50/"));
}

TEST(Scope, RequireAnswers404OutsideWhatTheCallerSeesAnd403Inside) {
  // Permission on /1/5/ only, but a grant of another role on /1/ makes the whole /1/ tree visible.
  Scope s{false, {"/1/5/"}, false, {"/1/"}};
  EXPECT_NO_THROW(s.require("/1/5/23/", "党员"));
  try {
    s.require("/1/6/", "党员");
    ADD_FAILURE() << "expected 403";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 403);
  }
  try {
    s.require("/2/", "党员");
    ADD_FAILURE() << "expected 404";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 404);
    EXPECT_EQ(e.message, "党员不存在");
  }
  EXPECT_THROW(Scope::none().require("/1/", "组织"), ApiError);
  EXPECT_NO_THROW(Scope::all().require("/1/", "组织"));
}

TEST(Request, IdParamIsPositiveIntegerElse404) {
  Request r;
  r.path_params = {{"id", "42"}, {"neg", "-3"}, {"zero", "0"}, {"text", "4a"}, {"big", "99999999999999999999"}};
  EXPECT_EQ(r.id_param(), 42);
  for (const char* name : {"neg", "zero", "text", "big", "missing"}) {
    try {
      r.id_param(name);
      FAIL() << name;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status, 404) << name;
    }
  }
}

TEST(Request, QueryAndHeaderLookups) {
  Request r;
  r.query = {{"q", "张"}};
  r.headers = {{"x-a", "1"}};
  ASSERT_NE(r.query_param("q"), nullptr);
  EXPECT_EQ(*r.query_param("q"), "张");
  EXPECT_EQ(r.query_param("none"), nullptr);
  EXPECT_EQ(r.header("x-a"), "1");
  EXPECT_EQ(r.header("x-b"), "");
}

TEST(Response, DownloadHasAsciiFallbackAndUtf8Name) {
  auto r = Response::download("data", "text/csv", "党员名单 2024.csv");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Content-Disposition");
  EXPECT_EQ(r.headers[0].second,
            "attachment; filename=\"____ 2024.csv\"; "
            "filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%8D%95%202024.csv");
}

TEST(Response, JsonAndNoContent) {
  auto j = Response::json(json::object{{"a", 1}}, 201);
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(j.body, R"({"a":1})");
  EXPECT_EQ(Response::no_content().status, 204);
  EXPECT_TRUE(Response::no_content().body.empty());
}

TEST(Scope, IntersectKeepsTheSubtreesCommonToBoth) {
  Scope a{false, {"/1/5/", "/2/"}, false, {}};
  Scope b{false, {"/1/", "/2/7/", "/3/"}, false, {}};
  Scope both = Scope::intersect(a, b);
  EXPECT_EQ(both.paths, (std::vector<std::string>{"/1/5/", "/2/7/"}));
  EXPECT_FALSE(both.everything);
  EXPECT_EQ(Scope::intersect(Scope::all(), b).paths, b.paths);
  EXPECT_TRUE(Scope::intersect(Scope::all(), Scope::all()).everything);
  EXPECT_TRUE(Scope::intersect(a, Scope::none()).paths.empty());
  EXPECT_TRUE(Scope::intersect(Scope{false, {"/1/50/"}, false, {}}, Scope{false, {"/1/5/"}, false, {}}).paths.empty());
}

}  // namespace
}  // namespace lianxin::http
