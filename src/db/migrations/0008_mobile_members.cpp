// Migration 8: 流动党员 (mobile members, issue #5; transfer.md §5, members.md R-N04).
//
// Design notes (docs/architecture.md, "Mobile members"):
// - mobile_members: one record per 《流动党员活动证》 stay. direction 'out': registered by the home
//   branch for a member of this instance (member_id, home_org_id; host_org_id when the host branch
//   is in this instance too); direction 'in': registered by a host branch for a member from
//   outside the instance (no member row: name, encrypted ID number and the home organization's
//   name as text). card_no is unique across both. expected_end = start_date + expected_months
//   (for the R-M02 overlap test). last_contact_on starts at start_date and follows the contact log
//   (R-M04 contact due = last contact + transfer.mobile_contact_months). State active | returned;
//   a returned record is kept (history).
// - open_member_id repeats member_id while the record is active and is NULL afterwards: one active
//   outflow per member (unique index; NULLs never clash).
// - findings: the R-T02 / R-M02 findings at registration, JSON text.
// - mobile_contacts is append-only.
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0008_mobile_members{8, "mobile members: activity-card stays and their contacts", R"SQL(
CREATE TABLE mobile_members (
  id {{ID}},
  direction TEXT NOT NULL,
  member_id BIGINT REFERENCES members(id),
  open_member_id BIGINT,
  member_name TEXT NOT NULL,
  id_number_enc TEXT,
  home_org_id BIGINT REFERENCES orgs(id),
  home_org_name TEXT NOT NULL,
  host_org_id BIGINT REFERENCES orgs(id),
  destination TEXT NOT NULL,
  reason TEXT NOT NULL,
  start_date TEXT NOT NULL,
  expected_months INTEGER NOT NULL,
  expected_end TEXT NOT NULL,
  card_no TEXT NOT NULL,
  card_issued_on TEXT NOT NULL,
  card_issuer TEXT,
  contact_name TEXT,
  contact_phone_enc TEXT,
  contact_phone_masked TEXT,
  transfer_exception TEXT,
  findings TEXT NOT NULL,
  state TEXT NOT NULL,
  last_contact_on TEXT NOT NULL,
  returned_on TEXT,
  card_checked INTEGER,
  return_note TEXT,
  created_by_name TEXT NOT NULL,
  returned_by_name TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX mobile_members_card ON mobile_members(card_no);
CREATE UNIQUE INDEX mobile_members_open ON mobile_members(open_member_id);
CREATE INDEX mobile_members_member ON mobile_members(member_id, id);
CREATE INDEX mobile_members_home ON mobile_members(home_org_id, id);
CREATE INDEX mobile_members_host ON mobile_members(host_org_id, id);
CREATE INDEX mobile_members_contact ON mobile_members(state, last_contact_on);

CREATE TABLE mobile_contacts (
  id {{ID}},
  mobile_id BIGINT NOT NULL REFERENCES mobile_members(id),
  contact_on TEXT NOT NULL,
  way TEXT NOT NULL,
  note TEXT,
  actor_id BIGINT,
  actor_name TEXT NOT NULL,
  at TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX mobile_contacts_mobile ON mobile_contacts(mobile_id, id);
)SQL"};

}  // namespace lianxin::db::migrations
