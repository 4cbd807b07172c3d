#include "modules/io/import_rows.hpp"

#include <algorithm>
#include <stdexcept>

#include "modules/io/csv_stream.hpp"
#include "modules/io/member_draft.hpp"

namespace lianxin::modules::io {

namespace {

// Recognized fields of the file as (spec index, CSV column), in the file's column order.
std::vector<std::pair<int, int>> present_fields(ImportKind kind, const FileLayout& layout) {
  std::vector<std::pair<int, int>> out;
  const auto& specs = column_specs(kind);
  for (size_t i = 0; i < specs.size(); ++i)
    if (layout.header.has(static_cast<int>(i))) out.emplace_back(static_cast<int>(i), layout.header.column[i]);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return out;
}

// The organization's contact phone is masked like a member's phones.
std::string masked(ImportKind kind, std::string_view field, std::string_view raw) {
  if (kind == ImportKind::orgs && field == "contact_phone") return error_value("mobile", raw);
  return error_value(field, raw);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> file_columns(ImportKind kind, const FileLayout& layout) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto& specs = column_specs(kind);
  for (const auto& [spec, col] : present_fields(kind, layout))
    out.emplace_back(std::string(specs[static_cast<size_t>(spec)].field), std::string(specs[static_cast<size_t>(spec)].label));
  return out;
}

std::vector<RowValues> rows_at_lines(ImportKind kind, std::string_view utf8, const FileLayout& layout,
                                     std::vector<int64_t> lines) {
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  std::vector<RowValues> out;
  if (lines.empty()) return out;
  const auto fields = present_fields(kind, layout);
  const auto& specs = column_specs(kind);
  CsvStream csv(utf8);
  size_t want = 0;
  auto next = [&] {
    try {
      return csv.next();
    } catch (const std::invalid_argument&) {
      return false;  // the file stops being CSV there (the preview reported it); rows before it stand
    }
  };
  while (want < lines.size() && next()) {
    const auto line = static_cast<int64_t>(csv.line());
    if (line <= layout.header_line) continue;
    while (want < lines.size() && lines[want] < line) ++want;  // not the start of a record
    if (want == lines.size() || lines[want] != line) continue;
    RowValues row{line, {}};
    for (const auto& [spec, col] : fields) {
      const std::string_view field = specs[static_cast<size_t>(spec)].field;
      row.values.emplace_back(std::string(field), masked(kind, field, cell(layout.header, csv.fields(), spec)));
    }
    out.push_back(std::move(row));
    ++want;
  }
  return out;
}

}  // namespace lianxin::modules::io
