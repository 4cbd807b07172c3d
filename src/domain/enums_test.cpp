#include "domain/enums.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>

namespace lianxin::domain {
namespace {

std::string code_of(std::span<const EnumValue> values, std::string_view input) {
  const auto v = find_enum(values, input);
  return v ? std::string(v->code) : "<none>";
}

TEST(Enums, FindsByCodeLabelAndAlias) {
  EXPECT_EQ(code_of(member_categories(), "full"), "full");
  EXPECT_EQ(code_of(member_categories(), "FULL"), "full");
  EXPECT_EQ(code_of(member_categories(), "正式党员"), "full");
  EXPECT_EQ(code_of(member_categories(), "正式"), "full");
  EXPECT_EQ(code_of(member_categories(), " 预备 "), "probationary");
  EXPECT_EQ(code_of(genders(), "男"), "male");
  EXPECT_EQ(code_of(genders(), "女"), "female");
  EXPECT_EQ(code_of(educations(), "本科"), "bachelor");
  EXPECT_EQ(code_of(educations(), "大专"), "junior_college");
  EXPECT_EQ(code_of(educations(), "硕士"), "postgraduate");
  EXPECT_EQ(code_of(educations(), "博士"), "postgraduate");
  EXPECT_EQ(code_of(educations(), "高中"), "secondary");
  EXPECT_EQ(code_of(ethnicities(), "汉"), "01");
  EXPECT_EQ(code_of(ethnicities(), "汉族"), "01");
  EXPECT_EQ(code_of(ethnicities(), "01"), "01");
  EXPECT_EQ(code_of(member_statuses(), "停止党籍"), "suspended");
  EXPECT_EQ(code_of(org_kinds(), "党总支"), "general_branch");
}

TEST(Enums, LabelOfAStoredCodeOrOfWhatFindEnumAccepts) {
  EXPECT_EQ(enum_label(member_categories(), "full"), std::optional<std::string_view>("正式党员"));
  EXPECT_EQ(enum_label(ethnicities(), "01"), std::optional<std::string_view>("汉族"));
  EXPECT_EQ(enum_label(member_categories(), " FULL "), std::optional<std::string_view>("正式党员"));  // as find_enum
  EXPECT_EQ(enum_label(educations(), "本科"), std::optional<std::string_view>("大学本科"));
  EXPECT_EQ(enum_label(genders(), "unknown"), std::nullopt);
}

TEST(Enums, RejectsUnknownAndAliasesOfOtherLists) {
  EXPECT_EQ(code_of(member_categories(), ""), "<none>");
  EXPECT_EQ(code_of(member_categories(), "积极分子"), "<none>");
  EXPECT_EQ(code_of(genders(), "本科"), "<none>");  // an alias, but of another list
  EXPECT_EQ(code_of(ethnicities(), "57"), "<none>");
  EXPECT_EQ(code_of(ethnicities(), "穿青人"), "<none>");
}

TEST(Enums, FiftySixNationalitiesWithGbt3304Codes) {
  const auto all = ethnicities();
  ASSERT_EQ(all.size(), 56u);
  std::set<std::string_view> labels;
  for (size_t i = 0; i < all.size(); ++i) {
    char code[24];
    std::snprintf(code, sizeof code, "%02zu", i + 1);
    EXPECT_EQ(all[i].code, code);
    EXPECT_TRUE(all[i].label.ends_with("族")) << all[i].label;
    labels.insert(all[i].label);
  }
  EXPECT_EQ(labels.size(), 56u);
  EXPECT_EQ(all.front().label, "汉族");
  EXPECT_EQ(all[9].label, "朝鲜族");
  EXPECT_EQ(all.back().label, "基诺族");
}

TEST(Enums, MemberStatusesAndCurrentOnes) {
  const std::pair<const char*, const char*> expected[] = {
      {"normal", "正常"},         {"mobile", "流动"}, {"lost_contact", "失联"}, {"suspended", "停止党籍"},
      {"expelled", "出党"},       {"deceased", "死亡"}, {"transferred_out", "已转出"}};
  ASSERT_EQ(member_statuses().size(), std::size(expected));
  for (size_t i = 0; i < std::size(expected); ++i) {
    EXPECT_EQ(member_statuses()[i].code, expected[i].first);
    EXPECT_EQ(member_statuses()[i].label, expected[i].second);
  }
  for (const char* current : {"normal", "mobile", "lost_contact", "suspended"}) EXPECT_TRUE(status_is_current(current));
  for (const char* gone : {"expelled", "deceased", "transferred_out", "bogus"}) EXPECT_FALSE(status_is_current(gone));
}

TEST(Enums, OrgKindsAndBranchKinds) {
  EXPECT_EQ(org_kinds().size(), 8u);
  for (const char* b : {"branch", "joint_branch", "temporary_branch"}) EXPECT_TRUE(org_kind_is_branch(b));
  for (const char* o : {"general_branch", "basic_committee", "party_group", "committee"}) EXPECT_FALSE(org_kind_is_branch(o));
}

TEST(Enums, CodesAndLabelsAreUniqueWithinEachList) {
  for (auto list : {member_categories(), member_statuses(), genders(), educations(), ethnicities(),
                    employment_categories(), org_kinds(), org_categories()}) {
    std::set<std::string_view> codes, labels;
    for (const auto& v : list) {
      codes.insert(v.code);
      labels.insert(v.label);
    }
    EXPECT_EQ(codes.size(), list.size());
    EXPECT_EQ(labels.size(), list.size());
  }
}

TEST(Enums, CodeTablesPublishEveryListOnceUnderItsName) {
  std::set<std::string_view> names;
  for (const auto& t : code_tables()) {
    names.insert(t.name);
    EXPECT_FALSE(t.title.empty()) << t.name;
    EXPECT_FALSE(t.values.empty()) << t.name;
  }
  EXPECT_EQ(names, (std::set<std::string_view>{"org_kinds", "org_categories", "member_categories", "member_statuses",
                                               "genders", "educations", "ethnicities", "employment_categories"}));
  auto table = [](std::string_view name) {
    for (const auto& t : code_tables())
      if (t.name == name) return t.values;
    return std::span<const EnumValue>{};
  };
  // The very tables the validators use, not copies.
  EXPECT_EQ(table("ethnicities").data(), ethnicities().data());
  EXPECT_EQ(table("org_kinds").data(), org_kinds().data());
  EXPECT_EQ(org_categories().size(), 9u);
  EXPECT_EQ(code_of(org_categories(), "国有企业"), "1");
  EXPECT_EQ(code_of(org_categories(), "9"), "9");
}

}  // namespace
}  // namespace lianxin::domain
