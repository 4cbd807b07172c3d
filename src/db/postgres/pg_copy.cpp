#include "db/postgres/pg_copy.hpp"

#include <stdexcept>

namespace lianxin::db::postgres {
namespace {

void append_escaped(std::string& out, const std::string& s) {
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

}  // namespace

std::string encode_copy_text(const std::vector<Params>& rows, size_t columns) {
  std::string out;
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != columns)
      throw std::invalid_argument("bulk_insert: row " + std::to_string(r) + " has " +
                                  std::to_string(row.size()) + " values for " + std::to_string(columns) +
                                  " columns");
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) out += '\t';
      if (row[c].is_null()) out += "\\N";
      else if (row[c].is_int()) out += std::to_string(row[c].as_int());
      else append_escaped(out, row[c].as_text());
    }
    out += '\n';
  }
  return out;
}

}  // namespace lianxin::db::postgres
