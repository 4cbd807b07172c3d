// A header plus rows of text, rendered as CSV or XLSX for download.
#pragma once

#include <string>
#include <vector>

namespace lianxin::modules::io {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// UTF-8 with BOM: without it Excel in China reads the file as GBK and garbles every name.
std::string render_csv(const Table& t);
// Throws ApiError 422 when the rows exceed what one Excel sheet holds.
std::string render_xlsx(const std::string& sheet, const Table& t);

}  // namespace lianxin::modules::io
