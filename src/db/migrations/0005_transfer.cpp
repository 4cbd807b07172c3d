// Migration 5: transfers inside the instance (组织关系转接, issue #5).
//
// Design notes (docs/architecture.md, "Transfers"):
// - transfers: one case per request; the member, the sending branch (from_org_id: where the member
//   was when the request was made) and the receiving branch (to_org_id), who asked (member or
//   branch), the reason, the state (domain::TransferState codes, lower case), the date the case
//   has been waiting since (pending_since: the approval deadline R-T13 counts from it; NULL once
//   the case is closed) and each transition's who/when in columns for lists; refusals keep the
//   reason code and text (R-T05). letter_* are for letters leaving the instance (not used yet).
// - open_member_id repeats member_id while the case is open and is NULL afterwards: a unique index
//   allows one open transfer per member (NULLs never clash).
// - transfer_events is append-only: one row per transition, never updated.
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0005_transfer{5, "transfer: transfers inside the instance and their transitions", R"SQL(
CREATE TABLE transfers (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  open_member_id BIGINT,
  member_name TEXT NOT NULL,
  from_org_id BIGINT NOT NULL REFERENCES orgs(id),
  to_org_id BIGINT NOT NULL REFERENCES orgs(id),
  requested_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL,
  pending_since TEXT,
  requested_at TEXT NOT NULL,
  requested_by_user BIGINT,
  requested_by_name TEXT NOT NULL,
  approved_at TEXT,
  approved_by_name TEXT,
  decided_at TEXT,
  decided_by_name TEXT,
  refused_by TEXT,
  refusal_code TEXT,
  refusal_reason TEXT,
  moved_on TEXT,
  letter_no TEXT,
  letter_issued_on TEXT,
  letter_validity_days INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX transfers_open ON transfers(open_member_id);
CREATE INDEX transfers_member ON transfers(member_id, id);
CREATE INDEX transfers_from ON transfers(from_org_id, id);
CREATE INDEX transfers_to ON transfers(to_org_id, id);
CREATE INDEX transfers_pending ON transfers(pending_since, id);

CREATE TABLE transfer_events (
  id {{ID}},
  transfer_id BIGINT NOT NULL REFERENCES transfers(id),
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason_code TEXT,
  reason TEXT,
  actor_id BIGINT,
  actor_name TEXT NOT NULL,
  at TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX transfer_events_transfer ON transfer_events(transfer_id, id);
)SQL"};

}  // namespace lianxin::db::migrations
