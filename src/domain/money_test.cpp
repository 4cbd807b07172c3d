#include "domain/money.hpp"

#include <gtest/gtest.h>

using lianxin::domain::format_yuan;

TEST(Money, FormatsFenAsYuanWithTwoDecimals) {
  EXPECT_EQ(format_yuan(0), "0.00");
  EXPECT_EQ(format_yuan(5), "0.05");
  EXPECT_EQ(format_yuan(12345), "123.45");
  EXPECT_EQ(format_yuan(100000), "1000.00");
  EXPECT_EQ(format_yuan(-5), "-0.05");
}
