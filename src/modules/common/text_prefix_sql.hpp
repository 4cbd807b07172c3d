// SQL for "starts with" on a text column (beside subtree_sql.hpp), in one of two forms that select
// the same rows:
//   Search::index: a range that an index on the column serves,
//     starts_with(p, "m.name", "王小", Backend::sqlite, Search::index) -> "m.name >= $3 AND m.name < $4"
//     with $4 = "王尐" (the last character's code point + 1). Both engines compare in code-point
//     order here: SQLite's default BINARY collation compares UTF-8 bytes, and PostgreSQL gets
//     COLLATE "C", the collation its text indexes are built with (migrations.hpp, {{C}}).
//   Search::scan: "substr(m.name, 1, $3) = $4", which no index serves, for when the caller knows
//     another plan is better (SQLite's planner would otherwise take the range) — also the form for
//     a prefix with no successor (it ends in U+10FFFF, or is not UTF-8).
// An empty prefix matches every row.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace lianxin::modules {

enum class Search { index, scan };

std::string starts_with(db::Params& p, std::string_view column, std::string_view prefix, db::Backend b, Search how);

// The smallest string above every string that starts with `prefix` (its last code point + 1,
// skipping the surrogates); nullopt when there is none or `prefix` is not UTF-8.
std::optional<std::string> prefix_successor(std::string_view prefix);

}  // namespace lianxin::modules
