// Helpers shared by module routes.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/enums.hpp"
#include "http/api.hpp"
#include "http/json_body.hpp"
#include "modules/common/context.hpp"

namespace lianxin::modules {

// The audit identity of a request: who (user or API key), from where, through which route.
ChangeMeta meta_of(const http::RequestContext& ctx);
// ?name=1|true → true; absent → dflt; anything else → 400.
bool query_flag(const http::Request& req, const std::string& name, bool dflt = false);
// ?name=text; absent or empty → nullopt.
std::optional<std::string> query_text(const http::Request& req, const char* name);
// ?name=a,b: values of a code table (codes or Chinese labels), returned as their codes, without
// repeats; absent or empty -> empty; an unknown value -> 400 with field = name.
std::vector<std::string> query_codes(const http::Request& req, const char* name,
                                     std::span<const domain::EnumValue> values);
// ?name=<positive integer>; absent → nullopt; malformed → 400 with field = name.
std::optional<int64_t> query_id(const http::Request& req, const std::string& name);
// A JSON boolean field; absent/null → nullopt; another type → a field error in `body`.
std::optional<bool> opt_bool(http::JsonBody& body, const char* key);

}  // namespace lianxin::modules
