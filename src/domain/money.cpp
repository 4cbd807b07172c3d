#include "domain/money.hpp"

#include <cstdlib>

namespace lianxin::domain {

std::string format_yuan(int64_t fen) {
  std::string out = fen < 0 ? "-" : "";
  const int64_t a = std::llabs(fen);
  std::string cents = std::to_string(a % 100);
  return out + std::to_string(a / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
}

}  // namespace lianxin::domain
