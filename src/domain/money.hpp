// Money is kept in integer fen (0.01 yuan), never binary floating point (shared/domain/README.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lianxin::domain {

// 12345 -> "123.45"; -5 -> "-0.05".
std::string format_yuan(int64_t fen);
// "1234.5" -> 123450 fen: digits with at most 2 decimals, no sign, at most 12 integer digits (so
// the value fits comfortably in int64); nullopt otherwise.
std::optional<int64_t> parse_yuan(std::string_view s);

}  // namespace lianxin::domain
