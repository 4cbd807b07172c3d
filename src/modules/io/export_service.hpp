// Exports of a subtree: the member roll (党员名册) and the organization list (组织名册), as CSV
// (UTF-8 with BOM, the same Chinese headers the import understands) or XLSX.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/api.hpp"
#include "util/table_file.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::io {

using ExportFormat = util::TableFormat;
std::optional<ExportFormat> parse_format(std::string_view s);

struct ExportFile {
  std::string filename;  // "党员名册-<org name>-<date>.xlsx"
  std::string content_type;
  std::shared_ptr<util::TempFile> file;  // removed when the last holder lets go
  int64_t rows = 0;
};

class ExportService {
public:
  ExportService(ModuleContext& ctx, member::MemberService& members, org::OrgService& orgs)
      : ctx_(ctx), members_(members), orgs_(orgs) {}

  // Current members (status_is_current) of the subtree rooted at org_id. ID numbers, phones and
  // addresses are masked unless `reveal`. 404 when the org is unknown or outside the scope.
  // Every export writes an audit record ("member.export": org, format, reveal, rows).
  ExportFile members(int64_t org_id, ExportFormat format, bool reveal, const ChangeMeta& meta,
                     const http::Scope& scope);
  // Organizations of the subtree that are not dissolved, parents before children (re-importable).
  // Audited as "org.export".
  ExportFile orgs(int64_t org_id, ExportFormat format, const ChangeMeta& meta, const http::Scope& scope);

private:
  org::OrgRecord subtree_root(db::Tx& tx, int64_t org_id, const http::Scope& scope);
  void audit_export(const std::string& action, int64_t org_id, ExportFormat format, bool reveal, int64_t rows,
                    const ChangeMeta& meta);

  ModuleContext& ctx_;
  member::MemberService& members_;
  org::OrgService& orgs_;
};

}  // namespace lianxin::modules::io
