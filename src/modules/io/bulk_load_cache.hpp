// A larger SQLite page cache on the writer connection while a bulk load runs, restored after.
//
// The default cache (2 MB) is far smaller than the members indexes of a 1M-row import or a
// 10M-member demo, so every insert into the random-order id_hash / mobile_hash indexes turns
// into pread/pwrite system calls; measured: 100k-row import 21k -> 40k rows/s with 256 MB.
// The setting belongs to the db layer (see the issue report); until it sizes the writer's cache
// itself, bulk loads raise it for their own duration only. No effect on PostgreSQL.
#pragma once

#include <cstdint>
#include <optional>

#include "db/database.hpp"

namespace lianxin::modules::io {

class BulkLoadCache {
public:
  explicit BulkLoadCache(db::Database& db, int64_t kib = 256 * 1024);
  ~BulkLoadCache();
  BulkLoadCache(const BulkLoadCache&) = delete;
  BulkLoadCache& operator=(const BulkLoadCache&) = delete;

private:
  db::Database& db_;
  std::optional<int64_t> previous_;  // PRAGMA cache_size before; unset when nothing was changed
};

}  // namespace lianxin::modules::io
