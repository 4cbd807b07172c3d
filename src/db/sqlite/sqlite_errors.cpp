#include "db/sqlite/sqlite_errors.hpp"

#include <string>

namespace lianxin::db::sqlite {
namespace {

using Kind = DbError::Kind;

// "UNIQUE constraint failed: users.email" -> "users.email" (several columns: "t.a, t.b").
std::string constraint_from(std::string_view msg) {
  auto pos = msg.find("failed: ");
  return pos == std::string_view::npos ? std::string() : std::string(msg.substr(pos + 8));
}

Kind kind_of(int rc, bool timed_out) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return Kind::unique_violation;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return Kind::foreign_key_violation;
    case SQLITE_CONSTRAINT_CHECK: return Kind::check_violation;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Kind::busy;
    case SQLITE_INTERRUPT: return timed_out ? Kind::timeout : Kind::other;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB: return Kind::connection;
  }
  return Kind::other;
}

std::string shorten(std::string_view sql) {
  constexpr size_t max = 200;
  return sql.size() <= max ? std::string(sql) : std::string(sql.substr(0, max)) + "...";
}

}  // namespace

DbError make_error(sqlite3* db, int rc, bool timed_out, std::string_view sql) {
  if (db) {
    int ext = sqlite3_extended_errcode(db);
    if ((ext & 0xff) == (rc & 0xff)) rc = ext;  // prefer the detailed code for the same failure
  }
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  Kind kind = kind_of(rc, timed_out);
  std::string constraint = kind == Kind::unique_violation || kind == Kind::check_violation
                               ? constraint_from(msg) : std::string();
  if (kind == Kind::timeout) msg = "statement timeout exceeded (" + msg + ")";
  return DbError(kind, "sqlite: " + msg + " [" + shorten(sql) + "]", std::move(constraint));
}

}  // namespace lianxin::db::sqlite
