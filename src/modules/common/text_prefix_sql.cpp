#include "modules/common/text_prefix_sql.hpp"

#include <cstdint>

#include "util/csv.hpp"

namespace lianxin::modules {

namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The code point of one whole, valid UTF-8 sequence.
uint32_t decode(std::string_view s) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  if (s.size() == 1) return b[0];
  uint32_t cp = b[0] & (0x7Fu >> s.size());
  for (size_t i = 1; i < s.size(); ++i) cp = (cp << 6) | (b[i] & 0x3Fu);
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

}  // namespace

std::optional<std::string> prefix_successor(std::string_view prefix) {
  if (prefix.empty() || !util::is_valid_utf8(prefix)) return std::nullopt;
  size_t start = prefix.size() - 1;
  while (start > 0 && continuation(static_cast<unsigned char>(prefix[start]))) --start;
  const uint32_t cp = decode(prefix.substr(start));
  if (cp == 0x10FFFF) return std::nullopt;
  uint32_t next = cp + 1;
  if (next == 0xD800) next = 0xE000;
  std::string out(prefix.substr(0, start));
  encode(next, out);
  return out;
}

std::string starts_with(db::Params& p, std::string_view column, std::string_view prefix, db::Backend b, Search how) {
  if (prefix.empty()) return "1 = 1";
  auto upper = how == Search::index ? prefix_successor(prefix) : std::nullopt;
  if (upper) {
    const std::string col = std::string(column) + (b == db::Backend::postgres ? " COLLATE \"C\"" : "");
    p.emplace_back(std::string(prefix));
    std::string sql = col + " >= " + db::last_placeholder(p);
    p.emplace_back(std::move(*upper));
    return sql + " AND " + col + " < " + db::last_placeholder(p);
  }
  p.emplace_back(static_cast<int64_t>(util::utf8_length(prefix)));
  std::string sql = "substr(" + std::string(column) + ", 1, " + db::last_placeholder(p) + ") = ";
  p.emplace_back(std::string(prefix));
  return sql + db::last_placeholder(p);
}

}  // namespace lianxin::modules
