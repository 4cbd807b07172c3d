// The member module's SQL (internal; other modules use MemberService).
#pragma once

#include <optional>

#include "db/database.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::member::repo {

extern const char* const kColumns;  // what from_row() reads, prefixed "m."
MemberRecord from_row(const db::Row& r);
std::optional<MemberRecord> by_id(db::Tx& tx, int64_t id);
std::optional<MemberRecord> by_id_hash(db::Tx& tx, const std::string& hash);
int64_t insert(db::Tx& tx, const MemberRecord& m);
// Writes every column of `m`, bumping the version; false when `expected_version` is stale.
bool update(db::Tx& tx, const MemberRecord& m, int64_t expected_version);
void add_history(db::Tx& tx, int64_t member_id, const std::string& action, const std::string& effective_date,
                 const std::optional<std::string>& before_json, const std::optional<std::string>& after_json,
                 const std::optional<std::string>& reason, const ChangeMeta& meta);

}  // namespace lianxin::modules::member::repo
