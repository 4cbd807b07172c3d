// Turning uploaded bytes into UTF-8 text and a mapped header: the checks that reject a whole
// file (422, field "file") before any row is looked at.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "modules/io/import_columns.hpp"
#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

struct DecodedFile {
  std::string charset;  // util::charset_name of what was detected
  std::string text;     // UTF-8 without BOM
};

// Throws ApiError 422 field "file" when the file is empty or not valid in its charset.
DecodedFile decode_upload(std::string_view bytes);

struct FileLayout {
  HeaderMap header;
  int64_t header_line = 0;
};

// Reads the header row of UTF-8 CSV text. Throws ApiError 422 field "file" when there is no
// header, required columns are missing, or the CSV is malformed at the header.
FileLayout read_layout(ImportKind kind, std::string_view utf8);

}  // namespace lianxin::modules::io
