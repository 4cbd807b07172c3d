// COPY ... FROM STDIN text format, for bulk_insert on PostgreSQL.
#pragma once

#include <string>
#include <vector>

#include "db/database.hpp"

namespace lianxin::db::postgres {

// One line per row, tab between cells, \N for NULL; backslash, tab, newline and CR escaped.
// Throws std::invalid_argument when a row does not have `columns` cells.
std::string encode_copy_text(const std::vector<Params>& rows, size_t columns);

}  // namespace lianxin::db::postgres
