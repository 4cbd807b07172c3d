// Who may grant, revoke or key which role where: the separation-of-duties rules as one pure
// function, so that a unit test can cover every combination (grant_rules_test.cpp). The services
// gather the facts (scopes, existing grants) and call it before any write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/api.hpp"

namespace lianxin::modules::auth {

enum class GrantAction { grant, revoke, api_key };

// An existing grant of the target account, as the rules need it.
struct HeldGrant {
  std::string role;
  std::optional<int64_t> org_id;  // nullopt: the whole tree
};

struct GrantCheck {
  GrantAction action = GrantAction::grant;
  int64_t actor_user_id = 0;  // 0: an API key (never manages permissions)
  // Where the actor holds grant.write (grant/revoke) or apikey.write (api_key).
  http::Scope actor_scope;
  // The actor holds that permission through a system role (安全保密管理员), not an org admin grant.
  bool actor_system = false;
  int64_t target_user_id = 0;  // the account granted to / revoked from; 0 for API keys
  std::string role;
  std::optional<int64_t> org_id;  // nullopt: the whole tree
  std::string org_path;           // the org's path when org_id is set
  std::vector<HeldGrant> target_grants;  // what the target holds now (grant: duplicates, exclusivity)
};

struct GrantDenial {
  int status = 403;  // 403 permission_denied, 409 duplicate, 422 a rule on the values
  std::string code;
  std::string message;  // Simplified Chinese, for people
  std::string field;
};

// nullopt: allowed.
std::optional<GrantDenial> check_grant(const GrantCheck& c);

}  // namespace lianxin::modules::auth
