// Migration 12: multi-hop (逐级) transfer paths (issue #5, R-T03 / R-T10).
//
// Design notes (docs/architecture.md, "Transfers", paths):
// - orgs.can_transfer_directly: the pre-2019 direct nodes (县级及以上地方党委组织部, 中央和国家机关
//   工委, ..., transfer.md R-T10 detail). With can_approve_probationary (a 基层党委 with approval
//   power, R-T03) it decides domain::transfer_node. Default 0: nothing is backfilled.
// - transfers.path_kind: direct | multi_hop, computed when the case is created
//   (domain::transfer_route). Cases created before this migration are direct and keep their flow.
// - transfer_hops: the organizations a multi-hop case passes, in order (seq 1..n); the last is the
//   receiving branch (role receive), the others forward (role forward). state: waiting (not reached
//   yet) | pending (the case is here: arrived_on starts its approval deadline, R-T13) | forwarded |
//   returned | accepted | refused. At most one hop of a case is pending. Direct cases have no rows.
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0012_transfer_hops{12, "transfer: can_transfer_directly and multi-hop paths", R"SQL(
ALTER TABLE orgs ADD COLUMN can_transfer_directly INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transfers ADD COLUMN path_kind TEXT NOT NULL DEFAULT 'direct';

CREATE TABLE transfer_hops (
  id {{ID}},
  transfer_id BIGINT NOT NULL REFERENCES transfers(id),
  seq INTEGER NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  side TEXT NOT NULL,
  role TEXT NOT NULL,
  state TEXT NOT NULL,
  arrived_on TEXT,
  decided_at TEXT,
  decided_by_name TEXT,
  reason_code TEXT,
  note TEXT
);
CREATE UNIQUE INDEX transfer_hops_seq ON transfer_hops(transfer_id, seq);
CREATE INDEX transfer_hops_pending ON transfer_hops(state, org_id);
)SQL"};

}  // namespace lianxin::db::migrations
