// Database on one SQLite file: a pool of reader connections and one group-committing writer.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "db/database.hpp"
#include "db/sqlite/group_commit.hpp"
#include "db/sqlite/read_pool.hpp"

namespace lianxin::db {

std::unique_ptr<Database> open_sqlite(const std::string& path, const OpenOptions& opts);

namespace sqlite {

class SqliteDatabase final : public Database {
public:
  SqliteDatabase(std::string path, const OpenOptions& opts);
  ~SqliteDatabase() override;

  void read(const std::function<void(Tx&)>& fn) override;
  void write(const std::function<void(Tx&)>& fn) override;
  Backend backend() const override { return Backend::sqlite; }
  PoolStats stats() const override;
  std::string describe() const override { return "sqlite:" + path_; }
  void close() override;
  bool enter_exclusive_load() override;
  void leave_exclusive_load() override;

  // How well group commit is batching (tests, metrics).
  GroupCommitStats group_commit_stats() const;

private:
  const std::string path_;
  std::unique_ptr<GroupCommitWriter> writer_;
  ReadPool readers_;
  std::once_flag closed_;
};

}  // namespace sqlite
}  // namespace lianxin::db
