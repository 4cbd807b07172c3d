#include "modules/org/org_repo.hpp"

#include "modules/common/tree_path.hpp"

namespace lianxin::modules::org::repo {

const char* const kColumns =
    "o.id, o.code, o.name, o.kind, o.parent_id, o.path, o.depth, o.host_unit, o.region_code, o.category, "
    "o.established_date, o.contact_name, o.contact_phone, o.village_or_community, o.can_approve_probationary, "
    "o.dissolved_date, o.dissolve_reason, o.version, o.created_batch_id, o.created_at, o.updated_at, o.can_transfer_directly";

OrgRecord from_row(const db::Row& r) {
  OrgRecord o;
  o.id = r.i64(0);
  o.code = r.text(1);
  o.name = r.text(2);
  o.kind = r.text(3);
  o.parent_id = r.opt_i64(4);
  o.path = r.text(5);
  o.depth = static_cast<int>(r.i64(6));
  o.host_unit = r.opt_text(7);
  o.region_code = r.opt_text(8);
  o.category = r.opt_text(9);
  o.established_date = r.opt_text(10);
  o.contact_name = r.opt_text(11);
  o.contact_phone = r.opt_text(12);
  o.village_or_community = r.i64(13) != 0;
  o.can_approve_probationary = r.i64(14) != 0;
  o.dissolved_date = r.opt_text(15);
  o.dissolve_reason = r.opt_text(16);
  o.version = r.i64(17);
  o.created_batch_id = r.opt_i64(18);
  o.created_at = r.text(19);
  o.updated_at = r.text(20);
  o.can_transfer_directly = r.i64(21) != 0;
  return o;
}

std::optional<OrgRecord> by_id(db::Tx& tx, int64_t id) {
  auto r = tx.query_one(std::string("SELECT ") + kColumns + " FROM orgs o WHERE o.id = $1", {id});
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::optional<OrgRecord> by_code(db::Tx& tx, const std::string& code) {
  auto r = tx.query_one(std::string("SELECT ") + kColumns + " FROM orgs o WHERE o.code = $1", {code});
  if (!r) return std::nullopt;
  return from_row(*r);
}

OrgRecord insert(db::Tx& tx, const OrgRecord& o) {
  // The path holds the new id, so insert with a unique placeholder and set it right after.
  int64_t id = tx.query_int(
      "INSERT INTO orgs (code, name, kind, parent_id, path, depth, host_unit, region_code, category, "
      "established_date, contact_name, contact_phone, village_or_community, can_approve_probationary, "
      "version, created_batch_id, created_at, updated_at, can_transfer_directly) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $16, $17) RETURNING id",
      {o.code, o.name, o.kind, o.parent_id, "pending:" + o.code, o.depth, o.host_unit, o.region_code, o.category,
       o.established_date, o.contact_name, o.contact_phone, o.village_or_community ? 1 : 0,
       o.can_approve_probationary ? 1 : 0, o.created_batch_id, o.created_at, o.can_transfer_directly ? 1 : 0});
  OrgRecord created = o;  // what was inserted: no need to read it back
  created.id = id;
  created.path = child_path(o.path, id);  // o.path carries the parent's path here
  created.version = 1;
  created.updated_at = o.created_at;
  tx.exec("UPDATE orgs SET path = $1 WHERE id = $2", {created.path, id});
  return created;
}

bool update(db::Tx& tx, const OrgRecord& o, int64_t expected_version) {
  return tx.exec(
             "UPDATE orgs SET code = $1, name = $2, kind = $3, host_unit = $4, region_code = $5, category = $6, "
             "established_date = $7, contact_name = $8, contact_phone = $9, village_or_community = $10, "
             "can_approve_probationary = $11, dissolved_date = $12, dissolve_reason = $13, version = version + 1, "
             "updated_at = $14, can_transfer_directly = $17 WHERE id = $15 AND version = $16",
             {o.code, o.name, o.kind, o.host_unit, o.region_code, o.category, o.established_date, o.contact_name,
              o.contact_phone, o.village_or_community ? 1 : 0, o.can_approve_probationary ? 1 : 0, o.dissolved_date,
              o.dissolve_reason, now_timestamp(), o.id, expected_version, o.can_transfer_directly ? 1 : 0}) == 1;
}

void add_history(db::Tx& tx, int64_t org_id, const std::string& action, const std::string& effective_date,
                 const std::optional<std::string>& before_json, const std::optional<std::string>& after_json,
                 const std::optional<std::string>& reason, const ChangeMeta& meta) {
  tx.exec(
      "INSERT INTO org_history (org_id, action, effective_date, before_json, after_json, reason, recorded_at, request_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {org_id, action, effective_date, before_json, after_json, reason, now_timestamp(), meta.request_id});
}

const char* const kTermColumns =
    "id, org_id, elected_date, term_years, due_date, has_committee, secretary, members_json, approval_ref, recorded_at";

TermRecord term_from_row(const db::Row& r) {
  TermRecord t;
  t.id = r.i64(0);
  t.org_id = r.i64(1);
  t.elected_date = r.text(2);
  t.term_years = static_cast<int>(r.i64(3));
  t.due_date = r.text(4);
  t.has_committee = r.i64(5) != 0;
  t.secretary = r.opt_text(6);
  t.members_json = r.opt_text(7);
  t.approval_ref = r.opt_text(8);
  t.recorded_at = r.text(9);
  return t;
}

std::optional<TermRecord> current_term(db::Tx& tx, int64_t org_id) {
  auto r = tx.query_one(std::string("SELECT ") + kTermColumns +
                            " FROM org_terms WHERE org_id = $1 ORDER BY elected_date DESC, id DESC LIMIT 1",
                        {org_id});
  if (!r) return std::nullopt;
  return term_from_row(*r);
}

}  // namespace lianxin::modules::org::repo
