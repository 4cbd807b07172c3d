// Routes of organisational-life compliance under /api/meetings/ (literal segments, which win over
// the meeting workflow's /api/meetings/{id}).
#pragma once

#include "http/api.hpp"
#include "modules/life/compliance_service.hpp"

namespace lianxin::modules::life {

void register_compliance_routes(http::Router& r, ComplianceService& svc);

}  // namespace lianxin::modules::life
