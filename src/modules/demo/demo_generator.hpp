// Deterministic demo data: an organization tree shaped like shared/domain/scale.md §3 with about
// `members` party members, written through the org and member services. A county 党委 at the
// root; from ~5M members a province with cities and counties, ~35,000 members per county.
// Streams: orgs and members are written in write transactions of ~10,000 members each and never
// held in memory all at once, so 10M members fit a small machine.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "modules/common/context.hpp"

namespace lianxin::modules::demo {

struct DemoOptions {
  int64_t members = 2000;
  uint64_t seed = 1;
};

struct DemoResult {
  int64_t orgs = 0;
  int64_t members = 0;
  int64_t terms = 0;
  int64_t root_org_id = 0;
  double seconds = 0;
};

// Throws std::runtime_error when the database already has organizations (the demo's codes
// would collide). `progress` receives a Chinese status line every ~100,000 members.
DemoResult generate_demo(ModuleContext& ctx, const DemoOptions& opts, std::function<void(std::string)> progress);

}  // namespace lianxin::modules::demo
