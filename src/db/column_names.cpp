#include "db/column_names.hpp"

#include <mutex>
#include <set>

namespace lianxin::db {

const std::vector<std::string>* intern_column_names(const std::vector<std::string>& names) {
  static std::mutex mu;
  static std::set<std::vector<std::string>> interned;  // node-based: addresses never move
  std::lock_guard lock(mu);
  return &*interned.insert(names).first;
}

}  // namespace lianxin::db
