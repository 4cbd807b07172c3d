// Enumerated values of the member and organization records, with their Chinese labels.
// The API accepts the Chinese label or the code; the database stores the code.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lianxin::domain {

struct EnumValue {
  std::string_view code;   // stable identifier: "full", "probationary"
  std::string_view label;  // Chinese label: "正式党员"
};

// Finds by code (ASCII case-insensitive) or label, ignoring surrounding spaces; also accepts short
// aliases such as "正式" for "正式党员", "本科" for "大学本科", and a nationality without its
// trailing 族 ("汉" for "汉族").
std::optional<EnumValue> find_enum(std::span<const EnumValue> values, std::string_view code_or_label);
// The label for a stored value: an exact code first (what validation stores, the common case on
// every member read), else whatever find_enum finds; nullopt when neither does.
std::optional<std::string_view> enum_label(std::span<const EnumValue> values, std::string_view stored);

// 人员类别: full (正式党员), probationary (预备党员)
std::span<const EnumValue> member_categories();
// 党员状态: normal 正常, mobile 流动, lost_contact 失联, suspended 停止党籍, expelled 出党,
// deceased 死亡, transferred_out 已转出
std::span<const EnumValue> member_statuses();
// Statuses that still count in the registry and the statistics dimensions
// (normal, mobile, lost_contact, suspended).
bool status_is_current(std::string_view status_code);
// 性别: male 男, female 女
std::span<const EnumValue> genders();
// 学历: postgraduate 研究生, bachelor 大学本科, junior_college 大学专科, secondary 中专/高中,
// junior_high 初中, primary 小学及以下
std::span<const EnumValue> educations();
// 民族: the 56 nationalities of GB/T 3304 by name ("汉族", "蒙古族", ...); codes are the
// two-digit GB/T 3304 codes ("01" = 汉族).
std::span<const EnumValue> ethnicities();
// 工作岗位 / employment category used by dues later: civil_servant 公务员, public_institution
// 事业单位人员, enterprise 企业职工, self_employed 个体及自由职业者, farmer 农牧渔民, student 学生,
// retired 离退休人员, unemployed 无固定职业, other 其他
std::span<const EnumValue> employment_categories();
// Organization kinds (organization.md §1): committee 党委 (above the grassroots), working_committee 工委,
// basic_committee 基层党委, general_branch 党总支, branch 党支部, joint_branch 联合党支部,
// temporary_branch 临时党支部, party_group 党小组
std::span<const EnumValue> org_kinds();
bool org_kind_is_branch(std::string_view kind_code);  // branch, joint_branch, temporary_branch
// 组织类别 (organization.md §2, [LOCAL] org.category_codes): "1" 国有企业 ... "9" 其他.
std::span<const EnumValue> org_categories();

// Every code table the API accepts, by its stable name (the JSON field it fills): "org_kinds",
// "org_categories", "member_categories", "member_statuses", "genders", "educations", "ethnicities",
// "employment_categories". GET /api/codes publishes them so that clients never copy them.
struct CodeTable {
  std::string_view name;
  std::string_view title;  // Chinese name of the table: "组织类型"
  std::span<const EnumValue> values;
};
std::span<const CodeTable> code_tables();

}  // namespace lianxin::domain
