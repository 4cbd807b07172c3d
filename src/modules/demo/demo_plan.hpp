// The top of the demo tree, decided before anything is written: one county, or a province with
// cities and counties, and how many members each county gets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lianxin::modules::demo {

struct CountyPlan {
  std::string address_code;  // 6 digits, GB/T 2260 shaped; starts every ID number in the county
  int city = -1;             // index into DemoPlan::cities; -1 when the county is the root
  int64_t target = 0;        // members to generate in the county
};

struct DemoPlan {
  bool province = false;
  std::string province_code;        // "37" when province
  std::vector<std::string> cities;  // 4-digit codes
  std::vector<CountyPlan> counties;
};

inline constexpr int64_t kProvinceThreshold = 5'000'000;
inline constexpr int64_t kMembersPerCounty = 35'000;

DemoPlan plan_demo(int64_t members);

}  // namespace lianxin::modules::demo
