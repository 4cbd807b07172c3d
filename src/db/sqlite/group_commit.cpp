#include "db/sqlite/group_commit.hpp"

#include <spdlog/spdlog.h>

#include "db/sqlite/sqlite_tx.hpp"

namespace lianxin::db::sqlite {

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> conn, int max_queue)
    : conn_(std::move(conn)),
      max_queue_(static_cast<size_t>(max_queue > 0 ? max_queue : 1)),
      thread_([this] { loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

void GroupCommitWriter::submit(const std::function<void(Tx&)>& fn) { enqueue(Job{&fn, nullptr, {}, nullptr}); }

void GroupCommitWriter::submit_alone(const std::function<void(Connection&)>& fn) {
  enqueue(Job{nullptr, &fn, {}, nullptr});
}

void GroupCommitWriter::enqueue(Job job) {
  if (std::this_thread::get_id() == thread_.get_id())
    throw std::logic_error("db write() called from inside a write job: it would wait for itself");
  std::future<void> done;
  {
    std::lock_guard lock(mu_);
    if (stopping_) throw DbError(DbError::Kind::connection, "sqlite: database is closed");
    if (queue_.size() >= max_queue_)
      throw DbError(DbError::Kind::busy, "sqlite: write queue full (" + std::to_string(max_queue_) + " jobs)");
    queue_.push_back(std::move(job));
    done = queue_.back().done.get_future();
  }
  cv_.notify_one();
  done.get();
}

std::unique_ptr<Connection> GroupCommitWriter::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  return std::move(conn_);
}

void GroupCommitWriter::loop() {
  for (;;) {
    std::vector<Job> batch = take_batch();
    if (batch.empty()) return;  // stopping, and every queued job has been run
    running_batch_ = true;
    if (batch.front().alone) run_alone(batch.front());
    else run_batch(batch);
    running_batch_ = false;
    for (auto& job : batch) {
      if (job.error) job.done.set_exception(job.error);
      else job.done.set_value();
    }
  }
}

// Every queued write job up to the first job that must run alone; or that job by itself.
std::vector<GroupCommitWriter::Job> GroupCommitWriter::take_batch() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
  std::vector<Job> batch;
  if (queue_.empty()) return batch;
  if (queue_.front().alone) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
    return batch;
  }
  batch.reserve(queue_.size());
  while (!queue_.empty() && !queue_.front().alone) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

void GroupCommitWriter::run_alone(Job& job) {
  try {
    (*job.alone)(*conn_);
  } catch (...) {
    job.error = std::current_exception();
  }
}

// Runs the jobs in [0, n): normally all in one transaction. When SQLite ends the transaction on
// its own (see lose_transaction), the jobs after that point start a fresh one.
void GroupCommitWriter::run_batch(std::vector<Job>& batch) {
  record(batch.size());
  size_t first = 0;  // first job of the current transaction
  if (!begin(batch, first)) return;
  SqliteTx tx(*conn_);
  for (size_t i = 0; i < batch.size(); ++i) {
    batch[i].error = run_job(tx, batch[i]);
    if (conn_->in_transaction()) continue;
    lose_transaction(batch, first, i + 1);
    first = i + 1;
    if (first < batch.size() && !begin(batch, first)) return;
  }
  if (first < batch.size()) commit(batch, first, batch.size());
}

bool GroupCommitWriter::begin(std::vector<Job>& batch, size_t from) {
  try {
    conn_->exec("BEGIN IMMEDIATE");
    return true;
  } catch (...) {
    for (size_t i = from; i < batch.size(); ++i) batch[i].error = std::current_exception();
    return false;
  }
}

std::exception_ptr GroupCommitWriter::run_job(Tx& tx, const Job& job) {
  try {
    conn_->exec("SAVEPOINT lx_job");
    (*job.fn)(tx);
    conn_->exec("RELEASE lx_job");
    return nullptr;
  } catch (...) {
    auto error = std::current_exception();
    if (conn_->in_transaction()) {
      try {
        conn_->exec("ROLLBACK TO lx_job");
        conn_->exec("RELEASE lx_job");
      } catch (const std::exception& e) {
        // Cannot isolate this job's changes: give up the whole transaction.
        spdlog::error("sqlite: rollback to savepoint failed: {}", e.what());
        try { conn_->exec("ROLLBACK"); } catch (...) {}
      }
    }
    return error;
  }
}

// SQLite has rolled back the whole transaction (an interrupted write statement or I/O error in
// job `to`): the jobs before it that had succeeded lost their changes too. They must not be told
// "committed"; running them again behind their callers' backs could repeat side effects outside
// the database, so they get a retryable busy error.
void GroupCommitWriter::lose_transaction(std::vector<Job>& batch, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (batch[i].error) continue;
    batch[i].error = std::make_exception_ptr(DbError(
        DbError::Kind::busy, "sqlite: rolled back because another write in the same group commit failed"));
  }
}

void GroupCommitWriter::commit(std::vector<Job>& batch, size_t from, size_t to) {
  try {
    conn_->exec("COMMIT");
  } catch (...) {
    auto error = std::current_exception();
    if (conn_->in_transaction()) {
      try { conn_->exec("ROLLBACK"); } catch (...) {}
    }
    for (size_t i = from; i < to; ++i)
      if (!batch[i].error) batch[i].error = error;
  }
}

void GroupCommitWriter::record(size_t n) {
  std::lock_guard lock(mu_);
  stats_.batches++;
  stats_.jobs += n;
  if (n > 1) stats_.multi_job_batches++;
  if (n > stats_.max_batch) stats_.max_batch = n;
}

GroupCommitStats GroupCommitWriter::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

int GroupCommitWriter::queued() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(queue_.size());
}

}  // namespace lianxin::db::sqlite
