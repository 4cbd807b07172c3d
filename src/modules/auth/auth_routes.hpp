#pragma once

#include "http/api.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::auth {

// /api/auth/*: login, logout, me (and my member record), password change, own sessions, the role
// catalogue.
void register_auth_routes(http::Router& r, AuthService& auth, member::MemberService& members, org::OrgService& orgs);

}  // namespace lianxin::modules::auth
