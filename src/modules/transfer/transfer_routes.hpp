// HTTP routes of transfers inside the instance (/api/transfers).
#pragma once

#include "http/api.hpp"
#include "modules/transfer/transfer_service.hpp"

namespace lianxin::modules::transfer {

void register_transfer_routes(http::Router& r, TransferService& svc);

}  // namespace lianxin::modules::transfer
