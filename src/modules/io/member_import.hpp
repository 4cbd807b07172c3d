// The member rows of an import: domain validation per row (on a reader thread, member_rows.hpp),
// organization and in-file duplicate checks, registered ID numbers looked up ~1000 at a time, new
// members written with MemberService::insert_encoded in chunks and existing ones updated through
// import_row.
#pragma once

#include <string_view>

#include "modules/io/import_run.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::io {

RunTotals run_member_rows(ModuleContext& ctx, member::MemberService& members, org::OrgService& orgs, db::Tx& tx,
                          std::string_view utf8, const FileLayout& layout, const RunOptions& opt);

}  // namespace lianxin::modules::io
