// Photos and files of a meeting (sign-in sheets, minutes scans): the checks and storage are
// FileStore's (files_dir/meetings/), the row and the audit record one transaction.
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/life/meeting_internal.hpp"
#include "modules/life/meeting_service.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;
using namespace detail;

json::object MeetingService::upload(int64_t id, const FileUpload& up, const std::optional<std::string>& kind_in,
                                    const ChangeMeta& meta, const http::Scope& scope) {
  ctx_.db.read([&](db::Tx& tx) { load_meeting(tx, id, scope); });
  std::string kind = kind_in.value_or("");
  if (!kind.empty() && kind != "photo" && kind != "document")
    throw http::bad_request("bad_parameter", "kind 只能是 photo（照片）或 document（文件）", "kind");
  const StoredFile f = FileStore(ctx_, "meetings").store(up);
  if (kind.empty()) kind = f.content_type == "application/pdf" ? "document" : "photo";
  return ctx_.db.write_value([&](db::Tx& tx) {
    const MeetingRow m = load_meeting(tx, id, scope);
    if (m.state == "cancelled") require_planned(m);
    const std::string now = now_timestamp();
    const int64_t fid = tx.query_int(
        "INSERT INTO meeting_files (meeting_id, kind, filename, content_type, size_bytes, sha256, uploaded_by_name, "
        "uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {id, kind, f.file_name, f.content_type, f.size, f.sha256, meta.actor, now});
    json::object out{{"id", fid},        {"kind", kind},     {"file_name", f.file_name}, {"content_type", f.content_type},
                     {"size", f.size},   {"sha256", f.sha256}, {"uploaded_by", meta.actor}, {"uploaded_at", now}};
    audit::record(tx, ctx_.cipher, meta,
                  {"meeting.file_upload", "meeting", std::to_string(id), m.org_id, std::nullopt, json::serialize(out)});
    return out;
  });
}

MeetingFile MeetingService::download(int64_t id, int64_t file_id, const ChangeMeta& meta, const http::Scope& scope) {
  MeetingFile out;
  std::string sha;
  int64_t org_id = 0;
  ctx_.db.read([&](db::Tx& tx) {
    org_id = load_meeting(tx, id, scope).org_id;
    auto r = tx.query_one("SELECT filename, content_type, sha256 FROM meeting_files WHERE id = $1 AND meeting_id = $2 "
                          "AND deleted_at IS NULL",
                          {file_id, id});
    if (!r) throw http::not_found("文件");
    out.file_name = r->text(0);
    out.content_type = r->text(1);
    sha = r->text(2);
  });
  const FileStore store(ctx_, "meetings");
  out.body = store.read(store.rel_path(sha, out.content_type), sha);
  ctx_.db.write([&](db::Tx& tx) {
    audit::record(tx, ctx_.cipher, meta,
                  {"meeting.file_download", "meeting", std::to_string(id), org_id, std::nullopt,
                   json::serialize(json::object{{"file_id", file_id}, {"file_name", out.file_name}})});
  });
  return out;
}

void MeetingService::remove_file(int64_t id, int64_t file_id, const ChangeMeta& meta, const http::Scope& scope) {
  const FileStore store(ctx_, "meetings");
  std::optional<std::string> orphan;
  ctx_.db.write([&](db::Tx& tx) {
    const MeetingRow m = load_meeting(tx, id, scope);
    auto r = tx.query_one("SELECT filename, content_type, sha256 FROM meeting_files WHERE id = $1 AND meeting_id = $2 "
                          "AND deleted_at IS NULL",
                          {file_id, id});
    if (!r) throw http::not_found("文件");
    tx.exec("UPDATE meeting_files SET deleted_at = $1 WHERE id = $2", {now_timestamp(), file_id});
    if (tx.query_int("SELECT COUNT(*) FROM meeting_files WHERE sha256 = $1 AND deleted_at IS NULL", {r->text(2)}) == 0)
      orphan = store.rel_path(r->text(2), r->text(1));
    audit::record(tx, ctx_.cipher, meta,
                  {"meeting.file_delete", "meeting", std::to_string(id), m.org_id,
                   json::serialize(json::object{{"file_id", file_id}, {"file_name", r->text(0)}, {"sha256", r->text(2)}}),
                   std::nullopt});
  });
  // After the commit: a file still referenced is never removed.
  if (orphan) store.remove(*orphan);
}

}  // namespace lianxin::modules::life
