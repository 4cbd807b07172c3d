// bulk_insert splices table and column names into SQL text, so they must be plain identifiers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lianxin::db {

// Throws std::invalid_argument unless name is [A-Za-z_][A-Za-z0-9_]* (optionally schema.table).
void check_identifier(std::string_view name);
// "t(a,b,c)" after checking every name.
std::string table_with_columns(std::string_view table, const std::vector<std::string>& columns);

}  // namespace lianxin::db
