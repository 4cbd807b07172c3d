#include "http/response_head.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>

namespace lianxin::http::detail {

namespace {

// On every response, API and static alike. No inline scripts (the web app has none); inline
// styles are allowed because Element Plus sets them at run time.
constexpr std::string_view kSecurityHeaders =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n";

void add(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

// 1xx, 204 and 304 answers have no body and no Content-Length (RFC 9110 §8.6).
bool bodiless(int status) { return status < 200 || status == 204 || status == 304; }

}  // namespace

std::string response_head(const Response& r, const std::string& request_id, HeadOptions o) {
  std::string out;
  out.reserve(512 + r.headers.size() * 64);
  out.append(o.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ").append(std::to_string(r.status)).append(" ");
  out.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status))).append("\r\n");
  if (!r.content_type.empty()) add(out, "Content-Type", r.content_type);
  bool has_cache_control = false;
  for (const auto& [name, value] : r.headers) {
    add(out, name, value);
    has_cache_control = has_cache_control || boost::beast::iequals(name, "cache-control");
  }
  if (!has_cache_control) add(out, "Cache-Control", "no-store");
  add(out, "X-Request-Id", request_id);
  out.append(kSecurityHeaders);
  if (o.version == 10 && o.keep_alive) add(out, "Connection", "keep-alive");
  if (o.version != 10 && !o.keep_alive) add(out, "Connection", "close");
  if (!bodiless(r.status)) add(out, "Content-Length", std::to_string(r.body_size()));
  out.append("\r\n");
  return out;
}

}  // namespace lianxin::http::detail
