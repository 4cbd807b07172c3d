// Vocabulary of the import feature: what is imported, what happens to rows that already exist,
// one problem found in a row, and a stored batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/api.hpp"

namespace lianxin::modules::io {

enum class ImportKind { members, orgs };
// What to do with a row whose ID number (members) or code (orgs) is already registered.
enum class DupPolicy { skip, update, fail };

std::optional<ImportKind> parse_kind(std::string_view s);
std::optional<DupPolicy> parse_policy(std::string_view s);
const char* kind_name(ImportKind k);
const char* policy_name(DupPolicy p);

// One problem in the file. row_no is the CSV line where the record starts (the header is
// usually line 1), so it matches what a spreadsheet shows.
struct RowError {
  int64_t row_no = 0;
  std::string field;  // draft field name ("id_number"); "file" for the whole file
  std::string code;
  std::string message;
  std::string value;  // the cell as given (sensitive fields masked)
};

// The cells of one data record of the file (recognized columns only, personal data masked).
struct RowValues {
  int64_t row_no = 0;
  std::vector<std::pair<std::string, std::string>> values;  // (field, cell)
};

// Warnings are stored with the errors (so the errors CSV shows them) under this code.
inline constexpr std::string_view kUnknownColumnCode = "import.unknown_column";
inline constexpr std::string_view kDuplicateColumnCode = "import.duplicate_column";
bool is_warning_code(std::string_view code);

struct BatchInfo {
  int64_t id = 0;
  std::string kind, filename, charset, policy, state;  // state: preview | committed | rolled_back
  int64_t total_rows = 0, error_rows = 0;
  int64_t created_count = 0, updated_count = 0, skipped_count = 0;
  bool has_payload = false;
  std::string created_at;
  std::optional<std::string> committed_at, rolled_back_at;
  std::optional<int64_t> created_by;  // the uploading account; none for shell imports
  std::optional<int64_t> org_id;      // the subtree the batch belongs to (see RunTotals::reach)
};

// Who looks at import batches. A batch belongs to the subtree its rows land in: callers whose
// import permission covers that organization see it (404 outside what they see, 403 inside it); a
// batch that reaches no organization (every row invalid) is its uploader's alone.
struct BatchViewer {
  int64_t user_id = 0;
  http::Scope scope;
};

// What a preview (or a batch read back) tells the caller.
struct BatchReport {
  BatchInfo batch;
  // Preview only (has_plan): rows already registered, and what a commit would do with valid rows.
  bool has_plan = false;
  int64_t existing_rows = 0;
  int64_t planned_create = 0, planned_update = 0, planned_skip = 0;
  std::vector<int64_t> duplicate_rows;  // policy fail: registered rows that will refuse the commit
  std::vector<RowError> warnings;
  std::vector<RowError> errors;  // the first kMaxReportedErrors
  int64_t error_count = 0;       // all stored errors (not counting warnings)
  // Preview only: the recognized columns of the file (field, label), and the cells of the rows
  // `errors` names, so a client can mark the bad cells (has_plan).
  std::vector<std::pair<std::string, std::string>> columns;
  std::vector<RowValues> bad_rows;
};

inline constexpr size_t kMaxReportedErrors = 100;

}  // namespace lianxin::modules::io
