#include "modules/auth/login_throttle.hpp"

#include <algorithm>
#include <iterator>

namespace lianxin::modules::auth {

namespace {
// Bounds memory under a flood of distinct keys: past this many, stale keys are dropped.
constexpr size_t kMaxKeys = 100000;
}  // namespace

void LoginThrottle::prune(std::deque<int64_t>& q, int64_t now) const {
  while (!q.empty() && q.front() <= now - window_) q.pop_front();
}

bool LoginThrottle::blocked(const std::string& key, int64_t now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  prune(it->second, now);
  return static_cast<int>(it->second.size()) >= max_;
}

int LoginThrottle::fail(const std::string& key, int64_t now) {
  std::lock_guard lock(mu_);
  if (failures_.size() >= kMaxKeys) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& q = failures_[key];
  prune(q, now);
  q.push_back(now);
  return static_cast<int>(q.size());
}

void LoginThrottle::clear(const std::string& key) {
  std::lock_guard lock(mu_);
  failures_.erase(key);
}

int64_t LoginThrottle::retry_after(const std::string& key, int64_t now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end() || it->second.empty()) return 0;
  return std::max<int64_t>(1, it->second.front() + window_ - now);
}

}  // namespace lianxin::modules::auth
