#include "modules/demo/demo_people.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "domain/id_number.hpp"

namespace lianxin::modules::demo {

namespace {

using SV = std::string_view;
using domain::Date;

constexpr int kMaxAge = 96;
constexpr int kSeqPerDayAndGender = 500;

// GB/T 3304 codes of the larger minorities, roughly by population.
constexpr Weighted<SV> kMinorities[] = {{"08", 18}, {"03", 11}, {"11", 10}, {"05", 10}, {"06", 9},
                                        {"07", 9},  {"15", 8},  {"04", 6},  {"02", 6},  {"09", 3},
                                        {"10", 2},  {"12", 3},  {"13", 3},  {"14", 2}};
constexpr SV kMobilePrefixes[] = {"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                                  "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181",
                                  "182", "183", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"};
constexpr SV kPositions[] = {"职员",   "科员",   "科长", "副科长", "教师", "医生",       "护士",
                             "工程师", "技术员", "会计", "经理",   "主任", "村民小组长", "网格员"};

using Table = std::span<const Weighted<SV>>;

std::string from(Rng& rng, Table t) { return std::string(pick_weighted(rng, t)); }

std::string digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.below(10));
  return s;
}

std::string education(Rng& rng, Sector sector, int age) {
  // Older members and villages have less formal schooling; offices and institutions more.
  const bool old = age > 60;
  if (sector == Sector::village) {
    static constexpr Weighted<SV> t[] = {
        {"junior_college", 6}, {"secondary", 30}, {"junior_high", 40}, {"primary", 24}};
    static constexpr Weighted<SV> t_young[] = {
        {"bachelor", 10}, {"junior_college", 25}, {"secondary", 40}, {"junior_high", 25}};
    return old ? from(rng, t) : from(rng, t_young);
  }
  if (sector == Sector::government || sector == Sector::institution) {
    static constexpr Weighted<SV> t[] = {
        {"postgraduate", 12}, {"bachelor", 55}, {"junior_college", 25}, {"secondary", 8}};
    return from(rng, t);
  }
  static constexpr Weighted<SV> t[] = {{"postgraduate", 4}, {"bachelor", 28},    {"junior_college", 27},
                                       {"secondary", 25},   {"junior_high", 12}, {"primary", 4}};
  static constexpr Weighted<SV> t_old[] = {
      {"bachelor", 8}, {"junior_college", 14}, {"secondary", 35}, {"junior_high", 28}, {"primary", 15}};
  return old ? from(rng, t_old) : from(rng, t);
}

std::string employment(Rng& rng, Sector sector, int age) {
  if (age >= 60 && rng.chance(0.85)) return "retired";
  switch (sector) {
    case Sector::government:
      return rng.chance(0.9) ? "civil_servant" : "public_institution";
    case Sector::institution:
      return rng.chance(0.9) ? "public_institution" : "other";
    case Sector::enterprise:
      return rng.chance(0.92) ? "enterprise" : "other";
    case Sector::village: {
      static constexpr Weighted<SV> t[] = {
          {"farmer", 70}, {"self_employed", 15}, {"enterprise", 8}, {"unemployed", 4}, {"other", 3}};
      return from(rng, t);
    }
    case Sector::mixed:
      break;
  }
  static constexpr Weighted<SV> t[] = {
      {"self_employed", 40}, {"enterprise", 30}, {"student", 8}, {"unemployed", 7}, {"other", 15}};
  return from(rng, t);
}

}  // namespace

PersonFactory::PersonFactory(Date today)
    : today_(today), first_day_(domain::add_years(today, -(kMaxAge + 2)).days_since_epoch()) {
  next_seq_.assign(static_cast<size_t>(today.days_since_epoch() - first_day_ + 1) * 2, 0);
}

void PersonFactory::start_county(const std::string& address_code, const std::string& county_name) {
  address_code_ = address_code;
  county_ = county_name;
  std::fill(next_seq_.begin(), next_seq_.end(), 0);
}

int PersonFactory::pick_age(Rng& rng, Sector sector, bool probationary) {
  if (probationary) return static_cast<int>(rng.between(20, 40));
  // 28% of members are 61 or older nationally; more in villages, fewer in offices.
  const double old_share = sector == Sector::village ? 0.40 : 0.24;
  if (rng.chance(old_share)) return std::min(kMaxAge, 61 + static_cast<int>(-std::log(1.0 - rng.unit()) * 9.0));
  return static_cast<int>(rng.between(21, 60));
}

