// A header and rows written to a temporary file as CSV or XLSX, one row at a time: what every
// export produces. The finished file is streamed to the client and removed once sent.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/temp_file.hpp"
#include "util/xlsx.hpp"

namespace lianxin::util {

enum class TableFormat { csv, xlsx };

// Thrown by TableFileWriter::add when an XLSX sheet is full (1,048,575 data rows).
struct TooManyRows : std::runtime_error {
  TooManyRows() : std::runtime_error("more rows than one XLSX sheet holds") {}
};

class TableFileWriter {
public:
  static constexpr const char* kFilePrefix = "lianxin-export";  // of the files in `dir`

  // CSV is UTF-8 with BOM: without it Excel in China reads the file as GBK and garbles every name.
  TableFileWriter(TableFormat format, const std::string& sheet_name, const std::vector<std::string>& header,
                  const std::string& dir);
  void add(const std::vector<std::string>& row);
  // Completes the file and hands it over; the writer is spent afterwards.
  std::shared_ptr<TempFile> finish();
  int64_t rows() const { return rows_; }

private:
  std::shared_ptr<TempFile> file_;
  std::ofstream csv_;
  std::optional<XlsxWriter> xlsx_;
  int64_t rows_ = 0;
};

}  // namespace lianxin::util
