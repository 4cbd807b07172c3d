#pragma once

#include "http/api.hpp"
#include "modules/life/meeting_service.hpp"

namespace lianxin::modules::life {

// Registers /api/meetings/... and the member's own /api/auth/me/meetings...; the service must
// outlive the router.
void register_meeting_routes(http::Router& router, MeetingService& svc);

}  // namespace lianxin::modules::life
