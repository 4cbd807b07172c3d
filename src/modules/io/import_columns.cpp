#include "modules/io/import_columns.hpp"

#include "modules/io/text_util.hpp"

namespace lianxin::modules::io {

namespace {

const std::vector<ColumnSpec> kMemberColumns = {
    {"name", "姓名", {}, true},
    {"id_number", "公民身份号码", {"公民身份证号", "身份证号", "公民身份证号码", "身份证号码"}, true},
    {"gender", "性别", {}, false},
    {"ethnicity", "民族", {}, false},
    {"birth_date", "出生日期", {}, false},
    {"education", "学历", {}, false},
    {"category", "人员类别", {}, true},
    {"status", "党员状态", {"党籍状态"}, false},
    {"application_date", "申请入党日期", {}, false},
    {"join_date", "加入党组织日期", {"入党日期"}, true},
    {"full_date", "转为正式党员日期", {"转正日期"}, false},
    {"employment", "工作岗位", {}, false},
    {"position", "职务", {}, false},
    {"mobile", "手机号", {"联系电话", "手机号码"}, false},
    {"landline", "固定电话", {}, false},
    {"address", "家庭住址", {}, false},
    {"org_code", "所在党支部", {"所在党组织", "党组织编码"}, true},
    {"income_base", "月收入基数", {}, false},
};

const std::vector<ColumnSpec> kOrgColumns = {
    {"code", "组织编码", {"党组织编码"}, true},  {"name", "组织名称", {"党组织名称"}, true},
    {"kind", "组织类型", {"组织类别"}, true},    {"parent_code", "上级组织编码", {"上级党组织编码"}, false},
    {"host_unit", "所在单位", {}, false},        {"region_code", "行政区划代码", {}, false},
    {"established_date", "成立日期", {}, false}, {"contact_name", "联系人", {}, false},
    {"contact_phone", "联系电话", {}, false},
};

// "*姓名（必填）" -> "姓名": what is left once required-markers and remarks are dropped.
std::string normalize_header(std::string_view h) {
  h = trim(h);
  while (h.starts_with("*")) h = trim(h.substr(1));
  while (h.ends_with("*")) h = trim(h.substr(0, h.size() - 1));
  for (std::string_view open : {std::string_view("（"), std::string_view("(")}) {
    size_t p = h.find(open);
    if (p != std::string_view::npos && p > 0) h = trim(h.substr(0, p));
  }
  return ascii_lower(h);
}

int find_spec(const std::vector<ColumnSpec>& specs, const std::string& header) {
  for (size_t i = 0; i < specs.size(); ++i) {
    const ColumnSpec& s = specs[i];
    if (header == s.field || header == s.label) return static_cast<int>(i);
    for (std::string_view a : s.aliases) {
      if (header == a) return static_cast<int>(i);
    }
  }
  return -1;
}

RowError header_warning(int64_t line, std::string_view code, std::string message, std::string_view header) {
  return RowError{line, std::string(header), std::string(code), std::move(message), std::string(header)};
}

}  // namespace

const std::vector<ColumnSpec>& column_specs(ImportKind kind) {
  return kind == ImportKind::members ? kMemberColumns : kOrgColumns;
}

std::string_view field_label(ImportKind kind, std::string_view field) {
  for (const ColumnSpec& s : column_specs(kind)) {
    if (s.field == field) return s.label;
  }
  return field;
}

HeaderMap map_header(ImportKind kind, const std::vector<std::string_view>& header, int64_t header_line) {
  const auto& specs = column_specs(kind);
  HeaderMap map;
  map.column.assign(specs.size(), -1);
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string name = normalize_header(header[c]);
    if (name.empty()) continue;  // an unnamed column (often empty cells Excel kept) says nothing
    const int spec = find_spec(specs, name);
    const std::string shown(trim(header[c]));
    if (spec < 0) {
      map.warnings.push_back(
          header_warning(header_line, kUnknownColumnCode, "未识别的列“" + shown + "”，已忽略", shown));
    } else if (map.column[static_cast<size_t>(spec)] >= 0) {
      map.warnings.push_back(
          header_warning(header_line, kDuplicateColumnCode, "列“" + shown + "”与前面的列重复，已忽略", shown));
    } else {
      map.column[static_cast<size_t>(spec)] = static_cast<int>(c);
    }
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].required && map.column[i] < 0) map.missing.emplace_back(specs[i].label);
  }
  return map;
}

std::string_view cell(const HeaderMap& map, const std::vector<std::string_view>& record, int field) {
  const int c = map.column[static_cast<size_t>(field)];
  if (c < 0 || static_cast<size_t>(c) >= record.size()) return {};
  return trim(record[static_cast<size_t>(c)]);
}

}  // namespace lianxin::modules::io
