#pragma once

#include "app/wiring.hpp"

namespace lianxin::app {

// `make run` on a fresh machine: when the database has no organization yet, fill it with the
// county-sized demo (about 2,000 members, seed 1) so there is something to look at.
void bootstrap_demo_if_empty(App& app);

}  // namespace lianxin::app
