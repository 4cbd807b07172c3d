// Routes of the dues reports under /api/dues/ (dues.read; recording a remittance dues.write).
#pragma once

#include "http/api.hpp"
#include "modules/dues/dues_report.hpp"

namespace lianxin::modules::dues {

void register_dues_report_routes(http::Router& r, DuesReportService& svc);

}  // namespace lianxin::modules::dues
