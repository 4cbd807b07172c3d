// Database on PostgreSQL: a pool of libpq connections; every read and write is one transaction.
#pragma once

#include <memory>
#include <string>

#include "db/database.hpp"
#include "db/postgres/pg_pool.hpp"

namespace lianxin::db {

std::unique_ptr<Database> open_postgres(const std::string& url, const OpenOptions& opts);

namespace postgres {

class PgDatabase final : public Database {
public:
  PgDatabase(const std::string& url, const OpenOptions& opts);
  ~PgDatabase() override { close(); }

  void read(const std::function<void(Tx&)>& fn) override;
  void write(const std::function<void(Tx&)>& fn) override;
  Backend backend() const override { return Backend::postgres; }
  PoolStats stats() const override;
  std::string describe() const override { return description_; }
  void close() override { pool_.close(); }

private:
  void run(const char* begin_sql, const std::function<void(Tx&)>& fn);

  const std::string description_;
  Pool pool_;
};

}  // namespace postgres
}  // namespace lianxin::db
