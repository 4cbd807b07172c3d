#include "util/csv.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace lianxin::util {
namespace {

using Fields = std::vector<std::string>;

TEST(Csv, SimpleRecordsAndLineNumbers) {
  const auto r = parse_csv("姓名,性别\n张三,男\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (Fields{"姓名", "性别"}));
  EXPECT_EQ(r[1].fields, (Fields{"张三", "男"}));
  EXPECT_EQ(r[0].line, 1u);
  EXPECT_EQ(r[1].line, 2u);
}

TEST(Csv, QuotedFieldsWithCommasAndDoubledQuotes) {
  const auto r = parse_csv("\"a,b\",\"say \"\"hi\"\"\",\"\"\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"a,b", "say \"hi\"", ""}));
}

TEST(Csv, EmbeddedNewlineKeepsLineNumbersOfLaterRecords) {
  const auto r = parse_csv("id,address\n1,\"北京市\n东城区\"\n2,上海\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].fields, (Fields{"1", "北京市\n东城区"}));
  EXPECT_EQ(r[1].line, 2u);
  EXPECT_EQ(r[2].line, 4u);  // the quoted newline used up line 3
}

TEST(Csv, CrlfLineEndsAndMissingFinalNewline) {
  const auto r = parse_csv("a,b\r\nc,\"d\r\ne\"\r\nf,g");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(r[1].fields, (Fields{"c", "d\r\ne"}));
  EXPECT_EQ(r[2].fields, (Fields{"f", "g"}));
  EXPECT_EQ(r[2].line, 4u);
}

TEST(Csv, BlankLinesAreSkippedButCountedAndEmptyFieldsKept) {
  const auto r = parse_csv("a,,\n\n\r\n,b\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "", ""}));
  EXPECT_EQ(r[1].fields, (Fields{"", "b"}));
  EXPECT_EQ(r[1].line, 4u);
}

TEST(Csv, TextAfterClosingQuoteIsKeptAsExcelDoes) {
  EXPECT_EQ(parse_csv("\"ab\"c,d\n")[0].fields, (Fields{"abc", "d"}));
}

TEST(Csv, UnterminatedQuoteReportsTheLineWhereItStarts) {
  try {
    parse_csv("a,b\nc,\"never closed\nmore\n");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("第2行"), std::string::npos) << e.what();
  }
}

TEST(Csv, BomIsDetectedAndDropped) {
  const std::string bytes = "\xEF\xBB\xBF姓名,性别\n";
  EXPECT_EQ(detect_charset(bytes), Charset::utf8_bom);
  const auto text = to_utf8(bytes, Charset::utf8_bom);
  EXPECT_EQ(text, "姓名,性别\n");
  EXPECT_EQ(parse_csv(bytes)[0].fields[0], "姓名");  // a BOM left in is tolerated too
}

TEST(Csv, Utf8ViewPointsIntoTheBytesWithoutTheBom) {
  const std::string bom = "\xEF\xBB\xBF姓名,性别\n";
  const std::string_view with_bom = utf8_view(bom, detect_charset(bom));
  EXPECT_EQ(with_bom, "姓名,性别\n");
  EXPECT_EQ(with_bom.data(), bom.data() + 3);  // no copy
  const std::string plain = "姓名\n";
  EXPECT_EQ(utf8_view(plain, detect_charset(plain)).data(), plain.data());
  EXPECT_THROW(utf8_view("\xEF\xBB\xBF\xC3\x28", Charset::utf8_bom), std::invalid_argument);  // checked after a BOM
  EXPECT_THROW(utf8_view("\xD5\xC5", Charset::gb18030), std::logic_error);
}

TEST(Csv, GbkBytesFromExcelAreConvertedToUtf8) {
  const std::string gbk = "\xD5\xC5\xC8\xFD,\xC4\xD0\r\n";  // "张三,男" in GBK
  EXPECT_FALSE(is_valid_utf8(gbk));
  EXPECT_EQ(detect_charset(gbk), Charset::gb18030);
  const auto text = to_utf8(gbk, detect_charset(gbk));
  EXPECT_EQ(text, "张三,男\r\n");
  EXPECT_EQ(parse_csv(text)[0].fields, (Fields{"张三", "男"}));
}

TEST(Csv, Gb18030RoundTrip) {
  const std::string utf8 = "张三,汉族,𠀀";  // the last one needs GB18030's four-byte form
  const auto gb = utf8_to_gb18030(utf8);
  EXPECT_EQ(gb.substr(0, 4), "\xD5\xC5\xC8\xFD");
  EXPECT_EQ(to_utf8(gb, Charset::gb18030), utf8);
}

TEST(Csv, ConversionErrorsThrow) {
  EXPECT_THROW(to_utf8("\xD5", Charset::gb18030), std::invalid_argument);  // truncated pair
  EXPECT_THROW(to_utf8("\xC3\x28", Charset::utf8), std::invalid_argument);
  EXPECT_THROW(utf8_to_gb18030("\xFF"), std::invalid_argument);
}

TEST(Csv, InvalidUtf8IsDetected) {
  EXPECT_TRUE(is_valid_utf8("plain ASCII"));
  EXPECT_TRUE(is_valid_utf8("张三 \xF0\x9F\x98\x80"));  // CJK and an emoji
  EXPECT_TRUE(is_valid_utf8(""));
  for (const char* bad : {"\x80", "\xC3\x28", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xE5\xBC", "\xFE"})
    EXPECT_FALSE(is_valid_utf8(bad)) << ::testing::PrintToString(std::string(bad));
}

TEST(Csv, Utf8LengthCountsCodePoints) {
  EXPECT_EQ(utf8_length("张三abc"), 5u);
  EXPECT_EQ(utf8_length(""), 0u);
}

TEST(Csv, CharsetNames) {
  EXPECT_STREQ(charset_name(Charset::utf8), "UTF-8");
  EXPECT_STREQ(charset_name(Charset::gb18030), "GB18030");
}

TEST(Csv, FieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("张三"), "张三");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(csv_line({"11010519491231002X", "a,b", ""}), "11010519491231002X,\"a,b\",\r\n");
}

TEST(Csv, FormulaInjectionIsNeutralized) {
  EXPECT_EQ(csv_field("=1+2"), "'=1+2");
  EXPECT_EQ(csv_field("+86 138"), "'+86 138");
  EXPECT_EQ(csv_field("-5"), "'-5");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\t=cmd"), "'\t=cmd");
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field("a=b"), "a=b");
}

TEST(Csv, WrittenLinesParseBack) {
  const Fields row{"张三", "a,\"b\"", "多\n行", "=x", ""};
  const auto parsed = parse_csv(csv_line(row) + csv_line(row));
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].fields, (Fields{"张三", "a,\"b\"", "多\n行", "'=x", ""}));
  EXPECT_EQ(parsed[1].line, 3u);
}

// The ASCII fast path (8 bytes at a time) must not step over a bad byte or a cut sequence.
TEST(Utf8, InvalidBytesAfterLongAsciiRunsAreFound) {
  EXPECT_TRUE(is_valid_utf8("12345678\xE4\xB8\xAD" "abcdefgh"));
  EXPECT_FALSE(is_valid_utf8("abcdefghij\xC3"));               // cut at the end
  EXPECT_FALSE(is_valid_utf8("12345678\xED\xA0\x80"));          // a surrogate
  EXPECT_FALSE(is_valid_utf8("1234567\x80" "12345678"));        // a lone continuation byte in a word
  EXPECT_FALSE(is_valid_utf8(std::string(64, 'a') + "\xFF"));
}

}  // namespace
}  // namespace lianxin::util
