#include "http/response_head.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include <boost/beast/http.hpp>

namespace lianxin::http::detail {
namespace {

namespace bhttp = boost::beast::http;

// The reference: the same message built and serialized by Beast, as the server did before.
std::string beast_head(const Response& r, const std::string& request_id, HeadOptions o) {
  bhttp::response<bhttp::string_body> res;
  res.version(o.version);
  res.result(static_cast<unsigned>(r.status));
  if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
  bool has_cache_control = false;
  for (const auto& [name, value] : r.headers) {
    res.insert(name, value);
    has_cache_control = has_cache_control || boost::beast::iequals(name, "cache-control");
  }
  if (!has_cache_control) res.set(bhttp::field::cache_control, "no-store");
  res.set("X-Request-Id", request_id);
  res.set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
          "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
          "frame-ancestors 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "same-origin");
  res.keep_alive(o.keep_alive);
  res.body() = r.body;
  res.prepare_payload();
  std::ostringstream os;
  os << res.base();
  return os.str();
}

Response sample(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(ResponseHead, IsByteForByteWhatBeastWrites) {
  std::vector<Response> responses{
      sample(200, R"({"id":1})"),
      sample(201, "{}", {{"Location", "/api/orgs/7"}}),
      sample(404, R"({"error":{}})"),
      sample(503, "{}", {{"Retry-After", "1"}}),
      sample(200, "file", {{"Cache-Control", "public, max-age=31536000, immutable"}, {"Content-Encoding", "gzip"}}),
      sample(200, "a,b\r\n", {{"Content-Disposition", "attachment; filename=\"x.csv\""}}),
      sample(200, ""),
  };
  responses[5].content_type = "text/csv; charset=utf-8";
  int compared = 0;
  for (const auto& r : responses)
    for (unsigned version : {10u, 11u})
      for (bool keep_alive : {true, false}) {
        const HeadOptions o{version, keep_alive, false};
        EXPECT_EQ(response_head(r, "req-1", o), beast_head(r, "req-1", o)) << r.status << " " << version;
        ++compared;
      }
  EXPECT_EQ(compared, 28);
}

TEST(ResponseHead, HeadRequestGetsTheLengthOfTheBodyItDoesNotGet) {
  const std::string head = response_head(sample(200, "0123456789"), "r", {11, true, true});
  EXPECT_NE(head.find("\r\nContent-Length: 10\r\n"), std::string::npos) << head;
  EXPECT_TRUE(head.ends_with("\r\n\r\n"));
}

// Where it differs from Beast 1.81, which sends `Content-Length: 0` on a 204: RFC 9110 §8.6 says
// a server MUST NOT.
TEST(ResponseHead, NoContentHasNoLengthAndClosesWhenAsked) {
  const std::string head = response_head(Response::no_content(), "r", {11, false, false});
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  EXPECT_EQ(head.find("\r\nContent-Type:"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nConnection: close\r\n"), std::string::npos) << head;
  EXPECT_TRUE(head.starts_with("HTTP/1.1 204 No Content\r\n")) << head;
}

}  // namespace
}  // namespace lianxin::http::detail
