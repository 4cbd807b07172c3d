// CSV import of members and organizations: preview (check every row, store the batch and its
// errors), errors report, commit (one write transaction: every valid row or none), rollback,
// and the batch list. The HTTP routes and the CLI (`lianxin import FILE ...`) share it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/api.hpp"
#include "modules/common/context.hpp"
#include "modules/io/import_file.hpp"
#include "modules/io/import_run.hpp"
#include "modules/io/import_types.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::io {

struct Upload {
  std::string_view bytes;  // the file as uploaded: UTF-8, UTF-8 with BOM or GBK
  ImportKind kind = ImportKind::members;
  DupPolicy policy = DupPolicy::skip;
  std::string filename;
  // API uploads (<= 10 MiB) keep the file for the later commit; a CLI dry run of a 1M-row file
  // does not put it in the database.
  bool store_payload = true;
};

// The import permission a batch of this kind needs ("member.import" or "org.import").
const char* import_permission(ImportKind kind);

class ImportService {
public:
  ImportService(ModuleContext& ctx, member::MemberService& members, org::OrgService& orgs)
      : ctx_(ctx), members_(members), orgs_(orgs) {}

  // Checks every row in a read, then stores the batch (state "preview", the file encrypted unless
  // !store_payload) with all its errors. Throws ApiError 422 field "file" for a file that cannot be read at all.
  BatchReport preview(const Upload& up, const ChangeMeta& meta, const http::Scope& scope);
  // Every stored error and warning as CSV, UTF-8 with BOM (Excel in China opens it correctly).
  std::string errors_csv(int64_t batch_id, const BatchViewer& viewer);
  // Writes the batch in one transaction. 409 when the preview had errors (unless skip_invalid),
  // when policy "fail" meets registered rows, or when the data changed since the preview.
  // `scope_of` gives the caller's scope for the batch's import permission (import_permission).
  BatchReport commit(int64_t batch_id, bool skip_invalid, const ChangeMeta& meta,
                     const http::ScopeOf& scope_of);
  // Undoes a committed batch; 409 import.rollback_blocked while any of its rows changed since.
  BatchReport rollback(int64_t batch_id, const ChangeMeta& meta,
                       const http::ScopeOf& scope_of);
  BatchReport get(int64_t batch_id, const BatchViewer& viewer);
  // Newest first, the viewer's batches only; `total` receives their number.
  std::vector<BatchInfo> list(std::optional<int64_t> before_id, int limit, int64_t& total, const BatchViewer& viewer);

  // The CLI path: check and commit in a single pass over the file, without storing the file.
  // When the file has errors (and !skip_invalid) or policy "fail" meets registered rows, nothing
  // is written and the returned batch stays in state "preview" with its errors stored.
  BatchReport import_now(const Upload& up, bool skip_invalid, const ChangeMeta& meta,
                         std::function<void(int64_t rows)> progress = {});

private:
  RunTotals run_rows(db::Tx& tx, ImportKind kind, std::string_view text, const FileLayout& layout,
                     const RunOptions& opt);
  void check_scope(db::Tx& tx, const BatchInfo& b, const http::Scope& scope);
  BatchReport read_report(db::Tx& tx, int64_t batch_id);

  ModuleContext& ctx_;
  member::MemberService& members_;
  org::OrgService& orgs_;
};

}  // namespace lianxin::modules::io
