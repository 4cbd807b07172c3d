// Counters and histograms live in a prometheus::Registry; the gauges are read at scrape time from
// the server's own counters, so there is one source of truth for them.
#include "http/metrics.hpp"

#include <charconv>

#include <prometheus/check_names.h>
#include <prometheus/text_serializer.h>

namespace lianxin::http::detail {

namespace {

// Unknown methods would otherwise let any client create new series.
std::string_view method_label(std::string_view m) {
  static constexpr std::string_view kKnown[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (const std::string_view k : kKnown) {
    if (m == k) return k;
  }
  return "OTHER";
}

prometheus::MetricFamily gauge_family(std::string name, std::string help, double value) {
  prometheus::ClientMetric m;
  m.gauge.value = value;
  return prometheus::MetricFamily{std::move(name), std::move(help), prometheus::MetricType::Gauge, {m}};
}

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("lianxin_http_requests_total")
                    .Help("HTTP requests by method, route pattern and status")
                    .Register(*registry_)),
      duration_(prometheus::BuildHistogram()
                    .Name("lianxin_http_request_duration_seconds")
                    .Help("HTTP request duration by method and route pattern")
                    .Register(*registry_)) {}

// The series of a (method, route, status) are looked up once: Family::Add builds a label map and
// a histogram per call, eleven allocations on every request.
void Metrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  const std::string_view m = method_label(method);
  char digits[12];
  const std::string_view code(digits, std::to_chars(digits, digits + sizeof digits, status).ptr - digits);
  // "METHOD route status" in this thread's buffer, which keeps its capacity: no allocation per request.
  thread_local std::string key;
  key.clear();
  key.append(m).append(" ").append(route).append(" ").append(code);
  Series series;
  {
    std::lock_guard lock(mu_);
    auto it = series_.find(key);
    if (it == series_.end()) {
      static const prometheus::Histogram::BucketBoundaries kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                                    0.5,   1,    2.5,   5,    10};
      Series s{&requests_.Add({{"method", std::string(m)}, {"route", std::string(route)}, {"status", std::string(code)}}),
               &duration_.Add({{"method", std::string(m)}, {"route", std::string(route)}}, kBuckets)};
      it = series_.emplace(key, s).first;
    }
    series = it->second;
  }
  series.requests->Increment();
  series.duration->Observe(seconds);
}

std::string Metrics::render(int connections_active, int requests_inflight,
                            const std::vector<GaugeSample>& extra) const {
  auto families = registry_->Collect();
  families.push_back(gauge_family("lianxin_http_connections_active", "Open client connections", connections_active));
  families.push_back(gauge_family("lianxin_http_requests_inflight", "Requests being handled", requests_inflight));
  for (const auto& g : extra) {
    if (prometheus::CheckMetricName(g.name)) families.push_back(gauge_family(g.name, g.help, g.value));
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace lianxin::http::detail
