// Migration 3: recruitment (发展党员, issue #5): cases, their dated step records, the rule pack
// chosen per organization subtree, and the working-day calendar per year.
//
// Design notes (docs/architecture.md, "Recruitment"):
// - A case is a person who is not a member yet: the ID number is stored like members' (encrypted
//   id_enc, keyed lookup hash id_hash); open_hash repeats id_hash while the case is open and is
//   NULL once it ends, so a unique index allows one open case per ID number (NULLs never clash).
// - stage / current_step / next_step / next_due are the engine's evaluation after the last write,
//   kept for list filters (overdue = next_due before today); the detail is always re-evaluated.
// - recruit_steps is append-only (全程纪实): a correction is a new dated row naming the row it
//   corrects (corrects_id, at most one correction per row), never an UPDATE. The findings the
//   engine reported when the row was recorded are kept with the pack id they were computed with.
// - recruit_pack_assignments: org_id -> built-in pack id + overlays; the nearest ancestor's row
//   wins, no row anywhere means the national default pack.
// - work_calendar_years: holidays and 调休 working weekends per year (admin-maintained).
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0004_recruit{4, "recruit: recruitment cases, step records, rule packs per subtree, calendar", R"SQL(
CREATE TABLE recruit_cases (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  id_enc TEXT NOT NULL,
  id_hash TEXT NOT NULL,
  open_hash TEXT,
  gender TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  unit TEXT,
  application_date TEXT NOT NULL,
  state TEXT NOT NULL,
  pack_id TEXT NOT NULL,
  stage INTEGER NOT NULL DEFAULT 1,
  current_step INTEGER NOT NULL DEFAULT 0,
  next_step INTEGER NOT NULL DEFAULT 1,
  next_due TEXT,
  member_id BIGINT REFERENCES members(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX recruit_cases_open ON recruit_cases(open_hash);
CREATE INDEX recruit_cases_hash ON recruit_cases(id_hash);
CREATE INDEX recruit_cases_org ON recruit_cases(org_id, id);
CREATE INDEX recruit_cases_due ON recruit_cases(next_due, id);

CREATE TABLE recruit_steps (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES recruit_cases(id),
  step INTEGER NOT NULL,
  step_date TEXT NOT NULL,
  facts_json TEXT NOT NULL,
  findings_json TEXT NOT NULL,
  pack_id TEXT NOT NULL,
  corrects_id BIGINT REFERENCES recruit_steps(id),
  correction_reason TEXT,
  recorded_by BIGINT,
  recorded_by_name TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX recruit_steps_case ON recruit_steps(case_id, id);
CREATE UNIQUE INDEX recruit_steps_corrects ON recruit_steps(corrects_id);

CREATE TABLE recruit_pack_assignments (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  pack_id TEXT NOT NULL,
  overlays TEXT NOT NULL DEFAULT '',
  assigned_by TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  request_id TEXT
);

CREATE TABLE work_calendar_years (
  year INTEGER PRIMARY KEY,
  days_off TEXT NOT NULL,
  working_weekends TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
)SQL"};

}  // namespace lianxin::db::migrations
