// CSV as users really have it (RFC 4180 plus what Excel writes): quoted fields with "" escapes
// and embedded newlines, CRLF or LF line ends, a UTF-8 BOM or GBK/GB18030 bytes from Excel in
// China. Everything is converted to UTF-8 first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lianxin::util {

enum class Charset { utf8, utf8_bom, gb18030 };

// UTF-8 with BOM -> utf8_bom; valid UTF-8 -> utf8; otherwise gb18030 (a superset of GBK).
Charset detect_charset(std::string_view bytes);
const char* charset_name(Charset c);
// Converts to UTF-8 (drops a BOM). Throws std::invalid_argument when the bytes are not valid in
// the detected charset.
std::string to_utf8(std::string_view bytes, Charset c);
// The same for text already in UTF-8, without a copy: a view of `bytes` without its BOM. `c` must be
// what detect_charset answered for these bytes (utf8 was checked there; utf8_bom is checked here).
// Throws std::invalid_argument for invalid UTF-8, std::logic_error for gb18030.
std::string_view utf8_view(std::string_view bytes, Charset c);
bool is_valid_utf8(std::string_view s);
// UTF-8 -> GB18030 (for exports to older tools); throws std::invalid_argument on bad input.
std::string utf8_to_gb18030(std::string_view utf8);
// Number of Unicode code points in valid UTF-8.
size_t utf8_length(std::string_view s);

struct CsvRecord {
  std::vector<std::string> fields;
  size_t line = 0;  // 1-based line number where the record starts (for error messages)
};

// Parses UTF-8 CSV text (a leading BOM is skipped). Blank lines are skipped. Text after a closing
// quote is kept, as Excel does ("ab"c -> abc). Throws std::invalid_argument with the line number
// where the quoted field starts on an unterminated quote.
std::vector<CsvRecord> parse_csv(std::string_view utf8);

// One CSV field, quoted when needed. Cells that a spreadsheet would run as a formula (leading
// = + - @, or a leading tab / CR) are prefixed with a single quote (CSV injection).
std::string csv_field(std::string_view value);
std::string csv_line(const std::vector<std::string>& fields);  // ends with "\r\n"

}  // namespace lianxin::util
