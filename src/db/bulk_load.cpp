#include "db/bulk_load.hpp"

#include <algorithm>
#include <string>
#include <thread>

namespace lianxin::db {

DeferredIndexes::DeferredIndexes(Tx& tx, const std::string& table, Unique unique) : tx_(tx) {
  if (tx.backend() != Backend::sqlite) return;
  // sql IS NULL for automatic indexes (PRIMARY KEY / UNIQUE constraints), which always stay.
  for (const auto& r : tx.query("SELECT m.name, m.sql FROM sqlite_master m JOIN pragma_index_list($1) l "
                                "ON l.name = m.name WHERE m.type = 'index' AND m.sql IS NOT NULL AND l.\"unique\" <= $2 "
                                "ORDER BY m.name",
                                {table, unique == Unique::defer ? 1 : 0}))
    indexes_.emplace_back(r.text(0), r.text(1));
  for (const auto& [name, sql] : indexes_) tx.exec_script("DROP INDEX \"" + name + "\"");
}

namespace {

// PRAGMA values of the connection for one scope, put back on the way out (also when a
// CREATE INDEX fails on a duplicate and the transaction is about to roll back).
class PragmaScope {
public:
  PragmaScope(Tx& tx, const char* name, int64_t value) : tx_(tx), name_(name), before_(tx.query_int(pragma())) {
    tx_.exec(pragma() + " = " + std::to_string(value));
  }
  ~PragmaScope() {
    try {
      tx_.exec(pragma() + " = " + std::to_string(before_));
    } catch (...) {
      // The connection is failing; the transaction's own error is the one worth reporting.
    }
  }
  PragmaScope(const PragmaScope&) = delete;
  PragmaScope& operator=(const PragmaScope&) = delete;

private:
  std::string pragma() const { return std::string("PRAGMA ") + name_; }
  Tx& tx_;
  const char* name_;
  int64_t before_;
};

}  // namespace

void DeferredIndexes::finish() {
  if (indexes_.empty()) return;
  // SQLite gives its sorter the page cache's size: under a bulk load's large cache each CREATE
  // INDEX sorted a million keys in one list on one thread. With a small budget it sorts runs of a
  // few MB (in the CPU cache) on worker threads and merges them: the five member indexes of a 1M
  // import took 3.1-3.7 s instead of 5.0-6.7 s, with 2 MB to 8 MB alike (docs/performance.md).
  const PragmaScope threads(tx_, "threads", std::max(1u, std::min(4u, std::thread::hardware_concurrency())));
  const PragmaScope cache(tx_, "cache_size", -4096);  // negative: KiB
  for (const auto& [name, sql] : indexes_) tx_.exec_script(sql);
  indexes_.clear();
}

}  // namespace lianxin::db
