// The status line and header block of a response, written by hand: Beast's generic serializer
// cost ~25,000 instructions per response (an eighth of a member read) to produce these few lines.
// The output is byte for byte what Beast writes for the same message (response_head_test.cpp),
// except that a 204 carries no Content-Length (RFC 9110 §8.6; Beast 1.81 sends 0).
#pragma once

#include <string>

#include "http/api.hpp"

namespace lianxin::http::detail {

struct HeadOptions {
  unsigned version = 11;  // 10 or 11
  bool keep_alive = true;
  bool head = false;  // a HEAD request: Content-Length of the body a GET would get, no body
};

// Every response carries X-Request-Id, the security headers and, unless the response set its own,
// `Cache-Control: no-store` (API answers are per-user data).
std::string response_head(const Response& r, const std::string& request_id, HeadOptions o);

}  // namespace lianxin::http::detail
