// The organization rows of an import, in file order: a row may name as its parent an
// organization created by an earlier row of the same file. Validation is OrgService::check_draft;
// commit creates through OrgService::create_in inside the caller's transaction.
#pragma once

#include <string_view>

#include "modules/io/import_run.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::io {

RunTotals run_org_rows(ModuleContext& ctx, org::OrgService& orgs, db::Tx& tx, std::string_view utf8,
                       const FileLayout& layout, const RunOptions& opt);

}  // namespace lianxin::modules::io
