#include "db/postgres/pg_pool.hpp"

#include <chrono>

namespace lianxin::db::postgres {

std::unique_ptr<Connection> Pool::take_healthy_idle() {
  while (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    if (c->healthy()) return c;
    --open_;  // broken while idle (server restart): drop it, the caller opens a fresh one
  }
  return nullptr;
}

// Connecting is a network round trip or more; do it without holding the pool lock.
std::unique_ptr<Connection> Pool::open_new(std::unique_lock<std::mutex>& lock) {
  ++open_;
  lock.unlock();
  try {
    auto c = std::make_unique<Connection>(conninfo_, opts_);
    lock.lock();
    return c;
  } catch (...) {
    lock.lock();
    --open_;
    cv_.notify_one();
    throw;
  }
}

Pool::Lease Pool::acquire() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.pool_wait_ms);
  std::unique_lock lock(mu_);
  for (;;) {
    if (closed_) throw DbError(DbError::Kind::connection, "postgres: database is closed");
    if (auto c = take_healthy_idle()) return Lease(*this, std::move(c));
    if (open_ < opts_.read_connections) return Lease(*this, open_new(lock));
    ++waiting_;
    bool timed_out = cv_.wait_until(lock, deadline) == std::cv_status::timeout;
    --waiting_;
    if (timed_out && idle_.empty() && open_ >= opts_.read_connections)
      throw DbError(DbError::Kind::busy, "postgres: all " + std::to_string(opts_.read_connections) +
                                             " connections busy for " + std::to_string(opts_.pool_wait_ms) +
                                             " ms");
  }
}

void Pool::release(std::unique_ptr<Connection> c) {
  std::unique_ptr<Connection> drop;
  {
    std::lock_guard lock(mu_);
    if (closed_ || !c->healthy() || c->transaction_status() != PQTRANS_IDLE) {
      drop = std::move(c);
      --open_;
    } else {
      idle_.push_back(std::move(c));
    }
  }
  cv_.notify_all();
  // drop closes its socket here, outside the lock
}

void Pool::close() {
  std::vector<std::unique_ptr<Connection>> drop;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    open_ -= static_cast<int>(idle_.size());
    drop.swap(idle_);
  }
  cv_.notify_all();
}

int Pool::open_count() const {
  std::lock_guard lock(mu_);
  return open_;
}

int Pool::in_use() const {
  std::lock_guard lock(mu_);
  return open_ - static_cast<int>(idle_.size());
}

int Pool::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

}  // namespace lianxin::db::postgres
