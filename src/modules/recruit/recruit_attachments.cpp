// Attachments of step records: the file through FileStore (written before the row's transaction),
// the row and the audit record in one transaction.
#include "modules/recruit/recruit_attachments.hpp"

#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"

namespace lianxin::modules::recruit {

namespace json = boost::json;

namespace {

// The case's organization path after the scope check (404 outside what the caller sees).
int64_t require_case(db::Tx& tx, int64_t case_id, const http::Scope& scope) {
  auto r = tx.query_one("SELECT o.path, c.org_id FROM recruit_cases c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1",
                        {case_id});
  if (!r) throw http::not_found("发展党员档案");
  scope.require(r->text(0), "发展党员档案");
  return r->i64(1);
}

constexpr const char* kColumns =
    "id, case_id, step_id, file_name, content_type, size_bytes, sha256, stored_path, uploaded_by_name, uploaded_at";

json::object row_json(const db::Row& r) {
  return json::object{{"id", r.i64(0)},          {"case_id", r.i64(1)},      {"step_record_id", r.i64(2)},
                      {"file_name", r.text(3)},  {"content_type", r.text(4)}, {"size", r.i64(5)},
                      {"sha256", r.text(6)},     {"uploaded_by", r.text(8)}, {"uploaded_at", r.text(9)}};
}

}  // namespace

json::object RecruitAttachments::upload(int64_t case_id, int64_t step_id, const AttachmentUpload& up,
                                        const ChangeMeta& meta, const http::Scope& scope) {
  // The scope first: outside it the case does not exist, whatever the body.
  ctx_.db.read([&](db::Tx& tx) { require_case(tx, case_id, scope); });
  const StoredFile f = store().store(up);
  const std::string& name = f.file_name;
  const std::string& type = f.content_type;
  const std::string& sha = f.sha256;
  const std::string& rel = f.rel_path;

  return ctx_.db.write_value([&](db::Tx& tx) {
    const int64_t org_id = require_case(tx, case_id, scope);
    if (!tx.query_one("SELECT id FROM recruit_steps WHERE id = $1 AND case_id = $2", {step_id, case_id}))
      throw http::not_found("步骤记录");
    const std::string now = now_timestamp();
    const int64_t id = tx.query_int(
        "INSERT INTO recruit_attachments (case_id, step_id, file_name, content_type, size_bytes, sha256, stored_path, "
        "uploaded_by, uploaded_by_name, uploaded_at, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        "RETURNING id",
        {case_id, step_id, name, type, f.size, sha, rel,
         meta.user_id ? db::Value(meta.user_id) : db::Value(), meta.actor, now, meta.request_id});
    json::object after{{"attachment_id", id}, {"step_record_id", step_id}, {"file_name", name},
                       {"content_type", type}, {"size", f.size}, {"sha256", sha}};
    audit::record(tx, ctx_.cipher, meta,
                  {"recruit.attachment_upload", "recruit_case", std::to_string(case_id), org_id, std::nullopt,
                   json::serialize(after)});
    auto r = tx.query_one(std::string("SELECT ") + kColumns + " FROM recruit_attachments WHERE id = $1", {id});
    return row_json(*r);
  });
}

json::object RecruitAttachments::list(int64_t case_id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    require_case(tx, case_id, scope);
    json::array items;
    for (const auto& r : tx.query(std::string("SELECT ") + kColumns +
                                      " FROM recruit_attachments WHERE case_id = $1 AND deleted_at IS NULL ORDER BY id",
                                  {case_id}))
      items.push_back(row_json(r));
    return json::object{{"items", std::move(items)}, {"max_bytes", static_cast<int64_t>(ctx_.attachment_max_bytes)}};
  });
}

AttachmentFile RecruitAttachments::download(int64_t case_id, int64_t att_id, const ChangeMeta& meta,
                                            const http::Scope& scope) {
  AttachmentFile out;
  std::string rel, sha;
  int64_t org_id = 0;
  ctx_.db.read([&](db::Tx& tx) {
    org_id = require_case(tx, case_id, scope);
    auto r = tx.query_one("SELECT file_name, content_type, stored_path, sha256 FROM recruit_attachments "
                          "WHERE id = $1 AND case_id = $2 AND deleted_at IS NULL",
                          {att_id, case_id});
    if (!r) throw http::not_found("附件");
    out.file_name = r->text(0);
    out.content_type = r->text(1);
    rel = r->text(2);
    sha = r->text(3);
  });
  out.body = store().read(rel, sha);
  ctx_.db.write([&](db::Tx& tx) {
    audit::record(tx, ctx_.cipher, meta,
                  {"recruit.attachment_download", "recruit_case", std::to_string(case_id), org_id, std::nullopt,
                   json::serialize(json::object{{"attachment_id", att_id}, {"file_name", out.file_name}})});
  });
  return out;
}

void RecruitAttachments::remove(int64_t case_id, int64_t att_id, const ChangeMeta& meta, const http::Scope& scope) {
  std::optional<std::string> orphan;
  ctx_.db.write([&](db::Tx& tx) {
    const int64_t org_id = require_case(tx, case_id, scope);
    auto r = tx.query_one("SELECT file_name, stored_path, sha256, step_id FROM recruit_attachments "
                          "WHERE id = $1 AND case_id = $2 AND deleted_at IS NULL",
                          {att_id, case_id});
    if (!r) throw http::not_found("附件");
    tx.exec("UPDATE recruit_attachments SET deleted_at = $1, deleted_by_name = $2 WHERE id = $3",
            {now_timestamp(), meta.actor, att_id});
    if (tx.query_int("SELECT COUNT(*) FROM recruit_attachments WHERE sha256 = $1 AND deleted_at IS NULL",
                     {r->text(2)}) == 0)
      orphan = r->text(1);
    json::object before{{"attachment_id", att_id}, {"step_record_id", r->i64(3)}, {"file_name", r->text(0)},
                        {"sha256", r->text(2)}};
    audit::record(tx, ctx_.cipher, meta,
                  {"recruit.attachment_delete", "recruit_case", std::to_string(case_id), org_id,
                   json::serialize(before), std::nullopt});
  });
  // After the commit: a file still referenced is never removed.
  if (orphan) {
    store().remove(*orphan);
  }
}

}  // namespace lianxin::modules::recruit
