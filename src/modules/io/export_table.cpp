#include "modules/io/export_table.hpp"

#include "http/errors.hpp"
#include "util/csv.hpp"
#include "util/xlsx.hpp"

namespace lianxin::modules::io {

namespace {
constexpr size_t kXlsxMaxDataRows = 1048575;  // 1,048,576 rows per sheet, one is the header
}

std::string render_csv(const Table& t) {
  std::string out = "\xEF\xBB\xBF";
  out += util::csv_line(t.header);
  for (const auto& r : t.rows) out += util::csv_line(r);
  return out;
}

std::string render_xlsx(const std::string& sheet, const Table& t) {
  if (t.rows.size() > kXlsxMaxDataRows) {
    throw http::validation_failed(
        {{"format", "export.too_many_rows", "数据超过 Excel 单表 1048575 行的上限，请导出 CSV 格式"}});
  }
  return util::write_xlsx(sheet, t.header, t.rows);
}

}  // namespace lianxin::modules::io
