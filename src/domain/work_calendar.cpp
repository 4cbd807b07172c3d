#include "domain/work_calendar.hpp"

#include <algorithm>

namespace lianxin::domain {

int iso_weekday(Date d) {
  // 1970-01-01 was a Thursday (4).
  const int64_t days = d.days_since_epoch();
  const int64_t r = ((days + 3) % 7 + 7) % 7;  // 0 = Monday
  return static_cast<int>(r) + 1;
}

std::optional<std::string> WorkCalendar::set_year(int year, const std::vector<Date>& days_off,
                                                  const std::vector<Date>& working_weekends) {
  HolidayYear y{year, {}, {}};
  for (const Date& d : days_off) {
    if (d.year != year) return "节假日 " + d.iso() + " 不在 " + std::to_string(year) + " 年内";
    y.days_off.insert(d);
  }
  for (const Date& d : working_weekends) {
    if (d.year != year) return "调休上班日 " + d.iso() + " 不在 " + std::to_string(year) + " 年内";
    if (iso_weekday(d) < 6) return "调休上班日 " + d.iso() + " 不是周六或周日";
    if (y.days_off.contains(d)) return d.iso() + " 不能既是节假日又是调休上班日";
    y.working_weekends.insert(d);
  }
  years_[year] = std::move(y);
  return std::nullopt;
}

std::vector<int> WorkCalendar::years() const {
  std::vector<int> out;
  for (const auto& [y, _] : years_) out.push_back(y);
  return out;
}

bool WorkCalendar::is_working_day(Date d) const {
  const bool weekend = iso_weekday(d) >= 6;
  const auto it = years_.find(d.year);
  if (it == years_.end()) return !weekend;
  if (weekend) return it->second.working_weekends.contains(d);
  return !it->second.days_off.contains(d);
}

namespace {

// Collects the years looked at that have no calendar.
struct Probe {
  const WorkCalendar& cal;
  std::vector<int> missing;
  bool working(Date d) {
    if (!cal.has_year(d.year) && std::find(missing.begin(), missing.end(), d.year) == missing.end())
      missing.push_back(d.year);
    return cal.is_working_day(d);
  }
  void finish() { std::sort(missing.begin(), missing.end()); }
};

}  // namespace

CalendarDate add_working_days(const WorkCalendar& cal, Date from, int n) {
  Probe p{cal, {}};
  Date d = from;
  const int step = n < 0 ? -1 : 1;
  for (int left = n < 0 ? -n : n; left > 0;) {
    d = add_days(d, step);
    if (p.working(d)) --left;
  }
  p.finish();
  return CalendarDate{d, !p.missing.empty(), p.missing};
}

CalendarCount working_days_between(const WorkCalendar& cal, Date from, Date to) {
  Probe p{cal, {}};
  const bool backwards = to < from;
  const Date lo = backwards ? to : from, hi = backwards ? from : to;
  int64_t n = 0;
  for (Date d = add_days(lo, 1); d <= hi; d = add_days(d, 1))
    if (p.working(d)) ++n;
  p.finish();
  return CalendarCount{backwards ? -n : n, !p.missing.empty(), p.missing};
}

CalendarDate notice_end(const WorkCalendar& cal, Date start, int n, bool counts_first_day) {
  if (n <= 0) return CalendarDate{start, false, {}};
  Probe p{cal, {}};
  int left = n;
  if (counts_first_day && p.working(start)) --left;
  Date d = start;
  while (left > 0) {
    d = add_days(d, 1);
    if (p.working(d)) --left;
  }
  p.finish();
  return CalendarDate{d, !p.missing.empty(), p.missing};
}

}  // namespace lianxin::domain
