// Shared by the meeting service's files: loading a meeting within the caller's scope and the JSON
// shapes of a meeting and an attendee.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/orglife_rules.hpp"
#include "http/api.hpp"

namespace lianxin::modules::life::detail {

struct MeetingRow {
  int64_t id = 0, org_id = 0, version = 0;
  std::string org_path, org_kind, state, primary_type, meeting_date, starts_at, ends_at;
  bool online = false;
};

// 404 outside what the caller sees, 403 outside where the route's permission holds.
MeetingRow load_meeting(db::Tx& tx, int64_t id, const http::Scope& scope);
// No scope: the member self routes (the caller is checked against the attendee list instead).
std::optional<MeetingRow> find_meeting(db::Tx& tx, int64_t id);
// 409 meeting.not_planned unless the meeting is still planned.
void require_planned(const MeetingRow& m);

boost::json::object meeting_json(const db::Row& r);  // a row of kMeetingColumns
boost::json::object attendee_json(const db::Row& r); // a row of kAttendeeColumns
boost::json::object full_meeting(db::Tx& tx, int64_t id);

extern const char* const kMeetingColumns;   // prefix m. / o.
extern const char* const kAttendeeColumns;  // prefix a.

// "YYYY-MM-DDTHH:MM" in the platform time zone (UTC+8) → seconds since the epoch; nullopt when malformed.
std::optional<int64_t> local_epoch(const std::string& local);
// Accepts "YYYY-MM-DDTHH:MM", "YYYY-MM-DD HH:MM" and with ":SS"; returns "YYYY-MM-DDTHH:MM".
std::optional<std::string> normalize_local(const std::string& s);
// Now in the platform time zone as "YYYY-MM-DDTHH:MM".
std::string local_now();

// Recounts expected / present (and for a 党员大会 voting_n and quorate) from the attendees.
void recount(db::Tx& tx, int64_t meeting_id, const domain::OrgLifePack& pack);

}  // namespace lianxin::modules::life::detail
