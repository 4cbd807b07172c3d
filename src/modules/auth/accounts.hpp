// Creating accounts and grants: used by the user-management routes, the first start (the three
// system accounts), the demo, and the shell (`lianxin user ...`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/auth/auth_service.hpp"

namespace lianxin::modules::auth {

struct NewAccount {
  std::string username;
  std::string display_name;
  std::optional<int64_t> member_id;
  std::string password;       // empty: generate a one-time password
  bool must_change = true;
};

struct CreatedAccount {
  int64_t id = 0;
  std::string username;
  std::string password;  // clear text, to show once
};

// Validates the username (a letter, then letters, digits, '.', '_' or '-'; 3-32 characters) and the
// password policy; throws ApiError 422/409. Runs inside `tx`, audited with `meta`.
CreatedAccount create_account(AuthService& auth, db::Tx& tx, const NewAccount& a, const ChangeMeta& meta);
// Adds a grant without the grantor checks (bootstrap and shell only; the routes check first).
int64_t add_grant(AuthService& auth, db::Tx& tx, int64_t user_id, const std::string& role,
                  std::optional<int64_t> org_id, const ChangeMeta& meta);

// First start: when no account holds a system role, creates admin (系统管理员), secadmin (安全保密管理员) and
// auditor (安全审计员) with `password` (then no change is forced) or a random one each (changed at
// first login). Returns what it created (empty when accounts existed).
std::vector<CreatedAccount> ensure_system_accounts(AuthService& auth, const std::optional<std::string>& password);

// The demo logins: orgadmin (组织部管理员 at the root), branch1 (党务工作者 of the first branch with
// members) and member1 (a member of that branch, linked to the member record). Skips those that exist.
std::vector<CreatedAccount> ensure_demo_accounts(AuthService& auth, const std::optional<std::string>& password);

}  // namespace lianxin::modules::auth
