#include "domain/date.hpp"

#include <chrono>
#include <cstdio>

namespace lianxin::domain {

namespace {

// Reads exactly `n` ASCII digits starting at `pos`; -1 when any is not a digit.
int digits(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Floor division, so negative day counts map to the right era.
int64_t floor_div(int64_t a, int64_t b) { return (a - (((a % b) + b) % b)) / b; }

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

bool Date::valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::optional<Date> Date::parse(std::string_view s) {
  int y = -1, m = -1, d = -1;
  if (s.size() == 8) {
    y = digits(s, 0, 4), m = digits(s, 4, 2), d = digits(s, 6, 2);
  } else if (s.size() == 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]) {
    y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  }
  if (!valid(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

// Written by hand: snprintf was 5% of a bulk import (three or four dates per member).
std::string Date::iso() const {
  if (year < 0 || year > 9999 || month < 0 || month > 99 || day < 0 || day > 99) {
    char buf[32];  // not a calendar date; keep printf's rendering of it
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
  }
  std::string s = "0000-00-00";
  s[0] = static_cast<char>('0' + year / 1000);
  s[1] = static_cast<char>('0' + year / 100 % 10);
  s[2] = static_cast<char>('0' + year / 10 % 10);
  s[3] = static_cast<char>('0' + year % 10);
  s[5] = static_cast<char>('0' + month / 10);
  s[6] = static_cast<char>('0' + month % 10);
  s[8] = static_cast<char>('0' + day / 10);
  s[9] = static_cast<char>('0' + day % 10);
  return s;
}

// Civil-calendar day count on 400-year eras (146097 days each) with years starting in March,
// so the leap day is the last day of the shifted year.
int64_t Date::days_since_epoch() const {
  const int64_t y = month <= 2 ? year - 1 : year;
  const int64_t era = floor_div(y, 400);
  const int64_t year_of_era = y - era * 400;
  const int64_t shifted_month = month > 2 ? month - 3 : month + 9;
  const int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468 = days from 0000-03-01 to 1970-01-01
}

Date Date::from_days(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const int d = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int m = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  const int y = static_cast<int>(year_of_era + era * 400 + (m <= 2 ? 1 : 0));
  return Date{y, m, d};
}

Date add_months(Date d, int n) {
  const int64_t index = int64_t{d.year} * 12 + (d.month - 1) + n;
  const int y = static_cast<int>(floor_div(index, 12));
  const int m = static_cast<int>(index - int64_t{y} * 12) + 1;
  const int last = days_in_month(y, m);
  return Date{y, m, d.day > last ? last : d.day};
}

Date add_days(Date d, int64_t n) { return Date::from_days(d.days_since_epoch() + n); }

std::optional<YearMonth> YearMonth::parse(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    y = y * 10 + (s[i] - '0');
  }
  for (int i = 5; i < 7; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    m = m * 10 + (s[i] - '0');
  }
  if (y < 1 || m < 1 || m > 12) return std::nullopt;
  return YearMonth{y, m};
}

std::string YearMonth::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

Date YearMonth::last_day() const { return {year, month, days_in_month(year, month)}; }

YearMonth add_months(YearMonth m, int n) {
  const int64_t index = int64_t{m.year} * 12 + (m.month - 1) + n;
  const int y = static_cast<int>(floor_div(index, 12));
  return {y, static_cast<int>(index - int64_t{y} * 12) + 1};
}

int months_between(YearMonth a, YearMonth b) { return (b.year * 12 + b.month) - (a.year * 12 + a.month); }

int completed_years(Date from, Date on) {
  if (on < from) return 0;
  int years = on.year - from.year;
  if (add_years(from, years) > on) --years;  // anniversary not reached yet this year
  return years;
}

Date today_in_tz(int utc_offset_minutes) {
  using namespace std::chrono;
  const auto local = system_clock::now() + minutes(utc_offset_minutes);
  return Date::from_days(floor<days>(local).time_since_epoch().count());
}

}  // namespace lianxin::domain
