#include "domain/orglife_rules.hpp"

#include "domain/text.hpp"

namespace lianxin::domain {

namespace {

struct TypeName {
  MeetingType type;
  const char* code;
  const char* label;
};
constexpr TypeName kTypes[] = {
    {MeetingType::kMemberMeeting, "member_meeting", "支部党员大会"},
    {MeetingType::kCommittee, "committee", "支部委员会会议"},
    {MeetingType::kGroup, "group", "党小组会"},
    {MeetingType::kLecture, "lecture", "党课"},
    {MeetingType::kThemeDay, "theme_day", "主题党日"},
    {MeetingType::kLifeMeeting, "life_meeting", "组织生活会"},
    {MeetingType::kAppraisal, "appraisal", "民主评议党员"},
    {MeetingType::kTalk, "talk", "谈心谈话"},
};

OrgLifePack make_defaults() {
  OrgLifePack p;
  using MT = MeetingType;
  using PK = PeriodKind;
  p.obligations = {
      {"R-L01", MT::kMemberMeeting, PK::kQuarter, 1, ObligationUnit::kBranch, false, Severity::kRemind, "REG"},
      {"R-L02", MT::kCommittee, PK::kMonth, 1, ObligationUnit::kBranch, true, Severity::kRemind, "REG"},
      {"R-L03", MT::kGroup, PK::kMonth, 1, ObligationUnit::kGroup, false, Severity::kRemind, "REG"},
      {"R-L04", MT::kLecture, PK::kYear, 4, ObligationUnit::kBranch, false, Severity::kRemind, "UNCONFIRMED"},
      {"R-L05", MT::kThemeDay, PK::kMonth, 1, ObligationUnit::kBranch, false, Severity::kRemind, "REG"},
      {"R-L06", MT::kLifeMeeting, PK::kYear, 1, ObligationUnit::kBranch, false, Severity::kRemind, "REG"},
      {"R-L07", MT::kAppraisal, PK::kYear, 1, ObligationUnit::kBranch, false, Severity::kRemind, "REG"},
      {"R-L08", MT::kTalk, PK::kYear, 1, ObligationUnit::kMember, false, Severity::kRemind, "SEC"},
  };
  return p;
}

std::optional<int> parse_int(std::string_view v, int max_digits) {
  v = trim_spaces(v);
  if (v.empty() || static_cast<int>(v.size()) > max_digits || !all_digits(v)) return std::nullopt;
  int n = 0;
  for (char c : v) n = n * 10 + (c - '0');
  return n;
}

std::optional<bool> parse_bool(std::string_view v) {
  v = trim_spaces(v);
  if (v == "true") return true;
  if (v == "false") return false;
  return std::nullopt;
}

int days_between(Date a, Date b) { return static_cast<int>(b.days_since_epoch() - a.days_since_epoch()); }

}  // namespace

const char* meeting_type_code(MeetingType t) {
  for (const auto& n : kTypes)
    if (n.type == t) return n.code;
  return "";
}

const char* meeting_type_label(MeetingType t) {
  for (const auto& n : kTypes)
    if (n.type == t) return n.label;
  return "";
}

std::optional<MeetingType> parse_meeting_type(std::string_view code) {
  for (const auto& n : kTypes)
    if (code == n.code) return n.type;
  return std::nullopt;
}

std::string Period::label() const {
  const std::string y = std::to_string(start.year);
  switch (kind) {
    case PeriodKind::kMonth: return YearMonth::of(start).iso();
    case PeriodKind::kQuarter: return y + "-Q" + std::to_string((start.month - 1) / 3 + 1);
    case PeriodKind::kYear: return y;
  }
  return y;
}

Period period_of(PeriodKind kind, Date d) {
  switch (kind) {
    case PeriodKind::kMonth: return {kind, {d.year, d.month, 1}, YearMonth::of(d).last_day()};
    case PeriodKind::kQuarter: {
      const int first = (d.month - 1) / 3 * 3 + 1;
      return {kind, {d.year, first, 1}, YearMonth{d.year, first + 2}.last_day()};
    }
    case PeriodKind::kYear: return {kind, {d.year, 1, 1}, {d.year, 12, 31}};
  }
  return {};
}

Period next_period(const Period& p) { return period_of(p.kind, add_days(p.end, 1)); }

const OrgLifePack& OrgLifePack::defaults() {
  static const OrgLifePack p = make_defaults();
  return p;
}

const Obligation* OrgLifePack::obligation(MeetingType t) const {
  for (const auto& o : obligations)
    if (o.type == t) return &o;
  return nullptr;
}

std::optional<std::string> OrgLifePack::set(const std::string& key, const std::string& value) {
  if (obligations.empty()) obligations = make_defaults().obligations;
  struct IntKey {
    const char* key;
    int OrgLifePack::*field;
    int min, max;
  };
  static constexpr IntKey kInts[] = {
      {"orglife.warn_days.month", &OrgLifePack::warn_days_month, 0, 31},
      {"orglife.warn_days.quarter", &OrgLifePack::warn_days_quarter, 0, 92},
      {"orglife.warn_days.year", &OrgLifePack::warn_days_year, 0, 366},
      {"orglife.minutes_min_chars", &OrgLifePack::minutes_min_chars, 0, 10000},
  };
  for (const auto& k : kInts) {
    if (key != k.key) continue;
    const auto n = parse_int(value, 5);
    if (!n || *n < k.min || *n > k.max)
      return "参数 " + key + " 应为 " + std::to_string(k.min) + "–" + std::to_string(k.max) + " 的整数";
    this->*k.field = *n;
    return std::nullopt;
  }
  struct BoolKey {
    const char* key;
    bool OrgLifePack::*field;
  };
  static constexpr BoolKey kBools[] = {
      {"orglife.half_or_more_inclusive", &OrgLifePack::half_or_more_inclusive},
      {"orglife.count_without_quorum", &OrgLifePack::count_without_quorum},
      {"orglife.allow_combined_types", &OrgLifePack::allow_combined_types},
  };
  for (const auto& k : kBools) {
    if (key != k.key) continue;
    const auto b = parse_bool(value);
    if (!b) return "参数 " + key + " 应为 true 或 false";
    this->*k.field = *b;
    return std::nullopt;
  }
  if (key == "orglife.dangke.branch_min_per_year") {
    const auto n = parse_int(value, 2);
    if (!n || *n > 52) return "参数 orglife.dangke.branch_min_per_year 应为0–52的整数（0为不检查）";
    for (auto& o : obligations)
      if (o.type == MeetingType::kLecture) {
        o.min_count = *n;
        o.severity = *n == 0 ? Severity::kOff : Severity::kRemind;
      }
    return std::nullopt;
  }
  if (key == "orglife.theme_day.min_attendance") {
    if (trim_spaces(value) == "OFF") {
      theme_day_min_attendance_pct = 0;
      return std::nullopt;
    }
    std::string_view v = trim_spaces(value);
    if (!v.empty() && v.back() == '%') v.remove_suffix(1);
    const auto n = parse_int(v, 3);
    if (!n || *n < 1 || *n > 100) return "参数 orglife.theme_day.min_attendance 应为 OFF 或 1–100（百分比）";
    theme_day_min_attendance_pct = *n;
    return std::nullopt;
  }
  return "参数“" + key + "”不存在";
}

int quorum_needed(QuorumRule rule, int n, const OrgLifePack& pack) {
  switch (rule) {
    case QuorumRule::kHalfOrMore: return pack.half_or_more_inclusive ? (n + 1) / 2 : n / 2 + 1;
    case QuorumRule::kMoreThanHalf: return n / 2 + 1;
    case QuorumRule::kTwoThirds: return (2 * n + 2) / 3;
  }
  return n;
}

bool quorum_met(QuorumRule rule, int n, int present, const OrgLifePack& pack) {
  return n > 0 && present >= quorum_needed(rule, n, pack);
}

bool majority_passes(int n, int yes) { return n > 0 && yes >= n / 2 + 1; }

const char* colour_code(Colour c) {
  switch (c) {
    case Colour::kNone: return "none";
    case Colour::kGreen: return "green";
    case Colour::kYellow: return "yellow";
    case Colour::kRed: return "red";
  }
  return "none";
}

std::vector<std::string> record_defects(const RecordFacts& f, const OrgLifePack& pack) {
  std::vector<std::string> out;
  if (f.type != MeetingType::kTalk && f.minutes_chars < pack.minutes_min_chars)
    out.push_back(f.minutes_chars == 0 ? "没有会议记录"
                                       : "会议记录少于" + std::to_string(pack.minutes_min_chars) + "字");
  if (f.minutes_duplicate) out.push_back("会议记录与以前的会议完全相同");
  if (f.attendees == 0) out.push_back("没有登记参会人员");
  if (f.type == MeetingType::kThemeDay && pack.theme_day_min_attendance_pct > 0 && f.expected > 0 &&
      f.attendees * 100 < f.expected * pack.theme_day_min_attendance_pct)
    out.push_back("主题党日参加人数" + std::to_string(f.attendees) + "/" + std::to_string(f.expected) + "，低于" +
                  std::to_string(pack.theme_day_min_attendance_pct) + "%");
  return out;
}

Compliance compliance(const Obligation& ob, const ComplianceInput& in, Date today, const OrgLifePack& pack) {
  Compliance c;
  const std::string what = meeting_type_label(ob.type);
  const std::string period = in.period.label();
  if (ob.severity == Severity::kOff) return c;
  int complete = 0;
  if (ob.unit == ObligationUnit::kMember) {
    c.required = in.population;
    c.count = complete = in.covered;
  } else {
    c.required = ob.min_count;
    for (const auto& m : in.held) {
      const bool inquorate = m.quorate.has_value() && !*m.quorate;
      if (inquorate && !pack.count_without_quorum) continue;
      ++c.count;
      if (m.minutes_ok && m.attendance_ok && !inquorate) ++complete;
    }
  }
  const auto counted = [&] { return std::to_string(c.count) + "/" + std::to_string(c.required); };
  const bool closed = today > in.period.end;
  if (c.count >= c.required) {
    c.colour = complete >= c.required ? Colour::kGreen : Colour::kYellow;
    c.reason = c.colour == Colour::kGreen
                   ? period + what + "已完成（" + counted() + "）"
                   : period + what + "次数已够，但会议记录不完整或会议人数不足法定人数，需补正";
  } else if (closed) {
    c.colour = Colour::kRed;
    c.reason = period + what + "未完成：" + counted() + "，期限已过";
  } else {
    const int warn = ob.period == PeriodKind::kMonth     ? pack.warn_days_month
                     : ob.period == PeriodKind::kQuarter ? pack.warn_days_quarter
                                                         : pack.warn_days_year;
    const int left = days_between(today, in.period.end);
    const bool fixed_day_passed = ob.type == MeetingType::kThemeDay && in.theme_day &&
                                  today.day > *in.theme_day && today.month == in.period.start.month;
    if (fixed_day_passed) {
      c.colour = Colour::kYellow;
      c.reason = "主题党日固定在每月" + std::to_string(*in.theme_day) + "日，本月尚无记录（" + period + "）";
    } else if (left <= warn) {
      c.colour = Colour::kYellow;
      c.reason = period + what + "尚未完成（" + counted() + "），距期限还有" + std::to_string(left) + "天";
    }
  }
  // R-L06: any time is allowed, normally in the fourth quarter.
  if (ob.type == MeetingType::kLifeMeeting && !in.held.empty()) {
    bool q4 = false;
    for (const auto& m : in.held) q4 |= m.date.month >= 10;
    if (!q4) c.info = "组织生活会一般在第四季度召开";
  }
  return c;
}

}  // namespace lianxin::domain
