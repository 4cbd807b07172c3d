// Civil dates (no time zone inside; the caller decides "today" in Asia/Shanghai) and the
// calendar conventions of shared/domain/README.md: "D + N months" clamps to the month end.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lianxin::domain {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  auto operator<=>(const Date&) const = default;

  // Parses "YYYY-MM-DD" (exactly; also accepts "YYYY/MM/DD" and "YYYYMMDD"); nullopt when not a real date.
  static std::optional<Date> parse(std::string_view s);
  static bool valid(int y, int m, int d);
  std::string iso() const;  // "YYYY-MM-DD"
  // Days since 1970-01-01 (may be negative) and back.
  int64_t days_since_epoch() const;
  static Date from_days(int64_t days);
};

// A calendar month ("2025-03"): dues periods, the paid-through month on a transfer letter.
struct YearMonth {
  int year = 0;
  int month = 0;  // 1..12
  auto operator<=>(const YearMonth&) const = default;

  static YearMonth of(Date d) { return {d.year, d.month}; }
  // Parses "YYYY-MM"; nullopt when not a real month.
  static std::optional<YearMonth> parse(std::string_view s);
  std::string iso() const;  // "YYYY-MM"
  Date first_day() const { return {year, month, 1}; }
  Date last_day() const;
};
// n months later (n may be negative).
YearMonth add_months(YearMonth m, int n);
// Months from a to b (b - a): 2025-02 → 2025-08 is 6.
int months_between(YearMonth a, YearMonth b);

bool is_leap_year(int y);
int days_in_month(int y, int m);
// Same day-of-month n months later (n may be negative); the last day of the month when absent:
// 2025-01-31 + 1 -> 2025-02-28; 2024-02-29 + 12 -> 2025-02-28.
Date add_months(Date d, int n);
inline Date add_years(Date d, int n) { return add_months(d, 12 * n); }
Date add_days(Date d, int64_t n);
// Completed years from `from` to `on` (age, 党龄): the anniversary counts on its day; a 02-29
// anniversary falls on 02-28 in common years (consistent with add_months). 0 when on < from.
int completed_years(Date from, Date on);

// Today in the platform time zone (calendar.tz, default Asia/Shanghai = UTC+8).
Date today_in_tz(int utc_offset_minutes = 8 * 60);

}  // namespace lianxin::domain
