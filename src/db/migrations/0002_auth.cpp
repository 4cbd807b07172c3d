// Migration 2: accounts, role grants on organization subtrees, sessions, API keys, and the
// tamper-evident audit trail.
//
// Design notes (docs/architecture.md, "Accounts, permissions and audit"):
// - A grant (user, role, org) applies to the org and its whole subtree; org_id NULL is a
//   system-wide grant (the three system roles 系统管理员/安全保密管理员/安全审计员).
// - Session tokens and API key secrets are stored only as keyed hashes; the clear token exists in
//   the client's cookie or header alone.
// - audit_log is a hash chain: seq is assigned under the lock on the single audit_head row, so the
//   chain order is the commit order of the writing transactions; hash = keyed MAC over the
//   record's fields and prev_hash (key in the key file, never in the database).
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0002_auth{2, "auth: users, grants, sessions, API keys, audit trail", R"SQL(
CREATE TABLE users (
  id {{ID}},
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  member_id BIGINT REFERENCES members(id),
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 1,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  password_changed_at TEXT,
  last_login_at TEXT,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_username ON users(username{{C}});
CREATE UNIQUE INDEX users_member ON users(member_id);

CREATE TABLE grants (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  org_id BIGINT REFERENCES orgs(id),
  granted_by BIGINT,
  granted_at TEXT NOT NULL
);
CREATE UNIQUE INDEX grants_unique ON grants(user_id, role, COALESCE(org_id, 0));
CREATE INDEX grants_org ON grants(org_id);

CREATE TABLE sessions (
  id {{ID}},
  token_hash TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  client_addr TEXT,
  user_agent TEXT,
  revoked_at TEXT,
  revoked_reason TEXT
);
CREATE UNIQUE INDEX sessions_token ON sessions(token_hash);
CREATE INDEX sessions_user ON sessions(user_id, id);

CREATE TABLE api_keys (
  id {{ID}},
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  prefix TEXT NOT NULL,
  role TEXT NOT NULL,
  org_id BIGINT REFERENCES orgs(id),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE UNIQUE INDEX api_keys_hash ON api_keys(key_hash);

CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  route TEXT,
  entity TEXT,
  entity_id TEXT,
  org_id BIGINT,
  before_json TEXT,
  after_json TEXT,
  client_addr TEXT,
  user_agent TEXT,
  request_id TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at, seq);
CREATE INDEX audit_log_actor ON audit_log(actor_id, seq);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);
CREATE INDEX audit_log_action ON audit_log(action, seq);
CREATE INDEX audit_log_org ON audit_log(org_id, seq);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  purged_through BIGINT NOT NULL DEFAULT 0,
  purged_hash TEXT
);
INSERT INTO audit_head (id, seq, hash, purged_through) VALUES (1, 0, 'genesis', 0);

ALTER TABLE import_batches ADD COLUMN created_by BIGINT;
ALTER TABLE import_batches ADD COLUMN org_id BIGINT;
)SQL"};

}  // namespace lianxin::db::migrations
