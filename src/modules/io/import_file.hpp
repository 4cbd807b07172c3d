// Turning uploaded bytes into UTF-8 text and a mapped header: the checks that reject a whole
// file (422, field "file") before any row is looked at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "modules/io/import_columns.hpp"
#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

struct DecodedFile {
  std::string charset;                   // util::charset_name of what was detected
  std::optional<std::string> converted;  // the UTF-8 of a GBK file
  std::string_view utf8;                 // otherwise: the upload itself, without its BOM
  // UTF-8 without BOM; valid as long as the uploaded bytes are (a 200 MB file is not copied).
  std::string_view text() const { return converted ? std::string_view(*converted) : utf8; }
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
