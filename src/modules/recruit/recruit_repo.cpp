// SQL of recruitment cases and step records. Step records are only ever inserted.
#include "modules/recruit/recruit_internal.hpp"

namespace lianxin::modules::recruit::detail {

const char* const kCaseColumns =
    "c.id, c.org_id, c.name, c.id_enc, c.id_hash, c.gender, c.birth_date, c.unit, c.application_date, c.state, "
    "c.pack_id, c.stage, c.current_step, c.next_step, c.next_due, c.member_id, c.version, c.created_at, c.updated_at";

CaseRecord case_from_row(const db::Row& r) {
  CaseRecord c;
  c.id = r.i64(0);
  c.org_id = r.i64(1);
  c.name = r.text(2);
  c.id_enc = r.text(3);
  c.id_hash = r.text(4);
  c.gender = r.text(5);
  c.birth_date = r.text(6);
  c.unit = r.opt_text(7);
  c.application_date = r.text(8);
  c.state = r.text(9);
  c.pack_id = r.text(10);
  c.stage = static_cast<int>(r.i64(11));
  c.current_step = static_cast<int>(r.i64(12));
  c.next_step = static_cast<int>(r.i64(13));
  c.next_due = r.opt_text(14);
  c.member_id = r.opt_i64(15);
  c.version = r.i64(16);
  c.created_at = r.text(17);
  c.updated_at = r.text(18);
  return c;
}

std::optional<CaseRecord> case_by_id(db::Tx& tx, int64_t id) {
  static const std::string sql = std::string("SELECT ") + kCaseColumns + " FROM recruit_cases c WHERE c.id = $1";
  auto r = tx.query_one(sql, {id});
  if (!r) return std::nullopt;
  return case_from_row(*r);
}

int64_t insert_case(db::Tx& tx, const CaseRecord& c) {
  return tx.query_int(
      "INSERT INTO recruit_cases (org_id, name, id_enc, id_hash, open_hash, gender, birth_date, unit, application_date, "
      "state, pack_id, stage, current_step, next_step, next_due, member_id, version, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $17) RETURNING id",
      {c.org_id, c.name, c.id_enc, c.id_hash, c.state == "in_progress" ? db::Value(c.id_hash) : db::Value(), c.gender,
       c.birth_date, c.unit, c.application_date, c.state, c.pack_id, c.stage, c.current_step, c.next_step, c.next_due,
       c.member_id, c.created_at});
}

bool update_case_status(db::Tx& tx, const CaseRecord& c, int64_t version) {
  return tx.exec("UPDATE recruit_cases SET state = $1, open_hash = $2, stage = $3, current_step = $4, next_step = $5, "
                 "next_due = $6, member_id = $7, version = version + 1, updated_at = $8 WHERE id = $9 AND version = $10",
                 {c.state, c.state == "in_progress" ? db::Value(c.id_hash) : db::Value(), c.stage, c.current_step,
                  c.next_step, c.next_due, c.member_id, c.updated_at, c.id, version}) == 1;
}

const char* const kStepColumns =
    "s.id, s.case_id, s.step, s.step_date, s.facts_json, s.findings_json, s.pack_id, s.corrects_id, "
    "s.correction_reason, s.recorded_by, s.recorded_by_name, s.recorded_at, s.request_id";

StepRow step_from_row(const db::Row& r) {
  StepRow s;
  s.id = r.i64(0);
  s.case_id = r.i64(1);
  s.step = static_cast<int>(r.i64(2));
  s.date = r.text(3);
  s.facts_json = r.text(4);
  s.findings_json = r.text(5);
  s.pack_id = r.text(6);
  s.corrects_id = r.opt_i64(7);
  s.correction_reason = r.opt_text(8);
  s.recorded_by = r.opt_i64(9);
  s.recorded_by_name = r.text(10);
  s.recorded_at = r.text(11);
  s.request_id = r.opt_text(12);
  return s;
}

std::vector<StepRow> steps_of(db::Tx& tx, int64_t case_id) {
  static const std::string sql =
      std::string("SELECT ") + kStepColumns + " FROM recruit_steps s WHERE s.case_id = $1 ORDER BY s.id";
  std::vector<StepRow> out;
  for (const auto& r : tx.query(sql, {case_id})) out.push_back(step_from_row(r));
  return out;
}

int64_t insert_step(db::Tx& tx, const StepRow& s) {
  return tx.query_int(
      "INSERT INTO recruit_steps (case_id, step, step_date, facts_json, findings_json, pack_id, corrects_id, "
      "correction_reason, recorded_by, recorded_by_name, recorded_at, request_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
      {s.case_id, s.step, s.date, s.facts_json, s.findings_json, s.pack_id, s.corrects_id, s.correction_reason,
       s.recorded_by, s.recorded_by_name, s.recorded_at, s.request_id});
}

}  // namespace lianxin::modules::recruit::detail
