// Migration 9: scans attached to recruitment step records (发展党员 documents, issue #5).
//
// Design notes (docs/architecture.md, "Recruitment"):
// - The file itself is not in the database: it lives under <data>/files, content-addressed by its
//   SHA-256 (stored_path "recruit/ab/<sha256>"), so the same scan uploaded twice is stored once and
//   a row can be checked against its file. The row keeps what the upload said (file_name,
//   content_type as detected from the magic bytes), the size and who uploaded it when.
// - Step records are append-only; an attachment can be deleted (a wrong scan) by recruit.write:
//   the row stays with deleted_at / deleted_by_name (the audit trail has the rest), the file goes
//   once no live row refers to it.
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0009_recruit_attachments{9, "recruit: attachments (scans) of step records", R"SQL(
CREATE TABLE recruit_attachments (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES recruit_cases(id),
  step_id BIGINT NOT NULL REFERENCES recruit_steps(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  stored_path TEXT NOT NULL,
  uploaded_by BIGINT,
  uploaded_by_name TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  request_id TEXT,
  deleted_at TEXT,
  deleted_by_name TEXT
);
CREATE INDEX recruit_attachments_case ON recruit_attachments(case_id, id);
CREATE INDEX recruit_attachments_sha ON recruit_attachments(sha256);
)SQL"};

}  // namespace lianxin::db::migrations
