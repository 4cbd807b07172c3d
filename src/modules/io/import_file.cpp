#include "modules/io/import_file.hpp"

#include <stdexcept>

#include "http/errors.hpp"
#include "modules/io/csv_stream.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::io {

namespace {

http::ApiError file_error(std::string code, std::string message) {
  return http::validation_failed({domain::FieldError{"file", std::move(code), std::move(message)}});
}

std::string join_labels(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& l : labels) {
    if (!out.empty()) out += "、";
    out += l;
  }
  return out;
}

}  // namespace

DecodedFile decode_upload(std::string_view bytes) {
  if (bytes.empty()) throw file_error("import.empty", "文件为空");
  const util::Charset cs = util::detect_charset(bytes);
  DecodedFile out;
  out.charset = util::charset_name(cs);
  try {
    if (cs == util::Charset::gb18030) out.converted = util::to_utf8(bytes, cs);
    else out.utf8 = util::utf8_view(bytes, cs);
  } catch (const std::invalid_argument&) {
    throw file_error("import.bad_encoding", "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV 文件");
  }
  return out;
}

FileLayout read_layout(ImportKind kind, std::string_view utf8) {
  CsvStream csv(utf8);
  try {
    while (csv.next() && is_blank_record(csv.fields())) {
    }
  } catch (const std::invalid_argument& e) {
    throw file_error("import.bad_csv", std::string("CSV 格式错误：") + e.what());
  }
  if (csv.fields().empty() || is_blank_record(csv.fields())) {
    throw file_error("import.empty", "文件中没有表头");
  }
  FileLayout layout;
  layout.header_line = static_cast<int64_t>(csv.line());
  layout.header = map_header(kind, csv.fields(), layout.header_line);
  if (!layout.header.missing.empty()) {
    throw file_error("import.missing_columns", "缺少必需的列：" + join_labels(layout.header.missing));
  }
  return layout;
}

}  // namespace lianxin::modules::io
