#include "util/xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "util/csv.hpp"

namespace lianxin::util {

namespace {

// A unique empty file in $TMPDIR (or /tmp) for libxlsxwriter to overwrite; removed on scope exit.
class TempFile {
public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/lianxin-xlsx-XXXXXX";
    const int fd = ::mkstemp(path_.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the XLSX export");
    ::close(fd);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw std::runtime_error("cannot read back the XLSX export");
  return bytes;
}

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

class SheetWriter {
public:
  SheetWriter(lxw_workbook* wb, lxw_worksheet* ws) : wb_(wb), ws_(ws) {}

  // Returns an error message, empty on success.
  std::string write(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    lxw_format* bold = workbook_add_format(wb_);
    format_set_bold(bold);
    if (auto err = write_row(0, header, bold); !err.empty()) return err;
    for (size_t r = 0; r < rows.size(); ++r)
      if (auto err = write_row(r + 1, rows[r], nullptr); !err.empty()) return err;
    for (size_t c = 0; c < widths_.size(); ++c) {
      const double width = static_cast<double>(std::clamp<size_t>(widths_[c] + 2, 8, 60));
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
    }
    worksheet_freeze_panes(ws_, 1, 0);  // keep the header visible while scrolling
    return {};
  }

private:
  std::string write_row(size_t r, const std::vector<std::string>& cells, lxw_format* format) {
    if (widths_.size() < cells.size()) widths_.resize(cells.size(), 0);
    for (size_t c = 0; c < cells.size(); ++c) {
      // Invalid UTF-8 would produce an XML file Excel refuses to open.
      if (!is_valid_utf8(cells[c])) return "row " + std::to_string(r) + " column " + std::to_string(c) + ": invalid UTF-8";
      const lxw_error rc = worksheet_write_string(ws_, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                                  cells[c].c_str(), format);
      if (rc != LXW_NO_ERROR)
        return "row " + std::to_string(r) + " column " + std::to_string(c) + ": " + lxw_strerror(rc);
      widths_[c] = std::max(widths_[c], display_width(cells[c]));
    }
    return {};
  }

  lxw_workbook* wb_;
  lxw_worksheet* ws_;
  std::vector<size_t> widths_;
};

}  // namespace

std::string write_xlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
  TempFile tmp;
  lxw_workbook* wb = workbook_new(tmp.path().c_str());
  if (!wb) throw std::runtime_error("libxlsxwriter cannot create a workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.empty() ? nullptr : sheet_name.c_str());
  const std::string error = ws ? SheetWriter(wb, ws).write(header, rows)
                               : "invalid sheet name (at most 31 characters, none of []:*?/\\)";
  const lxw_error rc = workbook_close(wb);  // also frees the workbook, so always called
  if (!error.empty()) throw std::runtime_error("XLSX export: " + error);
  if (rc != LXW_NO_ERROR) throw std::runtime_error(std::string("XLSX export: ") + lxw_strerror(rc));
  return read_file(tmp.path());
}

}  // namespace lianxin::util
