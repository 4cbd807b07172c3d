// Resolved sessions and API keys by token hash, so that the hot path costs one hash and one map
// lookup instead of three queries. Entries are trusted for AuthOptions::cache_seconds; changes made
// by this process (logout, revocation, new grants, password changes) evict them at once, changes by
// another server process take effect within that time.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "modules/auth/auth_types.hpp"

namespace lianxin::modules::auth {

class PrincipalCache {
public:
  std::shared_ptr<const Principal> get(const std::string& token_hash) const;
  void put(const std::string& token_hash, std::shared_ptr<const Principal> p);
  void erase(const std::string& token_hash);
  void erase_user(int64_t user_id);
  void erase_session(int64_t session_id);
  void erase_api_key(int64_t api_key_id);
  void clear();

private:
  static constexpr size_t kMaxEntries = 200000;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Principal>> map_;
};

}  // namespace lianxin::modules::auth
