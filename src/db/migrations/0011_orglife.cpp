// Migration 11: 组织生活 (organisational life, issue #6; org-life.md). The contract shared by the
// meeting workflow (plan, attendance, QR check-in, minutes, votes) and compliance (held vs
// required, colours, roll-ups, the six-month attendance flag).
//
// Design notes (docs/architecture.md, "Organisational life"):
// - meetings: one row per meeting of an organization (a branch; a 党小组 org for 党小组会).
//   state planned | held | cancelled. meeting_date is the local date of starts_at, the key every
//   period query uses. minutes_hash (sha256 of the normalized minutes) finds minutes identical to
//   an earlier meeting's; defects is the JSON list of domain::record_defects; late = recorded after
//   the meeting's period ended (the meeting keeps its date). review_state: NULL | rejected (a
//   reviewer sent a perfunctory record back, review_note says why).
// - meeting_types: one row per type a meeting counts as (orglife.allow_combined_types lets one
//   meeting be 党员大会 + 党课 + 主题党日); org_id and meeting_date repeat the meeting's so that
//   compliance counts are one index range per (org, type, period). Only held meetings count.
// - meeting_attendees: who should attend and what happened. member_id for members of this
//   instance; mobile_id for a hosted 流动党员 registered from outside (no member row). voting = 1
//   for those counted in N (full members with voting rights at this branch; hosted mobile members
//   take part without a vote, R-M01). status expected | present | leave | absent; checkin_via
//   qr | link | manual (manual needs checkin_reason). Leave requests: leave_state requested |
//   approved | rejected. meeting_date repeats the meeting's for the six-month attendance rule.
// - meeting_votes: a 党员大会 decision with its counts and the vote math's result.
// - meeting_files: photos and files of a meeting, stored under DATA/files/meetings by sha256.
// - orglife_org_settings: per organization, e.g. the fixed 主题党日 day of the month (R-L05).
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0011_orglife{11, "org life: meetings, attendance, votes, files", R"SQL(
CREATE TABLE meetings (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  primary_type TEXT NOT NULL,
  topic TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT,
  meeting_date TEXT NOT NULL,
  place TEXT,
  online INTEGER NOT NULL DEFAULT 0,
  host_name TEXT,
  recorder_name TEXT,
  lecturer_name TEXT,
  state TEXT NOT NULL,
  minutes TEXT,
  resolutions TEXT,
  minutes_hash TEXT,
  minutes_chars INTEGER NOT NULL DEFAULT 0,
  expected INTEGER NOT NULL DEFAULT 0,
  present INTEGER NOT NULL DEFAULT 0,
  voting_n INTEGER,
  quorate INTEGER,
  defects TEXT NOT NULL DEFAULT '[]',
  late INTEGER NOT NULL DEFAULT 0,
  held_recorded_at TEXT,
  review_state TEXT,
  review_note TEXT,
  cancel_reason TEXT,
  created_by_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_org_date ON meetings(org_id, meeting_date, id);
CREATE INDEX meetings_date ON meetings(meeting_date, id);
CREATE INDEX meetings_minutes_hash ON meetings(org_id, minutes_hash);

CREATE TABLE meeting_types (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  type TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  meeting_date TEXT NOT NULL,
  held INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, type)
);
CREATE INDEX meeting_types_org ON meeting_types(org_id, type, meeting_date);

CREATE TABLE meeting_attendees (
  id {{ID}},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  member_id BIGINT REFERENCES members(id),
  mobile_id BIGINT REFERENCES mobile_members(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  voting INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  checkin_at TEXT,
  checkin_via TEXT,
  checkin_reason TEXT,
  checked_by_name TEXT,
  leave_reason TEXT,
  leave_state TEXT,
  leave_decided_by_name TEXT,
  leave_decided_at TEXT
);
CREATE UNIQUE INDEX meeting_attendees_member ON meeting_attendees(meeting_id, member_id);
CREATE UNIQUE INDEX meeting_attendees_mobile ON meeting_attendees(meeting_id, mobile_id);
CREATE INDEX meeting_attendees_by_member ON meeting_attendees(member_id, meeting_date);

CREATE TABLE meeting_votes (
  id {{ID}},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  item TEXT NOT NULL,
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  present INTEGER NOT NULL,
  votes_yes INTEGER NOT NULL,
  votes_no INTEGER NOT NULL,
  votes_abstain INTEGER NOT NULL,
  quorate INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  explanation TEXT NOT NULL,
  recorded_by_name TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX meeting_votes_meeting ON meeting_votes(meeting_id, id);

CREATE TABLE meeting_files (
  id {{ID}},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by_name TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX meeting_files_meeting ON meeting_files(meeting_id, id);

CREATE TABLE orglife_org_settings (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  theme_day INTEGER,
  updated_by_name TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
)SQL"};

}  // namespace lianxin::db::migrations
