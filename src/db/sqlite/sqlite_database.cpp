#include "db/sqlite/sqlite_database.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include "db/sqlite/sqlite_tx.hpp"

namespace lianxin::db {

std::unique_ptr<Database> open_sqlite(const std::string& path, const OpenOptions& opts) {
  // SQLite keeps allocation statistics under one process-wide mutex, taken on every allocation
  // of every connection; nothing here reads them. Only possible before the first connection.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0)
    throw std::invalid_argument(
        "sqlite URL needs a file path (sqlite:/path/to/file.db); in-memory databases cannot be "
        "shared between the reader and writer connections");
  return std::make_unique<sqlite::SqliteDatabase>(path, opts);
}

namespace sqlite {

// The writer connection opens first: it creates the file and switches it to WAL before any reader.
SqliteDatabase::SqliteDatabase(std::string path, const OpenOptions& opts)
    : path_(std::move(path)),
      writer_(std::make_unique<GroupCommitWriter>(
          std::make_unique<Connection>(path_, Connection::Role::writer, opts), opts.max_write_queue)),
      readers_(path_, opts) {}

SqliteDatabase::~SqliteDatabase() { close(); }

// BEGIN (deferred) + COMMIT: every statement in fn sees the same snapshot of the WAL.
void SqliteDatabase::read(const std::function<void(Tx&)>& fn) {
  auto lease = readers_.acquire();
  Connection& c = lease.conn();
  c.exec("BEGIN");
  try {
    SqliteTx tx(c);
    fn(tx);
    c.exec("COMMIT");
  } catch (...) {
    if (c.in_transaction()) {
      try { c.exec("ROLLBACK"); } catch (...) {}  // the pool drops the connection if this failed
    }
    throw;
  }
}

void SqliteDatabase::write(const std::function<void(Tx&)>& fn) { writer_->submit(fn); }

PoolStats SqliteDatabase::stats() const {
  PoolStats s;
  s.connections = readers_.open_count() + 1;
  s.in_use = readers_.in_use() + (writer_->running_batch() ? 1 : 0);
  s.waiting = readers_.waiting() + writer_->queued();
  return s;
}

GroupCommitStats SqliteDatabase::group_commit_stats() const { return writer_->stats(); }

namespace {

std::string journal_mode(Connection& c, const char* mode) {
  const auto rows = c.query(std::string("PRAGMA journal_mode=") + mode, {});
  return rows.empty() ? std::string() : rows[0].text(0);
}

}  // namespace

// Leaving WAL needs every other connection closed: this process's idle readers are closed here;
// another process's connection makes SQLite keep WAL (it answers "wal" or SQLITE_BUSY).
// TRUNCATE rather than DELETE: the journal file stays, emptied, so no directory fsync per commit.
bool SqliteDatabase::enter_exclusive_load() {
  if (!readers_.close_idle()) return false;
  bool entered = false;
  const std::function<void(Connection&)> job = [&](Connection& c) {
    try {
      entered = journal_mode(c, "TRUNCATE") == "truncate";
    } catch (const DbError& e) {
      if (e.kind != DbError::Kind::busy) throw;
    }
  };
  writer_->submit_alone(job);
  if (!entered) spdlog::info("sqlite: another connection has {} open; the bulk load goes through the WAL", path_);
  return entered;
}

void SqliteDatabase::leave_exclusive_load() {
  const std::function<void(Connection&)> job = [&](Connection& c) {
    if (journal_mode(c, "WAL") != "wal") throw DbError(DbError::Kind::busy, "journal mode still not WAL");
  };
  try {
    writer_->submit_alone(job);
  } catch (const std::exception& e) {
    spdlog::warn("sqlite: cannot switch {} back to WAL after a bulk load ({}); its next writer will", path_, e.what());
  }
}

// Queued writes finish first; the TRUNCATE checkpoint runs once no reader is left, so the WAL is
// folded into the main file and a copied .db file is complete on its own.
void SqliteDatabase::close() {
  std::call_once(closed_, [&] {
    auto conn = writer_->stop();
    readers_.close();
    if (!conn) return;
    try {
      conn->exec_script("PRAGMA wal_checkpoint(TRUNCATE);");
    } catch (const std::exception& e) {
      spdlog::warn("sqlite: checkpoint on close failed: {}", e.what());
    }
  });
}

}  // namespace sqlite
}  // namespace lianxin::db
