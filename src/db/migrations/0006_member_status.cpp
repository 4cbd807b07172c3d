// Migration 6: member status changes as dated events (党籍状态, members.md §2, transfer.md §6).
//
// Design notes (docs/architecture.md, "Member status changes"):
// - member_status_events is append-only: one row per decision, never updated, so the history of a
//   member's 党籍状态 never loses an earlier state (member_history keeps its snapshot row too).
// - kind is the case code of the decision (失联情形 R-N07, 停止党籍情形 R-F12, 出党方式 R-N06);
//   lost_since the date contact was lost (or, for abroad study, the date the member left).
// - rule_id / table_version: the transition of domain::status_table() that admitted the change.
// - review_kind / review_due: the review this status opens (domain::review_for), computed when the
//   decision is recorded so that the subtree list of due reviews is one indexed query; a review is
//   due while the member's status is still the event's to_status and the event is the latest.
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0006_member_status{6, "member status: dated status events with reason, approver and review dates", R"SQL(
CREATE TABLE member_status_events (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  kind TEXT,
  effective_date TEXT NOT NULL,
  reason TEXT,
  approver TEXT,
  lost_since TEXT,
  rule_id TEXT NOT NULL,
  table_version TEXT NOT NULL,
  review_kind TEXT,
  review_due TEXT,
  source TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by BIGINT,
  recorded_by_name TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX member_status_events_member ON member_status_events(member_id, id);
CREATE INDEX member_status_events_review ON member_status_events(review_due, member_id);
)SQL"};

}  // namespace lianxin::db::migrations
