// HTTP routes of transfers (/api/transfers): inside the instance and across its boundary.
#pragma once

#include "http/api.hpp"
#include "modules/transfer/transfer_service.hpp"

namespace lianxin::modules::transfer {

void register_transfer_routes(http::Router& r, TransferService& svc);
// The routes of letters across the instance boundary (called by register_transfer_routes).
void register_transfer_letter_routes(http::Router& r, TransferService& svc);

}  // namespace lianxin::modules::transfer
