#include "db/sqlite/sqlite_backup.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <memory>

#include "db/database.hpp"

namespace lianxin::db {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;

DbHandle open_file(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  DbHandle h(db);
  if (rc != SQLITE_OK)
    throw DbError(DbError::Kind::connection,
                  "backup: cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db, 5000);
  return h;
}

// Copies every page in one step: the source read transaction is one snapshot (WAL lets the
// server keep writing meanwhile), so the copy is consistent and never restarts.
void copy_pages(sqlite3* src, sqlite3* dst) {
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) throw DbError(DbError::Kind::other, std::string("backup: init failed: ") + sqlite3_errmsg(dst));
  int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    auto kind = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? DbError::Kind::busy
                                                                           : DbError::Kind::other;
    throw DbError(kind, std::string("backup: copy failed: ") + sqlite3_errstr(rc));
  }
}

}  // namespace

// Writes to a temporary file beside dest and renames it into place, so dest is either the old
// file or a complete new copy, never half a backup.
void sqlite_backup(const std::string& db_path, const std::string& dest_path) {
  const std::string tmp = dest_path + ".partial";
  std::remove(tmp.c_str());
  try {
    auto src = open_file(db_path, SQLITE_OPEN_READWRITE);  // no CREATE: a typo must not make an empty db
    auto dst = open_file(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    copy_pages(src.get(), dst.get());
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  if (std::rename(tmp.c_str(), dest_path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw DbError(DbError::Kind::other, "backup: cannot rename " + tmp + " to " + dest_path);
  }
}

}  // namespace lianxin::db
