// HTTP routes of mobile members (/api/mobile-members).
#pragma once

#include "http/api.hpp"
#include "modules/mobile/mobile_service.hpp"

namespace lianxin::modules::mobile {

void register_mobile_routes(http::Router& r, MobileService& svc);

}  // namespace lianxin::modules::mobile
