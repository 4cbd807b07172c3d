#include "util/xlsx.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace lianxin::util {
namespace {

const std::vector<std::string> kHeader{"姓名", "公民身份号码", "备注"};
const std::vector<std::vector<std::string>> kRows{
    {"张三", "11010519491231002X", "=1+1"},
    {"李四", "110101199003070011", ""},
};

bool have_unzip() { return std::system("command -v unzip >/dev/null 2>&1") == 0; }

std::string run(const std::string& cmd) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(::popen(cmd.c_str(), "r"), ::pclose);
  std::string out;
  char buf[4096];
  for (size_t n; p && (n = std::fread(buf, 1, sizeof buf, p.get())) > 0;) out.append(buf, n);
  return out;
}

// Saves the bytes to a temporary .xlsx for unzip; removed on scope exit.
struct SavedXlsx {
  explicit SavedXlsx(const std::string& bytes) {
    path = (std::filesystem::temp_directory_path() / ("lianxin-xlsx-test-" + std::to_string(::getpid()) + ".xlsx")).string();
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~SavedXlsx() { std::filesystem::remove(path); }
  std::string path;
};

TEST(Xlsx, ProducesAZipArchive) {
  const auto bytes = write_xlsx("党员", kHeader, kRows);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_GT(bytes.size(), 3000u);
}

TEST(Xlsx, ContainsTheSheetAndTextCells) {
  if (!have_unzip()) GTEST_SKIP() << "unzip not installed";
  SavedXlsx f(write_xlsx("党员", kHeader, kRows));
  EXPECT_NE(run("unzip -l " + f.path).find("xl/worksheets/sheet1.xml"), std::string::npos);
  // Strings are inline (constant-memory mode): ID numbers are text cells, and a formula-looking
  // value stays text.
  const auto sheet = run("unzip -p " + f.path + " xl/worksheets/sheet1.xml");
  for (const char* s : {"<t>张三</t>", "<t>11010519491231002X</t>", "<t>公民身份号码</t>", "<t>=1+1</t>"})
    EXPECT_NE(sheet.find(s), std::string::npos) << s;
  EXPECT_NE(sheet.find("<cols>"), std::string::npos);  // column widths were set
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);     // no formulas
  EXPECT_NE(run("unzip -p " + f.path + " xl/workbook.xml").find("name=\"党员\""), std::string::npos);
}

// Rows go to disk as they come: 30,000 rows, all of them in the sheet, in order.
TEST(Xlsx, StreamsManyRowsInOrder) {
  if (!have_unzip()) GTEST_SKIP() << "unzip not installed";
  const std::string dir = std::filesystem::temp_directory_path().string();
  const std::string path = dir + "/lianxin-xlsx-stream-" + std::to_string(::getpid()) + ".xlsx";
  XlsxWriter w(path, "名册", kHeader, dir);
  for (int i = 0; i < 30000; ++i) w.add_row({"党员" + std::to_string(i), std::to_string(i), ""});
  w.close();
  EXPECT_EQ(w.rows(), 30000u);
  const auto sheet = run("unzip -p " + path + " xl/worksheets/sheet1.xml");
  std::filesystem::remove(path);
  const size_t first = sheet.find("<t>党员0</t>"), last = sheet.find("<t>党员29999</t>");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(last, std::string::npos);
  EXPECT_LT(first, last);
  EXPECT_NE(sheet.find("<row r=\"30001\""), std::string::npos);
}

TEST(Xlsx, EmptySheetNameAndNoRowsStillWork) {
  EXPECT_EQ(write_xlsx("", kHeader, {}).substr(0, 2), "PK");
}

// Runs with TMPDIR pointing at a private directory, so leftovers are visible.
TEST(Xlsx, InvalidInputThrowsAndLeavesNoTempFile) {
  std::string dir = (std::filesystem::temp_directory_path() / "lianxin-xlsx-dir-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", dir.c_str(), 1);
  EXPECT_THROW(write_xlsx("bad/name", kHeader, kRows), std::runtime_error);
  EXPECT_THROW(write_xlsx(std::string(32, 'x'), kHeader, kRows), std::runtime_error);
  EXPECT_THROW(write_xlsx("ok", kHeader, {{"\xFF\xFE"}}), std::runtime_error);
  EXPECT_THROW(write_xlsx("ok", kHeader, {{std::string(32768, 'a')}}), std::runtime_error);
  EXPECT_EQ(write_xlsx("ok", kHeader, kRows).substr(0, 2), "PK");
  old ? ::setenv("TMPDIR", saved.c_str(), 1) : ::unsetenv("TMPDIR");
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lianxin::util
