// SQL conditions "lies in one of these subtrees", for every list and count restricted to a scope or
// to the organization a request names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "http/api.hpp"

namespace lianxin::modules {

// `column` (a materialized path such as "o.path") lies in the subtree of one of `roots`. Appends two
// parameters per root. No roots: "1 = 0", nothing matches.
std::string within_subtrees(std::string_view column, const std::vector<std::string>& roots, db::Params& params);

// The same for a caller's scope: "1 = 1" when it covers everything.
std::string within_scope(std::string_view column, const http::Scope& scope, db::Params& params);

}  // namespace lianxin::modules
