#include "db/bulk_load.hpp"

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

void DeferredIndexes::finish() {
  for (const auto& [name, sql] : indexes_) tx_.exec_script(sql);
  indexes_.clear();
}

}  // namespace lianxin::db
