#include "modules/io/import_service.hpp"

#include "modules/common/tree_path.hpp"

#include <algorithm>

#include "http/errors.hpp"
#include "db/bulk_load.hpp"
#include "modules/io/bulk_load_cache.hpp"
#include "modules/io/import_audit.hpp"
#include "modules/io/import_json.hpp"
#include "modules/io/import_outcome.hpp"
#include "modules/io/import_rollback.hpp"
#include "modules/io/import_rows.hpp"
#include "modules/io/import_store.hpp"
#include "modules/io/member_import.hpp"
#include "modules/io/org_import.hpp"

namespace lianxin::modules::io {

namespace {

std::vector<RowError> warnings_then(const FileLayout& layout, const std::vector<RowError>& errors) {
  std::vector<RowError> all = layout.header.warnings;
  all.insert(all.end(), errors.begin(), errors.end());
  return all;
}

void require_rows(const RunTotals& t) {
  if (t.total_rows == 0) {
    throw http::validation_failed({{"file", "import.no_rows", "文件中只有表头，没有数据行"}});
  }
}

BatchInfo load_or_404(db::Tx& tx, int64_t id) {
  auto b = load_batch(tx, id);
  if (!b) throw http::not_found("导入批次");
  return *b;
}

BatchInfo load_visible(db::Tx& tx, int64_t id, const BatchViewer& v) {
  BatchInfo b = load_or_404(tx, id);
  if (v.scope.everything) return b;
  if (b.org_id) {
    auto path = tx.query_one("SELECT path FROM orgs WHERE id = $1", {*b.org_id});
    if (!path) throw http::not_found("导入批次");
    v.scope.require(path->text(0), "导入批次");
  } else if (!b.created_by || *b.created_by != v.user_id) {
    throw http::not_found("导入批次");
  }
  return b;
}

// The organization a run's rows land in (the last id of the reach path), if any.
std::optional<int64_t> reach_org(const RunTotals& t) {
  if (t.reach_everything || !t.reach || t.reach->empty()) return std::nullopt;
  return path_ids(*t.reach).back();
}

// Thrown inside the CLI's write transaction to roll it back when the file cannot go in whole.
struct RefusedRun {
  RunTotals totals;
};

}  // namespace

namespace {

// A load that brings at least 20,000 rows and at least half as many as the registry holds
// rebuilds the non-unique member indexes once at the end instead of row by row.
bool worth_deferring_indexes(db::Tx& tx, std::string_view text) {
  // Counts lines only up to what decides it: a 200 MB file need not be scanned for that.
  auto has_lines = [&](int64_t wanted) {
    size_t at = 0;
    for (int64_t n = 0; n < wanted; ++n, ++at)
      if ((at = text.find('\n', at)) == std::string_view::npos) return false;
    return true;
  };
  if (!has_lines(20000)) return false;
  const int64_t registered = tx.query_int("SELECT count(*) FROM members");
  return has_lines((registered + 1) / 2);
}

// The in-file check makes a duplicate ID hash impossible here; should one appear all the same,
// it is the same conflict as a duplicate met while inserting.
void finish_indexes(db::DeferredIndexes& deferred) {
  try {
    deferred.finish();
  } catch (const db::DbError& e) {
    if (e.kind != db::DbError::Kind::unique_violation) throw;
    throw http::conflict("import.duplicate", "导入期间有相同公民身份号码的党员被登记，请重新预览后再提交");
  }
}

}  // namespace

const char* import_permission(ImportKind kind) {
  return kind == ImportKind::orgs ? "org.import" : "member.import";
}

RunTotals ImportService::run_rows(db::Tx& tx, ImportKind kind, std::string_view text, const FileLayout& layout,
                                  const RunOptions& opt) {
  if (kind == ImportKind::orgs) return run_org_rows(ctx_, orgs_, tx, text, layout, opt);
  std::optional<db::DeferredIndexes> deferred;
  if (opt.write && worth_deferring_indexes(tx, text)) {
    // Into an empty registry the run makes no look-up by ID hash (see member_import.cpp), so the
    // unique index is built once at the end too: sorting beats a million random insertions.
    const bool empty = !tx.query_one("SELECT 1 FROM members LIMIT 1");
    deferred.emplace(tx, "members", empty ? db::DeferredIndexes::Unique::defer : db::DeferredIndexes::Unique::keep);
  }
  RunTotals t = run_member_rows(ctx_, members_, orgs_, tx, text, layout, opt);
  if (deferred) finish_indexes(*deferred);  // on an exception the transaction rolls back, indexes included
  return t;
}

BatchReport ImportService::preview(const Upload& up, const ChangeMeta& meta, const http::Scope& scope) {
  const DecodedFile file = decode_upload(up.bytes);
  const FileLayout layout = read_layout(up.kind, file.text());
  RunOptions opt;
  opt.policy = up.policy;
  opt.meta = meta;
  opt.scope = scope;
  RunTotals t;
  ctx_.db.read([&](db::Tx& tx) { t = run_rows(tx, up.kind, file.text(), layout, opt); });
  require_rows(t);

  // The file holds ID numbers and phones in clear, so it is stored encrypted like those fields.
  NewBatch nb{kind_name(up.kind), up.filename,  file.charset, policy_name(up.policy),
              t.total_rows,       t.error_rows, std::nullopt, meta.request_id, std::nullopt, std::nullopt};
  if (up.store_payload) nb.payload = ctx_.cipher.encrypt(file.text());
  if (meta.user_id) nb.created_by = meta.user_id;
  nb.org_id = reach_org(t);
  BatchReport report;
  ctx_.db.write([&](db::Tx& tx) {
    const int64_t id = insert_batch(tx, nb);
    insert_errors(tx, id, warnings_then(layout, t.errors));
    report = read_report(tx, id);
    audit_batch(ctx_, tx, meta, "preview", report.batch);
  });
  add_plan(report, t);
  report.columns = file_columns(up.kind, layout);
  std::vector<int64_t> lines;
  for (const auto& e : report.errors)
    if (e.field != "file") lines.push_back(e.row_no);
  report.bad_rows = rows_at_lines(up.kind, file.text(), layout, std::move(lines));
  return report;
}

std::string ImportService::errors_csv(int64_t batch_id, const BatchViewer& viewer) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    const BatchInfo b = load_visible(tx, batch_id, viewer);
    return errors_csv_text(*parse_kind(b.kind), load_errors(tx, batch_id, ErrorSide::all, 0));
  });
}

