#pragma once

#include "http/api.hpp"
#include "http/json_body.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::member {

// Registers /api/members/... on the router; the service must outlive the router.
// The member fields of a POST /api/members body (also read by the transfer module's registration
// of a member arriving from outside).
MemberService::Input member_input_from(http::JsonBody& body);

void register_member_routes(http::Router& router, MemberService& svc);

}  // namespace lianxin::modules::member
