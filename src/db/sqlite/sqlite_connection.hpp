// One SQLite connection with its prepared-statement cache and statement deadline.
// Not thread-safe: the read pool and the writer thread each hand a connection to one thread at a time.
#pragma once

#include <functional>

#include <sqlite3.h>

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/database.hpp"

namespace lianxin::db::sqlite {

class Connection {
public:
  enum class Role { writer, reader };
  Connection(const std::string& path, Role role, const OpenOptions& opts);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Rows query(std::string_view sql, const Params& params);
  // Streams rows to fn; the callback must not run statements on this connection.
  void query_each(std::string_view sql, const Params& params, const std::vector<std::string>** names,
                  const std::function<void(const Row&)>& fn);
  int64_t exec(std::string_view sql, const Params& params = {});
  // Runs one statement once per parameter row, prepared and looked up once (bulk inserts).
  void exec_many(std::string_view sql, const std::vector<Params>& rows);
  void exec_script(std::string_view sql);
  // False once SQLite has ended the transaction on its own (e.g. after an interrupted write).
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }

private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    const std::vector<std::string>* names = nullptr;  // interned, see column_names.hpp
    int reprepares = 0;                               // SQLITE_STMTSTATUS_REPREPARE when `names` was taken
  };
  class Running;  // deadline + reset of one statement execution
  // Looks SQL text up without building a std::string per query.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Cached& prepare(std::string_view sql);
  void bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql);
  const std::vector<std::string>* column_names(Cached& c);
  // Steps the statement, handing each row to sink as an rvalue (query keeps it without a copy).
  template <class Sink>
  void run_rows(std::string_view sql, const Params& params, const std::vector<std::string>** names_out, Sink&& sink);
  void configure(Role role, const OpenOptions& opts);
  void clear_cache();
  static int on_progress(void* self);

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Cached, SqlHash, std::equal_to<>> cache_;  // keyed by the SQL as modules wrote it
  std::chrono::milliseconds timeout_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  bool timed_out_ = false;
};

}  // namespace lianxin::db::sqlite
