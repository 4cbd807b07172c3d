// The audit record of an import step: ONE record per batch and step ("import.preview",
// "import.commit", "import.rollback"), never one per row. A 1M-row import writes one audit record;
// the rows it touched carry the batch id (created_batch_id, import_updates) and member_history
// rows carry the request id that links them to this record.
#pragma once

#include <string>

#include "db/database.hpp"
#include "modules/common/context.hpp"
#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

// `b` as read back inside the same transaction, after the step. Call last in the transaction.
void audit_batch(ModuleContext& ctx, db::Tx& tx, const ChangeMeta& meta, const std::string& step, const BatchInfo& b);

}  // namespace lianxin::modules::io
