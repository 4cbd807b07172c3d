// Member validation (members.md §1, §3, §5): every error code of member_rules.hpp, 党龄 vectors.
#include "domain/member_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lianxin::domain {
namespace {

const Date kToday{2026, 1, 1};

// Synthetic, checksum-valid number: female, born 1990-03-07.
MemberDraft valid_full_member() {
  MemberDraft m;
  m.name = "张三";
  m.id_number = "110101199003070062";
  m.gender = "女";
  m.birth_date = "1990-03-07";
  m.ethnicity = "汉族";
  m.education = "本科";
  m.category = "正式党员";
  m.status = "正常";
  m.application_date = "2012-05-01";
  m.join_date = "2013-06-20";
  m.full_date = "2014-06-20";
  m.employment = "企业职工";
  m.position = "工程师";
  m.mobile = "13812345678";
  m.landline = "010-12345678";
  m.address = "北京市东城区某街1号";
  m.income_base = "1234.5";
  return m;
}

std::vector<std::string> codes(const MemberValidation& v) {
  std::vector<std::string> out;
  for (const auto& e : v.errors) out.push_back(e.code);
  return out;
}

// Asserts that `code` is among the errors, on the field its prefix names.
void expect_error(const MemberDraft& draft, const std::string& code, Date today = kToday) {
  const auto v = validate_member(draft, today);
  const auto it = std::find_if(v.errors.begin(), v.errors.end(), [&](const FieldError& e) { return e.code == code; });
  ASSERT_NE(it, v.errors.end()) << "missing " << code << "; got " << ::testing::PrintToString(codes(v));
  EXPECT_EQ(it->field, code.substr(0, code.find('.')));
  EXPECT_FALSE(it->message.empty());
}

TEST(MemberRules, FullyValidDraftPassesAndIsNormalized) {
  const auto v = validate_member(valid_full_member(), kToday);
  ASSERT_TRUE(v.ok()) << ::testing::PrintToString(codes(v));
  const MemberFields& f = v.fields;
  EXPECT_EQ(f.name, "张三");
  EXPECT_EQ(f.id_number, "110101199003070062");
  EXPECT_EQ(f.gender, "female");
  EXPECT_EQ(f.birth_date, (Date{1990, 3, 7}));
  EXPECT_EQ(f.ethnicity, "01");
  EXPECT_EQ(f.education, "bachelor");
  EXPECT_EQ(f.category, "full");
  EXPECT_EQ(f.status, "normal");
  EXPECT_EQ(f.application_date, (Date{2012, 5, 1}));
  EXPECT_EQ(f.join_date, (Date{2013, 6, 20}));
  EXPECT_EQ(f.full_date, (Date{2014, 6, 20}));
  EXPECT_EQ(f.employment, "enterprise");
  EXPECT_EQ(f.position, "工程师");
  EXPECT_EQ(f.mobile, "13812345678");
  EXPECT_EQ(f.landline, "010-12345678");
  EXPECT_EQ(f.income_base_fen, 123450);
}

TEST(MemberRules, MinimalProbationaryDraftDerivesGenderAndBirthFromId) {
  MemberDraft m;
  m.name = " 李四 ";
  m.id_number = "11010519491231002x";
  m.category = "预备";
  m.join_date = "2025-06-20";
  m.mobile = "";  // empty counts as absent
  const auto v = validate_member(m, kToday);
  ASSERT_TRUE(v.ok()) << ::testing::PrintToString(codes(v));
  EXPECT_EQ(v.fields.name, "李四");
  EXPECT_EQ(v.fields.id_number, "11010519491231002X");
  EXPECT_EQ(v.fields.gender, "female");
  EXPECT_EQ(v.fields.birth_date, (Date{1949, 12, 31}));
  EXPECT_EQ(v.fields.category, "probationary");
  EXPECT_EQ(v.fields.status, "normal");  // default
  EXPECT_FALSE(v.fields.mobile);
  EXPECT_FALSE(v.fields.full_date);
}

TEST(MemberRules, EmptyDraftReportsEveryRequiredField) {
  const auto v = validate_member(MemberDraft{}, kToday);
  EXPECT_EQ(codes(v), (std::vector<std::string>{"name.required", "id_number.required", "category.required",
                                                "join_date.required"}));
}

TEST(MemberRules, NameRules) {
  auto m = valid_full_member();
  m.name = "   ";
  expect_error(m, "name.required");
  m.name = "";
  for (int i = 0; i < 51; ++i) *m.name += "张";
  expect_error(m, "name.invalid");
  m.name->erase(0, 3);  // 50 characters is the limit
  EXPECT_TRUE(validate_member(m, kToday).ok());
  m.name = "张\n三";
  expect_error(m, "name.invalid");
}

TEST(MemberRules, NameLimitComesFromThePack) {
  MemberRulePack pack;
  pack.name_max_chars = 2;
  auto m = valid_full_member();
  m.name = "欧阳修文";
  EXPECT_EQ(codes(validate_member(m, kToday, pack)), std::vector<std::string>{"name.invalid"});
}

TEST(MemberRules, IdNumberErrorsUseTheIdCodes) {
  auto m = valid_full_member();
  m.id_number = std::nullopt;
  expect_error(m, "id_number.required");
  m.id_number = "110101199003070012";  // §5: wrong check character
  expect_error(m, "id_number.checksum");
  m.id_number = "11010519491231002";
  expect_error(m, "id_number.length");
}

// §5 last row: 11010519491231002X entered with sex 男 -> sequence 002 is even -> female.
TEST(MemberRules, GenderMustAgreeWithIdParity) {
  auto m = valid_full_member();
  m.id_number = "11010519491231002X";
  m.birth_date = std::nullopt;
  m.gender = "男";
  expect_error(m, "gender.mismatch");
  m.gender = "unknown";
  expect_error(m, "gender.invalid");
}

TEST(MemberRules, BirthDateMustBeRealPastAndMatchId) {
  auto m = valid_full_member();
  m.birth_date = "1990-02-30";
  expect_error(m, "birth_date.invalid");
  m.birth_date = "2026-01-02";
  expect_error(m, "birth_date.future");
  m.birth_date = "1990-03-08";
  expect_error(m, "birth_date.mismatch");
  m.birth_date = "19900307";  // another accepted format of the same date
  EXPECT_TRUE(validate_member(m, kToday).ok());
}

TEST(MemberRules, EnumerationsRejectUnknownValues) {
  auto m = valid_full_member();
  m.ethnicity = "火星族";
  m.education = "幼儿园";
  m.category = "积极分子";
  m.status = "休眠";
  m.employment = "宇航员";
  for (const char* code : {"ethnicity.invalid", "education.invalid", "category.invalid", "status.invalid",
                           "employment.invalid"})
    expect_error(m, code);
}

TEST(MemberRules, EnumerationsAcceptCodesLabelsAndAliases) {
  auto m = valid_full_member();
  m.ethnicity = "蒙古";
  m.education = "postgraduate";
  m.status = "流动党员";
  m.employment = "retired";
  m.gender = "female";
  const auto v = validate_member(m, kToday);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.fields.ethnicity, "02");
  EXPECT_EQ(v.fields.education, "postgraduate");
  EXPECT_EQ(v.fields.status, "mobile");
  EXPECT_EQ(v.fields.employment, "retired");
}

