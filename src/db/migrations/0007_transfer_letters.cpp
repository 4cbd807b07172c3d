// Migration 7: transfers across the instance boundary (issue #5): introduction letters for members
// leaving for an organization outside lianxin, and members arriving with a letter from outside.
//
// Design notes (docs/architecture.md, "Transfers"):
// - The case stays a row of `transfers` (one id space for /api/transfers/{id}): `kind` says
//   internal (migration 5) | outgoing | incoming. For outgoing and incoming cases both org columns
//   hold the local branch (they are NOT NULL and SQLite cannot relax that without rebuilding the
//   table); `outside_org_name` names the other side, written as text.
// - transfers.letter_no / letter_issued_on / letter_validity_days (migration 5) hold the current
//   letter: for an outgoing case the one lianxin issued (letter_last_valid_day for the R-T08
//   expiry filter), for an incoming case the one received. dues_paid_to is 党费交到 (YYYY-MM, R-T14).
// - receipt_due: R-T07 deadline of an incoming case while its receipt is not sent back (NULL
//   otherwise; the overdue reminder is `receipt_due < today`). receipt_on / receipt_org_name: the
//   receipt returned (outgoing) or sent back (incoming). member_status_before: what a cancelled
//   outgoing letter restores.
// - transfer_letters: every letter lianxin issued, voided ones included (stubs are kept
//   transfer.stub_retention_years, R-T12). Serial numbers are unique per issuing org (the 基层党委
//   that may send directly above the branch, R-T03); live_transfer_id repeats transfer_id while the
//   letter is not void, so a unique index allows one live letter per case (NULLs never clash).
// - transfer_letter_serials: the last serial number per issuing org and year, taken with an
//   UPDATE (a row lock: concurrent issuers of one org wait for each other instead of clashing).
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0007_transfer_letters{7, "transfer: introduction letters leaving and arriving from outside", R"SQL(
ALTER TABLE transfers ADD COLUMN kind TEXT NOT NULL DEFAULT 'internal';
ALTER TABLE transfers ADD COLUMN outside_org_name TEXT;
ALTER TABLE transfers ADD COLUMN letter_last_valid_day TEXT;
ALTER TABLE transfers ADD COLUMN dues_paid_to TEXT;
ALTER TABLE transfers ADD COLUMN receipt_due TEXT;
ALTER TABLE transfers ADD COLUMN receipt_on TEXT;
ALTER TABLE transfers ADD COLUMN receipt_org_name TEXT;
ALTER TABLE transfers ADD COLUMN member_status_before TEXT;
CREATE INDEX transfers_receipt_due ON transfers(receipt_due, id);

CREATE TABLE transfer_letters (
  id {{ID}},
  transfer_id BIGINT NOT NULL REFERENCES transfers(id),
  live_transfer_id BIGINT,
  issuing_org_id BIGINT NOT NULL REFERENCES orgs(id),
  serial_year INTEGER NOT NULL,
  serial_seq INTEGER NOT NULL,
  serial_no TEXT NOT NULL,
  to_org_name TEXT NOT NULL,
  channel TEXT NOT NULL,
  cross_province INTEGER NOT NULL DEFAULT 0,
  validity_days INTEGER NOT NULL,
  issued_on TEXT NOT NULL,
  last_valid_day TEXT NOT NULL,
  dues_paid_to TEXT NOT NULL,
  contact_phone TEXT,
  contact_fax TEXT,
  contact_postcode TEXT,
  issued_by_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  voided_at TEXT,
  voided_by_name TEXT,
  void_reason TEXT
);
CREATE UNIQUE INDEX transfer_letters_serial ON transfer_letters(issuing_org_id, serial_no);
CREATE UNIQUE INDEX transfer_letters_live ON transfer_letters(live_transfer_id);
CREATE INDEX transfer_letters_transfer ON transfer_letters(transfer_id, id);

CREATE TABLE transfer_letter_serials (
  issuing_org_id BIGINT NOT NULL REFERENCES orgs(id),
  serial_year INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (issuing_org_id, serial_year)
);
)SQL"};

}  // namespace lianxin::db::migrations
