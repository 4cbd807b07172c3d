#include "modules/io/import_rollback.hpp"

#include "modules/io/org_import_update.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::io {

namespace {

struct BlockQuery {
  const char* sql;  // selects (id, name) for batch $1
  const char* reason;
};

const BlockQuery kMemberBlocks[] = {
    {"SELECT id, name FROM members WHERE created_batch_id = $1 AND version <> 1 ORDER BY id LIMIT 100",
     "导入后已被修改"},
    {"SELECT m.id, m.name FROM import_updates u JOIN members m ON m.id = u.entity_id "
     "WHERE u.batch_id = $1 AND u.entity = 'member' AND m.version <> u.version_after ORDER BY m.id LIMIT 100",
     "导入后已被再次修改"},
};

const BlockQuery kOrgBlocks[] = {
    {"SELECT id, name FROM orgs WHERE created_batch_id = $1 AND version <> 1 ORDER BY id LIMIT 100", "导入后已被修改"},
    {"SELECT DISTINCT p.id, p.name FROM orgs p JOIN orgs c ON c.parent_id = p.id WHERE p.created_batch_id = $1 "
     "AND (c.created_batch_id IS NULL OR c.created_batch_id <> $1) ORDER BY p.id LIMIT 100",
     "下设有本批次以外的组织"},
    {"SELECT o.id, o.name FROM orgs o WHERE o.created_batch_id = $1 "
     "AND EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id) ORDER BY o.id LIMIT 100",
     "已有党员编入"},
    {"SELECT o.id, o.name FROM orgs o WHERE o.created_batch_id = $1 "
     "AND EXISTS (SELECT 1 FROM org_terms t WHERE t.org_id = o.id) ORDER BY o.id LIMIT 100",
     "已登记届次信息"},
    {"SELECT o.id, o.name FROM import_updates u JOIN orgs o ON o.id = u.entity_id "
     "WHERE u.batch_id = $1 AND u.entity = 'org' AND o.version <> u.version_after ORDER BY o.id LIMIT 100",
     "导入后已被再次修改"},
};

template <size_t N>
std::vector<Blocker> run_blocks(db::Tx& tx, const BlockQuery (&queries)[N], const char* entity, int64_t batch_id) {
  std::vector<Blocker> out;
  for (const auto& q : queries) {
    for (const auto& r : tx.query(q.sql, {batch_id})) out.push_back({entity, r.i64(0), r.text(1), q.reason});
  }
  return out;
}

std::vector<std::pair<int64_t, std::string>> updates_of(db::Tx& tx, int64_t batch_id, const char* entity) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& r : tx.query("SELECT entity_id, before_json FROM import_updates WHERE batch_id = $1 AND entity = $2 "
                                "ORDER BY entity_id",
                                {batch_id, entity})) {
    out.emplace_back(r.i64(0), r.text(1));
  }
  return out;
}

// Removes one organization the batch created (children first, so parent references are gone),
// taking its count out of the rollups exactly where create_in put it.
void delete_created_org(db::Tx& tx, int64_t id, const std::string& path, const std::string& kind) {
  org::apply_stats(tx, org::rollup_path(path, kind), {{"orgs:" + kind, -1}});
  tx.exec("DELETE FROM org_stats WHERE org_id = $1", {id});
  tx.exec("DELETE FROM org_member_counts WHERE org_id = $1", {id});
  tx.exec("DELETE FROM org_history WHERE org_id = $1", {id});
  tx.exec("DELETE FROM orgs WHERE id = $1", {id});
}

}  // namespace

std::vector<Blocker> rollback_blockers(db::Tx& tx, ImportKind kind, int64_t batch_id) {
  return kind == ImportKind::members ? run_blocks(tx, kMemberBlocks, "member", batch_id)
                                     : run_blocks(tx, kOrgBlocks, "org", batch_id);
}

void undo_member_batch(db::Tx& tx, member::MemberService& members, int64_t batch_id, const ChangeMeta& meta) {
  for (const auto& [id, before] : updates_of(tx, batch_id, "member")) members.undo_import_update(tx, id, before, meta);
  // Page through the created rows by id so a 1M-row batch is never held at once.
  int64_t after = 0;
  for (;;) {
    db::Rows page = tx.query("SELECT id FROM members WHERE created_batch_id = $1 AND id > $2 ORDER BY id LIMIT 5000",
                             {batch_id, after});
    if (page.empty()) break;
    for (const auto& r : page) {
      after = r.i64(0);
      members.delete_imported(tx, after);
    }
  }
}

void undo_org_batch(db::Tx& tx, org::OrgService& orgs, int64_t batch_id, const ChangeMeta& meta, domain::Date today) {
  for (const auto& [id, before] : updates_of(tx, batch_id, "org")) {
    restore_org_update(tx, orgs, id, before, batch_id, meta, today);
  }
  db::Rows created =
      tx.query("SELECT id, path, kind FROM orgs WHERE created_batch_id = $1 ORDER BY depth DESC, id DESC", {batch_id});
  for (const auto& r : created) delete_created_org(tx, r.i64(0), r.text(1), r.text(2));
}

}  // namespace lianxin::modules::io
