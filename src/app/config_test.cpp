// Configuration precedence: defaults < config file < LIANXIN_* environment < flags.
#include "app/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace lianxin::app {
namespace {

class ConfigTest : public ::testing::Test {
protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lianxin-config.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    for (const char* v : {"LIANXIN_DATA", "LIANXIN_CONFIG", "LIANXIN_LISTEN", "LIANXIN_MAX_BODY", "LIANXIN_DB"}) unsetenv(v);
  }
  void TearDown() override {
    for (const char* v : {"LIANXIN_LISTEN", "LIANXIN_MAX_BODY"}) unsetenv(v);
    std::filesystem::remove_all(dir_);
  }
  ParsedArgs args(std::vector<std::string> words) {
    words.insert(words.begin(), "lianxin");
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    return parse_args(static_cast<int>(argv.size()), argv.data());
  }
  void write_conf(const std::string& text) { std::ofstream(dir_ + "/lianxin.conf") << text; }
  std::string dir_;
};

TEST_F(ConfigTest, DefaultsPointIntoTheDataDir) {
  Config c = load_config(args({"serve", "--data", dir_}));
  EXPECT_EQ(c.db_url, "sqlite:" + dir_ + "/lianxin.db");
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.max_body_bytes, 10u * 1024 * 1024);
  EXPECT_EQ(c.key_file(), dir_ + "/lianxin.key");
}

TEST_F(ConfigTest, FlagsBeatEnvironmentBeatFile) {
  write_conf("# comment\nlisten = 127.0.0.1:9001\nmax-body = 1000\nworkers = 3\norg.term_years.branch = 4\ntransfer.approval_timeout_days = 15\n");
  setenv("LIANXIN_LISTEN", "127.0.0.1:9002", 1);
  setenv("LIANXIN_MAX_BODY", "2000", 1);
  Config c = load_config(args({"serve", "--data", dir_, "--max-body=3000"}));
  EXPECT_EQ(c.worker_threads, 3);  // only in the file
  EXPECT_EQ(c.listen, "127.0.0.1:9002");  // environment over file
  EXPECT_EQ(c.max_body_bytes, 3000u);     // flag over environment
  EXPECT_EQ(c.rules.at("org.term_years.branch"), "4");
  EXPECT_EQ(c.rules.at("transfer.approval_timeout_days"), "15");
}

TEST_F(ConfigTest, BadValuesAndUnknownSettingsAreRefusedWithTheirOrigin) {
  write_conf("listen = 127.0.0.1:1\nno-such-setting = 1\n");
  try {
    load_config(args({"serve", "--data", dir_}));
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-setting"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("lianxin.conf:2"), std::string::npos);
  }
  std::filesystem::remove(dir_ + "/lianxin.conf");
  EXPECT_THROW(load_config(args({"serve", "--data", dir_, "--max-body", "-5"})), std::invalid_argument);
  EXPECT_THROW(load_config(args({"serve", "--data", dir_, "--db", "mysql://x"})), std::invalid_argument);
  EXPECT_THROW(load_config(args({"serve", "--data", dir_, "--sqlite-cache-mb", "0"})), std::invalid_argument);
}

TEST_F(ConfigTest, SqliteCacheDefaultsTo32MbAndCanBeSet) {
  EXPECT_EQ(load_config(args({"serve", "--data", dir_})).sqlite_cache_mb, 32);
  EXPECT_EQ(load_config(args({"serve", "--data", dir_, "--sqlite-cache-mb", "256"})).sqlite_cache_mb, 256);
}

TEST_F(ConfigTest, WorkersDefaultToTheCoresForSqliteAndMoreForPostgres) {
  Config c = load_config(args({"serve", "--data", dir_}));
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(c.effective_workers(), std::max(2, cores));
  c.db_url = "postgresql://x@127.0.0.1/db";
  EXPECT_EQ(c.effective_workers(), std::max(8, 2 * cores));
  c.worker_threads = 3;
  EXPECT_EQ(c.effective_workers(), 3);
}

TEST_F(ConfigTest, WorkerSchedulingIsBatchUnlessSetToNormal) {
  EXPECT_TRUE(load_config(args({"serve", "--data", dir_})).batch_workers);
  EXPECT_FALSE(load_config(args({"serve", "--data", dir_, "--worker-scheduling", "normal"})).batch_workers);
  EXPECT_TRUE(load_config(args({"serve", "--data", dir_, "--worker-scheduling", "batch"})).batch_workers);
  EXPECT_THROW(load_config(args({"serve", "--data", dir_, "--worker-scheduling", "fifo"})), std::invalid_argument);
}

TEST_F(ConfigTest, BatchCommandsGetALongStatementTimeout) {
  EXPECT_EQ(load_config(args({"demo", "--data", dir_})).statement_timeout_ms, 30000);
  EXPECT_GE(load_batch_config(args({"demo", "--data", dir_})).statement_timeout_ms, 3600000);
}

TEST_F(ConfigTest, ArgumentsSplitIntoCommandPositionalsAndFlags) {
  ParsedArgs a = args({"import", "file.csv", "--kind", "orgs", "--dry-run"});
  EXPECT_EQ(a.command, "import");
  ASSERT_EQ(a.positional.size(), 1u);
  EXPECT_EQ(a.positional[0], "file.csv");
  EXPECT_EQ(a.flags.at("kind"), "orgs");
  EXPECT_EQ(a.flags.at("dry-run"), "true");
}

}  // namespace
}  // namespace lianxin::app
