// Row keeps a raw pointer to its column names (database.hpp). A Row outlives the Rows it came
// from (query_one copies one out) and Rows get moved, so the pointer cannot point into Rows.
// Backends therefore point it at an interned, never-freed copy: one per distinct column list,
// which is bounded by the number of distinct queries in the binary.
#pragma once

#include <string>
#include <vector>

namespace lianxin::db {

const std::vector<std::string>* intern_column_names(const std::vector<std::string>& names);

}  // namespace lianxin::db
