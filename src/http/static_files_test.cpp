#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "http/static_files.hpp"

namespace lianxin::http::detail {
namespace {

namespace fs = std::filesystem;

std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class StaticFilesTest : public ::testing::Test {
protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lianxin_static_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "web" / "assets");
    write("web/index.html", "<html>app</html>");
    write("web/assets/app.1234.js", "console.log(1)");
    write("web/assets/app.1234.js.gz", "GZ");
    write("secret.txt", "secret");
    fs::create_symlink(root_ / "secret.txt", root_ / "web" / "link.txt");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& content) { std::ofstream(root_ / rel) << content; }
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexAndAssetsWithCaching) {
  StaticFiles files((root_ / "web").string());
  auto index = files.serve("/", false);
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<html>app</html>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(index, "Cache-Control"), "no-cache");

  auto js = files.serve("/assets/app.1234.js", false);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(js, "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, GzipSiblingWhenAccepted) {
  StaticFiles files((root_ / "web").string());
  auto js = files.serve("/assets/app.1234.js", true);
  EXPECT_EQ(js.body, "GZ");
  EXPECT_EQ(header(js, "Content-Encoding"), "gzip");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, SpaFallbackOnlyForExtensionlessPaths) {
  StaticFiles files((root_ / "web").string());
  EXPECT_EQ(files.serve("/members/12", false).body, "<html>app</html>");
  EXPECT_EQ(files.serve("/assets/missing.js", false).status, 404);
}

TEST_F(StaticFilesTest, NeverLeavesTheDirectory) {
  StaticFiles files((root_ / "web").string());
  EXPECT_EQ(files.serve("/link.txt", false).status, 404);  // symlink pointing outside
  EXPECT_NE(files.serve("/../secret.txt", false).body, "secret");
}

TEST(MimeType, KnownAndUnknown) {
  EXPECT_EQ(mime_type("/a/b.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("/x.woff2"), "font/woff2");
  EXPECT_EQ(mime_type("/x.unknownext"), "application/octet-stream");
  EXPECT_EQ(mime_type("/dir.d/file"), "application/octet-stream");
}

}  // namespace
}  // namespace lianxin::http::detail
