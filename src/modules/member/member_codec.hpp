// Conversions between the validated domain fields, the stored (encrypted) record, drafts for
// re-validation, and history snapshots (which never hold personal data in clear).
#pragma once

#include <optional>
#include <string>

#include "domain/member_rules.hpp"
#include "modules/member/member_service.hpp"
#include "util/field_cipher.hpp"

namespace lianxin::modules::member {

// `id_hash`: the lookup hash of f.id_number when the caller has computed it already.
MemberRecord encode_record(const util::FieldCipher& cipher, const domain::MemberFields& f, int64_t org_id,
                           std::string id_hash = {});
// The stored record as a draft (decrypted), to merge a patch into and validate again.
domain::MemberDraft draft_of(const util::FieldCipher& cipher, const MemberRecord& m);
// For member_history: every field, with ID number and phones masked and the address left out;
// with `org_name` (the organization's name on the day) the history reads "from branch A to branch
// B" without lookups (audit diffs leave it out).
std::string history_snapshot(const util::FieldCipher& cipher, const MemberRecord& m,
                             const std::optional<std::string>& org_name = std::nullopt);
// Every column as stored (still encrypted), to restore a record exactly on import rollback.
std::string full_snapshot(const MemberRecord& m);
MemberRecord restore_snapshot(const std::string& json_text);

}  // namespace lianxin::modules::member
