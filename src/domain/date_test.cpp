#include "domain/date.hpp"

#include <gtest/gtest.h>

#include <ctime>

namespace lianxin::domain {
namespace {

Date d(const char* iso) { return Date::parse(iso).value(); }

TEST(Date, ParsesTheThreeAcceptedFormats) {
  EXPECT_EQ(Date::parse("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ(Date::parse("2024/02/29"), (Date{2024, 2, 29}));
  EXPECT_EQ(Date::parse("20240229"), (Date{2024, 2, 29}));
}

TEST(Date, RejectsUnrealOrMalformedDates) {
  for (const char* s : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-2-1",
                        "2024-02/01", "2024-02-2x", "abcd-ef-gh", "", "2024-02-290", "0000-01-01"})
    EXPECT_FALSE(Date::parse(s)) << s;
}

TEST(Date, IsoFormatsWithZeroPadding) { EXPECT_EQ((Date{805, 3, 7}).iso(), "0805-03-07"); }

TEST(Date, LeapYearsFollowTheGregorianRule) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2025));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2100, 2), 28);
}

TEST(Date, EpochDaysKnownValues) {
  EXPECT_EQ((Date{1970, 1, 1}).days_since_epoch(), 0);
  EXPECT_EQ((Date{1969, 12, 31}).days_since_epoch(), -1);
  EXPECT_EQ((Date{2000, 3, 1}).days_since_epoch(), 11017);
  EXPECT_EQ((Date{2026, 1, 1}).days_since_epoch(), 20454);
  EXPECT_EQ(Date::from_days(-719162), (Date{1, 1, 1}));
}

// Every day from 1899 to 2101 must round-trip and follow its predecessor.
TEST(Date, EpochDaysRoundTripAndAreConsecutive) {
  Date prev = Date::from_days((Date{1899, 1, 1}).days_since_epoch() - 1);
  for (int64_t n = (Date{1899, 1, 1}).days_since_epoch(); n <= (Date{2101, 12, 31}).days_since_epoch(); ++n) {
    const Date cur = Date::from_days(n);
    ASSERT_TRUE(Date::valid(cur.year, cur.month, cur.day)) << n;
    ASSERT_EQ(cur.days_since_epoch(), n);
    ASSERT_LT(prev, cur);
    prev = cur;
  }
}

// README.md "D + N months": same day-of-month, else the last day of that month.
TEST(Date, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(add_months(d("2025-01-31"), 1), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2024-02-29"), 12), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2024-01-31"), 1), d("2024-02-29"));
  EXPECT_EQ(add_months(d("2025-03-31"), -1), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2025-01-15"), -1), d("2024-12-15"));
  EXPECT_EQ(add_months(d("2025-11-30"), 3), d("2026-02-28"));
  EXPECT_EQ(add_years(d("2024-02-29"), 4), d("2028-02-29"));
}

// members.md §3 (R-N08, R-N09): 转正 = join + 12 months, or + 18 with a 6-month extension. The
// 党委 approval date (e.g. 2025-08-15) never moves it, so it is not an input here.
TEST(Date, ProbationEndVectorsOfMembersSection3) {
  EXPECT_EQ(add_months(d("2024-06-20"), 12), d("2025-06-20"));
  EXPECT_EQ(add_months(d("2024-06-20"), 12 + 6), d("2025-12-20"));
  EXPECT_EQ(add_months(d("2024-02-29"), 12), d("2025-02-28"));
}

TEST(Date, AddDaysCrossesMonthsAndYears) {
  EXPECT_EQ(add_days(d("2024-02-28"), 1), d("2024-02-29"));
  EXPECT_EQ(add_days(d("2024-12-31"), 1), d("2025-01-01"));
  EXPECT_EQ(add_days(d("2025-01-01"), -1), d("2024-12-31"));
}

TEST(Date, CompletedYearsCountsTheAnniversaryDay) {
  EXPECT_EQ(completed_years(d("2005-07-01"), d("2025-06-30")), 19);
  EXPECT_EQ(completed_years(d("2005-07-01"), d("2025-07-01")), 20);
  EXPECT_EQ(completed_years(d("2024-02-29"), d("2025-02-27")), 0);
  EXPECT_EQ(completed_years(d("2024-02-29"), d("2025-02-28")), 1);  // consistent with add_months
  EXPECT_EQ(completed_years(d("2024-02-29"), d("2028-02-28")), 3);
  EXPECT_EQ(completed_years(d("2024-02-29"), d("2028-02-29")), 4);
  EXPECT_EQ(completed_years(d("2025-01-01"), d("2024-01-01")), 0);
}

TEST(Date, TodayInTzUsesTheOffset) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  const Date utc_today{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
  const Date got = today_in_tz(0);
  EXPECT_TRUE(got == utc_today || got == add_days(utc_today, 1));  // midnight may pass between calls

  // +14:00 and -12:00 are 26 hours apart: one or two calendar days.
  const int64_t spread = today_in_tz(14 * 60).days_since_epoch() - today_in_tz(-12 * 60).days_since_epoch();
  EXPECT_GE(spread, 1);
  EXPECT_LE(spread, 2);
}

}  // namespace
}  // namespace lianxin::domain
