#include "db/sqlite/sqlite_connection.hpp"

#include <charconv>
#include <cstring>

#include "db/column_names.hpp"
#include "db/sqlite/placeholders.hpp"
#include "db/sqlite/sqlite_errors.hpp"

namespace lianxin::db::sqlite {
namespace {

// Dynamic SQL (IN lists of varying length) would grow the cache without end; start over beyond this.
constexpr size_t kMaxCachedStatements = 512;
// The progress handler runs every this many VM instructions: cheap, and fine-grained enough.
constexpr int kProgressInstructions = 1000;

// True when the text after the first statement holds no further statement (blanks, comments).
bool no_statement_in(sqlite3* db, const char* tail) {
  if (!tail || !*tail) return true;
  sqlite3_stmt* next = nullptr;
  int rc = sqlite3_prepare_v2(db, tail, -1, &next, nullptr);
  sqlite3_finalize(next);
  return rc == SQLITE_OK && next == nullptr;
}

}  // namespace

// Arms the statement deadline and, on the way out, resets the statement and drops its bindings
// (bound text is SQLITE_STATIC: it points into the caller's Params).
class Connection::Running {
public:
  Running(Connection& c, sqlite3_stmt* stmt) : c_(c), stmt_(stmt) {
    c_.timed_out_ = false;
    c_.deadline_ = std::chrono::steady_clock::now() + c_.timeout_;
  }
  ~Running() {
    c_.deadline_ = std::chrono::steady_clock::time_point::max();
    if (stmt_) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

private:
  Connection& c_;
  sqlite3_stmt* stmt_;
};

Connection::Connection(const std::string& path, Role role, const OpenOptions& opts)
    : timeout_(opts.statement_timeout_ms > 0 ? opts.statement_timeout_ms : 24 * 3600 * 1000) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    throw DbError(DbError::Kind::connection, "sqlite: cannot open " + path + ": " + msg);
  }
  try {
    configure(role, opts);
  } catch (...) {
    sqlite3_close_v2(db_);
    throw;
  }
}

void Connection::configure(Role role, const OpenOptions& opts) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, opts.busy_timeout_ms);
  sqlite3_progress_handler(db_, kProgressInstructions, &Connection::on_progress, this);
  if (role == Role::writer) {
    // WAL is a property of the file: set once by the writer, readers inherit it.
    auto mode = query("PRAGMA journal_mode=WAL", {});
    if (mode.empty() || mode[0].text(0) != "wal")
      throw DbError(DbError::Kind::connection, "sqlite: cannot switch to WAL journal mode");
  }
  // FULL: with WAL, every COMMIT is fsynced before write() reports success.
  exec_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (role == Role::reader) exec_script("PRAGMA query_only=ON;");  // like READ ONLY on PostgreSQL
  exec_script("PRAGMA cache_size=-" + std::to_string(int64_t{opts.sqlite_cache_mib} * 1024) + ";");  // in KiB
}

Connection::~Connection() {
  clear_cache();
  sqlite3_close_v2(db_);
}

void Connection::clear_cache() {
  for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
  cache_.clear();
}

int Connection::on_progress(void* self) {
  auto* c = static_cast<Connection*>(self);
  if (std::chrono::steady_clock::now() < c->deadline_) return 0;
  c->timed_out_ = true;
  return 1;  // SQLite aborts the statement with SQLITE_INTERRUPT
}

Connection::Cached& Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxCachedStatements) clear_cache();
  std::string rewritten = rewrite_placeholders(sql);
  Cached c;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size() + 1),
                              SQLITE_PREPARE_PERSISTENT, &c.stmt, &tail);
  if (rc != SQLITE_OK) throw make_error(db_, rc, false, sql);
  if (!no_statement_in(db_, tail)) {
    sqlite3_finalize(c.stmt);
    throw DbError(DbError::Kind::other, "sqlite: several statements in one query; use exec_script: " +
                                            std::string(sql));
  }
  return cache_.emplace(std::string(sql), c).first->second;
}

