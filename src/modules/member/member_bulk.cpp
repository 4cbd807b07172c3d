// The bulk path of MemberService: imports and the demo generator write many validated members at
// once, with one prepared INSERT (COPY on PostgreSQL) and their rollups applied in aggregate.
#include "modules/member/member_codec.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::member {

namespace {

const std::vector<std::string>& bulk_columns() {
  static const std::vector<std::string> columns = {
      "org_id", "name", "id_enc", "id_hash", "gender", "birth_date", "ethnicity", "education", "category", "status",
      "application_date", "join_date", "full_date", "employment", "position", "mobile_enc", "mobile_hash",
      "landline_enc", "address_enc", "income_base_fen", "version", "created_batch_id", "created_at", "updated_at"};
  return columns;
}

std::optional<std::string_view> opt_text(const db::Value& v) {
  return v.is_null() ? std::nullopt : std::optional<std::string_view>(v.as_text());
}

}  // namespace

MemberService::EncodedMember MemberService::encode_new(const domain::MemberFields& f, std::string id_hash,
                                                       std::optional<int64_t> batch_id,
                                                       const std::string& now) const {
  MemberRecord m = encode_record(ctx_.cipher, f, 0, std::move(id_hash));
  EncodedMember e;
  // Moved, not copied: this runs once per imported row.
  e.row = {m.org_id,         std::move(m.name),        std::move(m.id_enc),          std::move(m.id_hash),
           std::move(m.gender), std::move(m.birth_date), std::move(m.ethnicity),     std::move(m.education),
           std::move(m.category), std::move(m.status),   std::move(m.application_date), std::move(m.join_date),
           std::move(m.full_date), std::move(m.employment), std::move(m.position),   std::move(m.mobile_enc),
           std::move(m.mobile_hash), std::move(m.landline_enc), std::move(m.address_enc), m.income_base_fen,
           1,                batch_id,                 now,                          now};
  return e;
}

std::vector<db::Params> MemberService::insert_encoded(db::Tx& tx, std::vector<EncodedMember>& rows,
                                                      BulkStats& stats) {
  if (rows.empty()) return {};
  std::vector<db::Params> values;
  values.reserve(rows.size());
  for (const auto& e : rows) {
    const db::Params& r = e.row;
    // Members sit in branches, whose rollups live with the parent.
    stats.add(e.org_path, "branch",
              {r[8].as_text(), r[4].as_text(), r[5].as_text(), r[9].as_text(), opt_text(r[7]), opt_text(r[6])}, 1);
  }
  for (auto& e : rows) values.push_back(std::move(e.row));
  tx.bulk_insert("members", bulk_columns(), values);
  rows.clear();
  return values;
}

void MemberService::apply_bulk_stats(db::Tx& tx, const BulkStats& stats) { stats.apply(tx); }

size_t MemberService::bulk_create(db::Tx& tx, const std::vector<NewMember>& rows, std::optional<int64_t> batch_id) {
  const std::string now = now_timestamp();
  std::vector<EncodedMember> encoded;
  encoded.reserve(rows.size());
  for (const auto& r : rows) {
    encoded.push_back(encode_new(r.fields, {}, batch_id, now));
    encoded.back().set_org(r.org_id, r.org_path);
  }
  BulkStats stats;
  insert_encoded(tx, encoded, stats);
  apply_bulk_stats(tx, stats);
  return rows.size();
}

}  // namespace lianxin::modules::member
