// Turning a raw request target into a path and query parameters (internal to the server).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lianxin::http::detail {

// The percent-decoded path of an origin-form target ("/a/b?x" -> "/a/b"), or nullopt when the
// target is not origin-form, has a bad %-escape, decodes to a NUL, or has a "." / ".." segment
// (traversal, raw or encoded).
std::optional<std::string> decode_path(std::string_view target);

// Decoded query parameters ('+' is a space; the last of repeated names wins); false when the query
// is not valid.
bool parse_query(std::string_view target, std::map<std::string, std::string>& out);

// A client's X-Request-Id is reused when it is 1..64 chars of [A-Za-z0-9-_.]: safe in logs.
bool is_valid_request_id(std::string_view id);
// 16 random lower-case hex chars.
std::string new_request_id();

}  // namespace lianxin::http::detail
