// What the caller of a permission-managing route may do, computed from its principal, and the SQL
// of scope path ranges shared by the account, grant and API key queries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/api.hpp"
#include "modules/auth/auth_types.hpp"
#include "db/database.hpp"
#include "modules/common/context.hpp"

namespace lianxin::modules::auth {

// Where a permission that manages permissions is held, and whether through a system role
// (安全保密管理员) rather than an organization admin grant: only the former touches system roles.
struct GrantPowers {
  int64_t self_id = 0;
  http::Scope scope;
  bool system = false;
};

GrantPowers grant_powers(const Principal& p, std::string_view permission);

// Path ranges as SQL: "(o.path >= $a AND o.path < $b OR ...)" over the alias `o`, parameters
// appended to `params`. Empty paths give "(1=0)".
std::string paths_sql(const std::vector<std::string>& paths, db::Params& params, const char* alias = "o");

}  // namespace lianxin::modules::auth
