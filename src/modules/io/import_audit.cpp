#include "modules/io/import_audit.hpp"

#include <boost/json.hpp>

#include "modules/audit/audit_log.hpp"

namespace lianxin::modules::io {

void audit_batch(ModuleContext& ctx, db::Tx& tx, const ChangeMeta& meta, const std::string& step, const BatchInfo& b) {
  boost::json::object after{{"kind", b.kind},         {"filename", b.filename},
                            {"policy", b.policy},     {"state", b.state},
                            {"total_rows", b.total_rows}, {"error_rows", b.error_rows},
                            {"created", b.created_count}, {"updated", b.updated_count},
                            {"skipped", b.skipped_count}};
  audit::record(tx, ctx.cipher, meta,
                {"import." + step, "import_batch", std::to_string(b.id), std::nullopt, std::nullopt,
                 boost::json::serialize(after)});
}

}  // namespace lianxin::modules::io
