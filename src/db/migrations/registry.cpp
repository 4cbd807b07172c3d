#include "db/migrations/registry.hpp"

namespace lianxin::db {

const std::vector<Migration>& all_migrations() {
  static const std::vector<Migration> list = {
      migrations::m0001_core,
  };
  return list;
}

}  // namespace lianxin::db
