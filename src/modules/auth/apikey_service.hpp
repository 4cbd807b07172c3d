// API keys for integrations: a role on an org (never a system role), created under the same rules
// as granting that role there, shown once ("lxk_" + 256 random bits), stored as a keyed hash,
// revocable at once. Routes in grant_routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http/pagination.hpp"
#include "modules/auth/account_powers.hpp"
#include "modules/auth/auth_service.hpp"

namespace lianxin::modules::auth {

struct NewApiKey {
  std::string name;
  std::string role;
  std::optional<int64_t> org_id;
};

class ApiKeyService {
public:
  explicit ApiKeyService(AuthService& auth) : auth_(auth) {}

  // Keys on orgs in the reader's scope (whole-tree keys only for a system-wide reader), newest last.
  boost::json::object list(std::optional<int64_t> org_id, const http::Scope& read, const http::PageRequest& page);
  // The key's JSON plus "key", the secret (shown this once).
  boost::json::object create(const NewApiKey& in, const GrantPowers& pw, const ChangeMeta& meta);
  void revoke(int64_t id, const GrantPowers& pw, const ChangeMeta& meta);

private:
  AuthService& auth_;
};

}  // namespace lianxin::modules::auth
