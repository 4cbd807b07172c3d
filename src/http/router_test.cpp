#include <stdexcept>

#include <gtest/gtest.h>

#include "http/api.hpp"

namespace lianxin::http {
namespace {

Route route(std::string method, std::string pattern, std::string tag) {
  return Route{std::move(method), std::move(pattern), "test.perm",
               [tag](RequestContext&) { return Response::text(tag, "text/plain"); }};
}

std::string call(const Router::Match& m) {
  Request req;
  RequestContext ctx{req, "rid", "addr", {}, Scope::all()};
  return m.route->handler(ctx).body;
}

TEST(Router, MatchesLiteralAndParams) {
  Router r;
  r.add(route("GET", "/api/orgs", "list"));
  r.add(route("GET", "/api/orgs/{id}/stats", "stats"));
  auto m = r.match("GET", "/api/orgs/42/stats");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "stats");
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(call(r.match("GET", "/api/orgs")), "list");
}

TEST(Router, ParamDoesNotMatchEmptySegmentOrOtherLength) {
  Router r;
  r.add(route("GET", "/api/orgs/{id}", "one"));
  EXPECT_EQ(r.match("GET", "/api/orgs/").route, nullptr);
  EXPECT_EQ(r.match("GET", "/api/orgs/1/x").route, nullptr);
  EXPECT_FALSE(r.match("GET", "/api/orgs/1/x").path_known);
}

TEST(Router, SegmentLimitRefusesLongPatternsAndMatchesNoLongPath) {
  std::string deep;
  for (size_t i = 0; i < Router::kMaxSegments; ++i) deep += "/{p" + std::to_string(i) + "}";
  Router r;
  r.add(route("GET", deep, "deep"));  // exactly at the limit
  r.add(route("GET", "/", "root"));
  std::string path;
  for (size_t i = 0; i < Router::kMaxSegments; ++i) path += "/" + std::to_string(i);
  auto m = r.match("GET", path);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("p63"), "63");
  EXPECT_EQ(r.match("GET", path + "/64").route, nullptr);
  EXPECT_FALSE(r.match("GET", path + "/64").path_known);
  EXPECT_EQ(call(r.match("GET", "/")), "root");
  EXPECT_THROW(r.add(route("GET", deep + "/{more}", "deeper")), std::logic_error);
}

TEST(Router, LiteralBeatsParamWhateverTheOrderOfAdding) {
  Router r;
  r.add(route("GET", "/api/orgs/{id}", "param"));
  r.add(route("GET", "/api/orgs/tree", "literal"));
  r.add(route("GET", "/api/{kind}/{id}/stats", "generic"));
  r.add(route("GET", "/api/orgs/{id}/stats", "specific"));
  EXPECT_EQ(call(r.match("GET", "/api/orgs/tree")), "literal");
  EXPECT_EQ(call(r.match("GET", "/api/orgs/7")), "param");
  EXPECT_EQ(call(r.match("GET", "/api/orgs/7/stats")), "specific");
  EXPECT_EQ(call(r.match("GET", "/api/members/7/stats")), "generic");
}

// Routes are indexed by their second segment; one with a parameter there still competes, and
// still wins when it is literal further left.
TEST(Router, ParamInTheIndexedSegmentCompetesWithIndexedRoutes) {
  Router r;
  r.add(route("GET", "/{x}/orgs", "param first"));
  r.add(route("GET", "/api/{y}", "param second"));
  r.add(route("GET", "/healthz", "one segment"));
  EXPECT_EQ(call(r.match("GET", "/api/orgs")), "param second");
  EXPECT_EQ(call(r.match("GET", "/web/orgs")), "param first");
  EXPECT_EQ(call(r.match("GET", "/api/tree")), "param second");
  EXPECT_EQ(call(r.match("GET", "/healthz")), "one segment");
  EXPECT_EQ(r.match("GET", "/web/tree").route, nullptr);
  EXPECT_TRUE(r.match("POST", "/web/orgs").path_known);
}

TEST(Router, WrongMethodIsKnownPathForA405) {
  Router r;
  r.add(route("GET", "/api/orgs/{id}", "get"));
  auto m = r.match("DELETE", "/api/orgs/3");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  auto unknown = r.match("GET", "/api/nothing");
  EXPECT_EQ(unknown.route, nullptr);
  EXPECT_FALSE(unknown.path_known);
}

TEST(Router, DuplicateRouteThrows) {
  Router r;
  r.add(route("GET", "/api/orgs/{id}", "a"));
  EXPECT_THROW(r.add(route("GET", "/api/orgs/{id}", "b")), std::logic_error);
  // Same shape with another parameter name would be ambiguous too.
  EXPECT_THROW(r.add(route("GET", "/api/orgs/{org_id}", "c")), std::logic_error);
  EXPECT_NO_THROW(r.add(route("PATCH", "/api/orgs/{id}", "d")));
}

TEST(Router, EmptyPermissionThrows) {
  Router r;
  Route bad = route("GET", "/api/x", "x");
  bad.permission.clear();
  EXPECT_THROW(r.add(bad), std::logic_error);
  EXPECT_TRUE(r.routes().empty());
}

}  // namespace
}  // namespace lianxin::http
