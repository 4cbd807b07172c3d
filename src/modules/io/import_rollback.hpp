// Undoing a committed batch. Allowed only while nothing the batch wrote has changed since:
// a created row still at version 1, an updated row still at the version the import left, and
// (orgs) nothing outside the batch — organizations, members, terms — hanging under a created one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/date.hpp"
#include "modules/common/context.hpp"
#include "modules/io/import_types.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::io {

struct Blocker {
  std::string entity;  // "member" | "org"
  int64_t id = 0;
  std::string name;
  std::string reason;  // Chinese, e.g. "导入后已被修改"
};

// Up to ~100 rows per kind of obstacle; empty when the batch can be rolled back.
std::vector<Blocker> rollback_blockers(db::Tx& tx, ImportKind kind, int64_t batch_id);

void undo_member_batch(db::Tx& tx, member::MemberService& members, int64_t batch_id, const ChangeMeta& meta);
void undo_org_batch(db::Tx& tx, org::OrgService& orgs, int64_t batch_id, const ChangeMeta& meta, domain::Date today);

}  // namespace lianxin::modules::io
