// SQLite result codes -> DbError kinds, so modules handle one error vocabulary for both engines.
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "db/database.hpp"

namespace lianxin::db::sqlite {

// rc: the (extended) result code of the failed call; timed_out: the progress handler stopped it.
DbError make_error(sqlite3* db, int rc, bool timed_out, std::string_view sql);

}  // namespace lianxin::db::sqlite
