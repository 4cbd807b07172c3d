// HTTP routes of imports and exports.
#pragma once

#include "http/api.hpp"
#include "modules/io/export_service.hpp"
#include "modules/io/import_service.hpp"

namespace lianxin::modules::io {

// POST /api/imports?kind=members|orgs&policy=skip|update|fail&filename=...   (body: the CSV bytes)
// GET  /api/imports, GET /api/imports/{id}, GET /api/imports/{id}/errors (CSV)
// POST /api/imports/{id}/commit  (optional JSON {"skip_invalid":true}), POST /api/imports/{id}/rollback
// GET  /api/exports/members?org=ID&format=csv|xlsx[&reveal=true], GET /api/exports/orgs?org=ID&format=csv|xlsx
void register_io_routes(http::Router& router, ImportService& imports, ExportService& exports);

}  // namespace lianxin::modules::io
