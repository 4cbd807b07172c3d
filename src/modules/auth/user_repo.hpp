// SQL for accounts, grants, sessions and API keys. Used by the auth services only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/auth/auth_types.hpp"

namespace lianxin::modules::auth::repo {

std::optional<UserRecord> user_by_id(db::Tx& tx, int64_t id);
std::optional<UserRecord> user_by_username(db::Tx& tx, const std::string& lower_username);
std::optional<UserRecord> user_by_member(db::Tx& tx, int64_t member_id);
int64_t insert_user(db::Tx& tx, const UserRecord& u);
void set_password(db::Tx& tx, int64_t user_id, const std::string& hash, bool must_change, const std::string& now);
void record_failure(db::Tx& tx, int64_t user_id, int failed_logins, const std::optional<std::string>& locked_until);
void record_login(db::Tx& tx, int64_t user_id, const std::string& now);
// Accounts "FROM users u WHERE <where> ORDER BY u.id LIMIT <limit>" (the management list).
std::vector<UserRecord> users_where(db::Tx& tx, const std::string& where, const db::Params& params, int limit);
void set_profile(db::Tx& tx, int64_t user_id, const std::string& display_name, bool disabled, const std::string& now);

std::vector<GrantRecord> grants_of(db::Tx& tx, int64_t user_id);

struct SessionRow {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string csrf_token, created_at, last_seen_at, expires_at;
  std::optional<std::string> client_addr, user_agent, revoked_at;
};
int64_t insert_session(db::Tx& tx, const std::string& token_hash, const SessionRow& s);
std::optional<SessionRow> session_by_hash(db::Tx& tx, const std::string& token_hash);
std::vector<SessionRow> sessions_of(db::Tx& tx, int64_t user_id, bool active_only, const std::string& now);
void touch_session(db::Tx& tx, int64_t session_id, const std::string& at);
// Returns how many sessions were revoked.
int64_t revoke_session(db::Tx& tx, int64_t session_id, const std::string& at, const std::string& reason);
int64_t revoke_sessions_of(db::Tx& tx, int64_t user_id, const std::string& at, const std::string& reason,
                           int64_t except_session_id = 0);

struct ApiKeyRow {
  int64_t id = 0;
  std::string name, prefix, role;
  std::optional<int64_t> org_id;
  int64_t created_by = 0;
  std::string created_at;
  std::optional<std::string> last_used_at, revoked_at;
};
std::optional<ApiKeyRow> api_key_by_hash(db::Tx& tx, const std::string& key_hash);
void touch_api_key(db::Tx& tx, int64_t id, const std::string& at);
// The path and name of an organization, for grants and API keys.
std::optional<std::pair<std::string, std::string>> org_path_name(db::Tx& tx, int64_t org_id);

}  // namespace lianxin::modules::auth::repo
