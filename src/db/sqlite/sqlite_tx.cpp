#include "db/sqlite/sqlite_tx.hpp"

#include "db/identifiers.hpp"

namespace lianxin::db::sqlite {

// SQLite rolls the whole transaction back by itself after some errors (an interrupted write, a
// full disk). Code that caught such an error and went on would otherwise run in autocommit mode,
// each statement committed on its own; refuse instead.
void SqliteTx::ensure_in_transaction() const {
  if (!c_.in_transaction())
    throw DbError(DbError::Kind::other,
                  "sqlite: the transaction was rolled back by an earlier error; it cannot continue");
}

Rows SqliteTx::query(std::string_view sql, const Params& params) {
  ensure_in_transaction();
  return c_.query(sql, params);
}

void SqliteTx::query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) {
  ensure_in_transaction();
  c_.query_each(sql, params, nullptr, fn);
}

int64_t SqliteTx::exec(std::string_view sql, const Params& params) {
  ensure_in_transaction();
  return c_.exec(sql, params);
}

void SqliteTx::exec_script(std::string_view sql) {
  ensure_in_transaction();
  c_.exec_script(sql);
}

void SqliteTx::bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                           const std::vector<Params>& rows) {
  ensure_in_transaction();
  std::string sql = "INSERT INTO " + table_with_columns(table, columns) + " VALUES(";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ",?" : "?") + std::to_string(i + 1);
  sql += ')';
  c_.exec_many(sql, rows);  // one cached statement, reset per row
}

}  // namespace lianxin::db::sqlite
