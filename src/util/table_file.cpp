#include "util/table_file.hpp"

#include "util/csv.hpp"

namespace lianxin::util {

TableFileWriter::TableFileWriter(TableFormat format, const std::string& sheet_name,
                                 const std::vector<std::string>& header, const std::string& dir)
    : file_(std::make_shared<TempFile>(dir, kFilePrefix)) {
  if (format == TableFormat::xlsx) {
    xlsx_.emplace(file_->path(), sheet_name, header, dir);
    return;
  }
  csv_.open(file_->path(), std::ios::binary | std::ios::trunc);
  csv_ << "\xEF\xBB\xBF" << csv_line(header);
}

void TableFileWriter::add(const std::vector<std::string>& row) {
  if (xlsx_) {
    if (xlsx_->rows() >= XlsxWriter::kMaxDataRows) throw TooManyRows();
    xlsx_->add_row(row);
  } else {
    csv_ << csv_line(row);
  }
  ++rows_;
}

std::shared_ptr<TempFile> TableFileWriter::finish() {
  if (xlsx_) {
    xlsx_->close();
  } else {
    csv_.close();
    if (csv_.fail()) throw std::runtime_error("cannot write the export file " + file_->path());
  }
  return std::move(file_);
}

}  // namespace lianxin::util
