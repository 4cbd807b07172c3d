// The audit trail's write side: every module appends here, inside the transaction of the change it
// records, so that a change and its audit record commit or vanish together.
//
// Records form a hash chain: hash = keyed BLAKE2b over the record's fields and the previous
// record's hash (key from the key file, never in the database), so editing, deleting or inserting
// a row breaks verification from that row on (`lianxin audit verify`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "modules/common/context.hpp"

namespace lianxin::modules::audit {

struct Event {
  std::string action;                    // "member.update", "auth.login_failed", "member.reveal", ...
  std::string entity;                    // "member", "org", "user", "grant", "session", "api_key", ...
  std::optional<std::string> entity_id;  // the entity's id (text: some entities are not numbered)
  std::optional<int64_t> org_id;         // the organization it belongs to, for scoped searches
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
};

// One stored record, as read back and verified.
struct Record {
  int64_t seq = 0;
  std::string at;
  std::optional<int64_t> actor_id;
  std::string actor;
  std::string action;
  std::optional<std::string> route, entity, entity_id;
  std::optional<int64_t> org_id;
  std::optional<std::string> before_json, after_json, client_addr, user_agent, request_id;
  std::string prev_hash;
  std::string hash;
};

// Appends one record in `tx` (which must be a write transaction). Concurrent writers are
// serialized on the chain head (a row lock on PostgreSQL; SQLite has one writer anyway), so call
// it last in the transaction: the lock is then held only until the commit.
void record(db::Tx& tx, const util::FieldCipher& cipher, const ChangeMeta& meta, const Event& e);

// Before/after of a change reduced to the keys whose values differ, from two JSON object
// snapshots (the history snapshots, personal data already masked). A side without a snapshot
// (create: no before) stays nullopt; the other side is then kept whole.
struct Change {
  std::optional<std::string> before, after;
};
Change changed_fields(const std::optional<std::string>& before, const std::optional<std::string>& after);

// The chain hash of `r` given its predecessor's hash (r.prev_hash is ignored).
std::string chain_hash(const util::FieldCipher& cipher, const Record& r, const std::string& prev_hash);

}  // namespace lianxin::modules::audit
