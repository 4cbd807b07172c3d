// Money is kept in integer fen (0.01 yuan), never binary floating point (shared/domain/README.md).
#pragma once

#include <cstdint>
#include <string>

namespace lianxin::domain {

// 12345 -> "123.45"; -5 -> "-0.05".
std::string format_yuan(int64_t fen);

}  // namespace lianxin::domain
