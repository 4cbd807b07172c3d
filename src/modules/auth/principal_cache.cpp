#include "modules/auth/principal_cache.hpp"

#include <mutex>

namespace lianxin::modules::auth {

std::shared_ptr<const Principal> PrincipalCache::get(const std::string& token_hash) const {
  std::shared_lock lock(mu_);
  auto it = map_.find(token_hash);
  return it == map_.end() ? nullptr : it->second;
}

void PrincipalCache::put(const std::string& token_hash, std::shared_ptr<const Principal> p) {
  std::unique_lock lock(mu_);
  if (map_.size() >= kMaxEntries) map_.clear();  // entries are only a cache: storage has the truth
  map_[token_hash] = std::move(p);
}

void PrincipalCache::erase(const std::string& token_hash) {
  std::unique_lock lock(mu_);
  map_.erase(token_hash);
}

void PrincipalCache::erase_user(int64_t user_id) {
  std::unique_lock lock(mu_);
  std::erase_if(map_, [&](const auto& kv) { return kv.second->user_id == user_id; });
}

void PrincipalCache::erase_session(int64_t session_id) {
  std::unique_lock lock(mu_);
  std::erase_if(map_, [&](const auto& kv) { return kv.second->session_id == session_id; });
}

void PrincipalCache::erase_api_key(int64_t api_key_id) {
  std::unique_lock lock(mu_);
  std::erase_if(map_, [&](const auto& kv) { return kv.second->api_key_id == api_key_id; });
}

void PrincipalCache::clear() {
  std::unique_lock lock(mu_);
  map_.clear();
}

}  // namespace lianxin::modules::auth
