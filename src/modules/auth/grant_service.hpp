// Role grants through the API: list, grant, revoke, each checked by check_grant (grant_rules.hpp),
// audited in its transaction, and effective at the target's next request (its cached principal is
// dropped). Routes in grant_routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http/pagination.hpp"
#include "modules/auth/account_powers.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/grant_rules.hpp"

namespace lianxin::modules::auth {

struct GrantFilter {
  std::optional<int64_t> org_id;   // grants on this org's subtree
  std::optional<int64_t> user_id;
  std::optional<std::string> role;
};

struct NewGrant {
  int64_t user_id = 0;
  std::string role;
  std::optional<int64_t> org_id;  // nullopt: the whole tree
};

class GrantService {
public:
  explicit GrantService(AuthService& auth) : auth_(auth) {}

  // Grants in the reader's scope (system-wide grants only for a system-wide reader).
  boost::json::object list(const GrantFilter& f, const http::Scope& read, const http::PageRequest& page);
  // The grants of one account that the scope covers; 404 when the account is outside it.
  boost::json::object of_user(int64_t user_id, const http::Scope& read);
  boost::json::object grant(const NewGrant& g, const GrantPowers& pw, const ChangeMeta& meta);
  void revoke(int64_t grant_id, const GrantPowers& pw, const ChangeMeta& meta);

private:
  AuthService& auth_;
};

// Throws the ApiError of a denial from check_grant (403, 409 or 422).
[[noreturn]] void throw_denial(const GrantDenial& d);
// The path of the org a grant or key names: 404 when it does not exist or lies outside everything
// the caller sees (ids must not reveal other subtrees); inside, check_grant decides.
std::string org_path_for_grant(db::Tx& tx, int64_t org_id, const http::Scope& scope);

}  // namespace lianxin::modules::auth
