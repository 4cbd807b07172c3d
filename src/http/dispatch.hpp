// From a parsed Request to a route or an immediate answer; calling handlers safely. No Beast here:
// the session (session.cpp) does the socket work and the threading.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/api.hpp"
#include "http/errors.hpp"
#include "http/static_files.hpp"

namespace lianxin::http::detail {

struct Plan {
  const Route* route = nullptr;  // the handler to call (req.path_params filled), or none
  std::string_view route_label = "unmatched";  // for metrics: the pattern (the router's), or "static"
};

// Fills req.path and req.query from req.target, then finds the route. HEAD is matched as GET.
// Without a route, `immediate` holds the answer: 400/404/405 or a static file. (An out-parameter,
// not a member of Plan: the session's coroutine frame held both, 1,184 bytes, over what glibc's
// per-thread cache serves; it is 944 now.)
Plan plan_request(const Router& router, Request& req, const StaticFiles* statics, Response& immediate);

// An anonymous context with an empty scope; call_handler's authorizer fills in the caller.
RequestContext make_context(const Request& req, const Route& route, std::string request_id, std::string client_addr);

// Authorizes (when `auth` is set) and runs the handler; an ApiError becomes its response, anything
// else a 500 with the details only in the log (tagged with the request id).
Response call_handler(const Route& route, RequestContext& ctx, Authorizer* auth);

Response error_response(const ApiError& e);
Response overloaded_response();

}  // namespace lianxin::http::detail
