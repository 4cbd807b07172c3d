// The member module's SQL (internal; other modules use MemberService).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::member::repo {

extern const char* const kColumns;  // what from_row() reads, prefixed "m."
MemberRecord from_row(db::Row&& r);
MemberRecord from_row(const db::Row& r);
std::optional<MemberRecord> by_id(db::Tx& tx, int64_t id);
std::optional<MemberRecord> by_id_hash(db::Tx& tx, const std::string& hash);
int64_t insert(db::Tx& tx, const MemberRecord& m);
// Writes every column of `m`, bumping the version; false when `expected_version` is stale.
bool update(db::Tx& tx, const MemberRecord& m, int64_t expected_version);
void add_history(db::Tx& tx, int64_t member_id, const std::string& action, const std::string& effective_date,
                 const std::optional<std::string>& before_json, const std::optional<std::string>& after_json,
                 const std::optional<std::string>& reason, const ChangeMeta& meta);


// One row of member_status_events (migration 0006): a status decision, append-only.
struct StatusEvent {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string from_status, to_status;
  std::optional<std::string> kind;
  std::string effective_date;
  std::optional<std::string> reason, approver, lost_since;
  std::string rule_id, table_version;
  std::optional<std::string> review_kind, review_due;
  std::string source;  // "manual" (the status route) or the deciding module: "recruit", ...
  std::string recorded_at;
  std::optional<int64_t> recorded_by;
  std::string recorded_by_name;
  std::optional<std::string> request_id;
};
int64_t insert_status_event(db::Tx& tx, const StatusEvent& e);
// Newest first.
std::vector<StatusEvent> status_events(db::Tx& tx, int64_t member_id, int limit = 200);
std::optional<StatusEvent> latest_status_event(db::Tx& tx, int64_t member_id);
// Effective date of the member's latest history row of action "status" (members whose status was
// set before status events existed).
std::optional<std::string> latest_status_history_date(db::Tx& tx, int64_t member_id);
extern const char* const kStatusEventColumns;  // prefixed "e."
StatusEvent status_event_from_row(const db::Row& r, size_t first = 0);

}  // namespace lianxin::modules::member::repo
