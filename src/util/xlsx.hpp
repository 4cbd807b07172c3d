// Writing XLSX workbooks with libxlsxwriter: one sheet, a bold header row, text cells (so ID
// numbers never turn into floating point).
#pragma once

#include <string>
#include <vector>

namespace lianxin::util {

// Returns the bytes of an .xlsx file; columns are sized to their content. An empty sheet name
// becomes "Sheet1". Throws std::runtime_error when libxlsxwriter fails: an invalid sheet name
// (more than 31 characters or one of []:*?/\), a cell that is not UTF-8 or longer than 32767
// characters, more than 1048575 rows.
std::string write_xlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows);

}  // namespace lianxin::util
