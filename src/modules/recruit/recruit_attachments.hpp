// Scans attached to a case's step records (入党申请书, 政审材料, 入党志愿书 ...). The checks and the
// storage are modules/common/file_store (PDF, JPEG, PNG by their first bytes, size limit, SHA-256
// names under files_dir/recruit); rows in recruit_attachments (migration 0009). Upload, download
// and delete are audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "modules/common/context.hpp"
#include "modules/common/file_store.hpp"

namespace lianxin::modules::recruit {

using AttachmentUpload = FileUpload;

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

private:
  FileStore store() const { return FileStore(ctx_, "recruit"); }
  ModuleContext& ctx_;
};

}  // namespace lianxin::modules::recruit
