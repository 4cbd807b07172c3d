#include "modules/auth/principal_cache.hpp"

#include <sodium.h>

#include <mutex>

#include "util/field_cipher.hpp"

namespace lianxin::modules::auth {

static_assert(crypto_shorthash_siphashx24_KEYBYTES == 16 && crypto_shorthash_siphashx24_BYTES == 16);

PrincipalCache::PrincipalCache() {
  util::ensure_sodium();
  randombytes_buf(hash_key_.data(), hash_key_.size());
}

std::string PrincipalCache::key_of(std::string_view token) const {
  std::string key(crypto_shorthash_siphashx24_BYTES, '\0');
  crypto_shorthash_siphashx24(reinterpret_cast<unsigned char*>(key.data()),
                              reinterpret_cast<const unsigned char*>(token.data()), token.size(), hash_key_.data());
  return key;
}

std::shared_ptr<const Principal> PrincipalCache::get(std::string_view token) const {
  const std::string key = key_of(token);
  std::shared_lock lock(mu_);
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : it->second;
}

void PrincipalCache::put(std::string_view token, std::shared_ptr<const Principal> p) {
  std::string key = key_of(token);
  std::unique_lock lock(mu_);
  if (map_.size() >= kMaxEntries) map_.clear();  // entries are only a cache: storage has the truth
  map_[std::move(key)] = std::move(p);
}

void PrincipalCache::erase(std::string_view token) {
  const std::string key = key_of(token);
  std::unique_lock lock(mu_);
  map_.erase(key);
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
