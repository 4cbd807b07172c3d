// The cells of the rows a preview found errors in, read back from the file, so that a client can
// show each bad row with its bad cells marked without parsing the file itself. Personal data is
// masked as in lists (ID numbers, phones, addresses; error_value).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modules/io/import_file.hpp"
#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

// The recognized columns of a file, in the file's order: (field name, Chinese label).
std::vector<std::pair<std::string, std::string>> file_columns(ImportKind kind, const FileLayout& layout);

// For each record starting on one of `lines` (ascending or not; line numbers as in RowError),
// the masked cell of every recognized column, in file_columns order. Lines that start no data
// record are left out. Reads the text once, up to the last wanted line.
std::vector<RowValues> rows_at_lines(ImportKind kind, std::string_view utf8, const FileLayout& layout,
                                     std::vector<int64_t> lines);

}  // namespace lianxin::modules::io
