// Storage of import batches: import_batches (one row per upload), import_errors (every problem,
// warnings included) and the reads behind the batch API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

struct NewBatch {
  std::string kind, filename, charset, policy;
  int64_t total_rows = 0, error_rows = 0;
  std::optional<std::string> payload;  // encrypted UTF-8 text (API uploads only)
  std::string request_id;
  std::optional<int64_t> created_by;  // the uploading account (none from the shell)
  std::optional<int64_t> org_id;      // the organization whose subtree holds every row's target
};

int64_t insert_batch(db::Tx& tx, const NewBatch& b);
void insert_errors(db::Tx& tx, int64_t batch_id, const std::vector<RowError>& errors);

std::optional<BatchInfo> load_batch(db::Tx& tx, int64_t id);
std::optional<std::string> load_payload(db::Tx& tx, int64_t id);

void set_batch_org(db::Tx& tx, int64_t id, std::optional<int64_t> org_id);
void set_row_counts(db::Tx& tx, int64_t id, int64_t total_rows, int64_t error_rows);
// A commit with skip_invalid stores the rows it left out in place of the preview's errors.
void replace_errors(db::Tx& tx, int64_t batch_id, const std::vector<RowError>& errors, int64_t error_rows);
void mark_committed(db::Tx& tx, int64_t id, int64_t created, int64_t updated, int64_t skipped);
void mark_rolled_back(db::Tx& tx, int64_t id);

// Stored problems in row order; warnings_only / errors_only select one side, limit 0 = all.
enum class ErrorSide { all, errors, warnings };
std::vector<RowError> load_errors(db::Tx& tx, int64_t batch_id, ErrorSide side, size_t limit);
int64_t count_errors(db::Tx& tx, int64_t batch_id);  // warnings not counted

// Newest first; `before_id` continues a page (keyset on id).
// Newest first; only the batches the viewer may see.
std::vector<BatchInfo> list_batches(db::Tx& tx, std::optional<int64_t> before_id, int limit,
                                    const BatchViewer& viewer);
int64_t count_batches(db::Tx& tx, const BatchViewer& viewer);

}  // namespace lianxin::modules::io
