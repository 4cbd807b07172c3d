// Authentication: login, sessions, password changes, and resolving a token or API key to the
// principal behind it. Public to other modules and to the app (bootstrap, CLI).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "modules/auth/auth_types.hpp"
#include "modules/auth/login_throttle.hpp"
#include "modules/auth/principal_cache.hpp"
#include "modules/common/context.hpp"

namespace lianxin::modules::member {
class MemberService;
}

namespace lianxin::modules::auth {

inline constexpr const char* kSessionCookie = "lx_session";
inline constexpr const char* kCsrfCookie = "lx_csrf";
inline constexpr const char* kCsrfHeader = "x-csrf-token";
inline constexpr const char* kApiKeyPrefix = "lxk_";

class AuthService {
public:
  AuthService(ModuleContext& ctx, member::MemberService& members, AuthOptions opt);

  struct LoginResult {
    std::string token;
    std::shared_ptr<const Principal> principal;
  };
  // `login` is a username, a mobile number or an ID number. Throws ApiError 401 (wrong
  // credentials, whether or not the account exists), 423 (locked), 429 (address throttled).
  LoginResult login(const std::string& login, const std::string& password, const ChangeMeta& meta);
  void logout(const Principal& p, const ChangeMeta& meta);

  // nullptr when the token is unknown, revoked, expired or idle too long.
  std::shared_ptr<const Principal> authenticate(const std::string& bearer_or_cookie_token);

  void change_password(const Principal& p, const std::string& old_password, const std::string& new_password,
                       const ChangeMeta& meta);
  // Admin reset (and `lianxin user reset-password`): a new random password, changed at next login;
  // every session of the user ends. Returns the new password (shown once).
  std::string reset_password(int64_t user_id, const ChangeMeta& meta);

  boost::json::object me_json(const Principal& p) const;
  boost::json::object sessions_json(const Principal& p);
  void revoke_own_session(const Principal& p, int64_t session_id, const ChangeMeta& meta);
  // Ends every session of a user (admin action); returns how many.
  int64_t revoke_user_sessions(int64_t user_id, const ChangeMeta& meta);

  // After changes to accounts, grants or keys made through other services of this process.
  void invalidate_user(int64_t user_id) { cache_.erase_user(user_id); }
  void invalidate_api_key(int64_t id) { cache_.erase_api_key(id); }
  void invalidate_all() { cache_.clear(); }

  const AuthOptions& options() const { return opt_; }
  int64_t now() const;
  std::string token_hash(const std::string& token) const;
  // The password policy check plus the account's username and phone; throws ApiError 422.
  void check_new_password(db::Tx& tx, const UserRecord& u, const std::string& password);
  std::string hash(const std::string& password) const { return hash_password(password, opt_.cost); }
  ModuleContext& context() { return ctx_; }

private:
  std::optional<UserRecord> find_login(db::Tx& tx, const std::string& login);
  [[noreturn]] void fail_login(const std::optional<UserRecord>& u, const std::string& reason, const ChangeMeta& meta,
                               const std::string& login, int64_t t);
  std::shared_ptr<Principal> load_session(const std::string& th);
  std::shared_ptr<Principal> load_api_key(const std::string& th);
  void touch(const Principal& p);
  std::string start_session(db::Tx& tx, const UserRecord& u, const ChangeMeta& meta, int64_t& session_id);

  ModuleContext& ctx_;
  member::MemberService& members_;
  AuthOptions opt_;
  PrincipalCache cache_;
  LoginThrottle by_address_;
  LoginThrottle unknown_logins_;
};

}  // namespace lianxin::modules::auth
