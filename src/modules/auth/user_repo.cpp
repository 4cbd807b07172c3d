#include "modules/auth/user_repo.hpp"

namespace lianxin::modules::auth::repo {

namespace {

const char* const kUserColumns =
    "id, username, display_name, member_id, password_hash, must_change_password, failed_logins, locked_until, "
    "disabled, password_changed_at, last_login_at, created_by, created_at, updated_at, version";

UserRecord user_from(const db::Row& r) {
  UserRecord u;
  u.id = r.i64(0);
  u.username = r.text(1);
  u.display_name = r.text(2);
  u.member_id = r.opt_i64(3);
  u.password_hash = r.text(4);
  u.must_change_password = r.i64(5) != 0;
  u.failed_logins = static_cast<int>(r.i64(6));
  u.locked_until = r.opt_text(7);
  u.disabled = r.i64(8) != 0;
  u.password_changed_at = r.opt_text(9);
  u.last_login_at = r.opt_text(10);
  u.created_by = r.opt_i64(11);
  u.created_at = r.text(12);
  u.updated_at = r.text(13);
  u.version = r.i64(14);
  return u;
}

std::optional<UserRecord> one_user(db::Tx& tx, const char* where, const db::Value& v) {
  auto r = tx.query_one(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where, {v});
  if (!r) return std::nullopt;
  return user_from(*r);
}

const char* const kSessionColumns =
    "id, user_id, csrf_token, created_at, last_seen_at, expires_at, client_addr, user_agent, revoked_at";

SessionRow session_from(const db::Row& r) {
  return SessionRow{r.i64(0),      r.i64(1),      r.text(2),      r.text(3),     r.text(4),
                    r.text(5),     r.opt_text(6), r.opt_text(7), r.opt_text(8)};
}

}  // namespace

std::optional<UserRecord> user_by_id(db::Tx& tx, int64_t id) { return one_user(tx, "id = $1", id); }
std::optional<UserRecord> user_by_username(db::Tx& tx, const std::string& lower_username) {
  return one_user(tx, "username = $1", lower_username);
}
std::optional<UserRecord> user_by_member(db::Tx& tx, int64_t member_id) {
  return one_user(tx, "member_id = $1", member_id);
}

int64_t insert_user(db::Tx& tx, const UserRecord& u) {
  return tx.query_int(
      "INSERT INTO users (username, display_name, member_id, password_hash, must_change_password, failed_logins, "
      "disabled, created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, 0, 0, $6, $7, $7, 1) "
      "RETURNING id",
      {u.username, u.display_name, u.member_id, u.password_hash, u.must_change_password ? 1 : 0, u.created_by,
       u.created_at});
}

void set_password(db::Tx& tx, int64_t user_id, const std::string& hash, bool must_change, const std::string& now) {
  tx.exec("UPDATE users SET password_hash = $1, must_change_password = $2, password_changed_at = $3, "
          "failed_logins = 0, locked_until = NULL, updated_at = $3, version = version + 1 WHERE id = $4",
          {hash, must_change ? 1 : 0, now, user_id});
}

std::vector<UserRecord> users_where(db::Tx& tx, const std::string& where, const db::Params& params, int limit) {
  std::vector<UserRecord> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE " + where +
                                    " ORDER BY u.id LIMIT " + std::to_string(limit),
                                params))
    out.push_back(user_from(r));
  return out;
}

void set_profile(db::Tx& tx, int64_t user_id, const std::string& display_name, bool disabled, const std::string& now) {
  tx.exec("UPDATE users SET display_name = $1, disabled = $2, updated_at = $3, version = version + 1 WHERE id = $4",
          {display_name, disabled ? 1 : 0, now, user_id});
}

void record_failure(db::Tx& tx, int64_t user_id, int failed_logins, const std::optional<std::string>& locked_until) {
  tx.exec("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3", {failed_logins, locked_until, user_id});
}

void record_login(db::Tx& tx, int64_t user_id, const std::string& now) {
  tx.exec("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2", {now, user_id});
}

std::vector<GrantRecord> grants_of(db::Tx& tx, int64_t user_id) {
  std::vector<GrantRecord> out;
  for (const auto& r : tx.query("SELECT g.id, g.user_id, g.role, g.org_id, o.path, o.name, g.granted_by, g.granted_at "
                                "FROM grants g LEFT JOIN orgs o ON o.id = g.org_id WHERE g.user_id = $1 ORDER BY g.id",
                                {user_id})) {
    out.push_back(GrantRecord{r.i64(0), r.i64(1), r.text(2), r.opt_i64(3), r.text_or(4, ""), r.text_or(5, ""),
                              r.opt_i64(6), r.text(7)});
  }
  return out;
}

int64_t insert_session(db::Tx& tx, const std::string& token_hash, const SessionRow& s) {
  return tx.query_int(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client_addr, "
      "user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.client_addr, s.user_agent});
}

std::optional<SessionRow> session_by_hash(db::Tx& tx, const std::string& token_hash) {
  auto r = tx.query_one(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = $1", {token_hash});
  if (!r) return std::nullopt;
  return session_from(*r);
}

std::vector<SessionRow> sessions_of(db::Tx& tx, int64_t user_id, bool active_only, const std::string& now) {
  std::string sql = std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE user_id = $1";
  db::Params p{user_id};
  if (active_only) {
    sql += " AND revoked_at IS NULL AND expires_at > $2";
    p.emplace_back(now);
  }
  sql += " ORDER BY id DESC LIMIT 100";
  std::vector<SessionRow> out;
  for (const auto& r : tx.query(sql, p)) out.push_back(session_from(r));
  return out;
}

void touch_session(db::Tx& tx, int64_t session_id, const std::string& at) {
  tx.exec("UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $1", {at, session_id});
}

int64_t revoke_session(db::Tx& tx, int64_t session_id, const std::string& at, const std::string& reason) {
  return tx.exec("UPDATE sessions SET revoked_at = $1, revoked_reason = $2 WHERE id = $3 AND revoked_at IS NULL",
                 {at, reason, session_id});
}

int64_t revoke_sessions_of(db::Tx& tx, int64_t user_id, const std::string& at, const std::string& reason,
                           int64_t except_session_id) {
  return tx.exec("UPDATE sessions SET revoked_at = $1, revoked_reason = $2 "
                 "WHERE user_id = $3 AND revoked_at IS NULL AND id <> $4",
                 {at, reason, user_id, except_session_id});
}

std::optional<ApiKeyRow> api_key_by_hash(db::Tx& tx, const std::string& key_hash) {
  auto r = tx.query_one("SELECT id, name, prefix, role, org_id, created_by, created_at, last_used_at, revoked_at "
                        "FROM api_keys WHERE key_hash = $1",
                        {key_hash});
  if (!r) return std::nullopt;
  return ApiKeyRow{r->i64(0),      r->text(1), r->text(2),      r->text(3),     r->opt_i64(4),
                   r->i64(5),      r->text(6), r->opt_text(7), r->opt_text(8)};
}

void touch_api_key(db::Tx& tx, int64_t id, const std::string& at) {
  tx.exec("UPDATE api_keys SET last_used_at = $1 WHERE id = $2", {at, id});
}

std::optional<std::pair<std::string, std::string>> org_path_name(db::Tx& tx, int64_t org_id) {
  auto r = tx.query_one("SELECT path, name FROM orgs WHERE id = $1", {org_id});
  if (!r) return std::nullopt;
  return std::make_pair(r->text(0), r->text(1));
}

}  // namespace lianxin::modules::auth::repo
