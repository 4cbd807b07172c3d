// The 409 answers of a commit, and what a run adds to a report.
#pragma once

#include "http/errors.hpp"
#include "modules/io/import_rollback.hpp"
#include "modules/io/import_run.hpp"

namespace lianxin::modules::io {

// Throws when a commit must not go through: registered rows under policy "fail"
// (import.duplicates, listing the rows) or invalid rows without skip_invalid
// (import.state_changed: the preview had none, so the data changed in between).
void refuse_unless_clean(const RunTotals& t, bool skip_invalid);

http::ApiError rollback_blocked(const std::vector<Blocker>& blockers);

// Fills the preview-only counts of a report from a run.
void add_plan(BatchReport& r, const RunTotals& t);

}  // namespace lianxin::modules::io
