// shared/domain/README.md "Shared conventions" (working days) and the R-D29 notice vectors of
// recruitment.md, on the 2025 holiday data given there.
#include "domain/work_calendar.hpp"

#include <gtest/gtest.h>

namespace lianxin::domain {
namespace {

Date d(const char* iso) { return Date::parse(iso).value(); }

std::vector<Date> range(const char* from, const char* to) {
  std::vector<Date> out;
  for (Date x = d(from); x <= d(to); x = add_days(x, 1)) out.push_back(x);
  return out;
}

// 2025 (State Council notice), as listed in shared/domain/README.md.
WorkCalendar cal2025() {
  std::vector<Date> off = {d("2025-01-01")};
  for (auto r : {range("2025-01-28", "2025-02-04"), range("2025-04-04", "2025-04-06"),
                 range("2025-05-01", "2025-05-05"), range("2025-05-31", "2025-06-02"),
                 range("2025-10-01", "2025-10-08")})
    off.insert(off.end(), r.begin(), r.end());
  // Weekend days inside the holiday blocks are simply not working days; only weekdays matter in
  // days_off, but listing weekend days too is harmless.
  WorkCalendar cal;
  const auto err = cal.set_year(2025, off,
                                {d("2025-01-26"), d("2025-02-08"), d("2025-04-27"), d("2025-09-28"), d("2025-10-11")});
  EXPECT_FALSE(err) << err.value_or("");
  return cal;
}

TEST(WorkCalendar, WeekdaysAndIsoNumbers) {
  EXPECT_EQ(iso_weekday(d("2025-06-09")), 1);  // Monday
  EXPECT_EQ(iso_weekday(d("2025-10-11")), 6);  // Saturday
  EXPECT_EQ(iso_weekday(d("1970-01-01")), 4);
  EXPECT_EQ(iso_weekday(d("1969-12-28")), 7);
}

TEST(WorkCalendar, HolidaysAndWorkingWeekends) {
  const auto cal = cal2025();
  EXPECT_FALSE(cal.is_working_day(d("2025-10-01")));
  EXPECT_FALSE(cal.is_working_day(d("2025-10-08")));  // Wednesday off
  EXPECT_TRUE(cal.is_working_day(d("2025-10-11")));   // Saturday worked
  EXPECT_TRUE(cal.is_working_day(d("2025-01-26")));   // Sunday worked
  EXPECT_FALSE(cal.is_working_day(d("2025-06-14")));  // ordinary Saturday
  EXPECT_TRUE(cal.is_working_day(d("2025-06-16")));
}

TEST(WorkCalendar, RejectsInconsistentYears) {
  WorkCalendar cal;
  EXPECT_TRUE(cal.set_year(2025, {d("2024-12-31")}, {}));
  EXPECT_TRUE(cal.set_year(2025, {}, {d("2025-06-09")}));  // a Monday is no "working weekend"
  EXPECT_TRUE(cal.set_year(2025, {d("2025-10-11")}, {d("2025-10-11")}));
  EXPECT_FALSE(cal.has_year(2025));
}

// R-D29 test vectors: a 5-working-day notice, the first day counting.
TEST(WorkCalendar, NoticeVectorsOf2025) {
  const auto cal = cal2025();
  EXPECT_EQ(notice_end(cal, d("2025-06-09"), 5).date, d("2025-06-13"));
  EXPECT_EQ(notice_end(cal, d("2025-06-12"), 5).date, d("2025-06-18"));
  EXPECT_EQ(notice_end(cal, d("2025-09-29"), 5).date, d("2025-10-11"));
  EXPECT_EQ(notice_end(cal, d("2025-01-24"), 5).date, d("2025-02-06"));
  EXPECT_FALSE(notice_end(cal, d("2025-01-24"), 5).provisional);
}

TEST(WorkCalendar, NoticeStartingOnAHolidayStartsCountingOnTheNextWorkingDay) {
  const auto cal = cal2025();
  // 10-01..10-08 off; 10-09, 10-10, 10-11 (Sat, worked), 10-13, 10-14.
  EXPECT_EQ(notice_end(cal, d("2025-10-03"), 5).date, d("2025-10-14"));
  // calendar.notice_counts_first_day=false: the first day is not counted.
  EXPECT_EQ(notice_end(cal, d("2025-06-09"), 5, false).date, d("2025-06-16"));
}

TEST(WorkCalendar, AddWorkingDaysDoesNotCountTheEventDay) {
  const auto cal = cal2025();
  EXPECT_EQ(add_working_days(cal, d("2025-06-09"), 1).date, d("2025-06-10"));
  EXPECT_EQ(add_working_days(cal, d("2025-06-13"), 1).date, d("2025-06-16"));
  EXPECT_EQ(add_working_days(cal, d("2025-09-30"), 1).date, d("2025-10-09"));
  EXPECT_EQ(add_working_days(cal, d("2025-09-30"), 3).date, d("2025-10-11"));
  EXPECT_EQ(add_working_days(cal, d("2025-06-09"), 0).date, d("2025-06-09"));
  EXPECT_EQ(add_working_days(cal, d("2025-10-09"), -1).date, d("2025-09-30"));
}

TEST(WorkCalendar, WorkingDaysBetweenIsTheInverse) {
  const auto cal = cal2025();
  EXPECT_EQ(working_days_between(cal, d("2025-09-30"), d("2025-10-11")).days, 3);
  EXPECT_EQ(working_days_between(cal, d("2025-10-11"), d("2025-09-30")).days, -3);
  EXPECT_EQ(working_days_between(cal, d("2025-06-09"), d("2025-06-09")).days, 0);
  EXPECT_EQ(working_days_between(cal, d("2025-01-01"), d("2025-12-31")).days, 365 - 104 - (1 + 6 + 1 + 3 + 1 + 6) + 5);
  for (int n = 0; n < 40; ++n) {
    const Date to = add_working_days(cal, d("2025-09-20"), n).date;
    EXPECT_EQ(working_days_between(cal, d("2025-09-20"), to).days, n);
  }
}

TEST(WorkCalendar, MissingYearIsProvisional) {
  const auto cal = cal2025();
  // A year without calendar → provisional (R-D29), Monday..Friday assumed.
  const auto r = notice_end(cal, d("2026-06-01"), 5);
  EXPECT_EQ(r.date, d("2026-06-05"));
  EXPECT_TRUE(r.provisional);
  EXPECT_EQ(r.missing_years, std::vector<int>{2026});
  // Crossing into the missing year from a loaded one.
  const auto x = add_working_days(cal, d("2025-12-30"), 3);
  EXPECT_EQ(x.date, d("2026-01-02"));
  EXPECT_TRUE(x.provisional);
  EXPECT_TRUE(working_days_between(cal, d("2025-12-01"), d("2026-01-05")).provisional);
  EXPECT_FALSE(working_days_between(cal, d("2025-12-01"), d("2025-12-31")).provisional);
  // Loading the year clears the flag.
  WorkCalendar later = cal;
  ASSERT_FALSE(later.set_year(2026, {d("2026-01-01"), d("2026-01-02")}, {d("2026-01-04")}));
  const auto y = add_working_days(later, d("2025-12-30"), 3);
  EXPECT_EQ(y.date, d("2026-01-05"));
  EXPECT_FALSE(y.provisional);
}

}  // namespace
}  // namespace lianxin::domain
