// Scans attached to a case's step records (入党申请书, 政审材料, 入党志愿书 ...). PDF, JPEG and PNG
// only, recognized by their first bytes (the declared Content-Type must agree); at most
// ModuleContext::attachment_max_bytes. Files are stored under ModuleContext::files_dir by SHA-256,
// rows in recruit_attachments (migration 0009). Upload, download and delete are audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "modules/common/context.hpp"

namespace lianxin::modules::recruit {

struct AttachmentUpload {
  std::string file_name;     // ?filename= or the X-Filename header (percent-encoded UTF-8)
  std::string content_type;  // the request's Content-Type (may be empty or application/octet-stream)
  const std::string* bytes = nullptr;
};

struct AttachmentFile {
  std::string file_name, content_type, body;
};

class RecruitAttachments {
public:
  explicit RecruitAttachments(ModuleContext& ctx) : ctx_(ctx) {}

  // 404 outside the scope or when the record is not the case's; 413 too large; 415 not a PDF,
  // JPEG or PNG (or not what Content-Type says); 422 empty or without a file name.
  boost::json::object upload(int64_t case_id, int64_t step_id, const AttachmentUpload& up, const ChangeMeta& meta,
                             const http::Scope& scope);
  // The case's live attachments, oldest first.
  boost::json::object list(int64_t case_id, const http::Scope& scope);
  AttachmentFile download(int64_t case_id, int64_t att_id, const ChangeMeta& meta, const http::Scope& scope);
  void remove(int64_t case_id, int64_t att_id, const ChangeMeta& meta, const http::Scope& scope);

  // "application/pdf", "image/jpeg", "image/png" from the first bytes; empty otherwise.
  static std::string sniff_type(const std::string& bytes);

private:
  std::string root() const;
  ModuleContext& ctx_;
};

}  // namespace lianxin::modules::recruit
