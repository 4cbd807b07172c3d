// Synthetic party members that pass every rule of domain::validate_member: GB 11643 ID numbers
// (the county's address code, the birth date, a sequence whose parity is the gender, the check
// character), unique within a county by construction, with dates in the order the rules and the
// recruitment process require (age >= 18 at application, a year as activist before joining,
// full membership one year after joining).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/member_rules.hpp"
#include "modules/demo/demo_names.hpp"
#include "modules/demo/demo_random.hpp"

namespace lianxin::modules::demo {

class PersonFactory {
public:
  explicit PersonFactory(domain::Date today);

  // A new county: its address code starts every ID number; sequence numbers start again.
  void start_county(const std::string& address_code, const std::string& county_name);
  // One member of a branch in `sector`. `full_only` forbids a probationary member (each branch
  // starts with three full members, R-O01).
  domain::MemberFields make(Rng& rng, Sector sector, bool full_only);

private:
  int pick_age(Rng& rng, Sector sector, bool probationary);
  std::string id_number(domain::Date& birth, bool male);
  void set_dates(Rng& rng, domain::MemberFields& m, bool probationary);
  void set_profile(Rng& rng, domain::MemberFields& m, Sector sector, int age);

  domain::Date today_;
  int64_t first_day_;  // days_since_epoch of the earliest possible birth date
  std::string address_code_;
  std::string county_;
  // Next free sequence number per (birth day, gender): 500 per day and gender in one county.
  std::vector<uint16_t> next_seq_;
};

}  // namespace lianxin::modules::demo
