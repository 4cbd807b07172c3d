#include "modules/io/text_util.hpp"

namespace lianxin::modules::io {

namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

}  // namespace

std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.front()))
      s.remove_prefix(1);
    else if (s.starts_with(kIdeographicSpace))
      s.remove_prefix(kIdeographicSpace.size());
    else
      break;
  }
  for (;;) {
    if (!s.empty() && is_space(s.back()))
      s.remove_suffix(1);
    else if (s.ends_with(kIdeographicSpace))
      s.remove_suffix(kIdeographicSpace.size());
    else
      break;
  }
  return s;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string mask_tail(std::string_view utf8, size_t keep) {
  size_t points = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) continue;
    if (points++ == keep) return std::string(utf8.substr(0, i)) + "****";
  }
  return std::string(utf8);
}

}  // namespace lianxin::modules::io
