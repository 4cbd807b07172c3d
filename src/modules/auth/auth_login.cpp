// Login, password change and reset.
#include <chrono>

#include "domain/id_number.hpp"
#include "domain/member_rules.hpp"
#include "domain/password_policy.hpp"
#include "domain/text.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/user_repo.hpp"
#include "modules/common/json_util.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::auth {

namespace {

// What the audit trail may keep of a login name: usernames as typed, phone numbers and ID numbers
// masked (they are personal data).
std::string masked_login(const std::string& login) {
  if (domain::normalize_mobile(login)) return login.substr(0, 3) + "****" + login.substr(login.size() - 4);
  if (login.size() == 18 && std::isdigit(static_cast<unsigned char>(login[0])))
    return login.substr(0, 6) + "********" + login.substr(14);
  return login.substr(0, 64);
}

http::ApiError bad_credentials() { return http::unauthorized("invalid_credentials", "用户名或密码错误"); }

http::ApiError locked(int minutes) {
  return http::ApiError(423, "account_locked",
                        "登录失败次数过多，账户已锁定，请" + std::to_string(minutes) + "分钟后再试");
}

}  // namespace

AuthService::AuthService(ModuleContext& ctx, member::MemberService& members, AuthOptions opt)
    : ctx_(ctx),
      members_(members),
      opt_(std::move(opt)),
      by_address_(opt_.address_max_failures, opt_.address_window_minutes * 60),
      unknown_logins_(opt_.lock_threshold, opt_.lock_minutes * 60) {}

