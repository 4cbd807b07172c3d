// verify(): recomputes the chain from the purge point to the head. Any edit of a stored field
// changes that record's hash; a deleted record leaves a gap in seq (or, at the end, a head that
// no longer matches); an inserted or reordered record breaks prev_hash. The key of the hash is in
// the key file, so whoever can write the database alone cannot rebuild a consistent chain.
#include "modules/audit/audit_query.hpp"
#include "modules/audit/audit_service.hpp"

namespace lianxin::modules::audit {

namespace {

void fail(VerifyResult& v, int64_t seq, std::string reason) {
  v.ok = false;
  v.first_broken_seq = seq;
  v.reason = std::move(reason);
}

}  // namespace

VerifyResult AuditService::verify() {
  return ctx_.db.read_value([&](db::Tx& tx) {
    VerifyResult v;
    auto head = tx.query_one("SELECT seq, hash, purged_through, purged_hash FROM audit_head WHERE id = 1");
    if (!head) {
      fail(v, 1, "审计链头（audit_head）缺失");
      return v;
    }
    v.head_seq = head->i64(0);
    v.purged_through = head->i64(2);
    std::string prev = v.purged_through > 0 ? head->text_or(3, "") : "genesis";
    int64_t expected = v.purged_through + 1;
    // Streamed: the chain may hold millions of records. After the first break the rest is skipped.
    tx.query_each(std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq > $1 ORDER BY seq",
                  {v.purged_through}, [&](const db::Row& row) {
                    if (!v.ok) return;
                    Record r = record_from_row(row);
                    if (r.seq != expected) return fail(v, expected, "记录缺失（已被删除）");
                    if (r.prev_hash != prev) return fail(v, r.seq, "与前一条记录的链接不符（记录被删除、插入或调换）");
                    if (chain_hash(ctx_.cipher, r, prev) != r.hash) return fail(v, r.seq, "记录内容被修改");
                    ++v.checked;
                    prev = r.hash;
                    ++expected;
                  });
    if (v.ok && expected - 1 < v.head_seq) fail(v, expected, "链尾记录缺失（已被删除）");
    else if (v.ok && expected - 1 > v.head_seq) fail(v, v.head_seq + 1, "链头之后出现多余记录");
    else if (v.ok && head->text(1) != prev) fail(v, v.head_seq, "链头哈希与最后一条记录不符");
    return v;
  });
}

}  // namespace lianxin::modules::audit
