// Reading accounts and grants for the management routes: which accounts a scope covers, and their
// JSON. Internal to modules/auth.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "http/api.hpp"
#include "modules/auth/auth_types.hpp"

namespace lianxin::modules::auth {

// SQL condition on the account alias `u`: linked to a member of an org in `paths`, or holding a
// grant on an org in `paths` (parameters appended to `params`).
std::string account_in_paths_sql(const std::vector<std::string>& paths, db::Params& params);
// Whether `scope` (its permission paths) covers the account; a system-wide scope covers all.
bool account_in_scope(db::Tx& tx, int64_t user_id, const http::Scope& scope);
// Throws unless the scope covers the account: 404 "用户" when the caller sees nothing of it (it
// does not exist, or lies wholly outside everything the caller holds grants on), 403 when the
// caller sees it through some grant but the route's permission does not reach it.
void require_account(db::Tx& tx, int64_t user_id, const http::Scope& scope);
// The path of the org of the account's linked member (nullopt: a staff account or no such member).
std::optional<std::string> member_org_path(db::Tx& tx, const UserRecord& u);

// The generated username of a member's account: "m" + the member id, zero-padded to six digits so
// that it always satisfies the username rule (3+ characters) and sorts by id: "m000042".
std::string member_username(int64_t member_id);

// An account as shown to administrators; never the password hash.
boost::json::object user_json(const UserRecord& u, int64_t now);
boost::json::object grant_json(const GrantRecord& g);
// The grants of an account that lie inside `scope` (all of them for a system-wide scope).
std::vector<GrantRecord> grants_in_scope(db::Tx& tx, int64_t user_id, const http::Scope& scope);

}  // namespace lianxin::modules::auth
