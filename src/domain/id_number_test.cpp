// members.md §5 (GB 11643-1999): every row of the test-vector table.
#include "domain/id_number.hpp"

#include <gtest/gtest.h>

namespace lianxin::domain {
namespace {

const Date kToday{2026, 1, 1};

struct ValidRow {
  const char* input;
  const char* normalized;
  Gender gender;
  Date birth;
};

TEST(IdNumber, WorkedExampleSum167GivesX) { EXPECT_EQ(id_check_char("11010519491231002"), 'X'); }

TEST(IdNumber, ValidRowsOfTheTable) {
  const ValidRow rows[] = {
      {"11010519491231002X", "11010519491231002X", Gender::female, {1949, 12, 31}},  // S 167, r 2
      {"11010519491231002x", "11010519491231002X", Gender::female, {1949, 12, 31}},  // stored as X
      {"110101199003070011", "110101199003070011", Gender::male, {1990, 3, 7}},      // S 154, r 0
      {"110101199003070070", "110101199003070070", Gender::male, {1990, 3, 7}},      // S 166, r 1
      {"110101199003070062", "110101199003070062", Gender::female, {1990, 3, 7}},    // S 164, r 10
      {"440304199001011233", "440304199001011233", Gender::male, {1990, 1, 1}},      // S 196, r 9
      {"510108200002290041", "510108200002290041", Gender::female, {2000, 2, 29}},   // S 176, r 0
  };
  for (const auto& row : rows) {
    const auto r = check_id_number(row.input, kToday);
    ASSERT_TRUE(r.ok()) << row.input << " " << r.error_code;
    EXPECT_EQ(r.info->normalized, row.normalized);
    EXPECT_EQ(r.info->gender, row.gender) << row.input;
    EXPECT_EQ(r.info->birth, row.birth) << row.input;
    EXPECT_TRUE(r.error_code.empty());
  }
}

TEST(IdNumber, WrongCheckCharacterIsChecksumError) {
  const auto r = check_id_number("110101199003070012", kToday);  // S 154, r 0 -> expected 1
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error_code, "id_number.checksum");
  EXPECT_EQ(r.error_message, "公民身份号码校验位错误");
  EXPECT_EQ(id_check_char("11010119900307001"), '1');
}

TEST(IdNumber, UnrealBirthDateIsRejectedEvenWithFittingChecksum) {
  EXPECT_EQ(id_check_char("51010820010229004"), '9');  // S 179, r 3: checksum fits
  EXPECT_EQ(check_id_number("510108200102290049", kToday).error_code, "id_number.birth_date");
}

// 110105203001010012: S 79, r 2 -> expected X; the future birth date is found first.
TEST(IdNumber, FutureBirthIsReportedBeforeChecksum) {
  EXPECT_EQ(id_check_char("11010520300101001"), 'X');
  EXPECT_EQ(check_id_number("110105203001010012", kToday).error_code, "id_number.future_birth");
  EXPECT_EQ(check_id_number("110105203001010012", Date{2031, 1, 1}).error_code, "id_number.checksum");
}

TEST(IdNumber, BirthOnTodayIsNotFuture) {
  EXPECT_TRUE(check_id_number("11010520300101001X", Date{2030, 1, 1}).ok());
}

TEST(IdNumber, SeventeenCharactersIsLengthError) {
  EXPECT_EQ(check_id_number("11010519491231002", kToday).error_code, "id_number.length");
  EXPECT_EQ(check_id_number("", kToday).error_code, "id_number.length");
  EXPECT_EQ(check_id_number("11010519491231002X1", kToday).error_code, "id_number.length");
}

TEST(IdNumber, NonDigitsAreCharsError) {
  for (const char* s : {"11010519491231002Y", "1101051949123100X2", "11010519491231A02X", "11010549123100X"})
    EXPECT_EQ(check_id_number(s, kToday).error_code, "id_number.chars") << s;
}

TEST(IdNumber, LegacyFifteenDigitsAreUpgraded) {
  const auto r = check_id_number("110105491231002", kToday);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.info->normalized, "11010519491231002X");
  EXPECT_EQ(r.info->birth, (Date{1949, 12, 31}));
  EXPECT_EQ(r.info->gender, Gender::female);
}

TEST(IdNumber, SurroundingSpacesAreIgnored) {
  const auto r = check_id_number("  11010519491231002x\t", kToday);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.info->normalized, "11010519491231002X");
  EXPECT_TRUE(check_id_number("\xE3\x80\x80" "110101199003070011", kToday).ok());  // ideographic space
}

// Hong Kong / Macao / Taiwan residence permits (81/82/83) and unknown codes are not rejected.
TEST(IdNumber, AddressCodeIsNeverRejected) {
  for (std::string first17 : {"81000019900101001", "99999919900101002"}) {
    const std::string id = first17 + id_check_char(first17);
    EXPECT_TRUE(check_id_number(id, kToday).ok()) << id;
  }
}

TEST(IdNumber, MasksKeepFirstAndLastFour) {
  EXPECT_EQ(mask_id_number("11010519491231002X"), "1101**********002X");
  EXPECT_EQ(mask_id_number("12345678"), "********");
}

TEST(IdNumber, MasksPhones) {
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(mask_phone("010-12345678"), "010*******78");
  EXPECT_EQ(mask_phone("12345"), "*****");
}

}  // namespace
}  // namespace lianxin::domain
