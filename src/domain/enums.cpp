#include "domain/enums.hpp"

#include <algorithm>
#include <string>

#include "domain/text.hpp"

namespace lianxin::domain {

namespace {

constexpr EnumValue kCategories[] = {{"full", "正式党员"}, {"probationary", "预备党员"}};

constexpr EnumValue kStatuses[] = {
    {"normal", "正常"},          {"mobile", "流动"}, {"lost_contact", "失联"},
    {"suspended", "停止党籍"},   {"expelled", "出党"}, {"deceased", "死亡"},
    {"transferred_out", "已转出"},
};

constexpr EnumValue kGenders[] = {{"male", "男"}, {"female", "女"}};

constexpr EnumValue kEducations[] = {
    {"postgraduate", "研究生"}, {"bachelor", "大学本科"}, {"junior_college", "大学专科"},
    {"secondary", "中专/高中"}, {"junior_high", "初中"},   {"primary", "小学及以下"},
};

// GB/T 3304-1991 codes, in the order of the standard.
constexpr EnumValue kEthnicities[] = {
    {"01", "汉族"},     {"02", "蒙古族"},   {"03", "回族"},     {"04", "藏族"},
    {"05", "维吾尔族"}, {"06", "苗族"},     {"07", "彝族"},     {"08", "壮族"},
    {"09", "布依族"},   {"10", "朝鲜族"},   {"11", "满族"},     {"12", "侗族"},
    {"13", "瑶族"},     {"14", "白族"},     {"15", "土家族"},   {"16", "哈尼族"},
    {"17", "哈萨克族"}, {"18", "傣族"},     {"19", "黎族"},     {"20", "傈僳族"},
    {"21", "佤族"},     {"22", "畲族"},     {"23", "高山族"},   {"24", "拉祜族"},
    {"25", "水族"},     {"26", "东乡族"},   {"27", "纳西族"},   {"28", "景颇族"},
    {"29", "柯尔克孜族"}, {"30", "土族"},   {"31", "达斡尔族"}, {"32", "仫佬族"},
    {"33", "羌族"},     {"34", "布朗族"},   {"35", "撒拉族"},   {"36", "毛南族"},
    {"37", "仡佬族"},   {"38", "锡伯族"},   {"39", "阿昌族"},   {"40", "普米族"},
    {"41", "塔吉克族"}, {"42", "怒族"},     {"43", "乌孜别克族"}, {"44", "俄罗斯族"},
    {"45", "鄂温克族"}, {"46", "德昂族"},   {"47", "保安族"},   {"48", "裕固族"},
    {"49", "京族"},     {"50", "塔塔尔族"}, {"51", "独龙族"},   {"52", "鄂伦春族"},
    {"53", "赫哲族"},   {"54", "门巴族"},   {"55", "珞巴族"},   {"56", "基诺族"},
};

constexpr EnumValue kEmployments[] = {
    {"civil_servant", "公务员"},     {"public_institution", "事业单位人员"},
    {"enterprise", "企业职工"},      {"self_employed", "个体及自由职业者"},
    {"farmer", "农牧渔民"},          {"student", "学生"},
    {"retired", "离退休人员"},       {"unemployed", "无固定职业"},
    {"other", "其他"},
};

constexpr EnumValue kOrgKinds[] = {
    {"committee", "党委"},          {"working_committee", "工委"},
    {"basic_committee", "基层党委"}, {"general_branch", "党总支"},
    {"branch", "党支部"},           {"joint_branch", "联合党支部"},
    {"temporary_branch", "临时党支部"}, {"party_group", "党小组"},
};

constexpr EnumValue kOrgCategories[] = {
    {"1", "国有企业"}, {"2", "非公有制企业"}, {"3", "农村"},     {"4", "党政机关"}, {"5", "学校"},
    {"6", "其他事业单位"}, {"7", "街道社区"}, {"8", "社会组织"}, {"9", "其他"},
};

constexpr CodeTable kCodeTables[] = {
    {"org_kinds", "组织类型", kOrgKinds},
    {"org_categories", "组织类别", kOrgCategories},
    {"member_categories", "人员类别", kCategories},
    {"member_statuses", "党员状态", kStatuses},
    {"genders", "性别", kGenders},
    {"educations", "学历", kEducations},
    {"ethnicities", "民族", kEthnicities},
    {"employment_categories", "工作岗位", kEmployments},
};

// Short forms people type in forms and spreadsheets -> the full label they stand for.
struct Alias {
  std::string_view alias;
  std::string_view label;
};
constexpr Alias kAliases[] = {
    {"正式", "正式党员"},     {"预备", "预备党员"},     {"男性", "男"},
    {"女性", "女"},           {"本科", "大学本科"},     {"大专", "大学专科"},
    {"专科", "大学专科"},     {"硕士", "研究生"},       {"博士", "研究生"},
    {"硕士研究生", "研究生"}, {"博士研究生", "研究生"}, {"中专", "中专/高中"},
    {"高中", "中专/高中"},    {"小学", "小学及以下"},   {"流动党员", "流动"},
    {"失联党员", "失联"},     {"离休", "离退休人员"},   {"退休", "离退休人员"},
    {"总支", "党总支"},       {"支部", "党支部"},       {"联合支部", "联合党支部"},
    {"临时支部", "临时党支部"},
};

bool equals_ascii_nocase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

std::optional<EnumValue> find_label(std::span<const EnumValue> values, std::string_view label) {
  for (const auto& v : values)
    if (v.label == label) return v;
  return std::nullopt;
}

}  // namespace

std::optional<EnumValue> find_enum(std::span<const EnumValue> values, std::string_view code_or_label) {
  const std::string_view s = trim_spaces(code_or_label);
  if (s.empty()) return std::nullopt;
  for (const auto& v : values)
    if (equals_ascii_nocase(v.code, s)) return v;
  if (auto v = find_label(values, s)) return v;
  for (const auto& a : kAliases)
    if (a.alias == s) return find_label(values, a.label);
  // Nationalities are often written without the trailing 族 ("汉", "蒙古").
  return find_label(values, std::string(s) + "族");
}

std::optional<std::string_view> enum_label(std::span<const EnumValue> values, std::string_view stored) {
  for (const auto& v : values)
    if (v.code == stored) return v.label;
  if (auto v = find_enum(values, stored)) return v->label;
  return std::nullopt;
}

std::span<const EnumValue> member_categories() { return kCategories; }
std::span<const EnumValue> member_statuses() { return kStatuses; }
std::span<const EnumValue> genders() { return kGenders; }
std::span<const EnumValue> educations() { return kEducations; }
std::span<const EnumValue> ethnicities() { return kEthnicities; }
std::span<const EnumValue> employment_categories() { return kEmployments; }
std::span<const EnumValue> org_kinds() { return kOrgKinds; }
std::span<const EnumValue> org_categories() { return kOrgCategories; }
std::span<const CodeTable> code_tables() { return kCodeTables; }

bool status_is_current(std::string_view status_code) {
  return status_code == "normal" || status_code == "mobile" || status_code == "lost_contact" ||
         status_code == "suspended";
}

bool org_kind_is_branch(std::string_view kind_code) {
  return kind_code == "branch" || kind_code == "joint_branch" || kind_code == "temporary_branch";
}

}  // namespace lianxin::domain
