// What every module receives from the app: storage, the field cipher, the rule packs in force,
// and the clock. One instance per process, wired in src/app.
#pragma once

#include <functional>
#include <string>

#include "db/database.hpp"
#include "domain/date.hpp"
#include "domain/member_rules.hpp"
#include "domain/org_rules.hpp"
#include "util/field_cipher.hpp"

namespace lianxin::modules {

struct ModuleContext {
  db::Database& db;
  const util::FieldCipher& cipher;
  domain::OrgRulePack org_rules = domain::OrgRulePack::defaults();
  domain::MemberRulePack member_rules = domain::MemberRulePack::defaults();
  // Today in the platform time zone (Asia/Shanghai by default).
  std::function<domain::Date()> today = [] { return domain::today_in_tz(); };
};

// Who made a change and in which request; stored with every history row (and, from issue #3 on,
// with the audit record).
struct ChangeMeta {
  std::string request_id;
  int64_t user_id = 0;
  std::string client_addr;
};

// Current UTC time as "2026-11-21T05:33:43Z".
std::string now_timestamp();

}  // namespace lianxin::modules
