// migrate() applies all_migrations(); this is the same runner for any list (tests use their own).
#pragma once

#include <vector>

#include "db/migrations.hpp"

namespace lianxin::db {

// Applies the migrations of `list` newer than the database's version, each in its own write
// transaction, in version order. Throws std::logic_error when versions are not strictly increasing.
int apply_migrations(Database& db, const std::vector<Migration>& list);

}  // namespace lianxin::db
