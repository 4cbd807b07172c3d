#include "modules/io/import_store.hpp"

#include "modules/common/context.hpp"
#include "modules/common/tree_path.hpp"

namespace lianxin::modules::io {

namespace {

constexpr const char* kBatchColumns =
    "id, kind, filename, charset, policy, state, total_rows, error_rows, created_count, updated_count, "
    "skipped_count, CASE WHEN payload IS NULL THEN 0 ELSE 1 END AS has_payload, created_at, committed_at, "
    "rolled_back_at, created_by, org_id";

BatchInfo batch_from(const db::Row& r) {
  BatchInfo b;
  b.id = r.i64(0);
  b.kind = r.text(1);
  b.filename = r.text_or(2, "");
  b.charset = r.text(3);
  b.policy = r.text(4);
  b.state = r.text(5);
  b.total_rows = r.i64(6);
  b.error_rows = r.i64(7);
  b.created_count = r.i64(8);
  b.updated_count = r.i64(9);
  b.skipped_count = r.i64(10);
  b.has_payload = r.i64(11) != 0;
  b.created_at = r.text(12);
  b.committed_at = r.opt_text(13);
  b.rolled_back_at = r.opt_text(14);
  b.created_by = r.opt_i64(15);
  b.org_id = r.opt_i64(16);
  return b;
}

// The IN list of the codes counted as warnings, for the SQL below.
std::string warning_codes() {
  return "('" + std::string(kUnknownColumnCode) + "', '" + std::string(kDuplicateColumnCode) + "')";
}

}  // namespace

int64_t insert_batch(db::Tx& tx, const NewBatch& b) {
  return tx.query_int(
      "INSERT INTO import_batches (kind, filename, charset, policy, state, total_rows, error_rows, payload, "
      "created_at, request_id, created_by, org_id) VALUES ($1, $2, $3, $4, 'preview', $5, $6, $7, $8, $9, $10, $11) "
      "RETURNING id",
      {b.kind, b.filename, b.charset, b.policy, b.total_rows, b.error_rows, b.payload, now_timestamp(), b.request_id,
       b.created_by, b.org_id});
}

void insert_errors(db::Tx& tx, int64_t batch_id, const std::vector<RowError>& errors) {
  constexpr size_t kChunk = 5000;
  std::vector<db::Params> rows;
  rows.reserve(std::min(errors.size(), kChunk));
  for (const RowError& e : errors) {
    rows.push_back({batch_id, e.row_no, e.field, e.code, e.message, e.value});
    if (rows.size() == kChunk) {
      tx.bulk_insert("import_errors", {"batch_id", "row_no", "field", "code", "message", "value"}, rows);
      rows.clear();
    }
  }
  if (!rows.empty()) tx.bulk_insert("import_errors", {"batch_id", "row_no", "field", "code", "message", "value"}, rows);
}

std::optional<BatchInfo> load_batch(db::Tx& tx, int64_t id) {
  auto r = tx.query_one(std::string("SELECT ") + kBatchColumns + " FROM import_batches WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return batch_from(*r);
}

std::optional<std::string> load_payload(db::Tx& tx, int64_t id) {
  auto r = tx.query_one("SELECT payload FROM import_batches WHERE id = $1", {id});
  return r ? r->opt_text(0) : std::nullopt;
}

void set_batch_org(db::Tx& tx, int64_t id, std::optional<int64_t> org_id) {
  tx.exec("UPDATE import_batches SET org_id = $1 WHERE id = $2", {org_id, id});
}

void set_row_counts(db::Tx& tx, int64_t id, int64_t total_rows, int64_t error_rows) {
  tx.exec("UPDATE import_batches SET total_rows = $1, error_rows = $2 WHERE id = $3", {total_rows, error_rows, id});
}

void replace_errors(db::Tx& tx, int64_t batch_id, const std::vector<RowError>& errors, int64_t error_rows) {
  tx.exec("DELETE FROM import_errors WHERE batch_id = $1 AND code NOT IN " + warning_codes(), {batch_id});
  insert_errors(tx, batch_id, errors);
  tx.exec("UPDATE import_batches SET error_rows = $1 WHERE id = $2", {error_rows, batch_id});
}

void mark_committed(db::Tx& tx, int64_t id, int64_t created, int64_t updated, int64_t skipped) {
  tx.exec(
      "UPDATE import_batches SET state = 'committed', created_count = $1, updated_count = $2, skipped_count = $3, "
      "committed_at = $4 WHERE id = $5",
      {created, updated, skipped, now_timestamp(), id});
}

void mark_rolled_back(db::Tx& tx, int64_t id) {
  tx.exec("UPDATE import_batches SET state = 'rolled_back', rolled_back_at = $1 WHERE id = $2", {now_timestamp(), id});
}

std::vector<RowError> load_errors(db::Tx& tx, int64_t batch_id, ErrorSide side, size_t limit) {
  std::string sql = "SELECT row_no, field, code, message, value FROM import_errors WHERE batch_id = $1";
  if (side == ErrorSide::errors) sql += " AND code NOT IN " + warning_codes();
  if (side == ErrorSide::warnings) sql += " AND code IN " + warning_codes();
  sql += " ORDER BY row_no";
  if (limit > 0) sql += " LIMIT " + std::to_string(limit);
  std::vector<RowError> out;
  for (const auto& r : tx.query(sql, {batch_id})) {
    out.push_back(RowError{r.i64(0), r.text(1), r.text(2), r.text(3), r.text_or(4, "")});
  }
  return out;
}

int64_t count_errors(db::Tx& tx, int64_t batch_id) {
  return tx.query_int("SELECT COUNT(*) FROM import_errors WHERE batch_id = $1 AND code NOT IN " + warning_codes(),
                      {batch_id});
}

namespace {

// Batches a viewer may see: those whose organization lies in the scope, and the viewer's own
// batches that reach no organization (every row invalid). Appends its parameters to `p`.
std::string visible_condition(const BatchViewer& v, db::Params& p) {
  if (v.scope.everything) return "1 = 1";
  p.emplace_back(v.user_id);
  std::string c = "((org_id IS NULL AND created_by = " + db::last_placeholder(p) + ")";
  for (const auto& path : v.scope.paths) {
    p.emplace_back(path);
    const std::string lo = db::last_placeholder(p);
    p.emplace_back(path_upper(path));
    c += " OR org_id IN (SELECT id FROM orgs WHERE path >= " + lo + " AND path < " + db::last_placeholder(p) + ")";
  }
  return c + ")";
}

}  // namespace

std::vector<BatchInfo> list_batches(db::Tx& tx, std::optional<int64_t> before_id, int limit,
                                    const BatchViewer& viewer) {
  db::Params p;
  std::string sql = std::string("SELECT ") + kBatchColumns + " FROM import_batches WHERE " + visible_condition(viewer, p);
  if (before_id) {
    p.emplace_back(*before_id);
    sql += " AND id < " + db::last_placeholder(p);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit);
  std::vector<BatchInfo> out;
  for (const auto& r : tx.query(sql, p)) out.push_back(batch_from(r));
  return out;
}

int64_t count_batches(db::Tx& tx, const BatchViewer& viewer) {
  db::Params p;
  return tx.query_int("SELECT COUNT(*) FROM import_batches WHERE " + visible_condition(viewer, p), p);
}

}  // namespace lianxin::modules::io
