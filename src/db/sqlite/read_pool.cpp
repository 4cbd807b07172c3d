#include "db/sqlite/read_pool.hpp"

#include <chrono>

namespace lianxin::db::sqlite {

bool ReadPool::take_idle(Slot& out) {
  if (idle_.empty()) return false;
  auto me = std::this_thread::get_id();
  size_t pick = idle_.size() - 1;  // most recently returned: likely still in the CPU cache
  for (size_t i = 0; i < idle_.size(); ++i)
    if (idle_[i].last_user == me) pick = i;
  out = std::move(idle_[pick]);
  idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(pick));
  return true;
}

// Opening takes a while (pragmas, maybe disk); do it without holding the pool lock.
ReadPool::Slot ReadPool::open_new(std::unique_lock<std::mutex>& lock) {
  ++open_;
  lock.unlock();
  try {
    Slot s{std::make_unique<Connection>(path_, Connection::Role::reader, opts_), {}};
    lock.lock();
    return s;
  } catch (...) {
    lock.lock();
    --open_;
    cv_.notify_one();
    throw;
  }
}

ReadPool::Lease ReadPool::acquire() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.pool_wait_ms);
  std::unique_lock lock(mu_);
  for (;;) {
    if (closed_) throw DbError(DbError::Kind::connection, "sqlite: database is closed");
    Slot slot;
    if (take_idle(slot) || open_ < opts_.read_connections) {
      if (!slot.conn) slot = open_new(lock);
      slot.last_user = std::this_thread::get_id();
      return Lease(*this, std::move(slot));
    }
    ++waiting_;
    bool timed_out = cv_.wait_until(lock, deadline) == std::cv_status::timeout;
    --waiting_;
    bool available = !idle_.empty() || open_ < opts_.read_connections;
    if (timed_out && !available)
      throw DbError(DbError::Kind::busy, "sqlite: all " + std::to_string(opts_.read_connections) +
                                             " read connections busy for " +
                                             std::to_string(opts_.pool_wait_ms) + " ms");
  }
}

void ReadPool::release(Slot slot) {
  std::lock_guard lock(mu_);
  // A connection left inside a transaction (a failed ROLLBACK) would pin an old snapshot: drop it.
  if (closed_ || slot.conn->in_transaction()) {
    slot.conn.reset();
    --open_;
  } else {
    idle_.push_back(std::move(slot));
  }
  cv_.notify_all();
}

void ReadPool::close() {
  std::unique_lock lock(mu_);
  closed_ = true;
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  cv_.notify_all();
  cv_.wait(lock, [&] { return open_ == 0; });  // leased ones are closed by release()
}

bool ReadPool::close_idle() {
  std::lock_guard lock(mu_);
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  cv_.notify_all();  // a caller waiting for room under the connection limit may open one now
  return open_ == 0;
}

int ReadPool::open_count() const {
  std::lock_guard lock(mu_);
  return open_;
}

int ReadPool::in_use() const {
  std::lock_guard lock(mu_);
  return open_ - static_cast<int>(idle_.size());
}

int ReadPool::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

}  // namespace lianxin::db::sqlite