TEST(MemberRules, DatesMustBeRealAndNotInTheFuture) {
  auto m = valid_full_member();
  m.application_date = "2012-13-01";
  m.join_date = "2013-02-30";
  m.full_date = "yesterday";
  const auto v = validate_member(m, kToday);
  EXPECT_EQ(codes(v), (std::vector<std::string>{"application_date.invalid", "join_date.invalid", "full_date.invalid"}));

  m = valid_full_member();
  m.application_date = "2026-01-02";
  m.join_date = "2026-01-03";
  m.full_date = "2027-01-03";
  EXPECT_EQ(codes(validate_member(m, kToday)),
            (std::vector<std::string>{"application_date.future", "join_date.future", "full_date.future"}));
}

TEST(MemberRules, JoinDateIsRequired) {
  auto m = valid_full_member();
  m.join_date = "";
  expect_error(m, "join_date.required");
}

TEST(MemberRules, ApplicationMustFollowBirthAndNotFollowJoining) {
  auto m = valid_full_member();
  m.application_date = "1990-03-07";  // == birth
  expect_error(m, "application_date.order");
  m.application_date = "2013-06-21";  // after joining
  expect_error(m, "application_date.order");
  m.application_date = "2013-06-20";  // same day as joining is allowed
  EXPECT_TRUE(validate_member(m, kToday).ok());
}

TEST(MemberRules, JoinMustFollowBirth) {
  auto m = valid_full_member();
  m.application_date = std::nullopt;
  m.join_date = "1989-01-01";
  const auto v = validate_member(m, kToday);
  expect_error(m, "join_date.order");
  EXPECT_EQ(std::count_if(v.errors.begin(), v.errors.end(), [](auto& e) { return e.field == "join_date"; }), 1);
}

// members.md §3: 转为正式党员日期 <= 加入党组织日期 -> reject row.
TEST(MemberRules, FullDateMustFollowJoinDate) {
  auto m = valid_full_member();
  m.full_date = "2013-06-20";
  expect_error(m, "full_date.order");
  m.full_date = "2012-06-20";
  expect_error(m, "full_date.order");
}

