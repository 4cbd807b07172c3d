// What every module receives from the app: storage, the field cipher, the rule packs in force,
// and the clock. One instance per process, wired in src/app.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <string>

#include "db/database.hpp"
#include "domain/date.hpp"
#include "domain/dues_rules.hpp"
#include "domain/member_rules.hpp"
#include "domain/member_status.hpp"
#include "domain/org_rules.hpp"
#include "domain/orglife_rules.hpp"
#include "util/field_cipher.hpp"

namespace lianxin::modules {

struct ModuleContext {
  db::Database& db;
  const util::FieldCipher& cipher;
  domain::OrgRulePack org_rules = domain::OrgRulePack::defaults();
  domain::MemberRulePack member_rules = domain::MemberRulePack::defaults();
  domain::MemberStatusRules member_status_rules = domain::MemberStatusRules::defaults();  // member.* settings
  domain::DuesPack dues_rules = domain::DuesPack::defaults();           // dues.* settings (dues.md)
  domain::OrgLifePack orglife_rules = domain::OrgLifePack::defaults();  // orglife.* settings (org-life.md)
  // Today in the platform time zone (Asia/Shanghai by default).
  std::function<domain::Date()> today = [] { return domain::today_in_tz(); };
  // Where large files are built (exports): `<data>/tmp` in the server, on the data disk rather than
  // a RAM-backed /tmp. Empty: the system's temporary directory.
  std::string temp_dir;
  std::string temp_directory() const;
  // Where uploaded files are kept (recruitment attachments): `<data>/files` in the server. Empty:
  // `<temp_directory()>/files` (tests).
  std::string files_dir;
  // The largest attachment accepted (setting attachment-max-bytes, capped by max-body).
  size_t attachment_max_bytes = 10 * 1024 * 1024;
  // Meeting check-in: seconds a QR token is accepted (setting checkin-token-seconds), and the
  // console's address for the URL in the code (setting public-url; empty: the request's Host).
  int checkin_token_seconds = 60;
  std::string public_url = {};
};

// Who made a change, in which request and through which route; stored with every history row and
// with every audit record.
struct ChangeMeta {
  std::string request_id;
  int64_t user_id = 0;
  std::string client_addr;
  std::string actor;       // the username, "apikey:<name>", "cli" or "system"
  std::string route;       // "PATCH /api/members/{id}"; empty outside HTTP
  std::string user_agent;
};

// Current UTC time as "2026-11-21T05:33:43Z".
std::string now_timestamp();
// The same format for a given time (seconds since the epoch), and back (nullopt if malformed).
std::string timestamp_at(int64_t epoch_seconds);
std::optional<int64_t> parse_timestamp(std::string_view ts);

}  // namespace lianxin::modules
