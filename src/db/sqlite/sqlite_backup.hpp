// Online backup of a live SQLite database (for `lianxin backup`): a consistent copy even while
// the server keeps writing.
#pragma once

#include <string>

namespace lianxin::db {

// Copies db_path to dest_path (overwritten) with the SQLite online backup API. Throws DbError.
void sqlite_backup(const std::string& db_path, const std::string& dest_path);

}  // namespace lianxin::db
