// Working-day calendar (shared/domain/README.md, "Shared conventions"): the national holiday
// calendar per year, with 调休 working weekends, maintained by an administrator year by year.
// A result that needed a year with no loaded calendar is marked provisional; for such a year
// Monday..Friday are taken as working days.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/date.hpp"

namespace lianxin::domain {

// 1 = Monday ... 7 = Sunday (ISO).
int iso_weekday(Date d);

struct HolidayYear {
  int year = 0;
  std::set<Date> days_off;          // weekdays off (法定节假日 and the days moved next to them)
  std::set<Date> working_weekends;  // Saturdays / Sundays worked instead (调休上班)
};

class WorkCalendar {
 public:
  // Loads (or replaces) one year. Returns a Chinese error when a date lies outside `year`, when a
  // day is both off and worked, or when a "working weekend" is not a Saturday or Sunday.
  std::optional<std::string> set_year(int year, const std::vector<Date>& days_off,
                                      const std::vector<Date>& working_weekends);
  bool has_year(int year) const { return years_.contains(year); }
  std::vector<int> years() const;

  // A loaded year decides by its lists; a missing year falls back to Monday..Friday.
  bool is_working_day(Date d) const;

 private:
  std::map<int, HolidayYear> years_;
};

// A date computed on the calendar; provisional when a day in a year without a loaded calendar
// had to be classified (the answer may move once the year is loaded).
struct CalendarDate {
  Date date;
  bool provisional = false;
  std::vector<int> missing_years;  // the years that were missing, ascending
  bool operator==(const CalendarDate&) const = default;
};

struct CalendarCount {
  int64_t days = 0;
  bool provisional = false;
  std::vector<int> missing_years;
};

// "Within N working days after D" (calendar.count_event_day=false): D itself is not counted;
// the result is the N-th working day after D. n = 0 returns D; n < 0 counts backwards (the N-th
// working day before D).
CalendarDate add_working_days(const WorkCalendar& cal, Date from, int n);

// Working days in (from, to]: from not counted, to counted. Negative (minus the working days in
// (to, from]) when to < from. add_working_days(from, k) for k = this count is the last working day
// on or before `to`.
CalendarCount working_days_between(const WorkCalendar& cal, Date from, Date to);

// Last day of a notice period (公示) of n working days starting on `start`
// (calendar.notice_counts_first_day, default true: the start counts when it is a working day).
// n <= 0 returns start.
CalendarDate notice_end(const WorkCalendar& cal, Date start, int n, bool counts_first_day = true);

}  // namespace lianxin::domain