// Address code, birth date, sequence (odd = male), check character. When the 500 sequence
// numbers of a day are used up in this county, the birth date moves a day earlier.
std::string PersonFactory::id_number(Date& birth, bool male) {
  for (;;) {
    const size_t slot = static_cast<size_t>(birth.days_since_epoch() - first_day_) * 2 + (male ? 1 : 0);
    if (next_seq_[slot] < kSeqPerDayAndGender) {
      const int seq = next_seq_[slot]++ * 2 + (male ? 1 : 0);
      char body[32];
      std::snprintf(body, sizeof body, "%s%04d%02d%02d%03d", address_code_.c_str(), birth.year, birth.month, birth.day,
                    seq);
      std::string id(body);
      id += domain::id_check_char(id);
      return id;
    }
    birth = domain::add_days(birth, -1);
  }
}

void PersonFactory::set_dates(Rng& rng, domain::MemberFields& m, bool probationary) {
  const Date& birth = m.birth_date;
  if (probationary) {
    m.join_date = domain::add_days(today_, -rng.between(1, 360));
  } else {
    // Joined between age 19 and a year ago, mostly young: u^2.5 leans towards the start.
    const Date lo = domain::add_years(birth, 19);
    const Date hi = domain::add_days(domain::add_years(today_, -1), -1);
    const int64_t span = std::max<int64_t>(0, hi.days_since_epoch() - lo.days_since_epoch());
    m.join_date = domain::add_days(lo, static_cast<int64_t>(static_cast<double>(span) * std::pow(rng.unit(), 2.5)));
    m.full_date = domain::add_years(m.join_date, 1);  // probation of one year, converted on time
  }
  // Applied at least a year before joining (the activist year), never before turning 18.
  Date applied = domain::add_days(domain::add_years(m.join_date, -1), -rng.between(0, 730));
  m.application_date = std::max(applied, domain::add_years(birth, 18));
}

void PersonFactory::set_profile(Rng& rng, domain::MemberFields& m, Sector sector, int age) {
  m.ethnicity = rng.chance(0.93) ? std::string("01") : from(rng, kMinorities);
  m.education = education(rng, sector, age);
  m.employment = employment(rng, sector, age);
  const double r = rng.unit();
  m.status = r < 0.001 ? "suspended" : r < 0.006 ? "lost_contact" : r < 0.036 ? "mobile" : "normal";
  if (rng.chance(0.3)) m.position = std::string(kPositions[rng.below(std::size(kPositions))]);
  if (rng.chance(0.95)) m.mobile = std::string(kMobilePrefixes[rng.below(std::size(kMobilePrefixes))]) + digits(rng, 8);
  if (rng.chance(0.08))
    m.landline = "0" + std::to_string(rng.between(310, 799)) + "-" + std::to_string(rng.between(2, 8)) + digits(rng, 7);
  if (rng.chance(0.6)) {
    m.address = county_ + place_name(rng) + (sector == Sector::village ? "村" : "路") +
                std::to_string(rng.between(1, 300)) + "号";
  }
  if (*m.employment == "retired") {
    m.income_base_fen = rng.between(1500, 6000) * 100;
  } else if (*m.employment != "student" && *m.employment != "unemployed" && rng.chance(0.8)) {
    m.income_base_fen = rng.between(2500, 15000) * 100;
  }
}

domain::MemberFields PersonFactory::make(Rng& rng, Sector sector, bool full_only) {
  domain::MemberFields m;
  const bool male = rng.chance(0.7);
  const bool probationary = !full_only && rng.chance(0.02);
  const int age = pick_age(rng, sector, probationary);
  m.name = person_name(rng, male);
  m.gender = male ? "male" : "female";
  m.birth_date = domain::add_days(domain::add_years(today_, -age), -rng.between(0, 364));
  m.id_number = id_number(m.birth_date, male);
  m.category = probationary ? "probationary" : "full";
  set_dates(rng, m, probationary);
  set_profile(rng, m, sector, age);
  return m;
}

}  // namespace lianxin::modules::demo
