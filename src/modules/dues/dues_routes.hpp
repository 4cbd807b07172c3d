// HTTP routes of the dues ledger (/api/dues/..., the member's own /api/auth/me/dues...).
#pragma once

#include "http/api.hpp"
#include "modules/dues/dues_service.hpp"

namespace lianxin::modules::dues {

void register_dues_routes(http::Router& r, DuesService& svc);

}  // namespace lianxin::modules::dues
