#pragma once

#include "http/api.hpp"
#include "modules/auth/auth_service.hpp"

namespace lianxin::modules::auth {

// /api/auth/*: login, logout, me, password change, own sessions, the role catalogue.
void register_auth_routes(http::Router& r, AuthService& auth);

}  // namespace lianxin::modules::auth
