#include "modules/io/bulk_load_cache.hpp"

#include <string>

namespace lianxin::modules::io {

BulkLoadCache::BulkLoadCache(db::Database& db, int64_t kib) : db_(db) {
  if (db.backend() != db::Backend::sqlite) return;
  db.write([&](db::Tx& tx) {
    const int64_t before = tx.query_int("PRAGMA cache_size");
    tx.exec("PRAGMA cache_size = " + std::to_string(-kib));  // negative: KiB rather than pages
    previous_ = before;
  });
}

BulkLoadCache::~BulkLoadCache() {
  if (!previous_) return;
  try {
    db_.write([&](db::Tx& tx) { tx.exec("PRAGMA cache_size = " + std::to_string(*previous_)); });
  } catch (...) {
    // The database is closing or broken; a cache size is not worth an exception from a destructor.
  }
}

}  // namespace lianxin::modules::io
