// Routes of account management: /api/users (user_routes.cpp), /api/grants and /api/api-keys
// (grant_routes.cpp).
#pragma once

#include "http/api.hpp"
#include "modules/auth/apikey_service.hpp"
#include "modules/auth/grant_service.hpp"
#include "modules/auth/user_service.hpp"

namespace lianxin::modules::auth {

void register_user_routes(http::Router& r, UserService& users);
void register_grant_routes(http::Router& r, GrantService& grants, ApiKeyService& keys);

// The principal the authorizer resolved; 401 when there is none.
const Principal& caller_principal(const http::RequestContext& c);

}  // namespace lianxin::modules::auth
