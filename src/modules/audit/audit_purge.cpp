// purge(): retention. Records older than the retention may be deleted from the start of the
// chain; audit_head keeps the hash of the last deleted record (purged_hash), so verify() still
// checks every record that remains from a known starting point.
#include <stdexcept>

#include "domain/date.hpp"
#include "modules/audit/audit_service.hpp"

namespace lianxin::modules::audit {

namespace {

domain::Date parse_before(const std::string& s) {
  auto d = domain::Date::parse(s);
  if (!d || s.size() != 10) throw std::invalid_argument("--before must be a date YYYY-MM-DD, got '" + s + "'");
  return *d;
}

// The last seq to delete: the record before the first one at or after `before` (never a younger
// record, even if the clock once went back), or the head when all are older.
int64_t purge_through(db::Tx& tx, const domain::Date& before, int64_t head_seq) {
  auto r = tx.query_one("SELECT min(seq) FROM audit_log WHERE at >= $1", {before.iso()});
  return r && !r->is_null(0) ? r->i64(0) - 1 : head_seq;
}

}  // namespace

PurgeResult AuditService::purge(const std::string& before_date, const ChangeMeta& meta) {
  const domain::Date before = parse_before(before_date);
  const domain::Date latest = domain::add_days(ctx_.today(), -retention_days_);
  if (before > latest)
    throw std::invalid_argument("refused: audit records are kept " + std::to_string(retention_days_) +
                                " days (audit-retention-days); the latest allowed --before is " + latest.iso());
  // Deleting a tampered part would destroy the evidence: purge only an intact chain.
  if (VerifyResult v = verify(); !v.ok)
    throw std::runtime_error("refused: the audit chain is broken at seq " + std::to_string(*v.first_broken_seq) + " (" +
                             v.reason + "); run `lianxin audit verify` and investigate first");
  return ctx_.db.write_value([&](db::Tx& tx) {
    const char* head_sql = tx.backend() == db::Backend::postgres
                               ? "SELECT seq, purged_through FROM audit_head WHERE id = 1 FOR UPDATE"
                               : "SELECT seq, purged_through FROM audit_head WHERE id = 1";
    auto head = tx.query_one(head_sql);
    PurgeResult out;
    out.purged_through = head->i64(1);
    const int64_t through = purge_through(tx, before, head->i64(0));
    if (through > out.purged_through) {
      const std::string hash = tx.query_one("SELECT hash FROM audit_log WHERE seq = $1", {through})->text(0);
      out.deleted = tx.exec("DELETE FROM audit_log WHERE seq <= $1", {through});
      tx.exec("UPDATE audit_head SET purged_through = $1, purged_hash = $2 WHERE id = 1", {through, hash});
      out.purged_through = through;
    }
    boost::json::object after{{"before", before.iso()},
                              {"retention_days", retention_days_},
                              {"deleted", out.deleted},
                              {"purged_through", out.purged_through}};
    record(tx, ctx_.cipher, meta,
           {"audit.purge", "audit_log", std::nullopt, std::nullopt, std::nullopt, boost::json::serialize(after)});
    return out;
  });
}

}  // namespace lianxin::modules::audit
