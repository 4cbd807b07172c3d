// Migration 1: the organization tree, its history, terms and statistics rollups; the member
// registry and its history; import batches.
//
// Design notes (docs/architecture.md has the longer version):
// - The tree is a materialized path of ids, '/1/5/23/' (self included, always ending in '/'), so a
//   subtree is one index range scan: path >= '/1/5/' AND path < '/1/50' ('0' follows '/'), and a
//   prefix never matches a longer id ('/1/5/' does not cover '/1/50/'). Depth is unbounded.
// - org_stats holds subtree rollups (org_id, key) -> n, maintained in the same transaction as
//   every member or organization change, so statistics at the root are one small index read.
// - Personal data (ID number, phones, address) is stored encrypted (*_enc) with keyed hashes
//   (*_hash) for exact lookup and uniqueness; the key is never in the database.
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0001_core{1, "core: organizations, members, imports", R"SQL(
CREATE TABLE orgs (
  id {{ID}},
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent_id BIGINT REFERENCES orgs(id),
  path TEXT{{C}} NOT NULL,
  depth INTEGER NOT NULL,
  host_unit TEXT,
  region_code TEXT,
  category TEXT,
  established_date TEXT,
  contact_name TEXT,
  contact_phone TEXT,
  village_or_community INTEGER NOT NULL DEFAULT 0,
  can_approve_probationary INTEGER NOT NULL DEFAULT 0,
  dissolved_date TEXT,
  dissolve_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_batch_id BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX orgs_code ON orgs(code);
CREATE UNIQUE INDEX orgs_path ON orgs(path);
CREATE INDEX orgs_parent ON orgs(parent_id, name);
CREATE INDEX orgs_name ON orgs(name, id);
CREATE INDEX orgs_batch ON orgs(created_batch_id);

CREATE TABLE org_history (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  action TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  reason TEXT,
  recorded_at TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX org_history_org ON org_history(org_id, id);
CREATE INDEX org_history_date ON org_history(effective_date);

CREATE TABLE org_terms (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  elected_date TEXT NOT NULL,
  term_years INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  has_committee INTEGER NOT NULL,
  secretary TEXT,
  members_json TEXT,
  approval_ref TEXT,
  recorded_at TEXT NOT NULL
);
CREATE INDEX org_terms_org ON org_terms(org_id, elected_date);

CREATE TABLE org_stats (
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  key TEXT{{C}} NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (org_id, key)
);

CREATE TABLE members (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  id_enc TEXT NOT NULL,
  id_hash TEXT NOT NULL,
  gender TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  ethnicity TEXT,
  education TEXT,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  application_date TEXT,
  join_date TEXT NOT NULL,
  full_date TEXT,
  employment TEXT,
  position TEXT,
  mobile_enc TEXT,
  mobile_hash TEXT,
  landline_enc TEXT,
  address_enc TEXT,
  income_base_fen BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_batch_id BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX members_id_hash ON members(id_hash);
CREATE INDEX members_org ON members(org_id, id);
CREATE INDEX members_name ON members(name{{C}}, id);
CREATE INDEX members_mobile ON members(mobile_hash);
CREATE INDEX members_batch ON members(created_batch_id);

CREATE TABLE member_history (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  action TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  reason TEXT,
  recorded_at TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX member_history_member ON member_history(member_id, id);

CREATE TABLE import_batches (
  id {{ID}},
  kind TEXT NOT NULL,
  filename TEXT,
  charset TEXT NOT NULL,
  policy TEXT NOT NULL,
  state TEXT NOT NULL,
  total_rows INTEGER NOT NULL DEFAULT 0,
  error_rows INTEGER NOT NULL DEFAULT 0,
  created_count INTEGER NOT NULL DEFAULT 0,
  updated_count INTEGER NOT NULL DEFAULT 0,
  skipped_count INTEGER NOT NULL DEFAULT 0,
  payload TEXT,
  created_at TEXT NOT NULL,
  committed_at TEXT,
  rolled_back_at TEXT,
  request_id TEXT
);

CREATE TABLE import_errors (
  batch_id BIGINT NOT NULL REFERENCES import_batches(id),
  row_no INTEGER NOT NULL,
  field TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  value TEXT
);
CREATE INDEX import_errors_batch ON import_errors(batch_id, row_no);

CREATE TABLE import_updates (
  batch_id BIGINT NOT NULL REFERENCES import_batches(id),
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  version_after INTEGER NOT NULL,
  before_json TEXT NOT NULL,
  PRIMARY KEY (batch_id, entity, entity_id)
);
)SQL"};

}  // namespace lianxin::db::migrations
