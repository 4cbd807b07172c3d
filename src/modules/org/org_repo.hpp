// The org module's SQL (internal to the module; other modules use OrgService).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "modules/common/context.hpp"
#include "modules/org/org_types.hpp"

namespace lianxin::modules::org::repo {

extern const char* const kColumns;  // the column list that from_row() reads, prefixed "o."
OrgRecord from_row(const db::Row& r);

std::optional<OrgRecord> by_id(db::Tx& tx, int64_t id);
std::optional<OrgRecord> by_code(db::Tx& tx, const std::string& code);
// Inserts and assigns the materialized path; returns the stored record.
OrgRecord insert(db::Tx& tx, const OrgRecord& o);
// Writes every editable column of `o` and bumps the version; false when the version moved on.
bool update(db::Tx& tx, const OrgRecord& o, int64_t expected_version);

void add_history(db::Tx& tx, int64_t org_id, const std::string& action, const std::string& effective_date,
                 const std::optional<std::string>& before_json, const std::optional<std::string>& after_json,
                 const std::optional<std::string>& reason, const ChangeMeta& meta);
std::optional<TermRecord> current_term(db::Tx& tx, int64_t org_id);
TermRecord term_from_row(const db::Row& r);
extern const char* const kTermColumns;


}  // namespace lianxin::modules::org::repo
