// SQL shared by search and export (internal to the audit module): one WHERE clause for a filter
// and a scope, the stored columns and their reading.
#pragma once

#include <string>

#include "db/database.hpp"
#include "http/api.hpp"
#include "modules/audit/audit_service.hpp"

namespace lianxin::modules::audit {

struct Where {
  std::string sql;  // "" or " WHERE ..." with $1..$n
  db::Params params;
};

// Throws ApiError 400 (malformed time, field "from"/"to"), 404/403 (org outside the scope).
Where where_of(db::Tx& tx, const Filter& f, const http::Scope& scope);

extern const char* const kColumns;  // the columns record_from_row() reads, in order
Record record_from_row(const db::Row& r);

}  // namespace lianxin::modules::audit
