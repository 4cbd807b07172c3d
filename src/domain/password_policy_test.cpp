#include "domain/password_policy.hpp"

#include <gtest/gtest.h>

using lianxin::domain::check_password;

namespace {
std::string code_of(std::string_view pw, std::string_view user = "zhangsan", std::string_view phone = "13800138000") {
  auto e = check_password(pw, user, phone);
  return e ? e->code : "ok";
}
}  // namespace

TEST(PasswordPolicy, LengthBoundaryIsEightCharacters) {
  EXPECT_EQ(code_of("Abc12#x"), "password.too_short");
  EXPECT_EQ(code_of("Abc12#xy"), "ok");
  EXPECT_EQ(code_of(std::string(129, 'a') + "A1"), "password.too_long");
}

TEST(PasswordPolicy, NeedsThreeOfFourClasses) {
  EXPECT_EQ(code_of("abcdefgh"), "password.too_simple");
  EXPECT_EQ(code_of("abcd1234"), "password.too_simple");
  EXPECT_EQ(code_of("abcd123#"), "ok");  // lower, digit, other
  EXPECT_EQ(code_of("ABCDabcd1"), "ok");  // upper, lower, digit
  EXPECT_EQ(code_of("ABCD!@#$1"), "ok");  // upper, other, digit
}

TEST(PasswordPolicy, CountsCharactersNotBytes) {
  // Seven characters, three classes (other, digit, upper): too short although 15 bytes long.
  EXPECT_EQ(code_of("党建党建A1x"), "password.too_short");
  EXPECT_EQ(code_of("党建党建A1xy"), "ok");
}

TEST(PasswordPolicy, RefusesUsernameAndPhone) {
  EXPECT_EQ(code_of("Zhang-San1", "zhang-san1"), "password.equals_username");
  EXPECT_EQ(code_of("13800138000"), "password.too_simple");  // digits only fails first
  EXPECT_EQ(code_of("1380013800A#", "u", "1380013800a#"), "password.equals_phone");
  EXPECT_EQ(code_of("Zhangsan#1", "", ""), "ok");
}
