#include "util/xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "util/csv.hpp"
#include "util/temp_file.hpp"

namespace lianxin::util {

namespace {

// Approximate display width in Excel's character units: CJK and other non-ASCII characters
// take about two.
size_t display_width(std::string_view s) {
  size_t w = 0;
  for (unsigned char c : s) {
    if (c < 0x80) w += 1;
    else if ((c & 0xC0) != 0x80) w += 2;
  }
  return w;
}

}  // namespace

XlsxWriter::XlsxWriter(const std::string& path, const std::string& sheet_name, const std::vector<std::string>& header,
                       const std::string& tmp_dir) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = const_cast<char*>(tmp_dir.c_str());  // only read by libxlsxwriter
  wb_ = workbook_new_opt(path.c_str(), &options);
  if (!wb_) throw std::runtime_error("libxlsxwriter cannot create a workbook");
  ws_ = workbook_add_worksheet(wb_, sheet_name.empty() ? nullptr : sheet_name.c_str());
  if (!ws_) {
    workbook_close(wb_);
    wb_ = nullptr;
    throw std::runtime_error("XLSX export: invalid sheet name (at most 31 characters, none of []:*?/\\)");
  }
  lxw_format* bold = workbook_add_format(wb_);
  format_set_bold(bold);
  write_row(0, header, bold);
}

XlsxWriter::~XlsxWriter() {
  if (wb_) workbook_close(wb_);
}

void XlsxWriter::add_row(const std::vector<std::string>& cells) {
  if (rows_ >= kMaxDataRows) throw std::runtime_error("XLSX export: more than 1048575 rows");
  write_row(++rows_, cells, nullptr);
}

void XlsxWriter::write_row(size_t r, const std::vector<std::string>& cells, lxw_format* format) {
  if (widths_.size() < cells.size()) widths_.resize(cells.size(), 0);
  for (size_t c = 0; c < cells.size(); ++c) {
    // Invalid UTF-8 would produce an XML file Excel refuses to open.
    if (!is_valid_utf8(cells[c]))
      throw std::runtime_error("XLSX export: row " + std::to_string(r) + " column " + std::to_string(c) +
                               ": invalid UTF-8");
    const lxw_error rc = worksheet_write_string(ws_, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                                cells[c].c_str(), format);
    if (rc != LXW_NO_ERROR)
      throw std::runtime_error("XLSX export: row " + std::to_string(r) + " column " + std::to_string(c) + ": " +
                               lxw_strerror(rc));
    widths_[c] = std::max(widths_[c], display_width(cells[c]));
  }
}

void XlsxWriter::close() {
  for (size_t c = 0; c < widths_.size(); ++c) {
    const double width = static_cast<double>(std::clamp<size_t>(widths_[c] + 2, 8, 60));
    worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
  }
  worksheet_freeze_panes(ws_, 1, 0);  // keep the header visible while scrolling
  const lxw_error rc = workbook_close(wb_);  // also frees the workbook
  wb_ = nullptr;
  if (rc != LXW_NO_ERROR) throw std::runtime_error(std::string("XLSX export: ") + lxw_strerror(rc));
}

std::string write_xlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  TempFile file(dir, "lianxin-xlsx");
  XlsxWriter w(file.path(), sheet_name, header, dir);
  for (const auto& r : rows) w.add_row(r);
  w.close();
  return file.read_all();
}

}  // namespace lianxin::util
