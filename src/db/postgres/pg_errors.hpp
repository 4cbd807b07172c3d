// SQLSTATE -> DbError kinds, so modules handle one error vocabulary for both engines.
#pragma once

#include <libpq-fe.h>

#include <string_view>

#include "db/database.hpp"

namespace lianxin::db::postgres {

// res may be null (the call failed before the server answered).
DbError make_error(const PGresult* res, const PGconn* conn, std::string_view sql);

DbError::Kind kind_of_sqlstate(std::string_view sqlstate);

}  // namespace lianxin::db::postgres
