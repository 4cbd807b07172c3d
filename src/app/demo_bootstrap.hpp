#pragma once

#include "app/wiring.hpp"

namespace lianxin::app {

// `make run` on a fresh machine: when the database has no organization yet, fill it with the
// county-sized demo (about 2,000 members, seed 1) so there is something to look at.
void bootstrap_demo_if_empty(App& app);

// First start: the three system accounts (admin, secadmin, auditor) with the password in
// LIANXIN_ADMIN_PASSWORD or a random one each, printed once on the console.
void bootstrap_system_accounts(App& app);
// After demo data exists: the demo logins (orgadmin, branch1, member1) with LIANXIN_DEMO_PASSWORD
// or random passwords, printed once.
void bootstrap_demo_accounts(App& app);
// Prints how to log in (the account names; passwords were printed when they were created).
void print_login_help(App& app);

}  // namespace lianxin::app
