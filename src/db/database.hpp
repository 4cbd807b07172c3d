// One storage interface for every module; SQLite and PostgreSQL implement it.
//
// SQL written by modules uses a portable subset understood by both engines:
//   - placeholders are $1, $2, ... (the SQLite backend rewrites them to ?1, ?2);
//   - types are INTEGER / BIGINT and TEXT (dates as 'YYYY-MM-DD', timestamps as ISO-8601 UTC text,
//     binary data as base64 text), booleans as 0/1;
//   - RETURNING, ON CONFLICT ... DO UPDATE, window functions and CTEs work on both;
//   - no '::' casts, no "$1 IS NULL" tests (PostgreSQL cannot infer the type).
// Parameters travel as text (or NULL); results come back as text and are converted on access.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lianxin::db {

enum class Backend { sqlite, postgres };

// A bound parameter: NULL, an integer, or text.
class Value {
public:
  Value() = default;                       // NULL
  Value(std::nullptr_t) {}                 // NULL
  Value(int v) : v_(static_cast<int64_t>(v)) {}
  Value(int64_t v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  template <class T>
  Value(const std::optional<T>& o) {
    if (o) *this = Value(*o);
  }
  template <class T>
  Value(std::optional<T>&& o) {  // moves the text of bulk rows instead of copying it
    if (o) *this = Value(std::move(*o));
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  const std::string& as_text() const { return std::get<std::string>(v_); }
  std::string to_text() const { return is_int() ? std::to_string(as_int()) : is_null() ? "" : as_text(); }

private:
  std::variant<std::monostate, int64_t, std::string> v_;
};

using Params = std::vector<Value>;

// "$n" naming the last parameter in `p`, for SQL built while parameters are appended.
std::string last_placeholder(const Params& p);

// One result row. Columns are addressed by position (fast) or by name.
class Row {
public:
  // Built by a backend, cell after cell in column order (room for `columns` reserved).
  Row(const std::vector<std::string>* names, size_t columns) : names_(names) { cells_.reserve(columns); }
  void append(std::string_view text) { cells_.emplace_back(text); }
  void append_null();

  size_t size() const { return cells_.size(); }
  bool is_null(size_t i) const;
  const std::string& text(size_t i) const;               // throws on NULL
  std::string text_or(size_t i, std::string dflt) const;  // dflt on NULL
  std::optional<std::string> opt_text(size_t i) const;
  int64_t i64(size_t i) const;                            // throws on NULL
  std::optional<int64_t> opt_i64(size_t i) const;
  // Move a cell's text out instead of copying it, for a row read once into a record; the cell is
  // left empty (not NULL), so read each cell before taking it.
  std::string take(size_t i);                    // throws on NULL
  std::optional<std::string> take_opt(size_t i);

  size_t index(std::string_view name) const;  // throws if no such column
  const std::string& text(std::string_view n) const { return text(index(n)); }
  std::optional<std::string> opt_text(std::string_view n) const { return opt_text(index(n)); }
  int64_t i64(std::string_view n) const { return i64(index(n)); }
  std::optional<int64_t> opt_i64(std::string_view n) const { return opt_i64(index(n)); }
  bool is_null(std::string_view n) const { return is_null(index(n)); }

private:
  const std::vector<std::string>* names_;
  // Plain strings and NULL flags apart, not std::optional<std::string>: a member row of 26
  // optional cells took 1,040 bytes, just over what glibc's per-thread cache serves (1,032).
  std::vector<std::string> cells_;
  uint64_t nulls_ = 0;             // bit i: column i is NULL (the first 64 columns)
  std::vector<bool> more_nulls_;  // columns from 64 on (up to the last NULL), for a rare wider result
};

class Rows {
public:
  std::vector<Row> rows;
  const std::vector<std::string>* names = nullptr;  // interned by the backend (column_names.hpp)

  const std::vector<std::string>& columns() const;

  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  const Row& operator[](size_t i) const { return rows.at(i); }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

// Errors raised by the storage layer. Modules translate the ones they expect
// (a unique violation on an ID hash) into API errors; the rest become 500s.
class DbError : public std::runtime_error {
public:
  enum class Kind { unique_violation, foreign_key_violation, check_violation, busy, timeout, connection, other };
  DbError(Kind k, const std::string& what, std::string constraint = {})
      : std::runtime_error(what), kind(k), constraint(std::move(constraint)) {}
  Kind kind;
  std::string constraint;  // the violated constraint or index name, when the engine says it
};

// A connection inside a transaction (for write) or a read scope (for read).
class Tx {
public:
  virtual ~Tx() = default;
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Streams the rows of a large result to fn without holding them all (backends may override; the
  // default materializes).
  virtual void query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) {
    for (const auto& r : query(sql, params)) fn(r);
  }
  // Executes a statement; returns the number of rows changed.
  virtual int64_t exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (DDL in migrations).
  virtual void exec_script(std::string_view sql) = 0;
  // Fast path for many rows into one table (COPY on PostgreSQL, a prepared INSERT on SQLite).
  virtual void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                           const std::vector<Params>& rows) = 0;
  virtual Backend backend() const = 0;

  // Convenience: first row or nothing; a single integer.
  std::optional<Row> query_one(std::string_view sql, const Params& params = {});
  int64_t query_int(std::string_view sql, const Params& params = {});
};

struct PoolStats {
  int connections = 0;  // open connections
  int in_use = 0;       // busy right now
  int waiting = 0;      // callers waiting for a connection (or writes queued)
};

class Database {
public:
  virtual ~Database() = default;

  // Runs fn in a read scope: a consistent snapshot (read-only transaction). Blocking.
  virtual void read(const std::function<void(Tx&)>& fn) = 0;
  // Runs fn in a write transaction; committed (durably) when this returns normally, rolled back
  // when fn throws (the exception propagates). Blocking.
  virtual void write(const std::function<void(Tx&)>& fn) = 0;

  virtual Backend backend() const = 0;
  virtual PoolStats stats() const = 0;
  // Human-readable target without secrets (for logs and /readyz).
  virtual std::string describe() const = 0;
  // Closes every connection; further calls fail.
  virtual void close() = 0;

  // For a process that has the database to itself (the import and demo commands) around a bulk
  // load: SQLite switches to a rollback journal, so the load writes its pages once instead of to
  // the WAL and then again at the checkpoint. False, changing nothing, when another connection
  // (another process, a reader of this one) has the database open, and on PostgreSQL.
  virtual bool enter_exclusive_load() { return false; }
  // Back to normal operation (WAL); a failure is logged, the next writer to open switches back.
  virtual void leave_exclusive_load() {}

  template <class F>
  auto read_value(F&& f) -> decltype(f(std::declval<Tx&>())) {
    std::optional<decltype(f(std::declval<Tx&>()))> out;
    read([&](Tx& tx) { out.emplace(f(tx)); });
    return std::move(*out);
  }
  template <class F>
  auto write_value(F&& f) -> decltype(f(std::declval<Tx&>())) {
    std::optional<decltype(f(std::declval<Tx&>()))> out;
    write([&](Tx& tx) { out.emplace(f(tx)); });
    return std::move(*out);
  }
};

struct OpenOptions {
  int read_connections = 8;     // SQLite: max reader connections; PostgreSQL: pool size
  int busy_timeout_ms = 5000;   // SQLite busy timeout; PostgreSQL lock_timeout
  int statement_timeout_ms = 30000;  // PostgreSQL statement_timeout; SQLite progress-handler deadline
  int pool_wait_ms = 2000;      // how long a caller waits for a connection before DbError::busy
  int max_write_queue = 1000;   // SQLite group-commit queue bound (DbError::busy beyond)
  // SQLite page cache of each connection, filled on demand. SQLite's own default (2 MiB) holds a
  // few thousand members' pages, so a server's readers would read most pages again through the OS.
  int sqlite_cache_mib = 32;
};

// url: "sqlite:/path/to/file.db" or "postgresql://..." / "postgres://..."
std::unique_ptr<Database> open_database(const std::string& url, const OpenOptions& opts = {});

}  // namespace lianxin::db
