// Reader connections for SQLite. A thread gets back the connection it used last when that one is
// idle (its statement cache is warm), so in steady state each reading thread keeps its own
// connection; unlike a plain thread_local, connections of threads that have ended are reused
// instead of leaking, and the total stays within opts.read_connections.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/sqlite/sqlite_connection.hpp"

namespace lianxin::db::sqlite {

class ReadPool {
  struct Slot {
    std::unique_ptr<Connection> conn;
    std::thread::id last_user;
  };

public:
  ReadPool(std::string path, const OpenOptions& opts) : path_(std::move(path)), opts_(opts) {}
  ~ReadPool() { close(); }

  class Lease {
  public:
    Lease(ReadPool& pool, Slot slot) : pool_(pool), slot_(std::move(slot)) {}
    ~Lease() { pool_.release(std::move(slot_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& conn() { return *slot_.conn; }

  private:
    ReadPool& pool_;
    Slot slot_;
  };

  // Waits up to opts.pool_wait_ms for a connection, then throws DbError busy.
  Lease acquire();
  // Waits for leased connections to come back, then closes all of them.
  void close();
  // Closes the idle connections (new ones open on demand); true when none is leased either.
  bool close_idle();

  int open_count() const;
  int in_use() const;
  int waiting() const;

private:
  bool take_idle(Slot& out);
  Slot open_new(std::unique_lock<std::mutex>& lock);
  void release(Slot slot);

  const std::string path_;
  const OpenOptions opts_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Slot> idle_;
  int open_ = 0;
  int waiting_ = 0;
  bool closed_ = false;
};

}  // namespace lianxin::db::sqlite
