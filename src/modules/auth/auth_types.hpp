// Accounts, grants and the resolved principal of a request.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "modules/auth/passwords.hpp"

namespace lianxin::modules::auth {

// Settings (config keys auth.*; docs/operations.md lists them with their defaults).
struct AuthOptions {
  int lock_threshold = 5;        // failed logins in a row before the account locks
  int lock_minutes = 15;
  int address_max_failures = 20;  // failed logins per client address per window before 429
  int address_window_minutes = 15;
  int idle_minutes = 30;          // a session unused this long expires
  int absolute_hours = 12;        // a session expires this long after login, used or not
  int cache_seconds = 5;          // how long this process trusts a cached session and its grants
  bool cookie_secure = false;     // add Secure to cookies (set when served behind TLS)
  HashCost cost = HashCost::interactive();
  std::function<int64_t()> now;   // seconds since the epoch; the system clock when empty
};

struct UserRecord {
  int64_t id = 0;
  std::string username, display_name;
  std::optional<int64_t> member_id;
  std::string password_hash;
  bool must_change_password = true;
  int failed_logins = 0;
  std::optional<std::string> locked_until;
  bool disabled = false;
  std::optional<std::string> password_changed_at, last_login_at;
  std::optional<int64_t> created_by;
  std::string created_at, updated_at;
  int64_t version = 1;
};

struct GrantRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string role;
  std::optional<int64_t> org_id;    // nullopt: the whole tree
  std::string org_path;             // "" when org_id is nullopt
  std::string org_name;
  std::optional<int64_t> granted_by;
  std::string granted_at;
};

// Who a token belongs to, as cached between requests.
struct Principal {
  int64_t user_id = 0;
  int64_t session_id = 0;
  int64_t api_key_id = 0;
  std::optional<int64_t> member_id;
  std::string username, display_name;
  bool must_change_password = false;
  std::string csrf_token;
  std::vector<GrantRecord> grants;
  int64_t expires_at = 0;                  // absolute end (sessions); 0: none (API keys)
  int64_t loaded_at = 0;                   // when read from storage (cache freshness)
  mutable std::atomic<int64_t> last_seen{0};       // this process's latest use
  mutable std::atomic<int64_t> stored_last_seen{0};  // the value in storage
};

}  // namespace lianxin::modules::auth
