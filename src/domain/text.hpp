// Small text helpers shared by the domain rules (internal to the domain layer).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lianxin::domain {

// Strips ASCII white space and the ideographic space U+3000 (typed by Chinese input methods)
// from both ends.
std::string_view trim_spaces(std::string_view s);
// Number of code points in UTF-8 text (continuation bytes are not counted).
size_t code_points(std::string_view utf8);
bool all_digits(std::string_view s);
// A-Z to a-z; other bytes (UTF-8 included) unchanged. Usernames compare this way.
std::string ascii_lower(std::string_view s);

}  // namespace lianxin::domain