BatchReport ImportService::commit(int64_t batch_id, bool skip_invalid, const ChangeMeta& meta,
                                  const http::ScopeOf& scope_of) {
  BatchReport report;
  ctx_.db.write([&](db::Tx& tx) {
    BatchInfo b = load_or_404(tx, batch_id);
    const http::Scope scope = scope_of(import_permission(*parse_kind(b.kind)));
    if (!scope.everything && scope.paths.empty()) throw http::forbidden("permission_denied", "没有权限执行此操作");
    b = load_visible(tx, batch_id, BatchViewer{meta.user_id, scope});
    if (b.state != "preview") {
      throw http::conflict("import.not_pending", b.state == "committed" ? "该批次已经提交" : "该批次已经撤销");
    }
    if (b.error_rows > 0 && !skip_invalid) {
      throw http::conflict("import.has_errors", "预览发现 " + std::to_string(b.error_rows) +
                                                    " 行有错误。请修正后重新上传，或选择跳过错误行后提交");
    }
    const auto payload = load_payload(tx, batch_id);
    if (!payload) throw http::conflict("import.no_payload", "该批次没有保存文件内容，请重新上传");
    const std::string text = ctx_.cipher.decrypt(*payload);
    const ImportKind kind = *parse_kind(b.kind);
    const FileLayout layout = read_layout(kind, text);
    RunOptions opt;
    opt.policy = *parse_policy(b.policy);
    opt.write = true;
    opt.skip_invalid = skip_invalid;
    opt.batch_id = batch_id;
    opt.meta = meta;
    opt.scope = scope;
    const RunTotals t = run_rows(tx, kind, text, layout, opt);
    refuse_unless_clean(t, skip_invalid);
    if (skip_invalid) replace_errors(tx, batch_id, t.errors, t.error_rows);
    mark_committed(tx, batch_id, t.created, t.updated, t.skipped + t.error_rows);
    report = read_report(tx, batch_id);
    audit_batch(ctx_, tx, meta, "commit", report.batch);
  });
  return report;
}

BatchReport ImportService::rollback(int64_t batch_id, const ChangeMeta& meta,
                                    const http::ScopeOf& scope_of) {
  BatchReport report;
  ctx_.db.write([&](db::Tx& tx) {
    BatchInfo b = load_or_404(tx, batch_id);
    const http::Scope scope = scope_of(import_permission(*parse_kind(b.kind)));
    if (!scope.everything && scope.paths.empty()) throw http::forbidden("permission_denied", "没有权限执行此操作");
    b = load_visible(tx, batch_id, BatchViewer{meta.user_id, scope});
    check_scope(tx, b, scope);
    if (b.state != "committed") throw http::conflict("import.not_committed", "只有已提交的批次可以撤销");
    const ImportKind kind = *parse_kind(b.kind);
    if (auto blockers = rollback_blockers(tx, kind, batch_id); !blockers.empty()) throw rollback_blocked(blockers);
    if (kind == ImportKind::members)
      undo_member_batch(tx, members_, batch_id, meta);
    else
      undo_org_batch(tx, orgs_, batch_id, meta, ctx_.today());
    mark_rolled_back(tx, batch_id);
    report = read_report(tx, batch_id);
    audit_batch(ctx_, tx, meta, "rollback", report.batch);
  });
  return report;
}

