// Routes of the audit trail: search (audit.read), export (audit.export; itself audited),
// chain verification (audit.read).
#pragma once

#include "http/api.hpp"
#include "modules/audit/audit_service.hpp"

namespace lianxin::modules::audit {

void register_audit_routes(http::Router& router, AuditService& svc);

}  // namespace lianxin::modules::audit
