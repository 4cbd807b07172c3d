#include "db/postgres/pg_errors.hpp"

#include <string>

namespace lianxin::db::postgres {
namespace {

std::string trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string shorten(std::string_view sql) {
  constexpr size_t max = 200;
  return sql.size() <= max ? std::string(sql) : std::string(sql.substr(0, max)) + "...";
}

}  // namespace

DbError::Kind kind_of_sqlstate(std::string_view s) {
  using Kind = DbError::Kind;
  if (s == "23505") return Kind::unique_violation;
  if (s == "23503") return Kind::foreign_key_violation;
  if (s == "23514") return Kind::check_violation;
  if (s == "57014") return Kind::timeout;  // query_canceled: statement_timeout fired
  if (s == "55P03" || s == "40001" || s == "40P01") return Kind::busy;  // lock, serialization, deadlock
  if (s.substr(0, 2) == "08") return Kind::connection;
  if (s == "57P01" || s == "57P02" || s == "57P03") return Kind::connection;  // server shutting down
  return Kind::other;
}

DbError make_error(const PGresult* res, const PGconn* conn, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = trimmed(res ? PQresultErrorMessage(res) : nullptr);
  if (msg.empty()) msg = trimmed(conn ? PQerrorMessage(conn) : "no connection");
  DbError::Kind kind = state ? kind_of_sqlstate(state)
                       : (!conn || PQstatus(conn) != CONNECTION_OK) ? DbError::Kind::connection
                                                                    : DbError::Kind::other;
  std::string constraint;
  if (const char* c = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr) constraint = c;
  std::string code = state ? std::string(" (SQLSTATE ") + state + ")" : std::string();
  return DbError(kind, "postgres: " + msg + code + " [" + shorten(sql) + "]", std::move(constraint));
}

}  // namespace lianxin::db::postgres
