#include "db/keyset.hpp"

namespace lianxin::db {
namespace {

const char* comparison(Direction d) { return d == Direction::ascending ? " > " : " < "; }

std::string append(Params& p, Value v) {
  p.push_back(std::move(v));
  return last_placeholder(p);
}

}  // namespace

std::string after_key(Params& p, KeyPart key, Direction d) {
  std::string sql(key.column);
  sql += comparison(d);
  sql += append(p, std::move(key.value));
  return sql;
}

std::string after_key(Params& p, KeyPart first, KeyPart tie_breaker, Direction d) {
  const std::string a = append(p, std::move(first.value));
  const std::string b = append(p, std::move(tie_breaker.value));
  std::string sql = "(";
  sql.append(first.column).append(comparison(d)).append(a);
  sql.append(" OR (").append(first.column).append(" = ").append(a);
  sql.append(" AND ").append(tie_breaker.column).append(comparison(d)).append(b).append("))");
  return sql;
}

}  // namespace lianxin::db
