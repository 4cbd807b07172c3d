// Keyset pagination in SQL: the one way every list writes "the rows after the cursor".
//
// A list is ordered by one unique column, or by a column and a unique tie-breaker, both in the
// same direction. http::PageRequest decodes the cursor (the last row's key); after_key appends the
// key's values to the query's parameters and returns the condition to AND into its WHERE:
//   after_key(p, {"u.id", 41})                       -> "u.id > $3"
//   after_key(p, {"o.path", path}, {"m.id", 7})      -> "(o.path > $3 OR (o.path = $3 AND m.id > $4))"
// Descending lists compare with "<". The ORDER BY must name the same columns in the same order.
#pragma once

#include <string>
#include <string_view>

#include "db/database.hpp"

namespace lianxin::db {

enum class Direction { ascending, descending };

struct KeyPart {
  std::string_view column;  // as written in the query, e.g. "m.id"
  Value value;              // the cursor's value for it
};

std::string after_key(Params& p, KeyPart key, Direction d = Direction::ascending);
std::string after_key(Params& p, KeyPart first, KeyPart tie_breaker, Direction d = Direction::ascending);

}  // namespace lianxin::db
