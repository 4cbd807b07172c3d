#include "util/table_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "util/csv.hpp"

namespace lianxin::util {
namespace {

namespace fs = std::filesystem;

class TableFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir = (fs::temp_directory_path() / ("lianxin-table-test-" + std::to_string(::getpid()))).string();
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string dir;
};

TEST_F(TableFileTest, CsvHasBomHeaderAndRowsAndTheFileGoesWithItsLastHolder) {
  std::string path;
  {
    TableFileWriter w(TableFormat::csv, "名册", {"姓名", "备注"}, dir);
    w.add({"张三", "a,b"});
    w.add({"李四", ""});
    EXPECT_EQ(w.rows(), 2);
    auto file = w.finish();
    path = file->path();
    EXPECT_TRUE(fs::exists(path));
    const std::string body = file->read_all();
    EXPECT_EQ(body, "\xEF\xBB\xBF" + csv_line({"姓名", "备注"}) + csv_line({"张三", "a,b"}) + csv_line({"李四", ""}));
    EXPECT_EQ(file->size(), body.size());
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST_F(TableFileTest, XlsxIsAWorkbookAndAnAbandonedWriterLeavesNothing) {
  {
    TableFileWriter w(TableFormat::xlsx, "名册", {"姓名"}, dir);
    w.add({"张三"});
    EXPECT_EQ(w.finish()->read_all().substr(0, 2), "PK");
  }
  {
    TableFileWriter w(TableFormat::xlsx, "名册", {"姓名"}, dir);
    EXPECT_THROW(w.add({"\xFF"}), std::runtime_error);  // not UTF-8: the export fails
  }
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST_F(TableFileTest, StaleFilesOfTheirPrefixAreRemovedFreshOnesKept) {
  TempFile fresh(dir, "lianxin-export");
  const std::string old_path = dir + "/lianxin-export-abcdef", other = dir + "/keep-me-abcdef";
  std::ofstream(old_path) << "x";
  std::ofstream(other) << "x";
  const auto two_days_ago = fs::file_time_type::clock::now() - std::chrono::hours(48);
  fs::last_write_time(old_path, two_days_ago);
  fs::last_write_time(other, two_days_ago);
  EXPECT_EQ(TempFile::remove_stale(dir, "lianxin-export", std::chrono::hours(24)), 1);
  EXPECT_FALSE(fs::exists(old_path));
  EXPECT_TRUE(fs::exists(fresh.path()));
  EXPECT_TRUE(fs::exists(other));
}

}  // namespace
}  // namespace lianxin::util
