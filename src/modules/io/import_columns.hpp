// Which CSV column holds which field. Users bring files from the national system, from Excel
// templates and from other tools, so a field is recognized under several Chinese headers and its
// English field name; the table below is the single place that knows them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

struct ColumnSpec {
  std::string_view field;                 // draft field name, also accepted as an English header
  std::string_view label;                 // canonical Chinese header (exports, error reports)
  std::vector<std::string_view> aliases;  // other Chinese headers seen in real files
  bool required;
};

// Member columns in the order of MemberField; org columns in the order of OrgField.
enum MemberField : int {
  kName,
  kIdNumber,
  kGender,
  kEthnicity,
  kBirthDate,
  kEducation,
  kCategory,
  kStatus,
  kApplicationDate,
  kJoinDate,
  kFullDate,
  kEmployment,
  kPosition,
  kMobile,
  kLandline,
  kAddress,
  kOrgCode,
  kIncomeBase,
  kMemberFieldCount
};
enum OrgField : int {
  kOrgCodeCol,
  kOrgName,
  kOrgKind,
  kParentCode,
  kHostUnit,
  kRegionCode,
  kEstablishedDate,
  kContactName,
  kContactPhone,
  kOrgFieldCount
};

const std::vector<ColumnSpec>& column_specs(ImportKind kind);
// The Chinese label of a field name ("id_number" -> "公民身份号码"); the name itself when unknown.
std::string_view field_label(ImportKind kind, std::string_view field);

struct HeaderMap {
  std::vector<int> column;           // per field (spec index): CSV column index, or -1 when absent
  std::vector<RowError> warnings;    // unknown or repeated columns
  std::vector<std::string> missing;  // labels of required fields without a column
  bool has(int field) const { return column[static_cast<size_t>(field)] >= 0; }
};

// Maps a header row. Headers are compared after trimming, dropping a "*" required-marker and a
// trailing remark in parentheses ("出生日期（YYYY-MM-DD）"), and ignoring ASCII case.
HeaderMap map_header(ImportKind kind, const std::vector<std::string_view>& header, int64_t header_line);

// The cell of `field` in a record, trimmed; empty when the column is absent or the row is short.
std::string_view cell(const HeaderMap& map, const std::vector<std::string_view>& record, int field);

}  // namespace lianxin::modules::io
