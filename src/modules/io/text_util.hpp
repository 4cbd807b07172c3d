// Small text helpers for imports and exports (the domain layer keeps its own private copies).
#pragma once

#include <string>
#include <string_view>

namespace lianxin::modules::io {

// Strips ASCII white space and the ideographic space U+3000 from both ends.
std::string_view trim(std::string_view s);
std::string ascii_lower(std::string_view s);
// Keeps the first `keep` code points of UTF-8 text and appends "****" when something was cut.
std::string mask_tail(std::string_view utf8, size_t keep);

}  // namespace lianxin::modules::io
