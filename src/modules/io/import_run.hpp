// One pass over the rows of an import file, shared by preview (count only, in a read) and commit
// (write, in the caller's single write transaction), so both apply exactly the same checks.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "http/api.hpp"
#include "modules/common/context.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/io/import_file.hpp"
#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

struct RunOptions {
  DupPolicy policy = DupPolicy::skip;
  bool write = false;         // commit: create / update rows; otherwise only count what would happen
  bool skip_invalid = false;  // commit: leave invalid rows out instead of failing
  int64_t batch_id = 0;       // commit: marks created rows and keys import_updates
  ChangeMeta meta;
  http::Scope scope;
  std::function<void(int64_t rows)> progress;  // called every 100,000 rows (CLI)
};

struct RunTotals {
  int64_t total_rows = 0;     // data records (blank ones not counted)
  int64_t error_rows = 0;     // records with at least one error
  int64_t existing_rows = 0;  // valid records whose ID number / code is already registered
  // Preview: what a commit would do; commit: what it did.
  int64_t created = 0, updated = 0, skipped = 0;
  std::vector<RowError> errors;
  std::vector<int64_t> duplicate_rows;  // policy fail: rows that are already registered
  // Where the file's rows land: the deepest organization whose subtree holds every target (a
  // member's branch, an organization's parent or itself); the batch belongs to that subtree.
  std::optional<std::string> reach;
  bool reach_everything = false;  // a new top-level organization: only whole-tree callers
  void reach_path(std::string_view path) { reach = reach ? common_ancestor(*reach, path) : std::string(path); }
  bool clean() const { return error_rows == 0 && duplicate_rows.empty(); }
};

inline constexpr size_t kLookupChunk = 1000;  // ID hashes per existing_by_hash query
inline constexpr size_t kCreateChunk = 5000;  // rows per bulk_create call

}  // namespace lianxin::modules::io
