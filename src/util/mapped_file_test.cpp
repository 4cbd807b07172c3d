#include "util/mapped_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace lianxin::util {
namespace {

namespace fs = std::filesystem;

class MappedFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("lianxin-mapped-file-test-" + std::to_string(::getpid()));
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

TEST_F(MappedFileTest, ARegularFileIsMappedWithEveryByte) {
  std::string bytes("\xEF\xBB\xBF姓名,公民身份号码\r\n", 25);
  for (int i = 0; i < 70000; ++i) bytes += static_cast<char>(i % 253);
  const MappedFile f(write("m.csv", bytes));
  EXPECT_TRUE(f.mapped());
  EXPECT_EQ(f.bytes(), bytes);
}

TEST_F(MappedFileTest, EmptyFilesAndFilesWithoutASizeAreRead) {
  const MappedFile empty(write("empty.csv", ""));
  EXPECT_FALSE(empty.mapped());
  EXPECT_TRUE(empty.bytes().empty());
  const MappedFile proc("/proc/self/status");  // size 0 in stat, content when read
  EXPECT_FALSE(proc.mapped());
  EXPECT_NE(proc.bytes().find("Pid:"), std::string_view::npos);
}

// `lianxin import /dev/stdin` and `<(iconv ...)` hand over a pipe.
TEST_F(MappedFileTest, APipeIsReadToItsEnd) {
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

TEST_F(MappedFileTest, AMissingFileOrADirectoryIsAnErrorNamingIt) {
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
