#include "domain/money.hpp"

#include <cstdlib>

#include "domain/text.hpp"

namespace lianxin::domain {

std::string format_yuan(int64_t fen) {
  std::string out = fen < 0 ? "-" : "";
  const int64_t a = std::llabs(fen);
  std::string cents = std::to_string(a % 100);
  return out + std::to_string(a / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
}

std::optional<int64_t> parse_yuan(std::string_view s) {
  const size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || !all_digits(whole)) return std::nullopt;
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 2 || !all_digits(frac)))
    return std::nullopt;
  int64_t fen = 0;
  for (char c : whole) fen = fen * 10 + (c - '0');
  fen *= 100;
  if (frac.size() >= 1) fen += (frac[0] - '0') * 10;
  if (frac.size() == 2) fen += frac[1] - '0';
  return fen;
}

}  // namespace lianxin::domain
