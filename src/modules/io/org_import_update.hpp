// Updating an existing organization from an import row (policy "update") and undoing it.
//
// Stopgap: OrgService::update runs its own transaction, so it cannot take part in the single
// write transaction of a commit, and it has no import-undo counterpart. Until the org module
// offers update_in(tx, ...) / undo_import_update(...), an import may change only the descriptive
// columns below (never the parent or the kind, which move paths and rollups); it bumps the
// version and writes an org_history row in the org module's format (OrgService::to_json).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/date.hpp"
#include "domain/field_error.hpp"
#include "modules/common/context.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::io {

// Field errors that stop the row: an attempt to change kind or parent, and what check_draft finds
// in the remaining fields.
std::vector<domain::FieldError> check_org_update(db::Tx& tx, org::OrgService& orgs, const org::OrgRecord& existing,
                                                 const org::OrgDraft& d);

// Applies the descriptive fields given in `d`. Returns false (and writes nothing) when none
// differs; otherwise records the previous values in import_updates for a rollback.
bool apply_org_update(db::Tx& tx, org::OrgService& orgs, const org::OrgRecord& existing, const org::OrgDraft& d,
                      int64_t batch_id, const ChangeMeta& meta, domain::Date today);

// Rollback: puts back the values saved by apply_org_update.
void restore_org_update(db::Tx& tx, org::OrgService& orgs, int64_t org_id, const std::string& before_json,
                        int64_t batch_id, const ChangeMeta& meta, domain::Date today);

}  // namespace lianxin::modules::io
