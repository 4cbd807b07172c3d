// From a parsed Request to a route or an immediate answer; calling handlers safely. No Beast here:
// the session (session.cpp) does the socket work and the threading.
#pragma once

#include <optional>
#include <string>

#include "http/api.hpp"
#include "http/errors.hpp"
#include "http/static_files.hpp"

namespace lianxin::http::detail {

struct Plan {
  std::optional<Response> immediate;  // answered without a handler: 400/404/405 or a static file
  const Route* route = nullptr;       // otherwise: the handler to call (req.path_params filled)
  std::string route_label;            // for metrics: the pattern, or "unmatched" / "static"
};

// Fills req.path and req.query from req.target, then finds the route. HEAD is matched as GET.
Plan plan_request(const Router& router, Request& req, const StaticFiles* statics);

// An anonymous context with an empty scope; call_handler's authorizer fills in the caller.
RequestContext make_context(const Request& req, const Route& route, std::string request_id, std::string client_addr);

// Authorizes (when `auth` is set) and runs the handler; an ApiError becomes its response, anything
// else a 500 with the details only in the log (tagged with the request id).
Response call_handler(const Route& route, RequestContext& ctx, Authorizer* auth);

Response error_response(const ApiError& e);
Response overloaded_response();

}  // namespace lianxin::http::detail
