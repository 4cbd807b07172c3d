#include "util/whole_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace lianxin::util {
namespace {

namespace fs = std::filesystem;

class WholeFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("lianxin-whole-file-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& bytes) {
    const auto p = (dir / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  fs::path dir;
};

TEST_F(WholeFileTest, ReadsEveryByteIncludingNulAndNonAscii) {
  std::string bytes("党员\0,\r\n", 9);
  for (int i = 0; i < 100000; ++i) bytes += static_cast<char>(i % 251);
  EXPECT_EQ(read_whole_file(write("a.csv", bytes)), bytes);
}

TEST_F(WholeFileTest, AnEmptyFileIsEmptyNotMissing) {
  const auto got = read_whole_file(write("empty", ""));
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->empty());
}

TEST_F(WholeFileTest, MissingFilesAndDirectoriesAreNullopt) {
  EXPECT_FALSE(read_whole_file((dir / "absent").string()).has_value());
  EXPECT_FALSE(read_whole_file(dir.string()).has_value());
}

TEST_F(WholeFileTest, AFileWithoutASizeIsReadToItsEnd) {
  // /proc files report size 0 and still have content: the read loop does not trust fstat.
  const auto got = read_whole_file("/proc/self/status");
  ASSERT_TRUE(got.has_value());
  EXPECT_NE(got->find("Pid:"), std::string::npos);
}

}  // namespace
}  // namespace lianxin::util
