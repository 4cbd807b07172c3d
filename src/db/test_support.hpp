// Test fixture shared by the db tests: one suite, run on every backend available.
// SQLite always (a fresh file in a temp folder); PostgreSQL when LIANXIN_TEST_PG holds a URL
// (e.g. LIANXIN_TEST_PG=$(scripts/pg-temp.sh start)); each PostgreSQL test starts from an empty
// public schema, so that database must be a throwaway one.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <libpq-fe.h>
#include <unistd.h>

#include "db/database.hpp"

namespace lianxin::db::testing {

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "sqlite" : "postgres";
}

class BackendTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (GetParam() == Backend::postgres) {
      const char* url = std::getenv("LIANXIN_TEST_PG");
      if (!url || !*url)
        GTEST_SKIP() << "PostgreSQL not tested: set LIANXIN_TEST_PG=$(scripts/pg-temp.sh start)";
      url_ = own_database(url);
      reset_postgres_schema();
    } else {
      char tmpl[] = "/tmp/lianxin-dbtest.XXXXXX";
      ASSERT_NE(mkdtemp(tmpl), nullptr);
      dir_ = tmpl;
      url_ = "sqlite:" + dir_ + "/test.db";
    }
    db = open();
  }

  void TearDown() override {
    if (db) db->close();
    db.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Another handle on the same database, e.g. with different options.
  std::unique_ptr<Database> open(const OpenOptions& opts = {}) { return open_database(url_, opts); }

  bool sqlite() const { return GetParam() == Backend::sqlite; }
  std::string sqlite_path() const { return dir_ + "/test.db"; }
  const std::string& dir() const { return dir_; }

  int64_t count(const std::string& table) {
    return db->read_value([&](Tx& tx) { return tx.query_int("SELECT count(*) FROM " + table); });
  }

  std::unique_ptr<Database> db;

private:
  // ctest runs test processes in parallel: each process gets its own database (lxt_<pid>),
  // created on first use next to the one LIANXIN_TEST_PG names, so schema resets never collide.
  static std::string own_database(const std::string& url) {
    auto slash = url.rfind('/');
    std::string name = "lxt_" + std::to_string(getpid());
    std::string own = url.substr(0, slash + 1) + name;
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) == CONNECTION_OK) {
      PGresult* exists = PQexec(c, ("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").c_str());
      if (PQntuples(exists) == 0) PQclear(PQexec(c, ("CREATE DATABASE " + name).c_str()));
      PQclear(exists);
    }
    PQfinish(c);
    return own;
  }

  void reset_postgres_schema() {
    auto admin = open_database(url_);
    admin->write([](Tx& tx) { tx.exec_script("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"); });
    admin->close();
  }

  std::string url_;
  std::string dir_;
};

}  // namespace lianxin::db::testing
