// Writing XLSX workbooks with libxlsxwriter: one sheet, a bold header row, text cells (so ID
// numbers never turn into floating point), columns sized to their content, the header frozen.
//
// Rows are streamed to disk (libxlsxwriter's constant-memory mode, inline strings): an export of
// a million members needs a few megabytes of memory, not gigabytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace lianxin::util {

class XlsxWriter {
public:
  static constexpr size_t kMaxDataRows = 1048575;  // 1,048,576 rows per sheet, one is the header

  // Starts the workbook at `path` with the header row; `tmp_dir` holds libxlsxwriter's row
  // buffer. An empty sheet name becomes "Sheet1". Throws std::runtime_error on an invalid sheet
  // name (more than 31 characters or one of []:*?/\).
  XlsxWriter(const std::string& path, const std::string& sheet_name, const std::vector<std::string>& header,
             const std::string& tmp_dir);
  ~XlsxWriter();  // closes the workbook if close() was not reached (the file is then unusable)
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Throws std::runtime_error for a cell that is not UTF-8 or longer than 32767 characters, or a
  // row beyond kMaxDataRows.
  void add_row(const std::vector<std::string>& cells);
  // Sets the column widths and writes the file. Throws std::runtime_error when that fails.
  void close();
  size_t rows() const { return rows_; }

private:
  void write_row(size_t r, const std::vector<std::string>& cells, lxw_format* format);

  lxw_workbook* wb_ = nullptr;
  lxw_worksheet* ws_ = nullptr;
  std::vector<size_t> widths_;
  size_t rows_ = 0;
};

// The bytes of a whole workbook built in memory from `rows` (small tables and tests).
std::string write_xlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows);

}  // namespace lianxin::util
