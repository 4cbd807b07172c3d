#include "db/sqlite/placeholders.hpp"

namespace lianxin::db::sqlite {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Index just past a quoted section that starts at i with `open` and ends with `close`
// (a doubled closing quote inside, '' or "", is part of the text).
size_t skip_quoted(std::string_view s, size_t i, char close) {
  for (size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] != close) continue;
    if (close != ']' && j + 1 < s.size() && s[j + 1] == close) {
      ++j;
      continue;
    }
    return j + 1;
  }
  return s.size();  // unterminated: let SQLite report the syntax error
}

size_t skip_comment(std::string_view s, size_t i) {
  if (s[i] == '-') {
    size_t nl = s.find('\n', i);
    return nl == std::string_view::npos ? s.size() : nl + 1;
  }
  size_t end = s.find("*/", i + 2);
  return end == std::string_view::npos ? s.size() : end + 2;
}

// Where the protected section starting at i ends, or i when s[i] starts none.
size_t protected_end(std::string_view s, size_t i) {
  char c = s[i];
  if (c == '\'' || c == '"' || c == '`') return skip_quoted(s, i, c);
  if (c == '[') return skip_quoted(s, i, ']');
  bool two = i + 1 < s.size();
  if (two && ((c == '-' && s[i + 1] == '-') || (c == '/' && s[i + 1] == '*'))) return skip_comment(s, i);
  return i;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    size_t end = protected_end(sql, i);
    if (end != i) {
      out.append(sql.substr(i, end - i));
      i = end;
      continue;
    }
    char c = sql[i];
    // "$1" is a placeholder; "a$1" is an identifier SQLite allows, keep it.
    bool placeholder = c == '$' && i + 1 < sql.size() && is_digit(sql[i + 1]) &&
                       (i == 0 || !is_ident_char(sql[i - 1]));
    out += placeholder ? '?' : c;
    ++i;
  }
  return out;
}

}  // namespace lianxin::db::sqlite