int64_t AuthService::now() const {
  if (opt_.now) return opt_.now();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string AuthService::token_hash(const std::string& token) const {
  return ctx_.cipher.lookup_hash("lianxin-token-v1\n" + token);
}

// A username (starts with a letter), else a mobile number, else an ID number.
std::optional<UserRecord> AuthService::find_login(db::Tx& tx, const std::string& login) {
  if (login.empty()) return std::nullopt;
  if (std::isalpha(static_cast<unsigned char>(login[0]))) return repo::user_by_username(tx, domain::ascii_lower(login));
  if (auto mobile = domain::normalize_mobile(login)) {
    auto ids = members_.ids_by_mobile(tx, *mobile);
    std::optional<UserRecord> found;
    for (int64_t id : ids) {
      auto u = repo::user_by_member(tx, id);
      if (!u) continue;
      if (found) return std::nullopt;  // a phone shared by two accounts identifies neither
      found = u;
    }
    return found;
  }
  auto m = members_.find_by_id_number(tx, login);
  if (!m) return std::nullopt;
  return repo::user_by_member(tx, m->id);
}

// Argon2 runs outside any transaction: a login must never hold the (single) SQLite writer for the
// tens of milliseconds a verification takes.
AuthService::LoginResult AuthService::login(const std::string& login, const std::string& password,
                                            const ChangeMeta& request_meta) {
  const int64_t t = now();
  if (by_address_.blocked(request_meta.client_addr, t)) {
    throw http::too_many_requests("too_many_attempts", "登录尝试过于频繁，请稍后再试");
  }
  ChangeMeta meta = request_meta;
  meta.actor = masked_login(login);
  auto u = ctx_.db.read_value([&](db::Tx& tx) { return find_login(tx, login); });
  std::optional<std::string> reason;
  if (!u) {
    verify_dummy(opt_.cost);
    reason = "no_such_account";
  } else {
    meta.user_id = u->id;
    auto until = u->locked_until ? parse_timestamp(*u->locked_until) : std::nullopt;
    if (until && *until > t) reason = "locked";
    else if (!verify_password(u->password_hash, password)) reason = "bad_password";
    else if (u->disabled) reason = "disabled";
  }
  if (reason) fail_login(u, *reason, meta, login, t);

  LoginResult result;
  ctx_.db.write([&](db::Tx& tx) {
    repo::record_login(tx, u->id, timestamp_at(t));
    int64_t sid = 0;
    result.token = start_session(tx, *u, meta, sid);
    audit::record(tx, ctx_.cipher, meta, {"auth.login", "session", std::to_string(sid), std::nullopt, std::nullopt,
                                          std::nullopt});
  });
  result.principal = load_session(token_hash(result.token));
  if (!result.principal) throw std::runtime_error("a new session could not be read back");
  return result;
}

// Records a failed login (audit, counters, lockout) and throws the answer: the same for an
// unknown name as for a wrong password, so that answers never reveal whether an account exists.
void AuthService::fail_login(const std::optional<UserRecord>& u, const std::string& reason, const ChangeMeta& meta,
                             const std::string& login, int64_t t) {
  by_address_.fail(meta.client_addr, t);
  bool lock_now = false;
  ctx_.db.write([&](db::Tx& tx) {
    audit::Event ev{"auth.login_failed", "user", std::nullopt, std::nullopt, std::nullopt,
                    boost::json::serialize(boost::json::object{{"reason", reason}})};
    if (!u) {
      lock_now = unknown_logins_.fail(domain::ascii_lower(login), t) >= opt_.lock_threshold;
      audit::record(tx, ctx_.cipher, meta, ev);
      return;
    }
    ev.entity_id = std::to_string(u->id);
    audit::record(tx, ctx_.cipher, meta, ev);
    if (reason == "locked") {
      lock_now = true;
      return;
    }
    const int64_t failed = tx.query_int(
        "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins", {u->id});
    if (failed >= opt_.lock_threshold) {
      lock_now = true;
      repo::record_failure(tx, u->id, 0, timestamp_at(t + int64_t{opt_.lock_minutes} * 60));
      audit::record(tx, ctx_.cipher, meta, {"auth.lockout", "user", std::to_string(u->id), std::nullopt, std::nullopt,
                                            boost::json::serialize(boost::json::object{{"minutes", opt_.lock_minutes}})});
    }
  });
  if (lock_now) throw locked(opt_.lock_minutes);
  throw bad_credentials();
}

std::string AuthService::start_session(db::Tx& tx, const UserRecord& u, const ChangeMeta& meta, int64_t& session_id) {
  const int64_t t = now();
  std::string token = random_token();
  repo::SessionRow s;
  s.user_id = u.id;
  s.csrf_token = random_token();
  s.created_at = s.last_seen_at = timestamp_at(t);
  s.expires_at = timestamp_at(t + int64_t{opt_.absolute_hours} * 3600);
  s.client_addr = meta.client_addr;
  s.user_agent = meta.user_agent.substr(0, 512);
  session_id = repo::insert_session(tx, token_hash(token), s);
  return token;
}

void AuthService::check_new_password(db::Tx& tx, const UserRecord& u, const std::string& password) {
  std::string phone;
  if (u.member_id) {
    if (auto m = members_.find(tx, *u.member_id); m && m->mobile_enc) phone = members_.decrypt(m->mobile_enc);
  }
  if (auto e = domain::check_password(password, u.username, phone)) throw http::validation_failed({*e});
}

void AuthService::change_password(const Principal& p, const std::string& old_password,
                                  const std::string& new_password, const ChangeMeta& meta) {
  if (!p.user_id) throw http::forbidden("permission_denied", "API 密钥不能修改密码");
  ctx_.db.write([&](db::Tx& tx) {
    auto u = repo::user_by_id(tx, p.user_id);
    if (!u) throw http::not_found("用户");
    if (!verify_password(u->password_hash, old_password))
      throw http::validation_failed({{"old_password", "old_password.wrong", "原密码不正确"}});
    if (old_password == new_password)
      throw http::validation_failed({{"password", "password.unchanged", "新密码不能与原密码相同"}});
    check_new_password(tx, *u, new_password);
    const std::string at = timestamp_at(now());
    repo::set_password(tx, u->id, hash(new_password), false, at);
    // Every other session ends: whoever knew the old password is logged out.
    repo::revoke_sessions_of(tx, u->id, at, "password_changed", p.session_id);
    audit::record(tx, ctx_.cipher, meta, {"auth.password_change", "user", std::to_string(u->id), std::nullopt,
                                          std::nullopt, std::nullopt});
  });
  cache_.erase_user(p.user_id);
}

std::string AuthService::reset_password(int64_t user_id, const ChangeMeta& meta) {
  std::string pw = generate_password();
  ctx_.db.write([&](db::Tx& tx) {
    auto u = repo::user_by_id(tx, user_id);
    if (!u) throw http::not_found("用户");
    const std::string at = timestamp_at(now());
    repo::set_password(tx, user_id, hash(pw), true, at);
    repo::revoke_sessions_of(tx, user_id, at, "password_reset");
    audit::record(tx, ctx_.cipher, meta, {"user.password_reset", "user", std::to_string(user_id), std::nullopt,
                                          std::nullopt, std::nullopt});
  });
  cache_.erase_user(user_id);
  return pw;
}

}  // namespace lianxin::modules::auth
