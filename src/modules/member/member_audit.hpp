// Audit records of member changes and sensitive reads. Personal data never enters the audit trail
// in clear: changes are the masked history snapshots, reduced to the fields that changed.
#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::member {

// action: "create" | "update" | "move" | "status" (recorded as "member.<action>"); before is
// null for a create. Call last in the change's transaction.
void audit_change(ModuleContext& ctx, db::Tx& tx, const ChangeMeta& meta, const std::string& action,
                  const MemberRecord* before, const MemberRecord& after, const std::optional<std::string>& reason,
                  const boost::json::object* extra = nullptr);  // merged into the "after" record

}  // namespace lianxin::modules::member
