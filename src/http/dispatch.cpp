// Request routing and safe handler calls.
#include "http/dispatch.hpp"

#include <spdlog/spdlog.h>

#include "http/target.hpp"

namespace lianxin::http::detail {

namespace {

// The methods a path answers, for the Allow header of a 405.
std::string allowed_methods(const Router& router, const std::string& path) {
  std::string allow;
  for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    if (!router.match(m, path).route) continue;
    if (!allow.empty()) allow += ", ";
    allow += m;
    if (std::string_view(m) == "GET") allow += ", HEAD";
  }
  return allow;
}

bool accepts_gzip(const Request& req) {
  return req.header("accept-encoding").find("gzip") != std::string::npos;
}

}  // namespace

Plan plan_request(const Router& router, Request& req, const StaticFiles* statics, Response& immediate) {
  Plan plan;
  auto path = decode_path(req.target);
  if (!path) {
    immediate = error_response(bad_request("bad_path", "请求路径无效"));
    return plan;
  }
  req.path = std::move(*path);
  if (!parse_query(req.target, req.query)) {
    immediate = error_response(bad_request("bad_query", "查询参数无效"));
    return plan;
  }
  const bool head = req.method == "HEAD";
  auto match = router.match(head ? "GET" : req.method, req.path);
  if (match.route) {
    plan.route = match.route;
    plan.route_label = match.route->pattern;
    req.path_params = std::move(match.params);
    return plan;
  }
  if (match.path_known) {
    immediate = error_response(ApiError(405, "method_not_allowed", "不支持该请求方法"));
    immediate.headers.emplace_back("Allow", allowed_methods(router, req.path));
    return plan;
  }
  const bool api = req.path == "/api" || req.path.starts_with("/api/");
  if (statics && !api && (head || req.method == "GET")) {
    plan.route_label = "static";
    immediate = statics->serve(req.path, accepts_gzip(req));
    return plan;
  }
  immediate = error_response(not_found("接口"));
  return plan;
}

RequestContext make_context(const Request& req, const Route& route, std::string request_id, std::string client_addr) {
  RequestContext ctx{req, std::move(request_id), std::move(client_addr), Caller{}, Scope::none(), &route, {}, {}};
  ctx.caller.user_agent = req.header("user-agent");
  return ctx;
}

namespace {
Response with_extra_headers(Response r, RequestContext& ctx) {
  for (auto& h : ctx.extra_headers) r.headers.push_back(std::move(h));
  return r;
}
}  // namespace

Response call_handler(const Route& route, RequestContext& ctx, Authorizer* auth) {
  try {
    if (auth) auth->authorize(ctx, route);
    return with_extra_headers(route.handler(ctx), ctx);
  } catch (const ApiError& e) {
    return with_extra_headers(error_response(e), ctx);
  } catch (const std::exception& e) {
    spdlog::error("{} {} {}: unhandled exception: {}", ctx.request_id, route.method, route.pattern, e.what());
  } catch (...) {
    spdlog::error("{} {} {}: unhandled non-standard exception", ctx.request_id, route.method, route.pattern);
  }
  return error_response(ApiError(500, "internal", "服务器内部错误"));
}

Response error_response(const ApiError& e) {
  return Response::json(e.to_json(), e.status);
}

Response overloaded_response() {
  Response r = error_response(ApiError(503, "overloaded", "服务器繁忙，请稍后重试"));
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

}  // namespace lianxin::http::detail
