#include <chrono>
#include <ctime>

#include "modules/common/context.hpp"

namespace lianxin::modules {

std::string now_timestamp() {
  return timestamp_at(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

std::string timestamp_at(int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<int64_t> parse_timestamp(std::string_view ts) {
  std::tm tm{};
  std::string s(ts);
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace lianxin::modules
