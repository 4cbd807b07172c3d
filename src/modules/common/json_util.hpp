// Small helpers for building JSON responses from optional values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

namespace lianxin::modules {

inline boost::json::value opt_json(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
inline boost::json::value opt_json(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
// Parses a JSON text stored in a history column; null when absent or unparsable.
boost::json::value parse_stored_json(const std::optional<std::string>& text);

}  // namespace lianxin::modules
