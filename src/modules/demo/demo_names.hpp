// Chinese names for demo people, places and units. All fictional: place names are random pairs
// of common characters, so no generated county or village is a real one.
#pragma once

#include <string>

#include "modules/demo/demo_random.hpp"

namespace lianxin::modules::demo {

// Surname weighted like the national frequency table, given name of one or two characters.
std::string person_name(Rng& rng, bool male);
// Two characters, e.g. "青山" (add 县 / 镇 / 村 yourself).
std::string place_name(Rng& rng);
// 1 -> "一", 10 -> "十", 21 -> "二十一" (1..99; larger numbers as digits).
std::string chinese_number(int n);

enum class Sector { government, institution, enterprise, village, mixed };

// A unit that hosts a 基层党委, e.g. "青山县人民医院" or "青山建设集团有限公司".
std::string unit_name(Rng& rng, Sector sector, const std::string& county);
// A small county-level body with a branch directly under the county committee ("青山县档案馆").
std::string small_unit_name(Rng& rng, const std::string& county);

}  // namespace lianxin::modules::demo
