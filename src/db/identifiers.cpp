#include "db/identifiers.hpp"

#include <stdexcept>

namespace lianxin::db {
namespace {

bool plain_part(std::string_view s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(s[0])) return false;
  for (char c : s)
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

}  // namespace

void check_identifier(std::string_view name) {
  auto dot = name.find('.');
  bool ok = dot == std::string_view::npos
                ? plain_part(name)
                : plain_part(name.substr(0, dot)) && plain_part(name.substr(dot + 1));
  if (!ok) throw std::invalid_argument("not a plain SQL identifier: '" + std::string(name) + "'");
}

std::string table_with_columns(std::string_view table, const std::vector<std::string>& columns) {
  if (columns.empty()) throw std::invalid_argument("bulk_insert needs at least one column");
  check_identifier(table);
  std::string out(table);
  out += '(';
  for (size_t i = 0; i < columns.size(); ++i) {
    check_identifier(columns[i]);
    if (i) out += ',';
    out += columns[i];
  }
  out += ')';
  return out;
}

}  // namespace lianxin::db
