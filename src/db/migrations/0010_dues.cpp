// Migration 10: 党费 (dues, issue #6; dues.md). The contract shared by the dues ledger (bases,
// reductions, periods, payments) and the dues reports (arrears, roll-ups, remittance).
//
// Design notes (docs/architecture.md, "Dues"):
// - dues_bases is append-only: each row is a declared monthly base with the month it was first
//   received (R-F04); the base in force for a month is domain::base_for_month over a member's rows.
//   source: member (self-declared) | branch | payroll (CSV import, batch_ref names the file).
// - dues_reductions (R-F01): a branch proposes a reduced monthly amount (kind reduce) or none
//   (exempt) for a month range; it applies only once state = approved with an approval_ref.
// - dues_periods: one per organization (a branch) and month 'YYYY-MM'; open -> closed. Opening
//   fixes every member's amount in dues_items (rate, base and rule copied), so later changes to a
//   base or a rule never rewrite a month already opened.
// - dues_items: one per member and month (unique): standard_fen by the rate, due_fen after an
//   approved reduction, paid_fen the sum of the allocations to that month. state: unpaid | partial
//   | paid | exempt (nothing due) | no_base (no base declared: due 0 until the branch sets one).
// - dues_payments: money received. payer (domain payer_code) is never an organization (R-F07).
//   Online payments start pending and become paid on the gateway-shaped callback; (provider,
//   external_ref) is unique, so a repeated callback finds the same row and counts once.
//   extra_fen is voluntary dues beyond what is owed; large_voluntary marks R-F09.
// - dues_allocations: which months a payment pays (back-payment, the current month, prepayment).
//   A prepaid month whose period is not open yet keeps its allocation; opening adds it to paid_fen
//   (dues_allocations_month serves that: one range scan per opened month, added by the ledger).
// - dues_callbacks logs every callback as received (for reconciliation), duplicates included.
// - dues_remittances: the share of a year's dues an organization remitted upward (R-F10).
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0010_dues{10, "dues: bases, reductions, monthly periods, payments", R"SQL(
CREATE TABLE dues_bases (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  category TEXT NOT NULL,
  base_fen BIGINT NOT NULL,
  pension_basic_fen BIGINT,
  quarter_json TEXT,
  social_insurance_fen BIGINT NOT NULL DEFAULT 0,
  first_received TEXT NOT NULL,
  source TEXT NOT NULL,
  batch_ref TEXT,
  note TEXT,
  actor_id BIGINT,
  actor_name TEXT NOT NULL,
  at TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX dues_bases_member ON dues_bases(member_id, first_received, id);

CREATE TABLE dues_reductions (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  kind TEXT NOT NULL,
  monthly_fen BIGINT NOT NULL,
  from_month TEXT NOT NULL,
  to_month TEXT NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL,
  proposed_by_name TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  approval_ref TEXT,
  decided_by_name TEXT,
  decided_at TEXT,
  decision_note TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dues_reductions_member ON dues_reductions(member_id, from_month);
CREATE INDEX dues_reductions_org ON dues_reductions(org_id, state, id);

CREATE TABLE dues_periods (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  month TEXT NOT NULL,
  state TEXT NOT NULL,
  pack_id TEXT NOT NULL,
  members INTEGER NOT NULL,
  due_fen BIGINT NOT NULL,
  opened_at TEXT NOT NULL,
  opened_by_name TEXT NOT NULL,
  closed_at TEXT,
  closed_by_name TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX dues_periods_org_month ON dues_periods(org_id, month);
CREATE INDEX dues_periods_month ON dues_periods(month, org_id);

CREATE TABLE dues_items (
  id {{ID}},
  period_id BIGINT NOT NULL REFERENCES dues_periods(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  month TEXT NOT NULL,
  member_id BIGINT NOT NULL REFERENCES members(id),
  category TEXT NOT NULL,
  base_fen BIGINT NOT NULL,
  rate_bp INTEGER NOT NULL,
  standard_fen BIGINT NOT NULL,
  due_fen BIGINT NOT NULL,
  reduction_id BIGINT REFERENCES dues_reductions(id),
  rule_id TEXT NOT NULL,
  basis TEXT NOT NULL,
  paid_fen BIGINT NOT NULL DEFAULT 0,
  paid_on TEXT,
  state TEXT NOT NULL
);
CREATE UNIQUE INDEX dues_items_member_month ON dues_items(member_id, month);
CREATE INDEX dues_items_period ON dues_items(period_id, member_id);
CREATE INDEX dues_items_org_month ON dues_items(org_id, month);

CREATE TABLE dues_payments (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  channel TEXT NOT NULL,
  payer TEXT NOT NULL,
  proxy_member_id BIGINT REFERENCES members(id),
  amount_fen BIGINT NOT NULL,
  extra_fen BIGINT NOT NULL DEFAULT 0,
  large_voluntary INTEGER NOT NULL DEFAULT 0,
  from_month TEXT,
  to_month TEXT,
  state TEXT NOT NULL,
  provider TEXT,
  external_ref TEXT,
  paid_at TEXT,
  findings TEXT NOT NULL,
  note TEXT,
  recorded_by_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  request_id TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX dues_payments_ref ON dues_payments(provider, external_ref);
CREATE INDEX dues_payments_member ON dues_payments(member_id, id);
CREATE INDEX dues_payments_org ON dues_payments(org_id, id);

CREATE TABLE dues_allocations (
  payment_id BIGINT NOT NULL REFERENCES dues_payments(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  month TEXT NOT NULL,
  amount_fen BIGINT NOT NULL,
  PRIMARY KEY (payment_id, month)
);
CREATE INDEX dues_allocations_member ON dues_allocations(member_id, month);
CREATE INDEX dues_allocations_month ON dues_allocations(month, member_id);

CREATE TABLE dues_callbacks (
  id {{ID}},
  provider TEXT NOT NULL,
  external_ref TEXT NOT NULL,
  amount_fen BIGINT,
  status TEXT NOT NULL,
  outcome TEXT NOT NULL,
  received_at TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX dues_callbacks_ref ON dues_callbacks(provider, external_ref, id);

CREATE TABLE dues_remittances (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  year INTEGER NOT NULL,
  amount_fen BIGINT NOT NULL,
  remitted_on TEXT NOT NULL,
  reference TEXT,
  recorded_by_name TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX dues_remittances_org ON dues_remittances(org_id, year);
)SQL"};

}  // namespace lianxin::db::migrations