// 党章 §1: at least 18 years old; the 18th birthday itself counts.
TEST(MemberRules, AgeAtApplicationAndJoining) {
  auto m = valid_full_member();  // born 1990-03-07
  m.application_date = "2008-03-06";
  m.join_date = "2008-03-06";
  m.full_date = "2009-03-06";
  expect_error(m, "application_date.age");
  expect_error(m, "join_date.age");
  m.application_date = "2008-03-07";
  m.join_date = "2008-03-07";
  m.full_date = "2009-03-07";
  EXPECT_TRUE(validate_member(m, kToday).ok());
}

TEST(MemberRules, FullDatePresentExactlyForFullMembers) {
  auto m = valid_full_member();
  m.full_date = std::nullopt;
  expect_error(m, "full_date.required");
  m = valid_full_member();
  m.category = "预备党员";
  expect_error(m, "full_date.not_allowed");
}

TEST(MemberRules, MobileFormat) {
  auto m = valid_full_member();
  for (const char* bad : {"12812345678", "1381234567", "138123456789", "1381234567a"}) {
    m.mobile = bad;
    expect_error(m, "mobile.invalid");
  }
  m.mobile = "+86 138-1234-5678";
  const auto v = validate_member(m, kToday);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.fields.mobile, "13812345678");
}

TEST(MemberRules, LandlineFormat) {
  auto m = valid_full_member();
  for (const char* bad : {"12345678", "010-123456", "10-12345678", "010-12345678-1234567", "010-1234-5678-1",
                          "01012345678", "010-"}) {
    m.landline = bad;
    expect_error(m, "landline.invalid");
  }
  for (const char* good : {"010-12345678", "0755-1234567", "0755-1234567-801"}) {
    m.landline = good;
    EXPECT_TRUE(validate_member(m, kToday).ok()) << good;
  }
}

TEST(MemberRules, IncomeBaseIsANonNegativeAmountInFen) {
  auto m = valid_full_member();
  for (const char* bad : {"-1", "1.234", "abc", "1,000", ".5", "5.", "1e3", "1234567890123"}) {
    m.income_base = bad;
    expect_error(m, "income_base.invalid");
  }
  const std::pair<const char*, int64_t> good[] = {{"0", 0}, {"3000.01", 300001}, {"4322.5", 432250}, {"7", 700}};
  for (const auto& [text, fen] : good) {
    m.income_base = text;
    EXPECT_EQ(validate_member(m, kToday).fields.income_base_fen, fen) << text;
  }
}

// members.md §3, R-N09/R-N10.
TEST(MemberRules, PartyAgeVectors) {
  // admitted 2024-06-20, converted on time -> 转正 2025-06-20
  EXPECT_EQ(party_age_years("full", Date{2025, 6, 20}, Date{2026, 6, 19}), 0);
  EXPECT_EQ(party_age_years("full", Date{2025, 6, 20}, Date{2026, 6, 20}), 1);
  // probation extended 6 months -> 转正 2025-12-20
  EXPECT_EQ(party_age_years("full", Date{2025, 12, 20}, Date{2026, 12, 19}), 0);
  EXPECT_EQ(party_age_years("full", Date{2025, 12, 20}, Date{2026, 12, 20}), 1);
  // full since 2005-07-01
  EXPECT_EQ(party_age_years("full", Date{2005, 7, 1}, Date{2025, 6, 30}), 19);
  EXPECT_EQ(party_age_years("full", Date{2005, 7, 1}, Date{2025, 7, 1}), 20);
  // 0 for 预备党员, and without a full-member date
  EXPECT_EQ(party_age_years("probationary", std::nullopt, Date{2026, 6, 20}), 0);
  EXPECT_EQ(party_age_years("full", std::nullopt, Date{2026, 6, 20}), 0);
}

TEST(MemberRules, AgeBands) {
  const Date birth{1990, 3, 7};
  EXPECT_EQ(age_band(birth, Date{2005, 1, 1}), "18-30");  // under 18 joins the first band
  EXPECT_EQ(age_band(birth, Date{2021, 3, 6}), "18-30");  // 30
  EXPECT_EQ(age_band(birth, Date{2021, 3, 7}), "31-40");  // 31
  EXPECT_EQ(age_band(birth, Date{2030, 3, 7}), "31-40");  // 40
  EXPECT_EQ(age_band(birth, Date{2031, 3, 7}), "41-50");
  EXPECT_EQ(age_band(birth, Date{2061, 3, 7}), "71-80");
  EXPECT_EQ(age_band(birth, Date{2070, 3, 6}), "71-80");  // 79
  EXPECT_EQ(age_band(birth, Date{2071, 3, 7}), "81+");
}

}  // namespace
}  // namespace lianxin::domain
