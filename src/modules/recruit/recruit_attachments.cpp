// Attachments of step records. The file is written (content-addressed, so a retry or a second copy
// is harmless) before the row's transaction; a failed transaction leaves at most an unreferenced
// file, never a row without its file.
#include "modules/recruit/recruit_attachments.hpp"

#include <filesystem>
#include <fstream>
#include <random>

#include <sodium.h>

#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::recruit {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string sha256_hex(const std::string& bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned char c : out) {
    s += hex[c >> 4];
    s += hex[c & 0x0F];
  }
  return s;
}

// The case's organization path after the scope check (404 outside what the caller sees).
int64_t require_case(db::Tx& tx, int64_t case_id, const http::Scope& scope) {
  auto r = tx.query_one("SELECT o.path, c.org_id FROM recruit_cases c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1",
                        {case_id});
  if (!r) throw http::not_found("发展党员档案");
  scope.require(r->text(0), "发展党员档案");
  return r->i64(1);
}

// A file name as shown to people: its last path component, without control characters.
std::string clean_name(const std::string& raw) {
  std::string name = raw;
  if (auto p = name.find_last_of("/\\"); p != std::string::npos) name = name.substr(p + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
  return out;
}

const char* extension_of(const std::string& type) {
  if (type == "application/pdf") return ".pdf";
  if (type == "image/jpeg") return ".jpg";
  return ".png";
}

constexpr const char* kColumns =
    "id, case_id, step_id, file_name, content_type, size_bytes, sha256, stored_path, uploaded_by_name, uploaded_at";

json::object row_json(const db::Row& r) {
  return json::object{{"id", r.i64(0)},          {"case_id", r.i64(1)},      {"step_record_id", r.i64(2)},
                      {"file_name", r.text(3)},  {"content_type", r.text(4)}, {"size", r.i64(5)},
                      {"sha256", r.text(6)},     {"uploaded_by", r.text(8)}, {"uploaded_at", r.text(9)}};
}

}  // namespace

std::string RecruitAttachments::sniff_type(const std::string& b) {
  if (b.rfind("%PDF-", 0) == 0) return "application/pdf";
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
      static_cast<unsigned char>(b[2]) == 0xFF)
    return "image/jpeg";
  if (b.rfind(std::string("\x89PNG\r\n\x1a\n", 8), 0) == 0) return "image/png";
  return {};
}

std::string RecruitAttachments::root() const {
  return ctx_.files_dir.empty() ? ctx_.temp_directory() + "/files" : ctx_.files_dir;
}

json::object RecruitAttachments::upload(int64_t case_id, int64_t step_id, const AttachmentUpload& up,
                                        const ChangeMeta& meta, const http::Scope& scope) {
  // The scope first: outside it the case does not exist, whatever the body.
  ctx_.db.read([&](db::Tx& tx) { require_case(tx, case_id, scope); });
  const std::string& bytes = *up.bytes;
  if (bytes.size() > ctx_.attachment_max_bytes)
    throw http::ApiError(413, "attachment.too_large",
                         "附件不能超过" + std::to_string(ctx_.attachment_max_bytes / (1024 * 1024)) + " MB", "file");
  const std::string name = clean_name(up.file_name);
  std::vector<domain::FieldError> errs;
  if (name.empty()) errs.push_back({"filename", "filename.required", "请提供文件名（filename）"});
  else if (util::utf8_length(name) > 200) errs.push_back({"filename", "filename.too_long", "文件名不能超过200个字"});
  if (bytes.empty()) errs.push_back({"file", "file.empty", "文件为空"});
  if (!errs.empty()) throw http::validation_failed(errs);
  const std::string type = sniff_type(bytes);
  if (type.empty())
    throw http::ApiError(415, "attachment.type", "只能上传 PDF、JPEG 或 PNG 文件", "file");
  std::string declared = up.content_type.substr(0, up.content_type.find(';'));
  while (!declared.empty() && declared.back() == ' ') declared.pop_back();
  if (!declared.empty() && declared != "application/octet-stream" && declared != type &&
      !(declared == "image/jpg" && type == "image/jpeg"))
    throw http::ApiError(415, "attachment.type_mismatch", "文件内容与声明的类型（" + declared + "）不符", "file");

  const std::string sha = sha256_hex(bytes);
  const std::string rel = "recruit/" + sha.substr(0, 2) + "/" + sha + extension_of(type);
  const fs::path path = fs::path(root()) / rel;
  std::error_code ec;
  if (!fs::exists(path, ec) || fs::file_size(path, ec) != bytes.size()) {
    fs::create_directories(path.parent_path());
    const fs::path tmp = path.string() + ".part-" + std::to_string(std::random_device{}());
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!f.good()) throw std::runtime_error("cannot write attachment " + tmp.string());
    }
    fs::rename(tmp, path);
  }

  return ctx_.db.write_value([&](db::Tx& tx) {
    const int64_t org_id = require_case(tx, case_id, scope);
    if (!tx.query_one("SELECT id FROM recruit_steps WHERE id = $1 AND case_id = $2", {step_id, case_id}))
      throw http::not_found("步骤记录");
    const std::string now = now_timestamp();
    const int64_t id = tx.query_int(
        "INSERT INTO recruit_attachments (case_id, step_id, file_name, content_type, size_bytes, sha256, stored_path, "
        "uploaded_by, uploaded_by_name, uploaded_at, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        "RETURNING id",
        {case_id, step_id, name, type, static_cast<int64_t>(bytes.size()), sha, rel,
         meta.user_id ? db::Value(meta.user_id) : db::Value(), meta.actor, now, meta.request_id});
    json::object after{{"attachment_id", id}, {"step_record_id", step_id}, {"file_name", name},
                       {"content_type", type}, {"size", static_cast<int64_t>(bytes.size())}, {"sha256", sha}};
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
  std::ifstream f(fs::path(root()) / rel, std::ios::binary);
  if (!f) throw http::ApiError(410, "attachment.missing", "附件文件已丢失，请联系管理员从备份恢复");
  out.body.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  // A file that no longer matches its hash is not served as the scan that was uploaded.
  if (sha256_hex(out.body) != sha)
    throw http::ApiError(410, "attachment.corrupt", "附件文件已损坏，请联系管理员从备份恢复");
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
    std::error_code ec;
    fs::remove(fs::path(root()) / *orphan, ec);
  }
}

}  // namespace lianxin::modules::recruit
