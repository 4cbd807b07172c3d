// The PostgreSQL connection pool: at most opts.read_connections connections, opened on demand.
// A connection that has gone bad, or comes back still inside a transaction, is discarded and a
// new one opened later; PQreset is never used, so session state is never lost unnoticed.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/postgres/pg_connection.hpp"

namespace lianxin::db::postgres {

class Pool {
public:
  Pool(std::string conninfo, const OpenOptions& opts) : conninfo_(std::move(conninfo)), opts_(opts) {}
  ~Pool() { close(); }

  class Lease {
  public:
    Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    ~Lease() { pool_.release(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& conn() { return *conn_; }

  private:
    Pool& pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Waits up to opts.pool_wait_ms, then throws DbError busy.
  Lease acquire();
  // Closes idle connections now and leased ones when they come back.
  void close();

  int open_count() const;
  int in_use() const;
  int waiting() const;

private:
  std::unique_ptr<Connection> take_healthy_idle();
  std::unique_ptr<Connection> open_new(std::unique_lock<std::mutex>& lock);
  void release(std::unique_ptr<Connection> c);

  const std::string conninfo_;
  const OpenOptions opts_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  int waiting_ = 0;
  bool closed_ = false;
};

}  // namespace lianxin::db::postgres
