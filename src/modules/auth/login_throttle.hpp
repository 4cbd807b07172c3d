// In-memory counters against password guessing: failed logins per client address (throttled
// with 429 over a limit) and failed logins for names that match no account (locked exactly like a
// real account, so that the answers never tell whether an account exists).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lianxin::modules::auth {

class LoginThrottle {
public:
  LoginThrottle(int max_failures, int window_seconds) : max_(max_failures), window_(window_seconds) {}

  // Whether this address has failed too often within the window.
  bool blocked(const std::string& key, int64_t now);
  // Records one failure; returns the failures within the window, this one included.
  int fail(const std::string& key, int64_t now);
  void clear(const std::string& key);
  // Seconds until the oldest failure in the window leaves it.
  int64_t retry_after(const std::string& key, int64_t now);

private:
  void prune(std::deque<int64_t>& q, int64_t now) const;

  const int max_;
  const int64_t window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;
};

}  // namespace lianxin::modules::auth
