// Real files name the same field in several ways; the header map must recognize all of them.
#include <gtest/gtest.h>

#include "modules/io/import_columns.hpp"

namespace lianxin::modules::io {
namespace {

HeaderMap map(ImportKind kind, std::vector<std::string_view> header) { return map_header(kind, header, 1); }

TEST(ImportColumns, ChineseHeadersAndTheirAliasesMapToMemberFields) {
  auto m = map(ImportKind::members, {"*姓名", "公民身份证号", "党籍状态", "入党日期", "转正日期", "联系电话",
                                     "出生日期（YYYY-MM-DD）", "所在党组织", "人员类别"});
  EXPECT_EQ(m.column[kName], 0);
  EXPECT_EQ(m.column[kIdNumber], 1);
  EXPECT_EQ(m.column[kStatus], 2);
  EXPECT_EQ(m.column[kJoinDate], 3);
  EXPECT_EQ(m.column[kFullDate], 4);
  EXPECT_EQ(m.column[kMobile], 5);
  EXPECT_EQ(m.column[kBirthDate], 6);
  EXPECT_EQ(m.column[kOrgCode], 7);
  EXPECT_TRUE(m.missing.empty());
  EXPECT_TRUE(m.warnings.empty());
}

TEST(ImportColumns, EnglishFieldNamesInAnyCase) {
  auto m = map(ImportKind::members, {"Name", "ID_NUMBER", "category", "join_date", "org_code", "income_base"});
  EXPECT_EQ(m.column[kName], 0);
  EXPECT_EQ(m.column[kIdNumber], 1);
  EXPECT_EQ(m.column[kIncomeBase], 5);
  EXPECT_TRUE(m.missing.empty());
}

TEST(ImportColumns, UnknownAndRepeatedColumnsAreWarningsMissingRequiredAreListed) {
  auto m = map(ImportKind::members, {"姓名", "籍贯", "身份证号", "公民身份号码", ""});
  ASSERT_EQ(m.warnings.size(), 2u);
  EXPECT_EQ(m.warnings[0].code, kUnknownColumnCode);
  EXPECT_EQ(m.warnings[0].value, "籍贯");
  EXPECT_EQ(m.warnings[1].code, kDuplicateColumnCode);
  EXPECT_EQ(m.column[kIdNumber], 2);  // the first of the two wins
  EXPECT_EQ(m.missing, (std::vector<std::string>{"人员类别", "加入党组织日期", "所在党支部"}));
}

TEST(ImportColumns, OrganizationHeaders) {
  auto m = map(ImportKind::orgs, {"组织编码", "党组织名称", "组织类别", "上级组织编码", "联系电话"});
  EXPECT_EQ(m.column[kOrgCodeCol], 0);
  EXPECT_EQ(m.column[kOrgName], 1);
  EXPECT_EQ(m.column[kOrgKind], 2);
  EXPECT_EQ(m.column[kParentCode], 3);
  EXPECT_EQ(m.column[kContactPhone], 4);
  EXPECT_TRUE(m.missing.empty());
  EXPECT_EQ(field_label(ImportKind::orgs, "parent_code"), "上级组织编码");
}

}  // namespace
}  // namespace lianxin::modules::io
