#pragma once

#include "http/api.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::org {

// Registers /api/orgs/... on the router; the service must outlive the router.
void register_org_routes(http::Router& router, OrgService& svc);

}  // namespace lianxin::modules::org
