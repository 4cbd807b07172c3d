// The streaming reader must read what Excel writes exactly like util::parse_csv does.
#include <gtest/gtest.h>

#include "modules/io/csv_stream.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::io {
namespace {

std::vector<std::vector<std::string>> read_all(std::string_view text, std::vector<size_t>* lines = nullptr) {
  CsvStream csv(text);
  std::vector<std::vector<std::string>> out;
  while (csv.next()) {
    out.emplace_back(csv.fields().begin(), csv.fields().end());
    if (lines) lines->push_back(csv.line());
  }
  return out;
}

TEST(CsvStream, ReadsQuotesEscapesAndEmbeddedNewlines) {
  std::vector<size_t> lines;
  auto rows = read_all("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\n\"multi\nline\",x\ny,\n", &lines);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"multi\nline", "x"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"y", ""}));
  EXPECT_EQ(lines, (std::vector<size_t>{1, 3, 5}));
}

TEST(CsvStream, MatchesUtilParserOnTheSameText) {
  const std::string text = "姓名,备注\r\n张三,\"含,逗号\"\r\n李四,\"\"\"引号\"\"\"\r\n\r\n王五,\"ab\"c\r\n";
  auto mine = read_all(text);
  auto theirs = util::parse_csv(text);
  ASSERT_EQ(mine.size(), theirs.size());
  for (size_t i = 0; i < mine.size(); ++i) EXPECT_EQ(mine[i], theirs[i].fields) << "record " << i;
}

TEST(CsvStream, UnterminatedQuoteThrowsWithItsLine) {
  CsvStream csv("a,b\n\"open,c\nd\n");
  ASSERT_TRUE(csv.next());
  EXPECT_THROW(csv.next(), std::invalid_argument);
  EXPECT_EQ(csv.line(), 2u);
}

TEST(CsvStream, BlankRecordsAreRecognized) {
  CsvStream csv(",,\n a , \n");
  ASSERT_TRUE(csv.next());
  EXPECT_TRUE(is_blank_record(csv.fields()));
  ASSERT_TRUE(csv.next());
  EXPECT_FALSE(is_blank_record(csv.fields()));
}

}  // namespace
}  // namespace lianxin::modules::io
