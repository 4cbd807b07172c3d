#pragma once

#include "http/api.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::member {

// Registers /api/members/... on the router; the service must outlive the router.
void register_member_routes(http::Router& router, MemberService& svc);

}  // namespace lianxin::modules::member