void Connection::bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql) {
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size()))
    throw DbError(DbError::Kind::other, "sqlite: statement takes " + std::to_string(expected) +
                                            " parameters, got " + std::to_string(params.size()) + ": " +
                                            std::string(sql));
  for (int i = 0; i < expected; ++i) {
    const Value& v = params[i];
    int rc = v.is_null() ? sqlite3_bind_null(stmt, i + 1)
             : v.is_int() ? sqlite3_bind_int64(stmt, i + 1, v.as_int())
                          : sqlite3_bind_text64(stmt, i + 1, v.as_text().data(), v.as_text().size(),
                                                SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK) throw make_error(db_, rc, false, sql);
  }
}

// Column names are fixed for a prepared statement until SQLite re-prepares it (after a schema
// change, inside sqlite3_step), which SQLITE_STMTSTATUS_REPREPARE counts: the names are looked at
// again only then, and only after a step, so a re-prepare within this execution is seen.
const std::vector<std::string>* Connection::column_names(Cached& c) {
  const int reprepares = sqlite3_stmt_status(c.stmt, SQLITE_STMTSTATUS_REPREPARE, 0);
  if (c.names && reprepares == c.reprepares) return c.names;
  const int n = sqlite3_column_count(c.stmt);
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.emplace_back(sqlite3_column_name(c.stmt, i));
  c.names = intern_column_names(names);
  c.reprepares = reprepares;
  return c.names;
}

template <class Sink>
void Connection::run_rows(std::string_view sql, const Params& params, const std::vector<std::string>** names_out,
                          Sink&& sink) {
  Cached& c = prepare(sql);
  if (!c.stmt) return;  // the text held only comments
  Running running(*this, c.stmt);
  bind(c.stmt, params, sql);
  int rc = sqlite3_step(c.stmt);
  const auto* names = column_names(c);
  if (names_out) *names_out = names;
  const int n = static_cast<int>(names->size());
  for (; rc == SQLITE_ROW; rc = sqlite3_step(c.stmt)) {
    Row row(names, static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      const int type = sqlite3_column_type(c.stmt, i);
      if (type == SQLITE_NULL) {
        row.append_null();
      } else if (type == SQLITE_INTEGER) {  // formatted here: SQLite's own conversion allocates a buffer per cell
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, sqlite3_column_int64(c.stmt, i)).ptr;
        row.append({digits, static_cast<size_t>(end - digits)});
      } else {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(c.stmt, i));
        row.append({p, static_cast<size_t>(sqlite3_column_bytes(c.stmt, i))});
      }
    }
    sink(std::move(row));
  }
  if (rc != SQLITE_DONE) throw make_error(db_, rc, timed_out_, sql);
}

void Connection::query_each(std::string_view sql, const Params& params, const std::vector<std::string>** names_out,
                            const std::function<void(const Row&)>& fn) {
  run_rows(sql, params, names_out, [&](Row&& r) { fn(r); });
}

Rows Connection::query(std::string_view sql, const Params& params) {
  Rows out;
  const std::vector<std::string>* names = nullptr;
  run_rows(sql, params, &names, [&](Row&& r) { out.rows.push_back(std::move(r)); });
  out.names = names;
  return out;
}

int64_t Connection::exec(std::string_view sql, const Params& params) {
  Cached& c = prepare(sql);
  if (!c.stmt) return 0;
  Running running(*this, c.stmt);
  bind(c.stmt, params, sql);
  int rc;
  while ((rc = sqlite3_step(c.stmt)) == SQLITE_ROW) {
  }  // INSERT ... RETURNING run through exec: drain the rows
  if (rc != SQLITE_DONE) throw make_error(db_, rc, timed_out_, sql);
  return sqlite3_changes64(db_);
}

void Connection::exec_many(std::string_view sql, const std::vector<Params>& rows) {
  Cached& c = prepare(sql);
  if (!c.stmt) return;
  for (const Params& row : rows) {
    Running running(*this, c.stmt);  // each row is one execution with its own deadline
    bind(c.stmt, row, sql);
    int rc;
    while ((rc = sqlite3_step(c.stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) throw make_error(db_, rc, timed_out_, sql);
  }
}

void Connection::exec_script(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec wants a terminated string
  Running running(*this, nullptr);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);  // the same text is available from sqlite3_errmsg
  if (rc != SQLITE_OK) throw make_error(db_, rc, timed_out_, sql);
}

}  // namespace lianxin::db::sqlite
