#include "db/postgres/pg_database.hpp"

#include "db/postgres/pg_conninfo.hpp"
#include "db/postgres/pg_tx.hpp"

namespace lianxin::db {

// Connections open lazily, on the first read or write.
std::unique_ptr<Database> open_postgres(const std::string& url, const OpenOptions& opts) {
  return std::make_unique<postgres::PgDatabase>(url, opts);
}

namespace postgres {
namespace {

// A caught error inside fn leaves the transaction aborted; PostgreSQL would answer COMMIT with a
// silent ROLLBACK. Say so instead of letting the caller believe the write happened.
void commit(Connection& c) {
  if (c.transaction_status() == PQTRANS_INERROR)
    throw DbError(DbError::Kind::other,
                  "postgres: the transaction was aborted by an earlier error caught inside it; rolled back");
  c.exec_script("COMMIT");
}

void rollback_quietly(Connection& c) noexcept {
  if (!c.healthy() || c.transaction_status() == PQTRANS_IDLE) return;
  try {
    c.exec_script("ROLLBACK");
  } catch (...) {
    // the pool discards a connection that is still inside a transaction
  }
}

}  // namespace

PgDatabase::PgDatabase(const std::string& url, const OpenOptions& opts)
    : description_(describe_conninfo(url)), pool_(url, opts) {}

void PgDatabase::run(const char* begin_sql, const std::function<void(Tx&)>& fn) {
  auto lease = pool_.acquire();
  Connection& c = lease.conn();
  c.exec_script(begin_sql);
  try {
    PgTx tx(c);
    fn(tx);
    commit(c);
  } catch (...) {
    rollback_quietly(c);
    throw;
  }
}

void PgDatabase::read(const std::function<void(Tx&)>& fn) {
  run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
}

void PgDatabase::write(const std::function<void(Tx&)>& fn) { run("BEGIN", fn); }

PoolStats PgDatabase::stats() const {
  return PoolStats{pool_.open_count(), pool_.in_use(), pool_.waiting()};
}

}  // namespace postgres
}  // namespace lianxin::db
