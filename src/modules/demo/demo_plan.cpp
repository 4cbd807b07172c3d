#include "modules/demo/demo_plan.hpp"

#include <algorithm>
#include <cstdio>

namespace lianxin::modules::demo {

namespace {

std::string two_digits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

}  // namespace

DemoPlan plan_demo(int64_t members) {
  DemoPlan plan;
  if (members < kProvinceThreshold) {
    plan.counties.push_back(CountyPlan{"370921", -1, std::max<int64_t>(members, 1)});
    return plan;
  }
  // ~9 counties per city (scale.md §3), more when the province is huge: county codes 21..99
  // within a city and city codes 01..99 must stay two digits each.
  plan.province = true;
  plan.province_code = "37";
  const int64_t counties = std::max<int64_t>(1, (members + kMembersPerCounty / 2) / kMembersPerCounty);
  const int64_t per_city = std::clamp<int64_t>((counties + 98) / 99, 9, 79);
  const int64_t cities = (counties + per_city - 1) / per_city;
  for (int64_t c = 0; c < cities; ++c) plan.cities.push_back(plan.province_code + two_digits(static_cast<int>(c + 1)));
  for (int64_t i = 0; i < counties; ++i) {
    const int city = static_cast<int>(i / per_city);
    const int64_t share = members / counties + (i == counties - 1 ? members % counties : 0);
    plan.counties.push_back(CountyPlan{
        plan.cities[static_cast<size_t>(city)] + two_digits(static_cast<int>(21 + i % per_city)), city, share});
  }
  return plan;
}

}  // namespace lianxin::modules::demo
