// The single SQLite writer. Callers of write() enqueue a job and block; one thread takes every
// pending job, runs them in one BEGIN IMMEDIATE ... COMMIT, each inside its own SAVEPOINT, so one
// fsync covers many writes. A job that throws is rolled back to its savepoint alone; its
// exception goes back to its caller. Nobody hears "committed" before COMMIT has returned.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "db/sqlite/sqlite_connection.hpp"

namespace lianxin::db::sqlite {

struct GroupCommitStats {
  uint64_t batches = 0;            // transactions committed or attempted
  uint64_t jobs = 0;               // write() calls run
  uint64_t multi_job_batches = 0;  // batches that carried more than one job
  uint64_t max_batch = 0;          // most jobs in one batch
};

class GroupCommitWriter {
public:
  GroupCommitWriter(std::unique_ptr<Connection> conn, int max_queue);
  ~GroupCommitWriter();

  // Runs fn in the next batch; returns once that batch has committed, rethrows fn's exception
  // or the commit error. DbError busy when max_queue jobs are already waiting.
  void submit(const std::function<void(Tx&)>& fn);
  // Runs fn on the connection outside any transaction, alone between two batches (statements
  // SQLite refuses inside one, such as a change of journal mode). Same errors as submit.
  void submit_alone(const std::function<void(Connection&)>& fn);
  // Finishes the queued jobs, stops the thread and hands the connection back (for the checkpoint).
  std::unique_ptr<Connection> stop();

  GroupCommitStats stats() const;
  int queued() const;
  bool running_batch() const { return running_batch_.load(); }

private:
  struct Job {
    const std::function<void(Tx&)>* fn;
    const std::function<void(Connection&)>* alone = nullptr;  // set: run outside a transaction
    std::promise<void> done;  // owned here, not by the caller, so set_value never races its destruction
    std::exception_ptr error;
  };

  void loop();
  void enqueue(Job job);
  std::vector<Job> take_batch();
  void run_alone(Job& job);
  void run_batch(std::vector<Job>& batch);
  bool begin(std::vector<Job>& batch, size_t from);
  std::exception_ptr run_job(Tx& tx, const Job& job);
  void commit(std::vector<Job>& batch, size_t from, size_t to);
  void lose_transaction(std::vector<Job>& batch, size_t from, size_t to);
  void record(size_t batch_size);

  std::unique_ptr<Connection> conn_;
  const size_t max_queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::atomic<bool> running_batch_{false};
  GroupCommitStats stats_;
  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace lianxin::db::sqlite
