// Routes the server itself answers: liveness, readiness and metrics. They never block, so they stay
// responsive when the worker pool is saturated.
#include <spdlog/spdlog.h>

#include "http/server_core.hpp"

namespace lianxin::http {

std::vector<std::pair<std::string, std::string>> builtin_routes() {
  return {{"GET", "/healthz"}, {"GET", "/readyz"}, {"GET", "/metrics"}};
}

namespace detail {

namespace {

// No readiness check registered means nothing to wait for.
Response readiness_response(Core& core) {
  std::function<bool(boost::json::object&)> check;
  {
    std::lock_guard lock(core.mu);
    check = core.readiness;
  }
  boost::json::object body;
  bool ready = true;
  if (check) {
    try {
      ready = check(body);
    } catch (const std::exception& e) {
      spdlog::warn("readiness check failed: {}", e.what());
      ready = false;
    }
  }
  body["status"] = ready ? "ready" : "not_ready";
  return Response::json(body, ready ? 200 : 503);
}

Response metrics_response(Core& core) {
  std::vector<std::function<std::vector<GaugeSample>()>> sources;
  {
    std::lock_guard lock(core.mu);
    sources = core.gauge_sources;
  }
  std::vector<GaugeSample> samples;
  for (const auto& source : sources) {
    try {
      auto more = source();
      samples.insert(samples.end(), more.begin(), more.end());
    } catch (const std::exception& e) {
      spdlog::warn("metrics gauge source failed: {}", e.what());
    }
  }
  return Response::text(core.metrics.render(core.connections.load(), core.inflight.load(), samples),
                        "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

// Added to the server's copy of the routes, so a module that claims one of these paths makes the
// server refuse to start (duplicate route) instead of being silently shadowed.
void add_builtin_routes(Core& core) {
  Core* c = &core;
  core.router.add(Route{"GET", "/healthz", "public",
                        [](RequestContext&) { return Response::json(boost::json::object{{"status", "ok"}}); }, false});
  core.router.add(Route{"GET", "/readyz", "public", [c](RequestContext&) { return readiness_response(*c); }, false});
  core.router.add(Route{"GET", "/metrics", "public", [c](RequestContext&) { return metrics_response(*c); }, false});
}

}  // namespace detail
}  // namespace lianxin::http
