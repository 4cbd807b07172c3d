#include "db/text_prefix.hpp"

#include <cstdint>

namespace lianxin::db {

namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The code point of a whole UTF-8 sequence (as produced by a valid encoder); nullopt if malformed.
std::optional<uint32_t> decode(std::string_view s) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  uint32_t cp = 0;
  if (n == 1 && b[0] < 0x80) return b[0];
  if (n == 2 && (b[0] & 0xE0) == 0xC0) cp = b[0] & 0x1Fu;
  else if (n == 3 && (b[0] & 0xF0) == 0xE0) cp = b[0] & 0x0Fu;
  else if (n == 4 && (b[0] & 0xF8) == 0xF0) cp = b[0] & 0x07u;
  else return std::nullopt;
  for (size_t i = 1; i < n; ++i) {
    if (!continuation(b[i])) return std::nullopt;
    cp = (cp << 6) | (b[i] & 0x3Fu);
  }
  const uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_length[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return cp;
}

void encode(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += continuation(c) ? 0 : 1;
  return n;
}

}  // namespace

std::optional<std::string> prefix_successor(std::string_view prefix) {
  if (prefix.empty()) return std::nullopt;
  size_t start = prefix.size() - 1;
  while (start > 0 && continuation(static_cast<unsigned char>(prefix[start]))) --start;
  auto cp = decode(prefix.substr(start));
  if (!cp || *cp == 0x10FFFF) return std::nullopt;
  uint32_t next = *cp + 1;
  if (next == 0xD800) next = 0xE000;
  std::string out(prefix.substr(0, start));
  encode(next, out);
  return out;
}

std::string starts_with(Params& p, std::string_view column, std::string_view prefix, Backend b, Search how) {
  if (prefix.empty()) return "1 = 1";
  const std::string col = std::string(column) + (b == Backend::postgres ? " COLLATE \"C\"" : "");
  auto upper = how == Search::index ? prefix_successor(prefix) : std::nullopt;
  if (upper) {
    p.emplace_back(std::string(prefix));
    std::string sql = col + " >= " + last_placeholder(p);
    p.emplace_back(std::move(*upper));
    return sql + " AND " + col + " < " + last_placeholder(p);
  }
  p.emplace_back(static_cast<int64_t>(utf8_chars(prefix)));
  std::string sql = "substr(" + std::string(column) + ", 1, " + last_placeholder(p) + ") = ";
  p.emplace_back(std::string(prefix));
  return sql + last_placeholder(p);
}

}  // namespace lianxin::db
