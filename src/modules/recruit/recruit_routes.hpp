#pragma once

#include "http/api.hpp"
#include "modules/recruit/recruit_service.hpp"

namespace lianxin::modules::recruit {

// Registers /api/recruitment/... on the router; the service must outlive the router.
void register_recruit_routes(http::Router& router, RecruitService& svc);

}  // namespace lianxin::modules::recruit
