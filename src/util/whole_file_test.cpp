#include "util/whole_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

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

TEST_F(WholeFileTest, ARegularFileIsMappedWithEveryByte) {
  std::string bytes("\xEF\xBB\xBF姓名,公民身份号码\r\n", 25);
  for (int i = 0; i < 70000; ++i) bytes += static_cast<char>(i % 253);
  const MappedFile f(write("m.csv", bytes));
  EXPECT_TRUE(f.mapped());
  EXPECT_EQ(f.bytes(), bytes);
}

TEST_F(WholeFileTest, EmptyFilesAndFilesWithoutASizeAreRead) {
  const MappedFile empty(write("empty.csv", ""));
  EXPECT_FALSE(empty.mapped());
  EXPECT_TRUE(empty.bytes().empty());
  const MappedFile proc("/proc/self/status");  // size 0 in stat, content when read
  EXPECT_FALSE(proc.mapped());
  EXPECT_NE(proc.bytes().find("Pid:"), std::string_view::npos);
}

// `lianxin import /dev/stdin` and `<(iconv ...)` hand over a pipe.
TEST_F(WholeFileTest, APipeIsReadToItsEnd) {
  const std::string fifo = (dir / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string bytes;
  for (int i = 0; i < 20000; ++i) bytes += "张三,110105194912310021\n";
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  const MappedFile f(fifo);
  writer.join();
  EXPECT_FALSE(f.mapped());
  EXPECT_EQ(f.bytes(), bytes);
}

TEST_F(WholeFileTest, AMissingFileOrADirectoryIsAnErrorNamingIt) {
  const std::string missing = (dir / "absent.csv").string();
  try {
    MappedFile f(missing);
    FAIL() << "opened a missing file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos);
  }
  EXPECT_THROW(MappedFile f(dir.string()), std::runtime_error);
}

}  // namespace
}  // namespace lianxin::util
