// The server's Prometheus metrics (internal to the server).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "http/server.hpp"

namespace lianxin::http::detail {

class Metrics {
public:
  Metrics();
  // `route` is the matched pattern (or a fixed word such as "unmatched"), never the raw path, so
  // the number of series stays bounded.
  void observe(std::string_view method, std::string_view route, int status, double seconds);
  // The text exposition format, with the live gauges and extra samples added at scrape time.
  std::string render(int connections_active, int requests_inflight, const std::vector<GaugeSample>& extra) const;

private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* duration;
  };
  std::mutex mu_;  // guards series_
  std::unordered_map<std::string, Series> series_;  // "METHOD route status" -> its series
};

}  // namespace lianxin::http::detail
