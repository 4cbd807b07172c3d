// Deferred index maintenance for large loads into one table.
//
// Millions of inserts into random-order indexes (hashes, names) cost one B-tree descent each;
// dropping the non-unique indexes and building them once at the end, by sorting, is much faster
// (measured with sqlite3 on 200k members: 8.0 s with every index, 3.4 s with all deferred).
// Unique indexes stay: they keep enforcing uniqueness row by row and serve the duplicate
// look-ups a load makes while it runs. On SQLite this is safe inside the load's write
// transaction: DDL is transactional and readers keep their snapshot.
// On PostgreSQL it does nothing: DROP INDEX would lock every reader out until commit.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "db/database.hpp"

namespace lianxin::db {

class DeferredIndexes {
public:
  enum class Unique { keep, defer };
  // Drops the non-unique indexes of `table` (SQLite only). Unique::defer drops the unique ones
  // too: only for a load into an empty table that checks uniqueness itself and makes no look-up
  // that needs them; recreating them at the end still fails on any duplicate (unique_violation).
  DeferredIndexes(Tx& tx, const std::string& table, Unique unique = Unique::keep);
  // Recreates them; must be called before the transaction commits.
  void finish();
  size_t deferred() const { return indexes_.size(); }

private:
  Tx& tx_;
  std::vector<std::pair<std::string, std::string>> indexes_;  // name, CREATE statement
};

// Database::enter_exclusive_load for the life of a scope; leaves it on the way out.
//
// Measured on the 1M-member CSV (docs/performance.md): WAL writes every page of the load to the
// WAL, re-reads spilled pages from it while the deferred indexes are built, and copies it all
// into the database at the checkpoint; with a rollback journal new pages go to the database once
// and nothing needs journaling (they lie beyond the old end of the file). Only for commands that
// own the database for their duration: while the load's transaction holds its lock, another
// process cannot read it at all, where WAL would let it read the snapshot before the load.
class ExclusiveLoad {
public:
  explicit ExclusiveLoad(Database& db) : db_(db), active_(db.enter_exclusive_load()) {}
  ~ExclusiveLoad() {
    if (active_) db_.leave_exclusive_load();
  }
  ExclusiveLoad(const ExclusiveLoad&) = delete;
  ExclusiveLoad& operator=(const ExclusiveLoad&) = delete;
  bool active() const { return active_; }

private:
  Database& db_;
  const bool active_;
};

}  // namespace lianxin::db
