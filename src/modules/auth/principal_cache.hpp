// Resolved sessions and API keys by bearer token, so that the hot path costs one hash and one map
// lookup instead of three queries. The token itself is never kept: entries are keyed by
// SipHash-128 of it under a random key of this process (libsodium crypto_shorthash_siphashx24),
// about a tenth of the keyed BLAKE2b hash that finds a session in storage, which is then computed
// only on a miss. A 128-bit keyed PRF: two tokens share an entry with probability 2^-128, and
// without the key nobody can make them. Entries are trusted for AuthOptions::cache_seconds; changes made
// by this process (logout, revocation, new grants, password changes) evict them at once, changes by
// another server process take effect within that time.
#pragma once

#include <array>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "modules/auth/auth_types.hpp"

namespace lianxin::modules::auth {

class PrincipalCache {
public:
  PrincipalCache();
  std::shared_ptr<const Principal> get(std::string_view token) const;
  void put(std::string_view token, std::shared_ptr<const Principal> p);
  void erase(std::string_view token);
  void erase_user(int64_t user_id);
  void erase_session(int64_t session_id);
  void erase_api_key(int64_t api_key_id);
  void clear();

private:
  static constexpr size_t kMaxEntries = 200000;
  std::string key_of(std::string_view token) const;

  std::array<unsigned char, 16> hash_key_{};
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Principal>> map_;
};

}  // namespace lianxin::modules::auth
