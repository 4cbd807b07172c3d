// Streams CSV records out of UTF-8 text, one at a time, with the same dialect as util::parse_csv
// (RFC 4180 plus what Excel writes: "" escapes, quoted newlines, CRLF or LF, blank lines skipped).
//
// Why a second reader: util::parse_csv materializes every record as strings, which for a
// 1M-row import means ~20M small strings held at once. Imports read each record once, in file
// order, so fields here are views into the text (or into a per-record scratch buffer for fields
// with "" escapes) and the vectors are reused: no allocation per row in the steady state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lianxin::modules::io {

class CsvStream {
public:
  explicit CsvStream(std::string_view utf8) : text_(utf8) {}

  // Advances to the next non-blank record; false at the end of the text. Throws
  // std::invalid_argument (with the line number) on an unterminated quoted field.
  bool next();
  // Fields of the current record; valid until the next call to next().
  const std::vector<std::string_view>& fields() const { return fields_; }
  // 1-based line where the current record starts.
  size_t line() const { return record_line_; }

private:
  struct Span {
    size_t begin, size;
    bool in_scratch;
  };
  size_t read_quoted(Span& out);
  void read_plain(Span& out);

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
  std::vector<Span> spans_;
  std::vector<std::string_view> fields_;
  std::string scratch_;
};

// True when every field is empty or white space (Excel writes such rows below the data).
bool is_blank_record(const std::vector<std::string_view>& fields);

}  // namespace lianxin::modules::io
