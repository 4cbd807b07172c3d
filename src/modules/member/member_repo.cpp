#include "modules/member/member_repo.hpp"

#include <type_traits>

namespace lianxin::modules::member::repo {

const char* const kColumns =
    "m.id, m.org_id, m.name, m.id_enc, m.id_hash, m.gender, m.birth_date, m.ethnicity, m.education, m.category, "
    "m.status, m.application_date, m.join_date, m.full_date, m.employment, m.position, m.mobile_enc, m.mobile_hash, "
    "m.landline_enc, m.address_enc, m.income_base_fen, m.version, m.created_batch_id, m.created_at, m.updated_at";

namespace {

// The one list of a member's columns. A row the caller gives up (the detail read) has its text taken
// instead of copied: a member row has a dozen cells too long for a string's inline buffer.
template <class R>
MemberRecord build(R& r) {
  constexpr bool kTake = !std::is_const_v<R>;
  const auto text = [&r](size_t i) -> std::string {
    if constexpr (kTake) return r.take(i);
    else return r.text(i);
  };
  const auto opt = [&r](size_t i) -> std::optional<std::string> {
    if constexpr (kTake) return r.take_opt(i);
    else return r.opt_text(i);
  };
  MemberRecord m;
  m.id = r.i64(0);
  m.org_id = r.i64(1);
  m.name = text(2);
  m.id_enc = text(3);
  m.id_hash = text(4);
  m.gender = text(5);
  m.birth_date = text(6);
  m.ethnicity = opt(7);
  m.education = opt(8);
  m.category = text(9);
  m.status = text(10);
  m.application_date = opt(11);
  m.join_date = text(12);
  m.full_date = opt(13);
  m.employment = opt(14);
  m.position = opt(15);
  m.mobile_enc = opt(16);
  m.mobile_hash = opt(17);
  m.landline_enc = opt(18);
  m.address_enc = opt(19);
  m.income_base_fen = r.opt_i64(20);
  m.version = r.i64(21);
  m.created_batch_id = r.opt_i64(22);
  m.created_at = text(23);
  m.updated_at = text(24);
  return m;
}

}  // namespace

MemberRecord from_row(db::Row&& r) { return build(r); }
MemberRecord from_row(const db::Row& r) { return build(r); }

std::optional<MemberRecord> by_id(db::Tx& tx, int64_t id) {
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM members m WHERE m.id = $1";
  auto r = tx.query_one(sql, {id});
  if (!r) return std::nullopt;
  return from_row(std::move(*r));
}

std::optional<MemberRecord> by_id_hash(db::Tx& tx, const std::string& hash) {
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM members m WHERE m.id_hash = $1";
  auto r = tx.query_one(sql, {hash});
  if (!r) return std::nullopt;
  return from_row(std::move(*r));
}

namespace {

db::Params column_values(const MemberRecord& m) {
  return {m.org_id, m.name, m.id_enc, m.id_hash, m.gender, m.birth_date, m.ethnicity, m.education, m.category,
          m.status, m.application_date, m.join_date, m.full_date, m.employment, m.position, m.mobile_enc,
          m.mobile_hash, m.landline_enc, m.address_enc, m.income_base_fen};
}

}  // namespace

int64_t insert(db::Tx& tx, const MemberRecord& m) {
  db::Params p = column_values(m);
  p.emplace_back(m.created_batch_id);
  p.emplace_back(m.created_at);
  return tx.query_int(
      "INSERT INTO members (org_id, name, id_enc, id_hash, gender, birth_date, ethnicity, education, category, status, "
      "application_date, join_date, full_date, employment, position, mobile_enc, mobile_hash, landline_enc, "
      "address_enc, income_base_fen, version, created_batch_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
      "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1, $21, $22, $22) RETURNING id",
      p);
}

bool update(db::Tx& tx, const MemberRecord& m, int64_t expected_version) {
  db::Params p = column_values(m);
  p.emplace_back(now_timestamp());
  p.emplace_back(m.id);
  p.emplace_back(expected_version);
  return tx.exec("UPDATE members SET org_id = $1, name = $2, id_enc = $3, id_hash = $4, gender = $5, birth_date = $6, "
                 "ethnicity = $7, education = $8, category = $9, status = $10, application_date = $11, "
                 "join_date = $12, full_date = $13, employment = $14, position = $15, mobile_enc = $16, "
                 "mobile_hash = $17, landline_enc = $18, address_enc = $19, income_base_fen = $20, "
                 "version = version + 1, updated_at = $21 WHERE id = $22 AND version = $23",
                 p) == 1;
}

void add_history(db::Tx& tx, int64_t member_id, const std::string& action, const std::string& effective_date,
                 const std::optional<std::string>& before_json, const std::optional<std::string>& after_json,
                 const std::optional<std::string>& reason, const ChangeMeta& meta) {
  tx.exec("INSERT INTO member_history (member_id, action, effective_date, before_json, after_json, reason, "
          "recorded_at, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {member_id, action, effective_date, before_json, after_json, reason, now_timestamp(), meta.request_id});
}

const char* const kStatusEventColumns =
    "e.id, e.member_id, e.from_status, e.to_status, e.kind, e.effective_date, e.reason, e.approver, e.lost_since, "
    "e.rule_id, e.table_version, e.review_kind, e.review_due, e.source, e.recorded_at, e.recorded_by, "
    "e.recorded_by_name, e.request_id";

StatusEvent status_event_from_row(const db::Row& r, size_t i) {
  StatusEvent e;
  e.id = r.i64(i + 0);
  e.member_id = r.i64(i + 1);
  e.from_status = r.text(i + 2);
  e.to_status = r.text(i + 3);
  e.kind = r.opt_text(i + 4);
  e.effective_date = r.text(i + 5);
  e.reason = r.opt_text(i + 6);
  e.approver = r.opt_text(i + 7);
  e.lost_since = r.opt_text(i + 8);
  e.rule_id = r.text(i + 9);
  e.table_version = r.text(i + 10);
  e.review_kind = r.opt_text(i + 11);
  e.review_due = r.opt_text(i + 12);
  e.source = r.text(i + 13);
  e.recorded_at = r.text(i + 14);
  e.recorded_by = r.opt_i64(i + 15);
  e.recorded_by_name = r.text(i + 16);
  e.request_id = r.opt_text(i + 17);
  return e;
}

int64_t insert_status_event(db::Tx& tx, const StatusEvent& e) {
  return tx.query_int(
      "INSERT INTO member_status_events (member_id, from_status, to_status, kind, effective_date, reason, approver, "
      "lost_since, rule_id, table_version, review_kind, review_due, source, recorded_at, recorded_by, "
      "recorded_by_name, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
      "$17) RETURNING id",
      {e.member_id, e.from_status, e.to_status, e.kind, e.effective_date, e.reason, e.approver, e.lost_since,
       e.rule_id, e.table_version, e.review_kind, e.review_due, e.source, e.recorded_at, e.recorded_by,
       e.recorded_by_name, e.request_id});
}

std::vector<StatusEvent> status_events(db::Tx& tx, int64_t member_id, int limit) {
  std::vector<StatusEvent> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kStatusEventColumns +
                                    " FROM member_status_events e WHERE e.member_id = $1 ORDER BY e.id DESC LIMIT $2",
                                {member_id, static_cast<int64_t>(limit)}))
    out.push_back(status_event_from_row(r));
  return out;
}

std::optional<StatusEvent> latest_status_event(db::Tx& tx, int64_t member_id) {
  auto all = status_events(tx, member_id, 1);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::optional<std::string> latest_status_history_date(db::Tx& tx, int64_t member_id) {
  auto r = tx.query_one("SELECT effective_date FROM member_history WHERE member_id = $1 AND action = 'status' "
                        "ORDER BY id DESC LIMIT 1",
                        {member_id});
  if (!r) return std::nullopt;
  return r->text(0);
}

}  // namespace lianxin::modules::member::repo
