// Validation of organization drafts: the field rules, and the placement rule of the tree.
#pragma once

#include <optional>
#include <vector>

#include "db/database.hpp"
#include "domain/date.hpp"
#include "domain/field_error.hpp"
#include "modules/org/org_types.hpp"

namespace lianxin::modules::org {

struct ValidatedOrg {
  OrgRecord record;                  // normalized values; path = the parent's path, depth set
  std::optional<OrgRecord> parent;
  std::vector<domain::FieldError> errors;
};
using CheckedOrg = ValidatedOrg;  // the name OrgService's callers know it by

// For a create (`existing` empty) or an update (`existing` = the stored record, draft = the patch).
ValidatedOrg validate_org(db::Tx& tx, const OrgDraft& d, const std::optional<OrgRecord>& existing, domain::Date today);

}  // namespace lianxin::modules::org