// A caller may roll back only a batch whose rows all lie inside its scope; otherwise the batch is
// "not found" to it, like anything else outside the scope.
void ImportService::check_scope(db::Tx& tx, const BatchInfo& b, const http::Scope& scope) {
  if (scope.everything) return;
  const char* sql =
      b.kind == "members"
          ? "SELECT DISTINCT o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.created_batch_id = $1 "
            "OR m.id IN (SELECT entity_id FROM import_updates WHERE batch_id = $1 AND entity = 'member')"
          : "SELECT path FROM orgs WHERE created_batch_id = $1 "
            "OR id IN (SELECT entity_id FROM import_updates WHERE batch_id = $1 AND entity = 'org')";
  for (const auto& r : tx.query(sql, {b.id})) {
    scope.require(r.text(0), "导入批次");
  }
}

BatchReport ImportService::get(int64_t batch_id, const BatchViewer& viewer) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    load_visible(tx, batch_id, viewer);
    return read_report(tx, batch_id);
  });
}

BatchReport ImportService::read_report(db::Tx& tx, int64_t batch_id) {
  BatchReport r;
  r.batch = load_or_404(tx, batch_id);
  r.warnings = load_errors(tx, batch_id, ErrorSide::warnings, kMaxReportedErrors);
  r.errors = load_errors(tx, batch_id, ErrorSide::errors, kMaxReportedErrors);
  r.error_count = count_errors(tx, batch_id);
  return r;
}

std::vector<BatchInfo> ImportService::list(std::optional<int64_t> before_id, int limit, int64_t& total,
                                           const BatchViewer& viewer) {
  std::vector<BatchInfo> out;
  ctx_.db.read([&](db::Tx& tx) {
    out = list_batches(tx, before_id, limit, viewer);
    total = count_batches(tx, viewer);
  });
  return out;
}

BatchReport ImportService::import_now(const Upload& up, bool skip_invalid, const ChangeMeta& meta,
                                      std::function<void(int64_t)> progress) {
  const DecodedFile file = decode_upload(up.bytes);
  const FileLayout layout = read_layout(up.kind, file.text());
  NewBatch nb{kind_name(up.kind), up.filename,    file.charset, policy_name(up.policy), 0, 0,
              std::nullopt,       meta.request_id, std::nullopt, std::nullopt};
  RunOptions opt;
  opt.policy = up.policy;
  opt.write = true;
  opt.skip_invalid = skip_invalid;
  opt.meta = meta;
  opt.scope = http::Scope::all();  // the operator at the console
  opt.progress = std::move(progress);
  BatchReport report;
  BulkLoadCache cache(ctx_.db);
  try {
    ctx_.db.write([&](db::Tx& tx) {
      opt.batch_id = insert_batch(tx, nb);
      const RunTotals t = run_rows(tx, up.kind, file.text(), layout, opt);
      require_rows(t);
      if (!t.duplicate_rows.empty() || (t.error_rows > 0 && !skip_invalid)) throw RefusedRun{t};
      set_row_counts(tx, opt.batch_id, t.total_rows, t.error_rows);
      set_batch_org(tx, opt.batch_id, reach_org(t));
      insert_errors(tx, opt.batch_id, warnings_then(layout, t.errors));
      mark_committed(tx, opt.batch_id, t.created, t.updated, t.skipped + t.error_rows);
      report = read_report(tx, opt.batch_id);
      audit_batch(ctx_, tx, meta, "commit", report.batch);
    });
  } catch (RefusedRun& refused) {
    // Nothing was written; keep the batch and its errors so they can be downloaded.
    nb.total_rows = refused.totals.total_rows;
    nb.error_rows = refused.totals.error_rows;
    nb.org_id = reach_org(refused.totals);
    ctx_.db.write([&](db::Tx& tx) {
      const int64_t id = insert_batch(tx, nb);
      insert_errors(tx, id, warnings_then(layout, refused.totals.errors));
      report = read_report(tx, id);
      audit_batch(ctx_, tx, meta, "preview", report.batch);
    });
    add_plan(report, refused.totals);
  }
  return report;
}

}  // namespace lianxin::modules::io
