// Writing XLSX workbooks with libxlsxwriter: one sheet, a bold header row, text cells (so ID
// numbers never turn into floating point).
#pragma once

#include <string>
#include <vector>

namespace lianxin::util {

// Returns the bytes of an .xlsx file. Throws std::runtime_error when libxlsxwriter fails.
std::string write_xlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows);

}  // namespace lianxin::util
