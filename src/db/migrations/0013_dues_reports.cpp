// Migration 13: indexes for the dues reports (issue #6). Nothing new is stored; the reports read
// the ledger's tables of migration 10.
//
// - Arrears (unpaid and partly paid months) are a small part of dues_items once a branch collects
//   regularly: partial indexes over state IN ('unpaid', 'partial') let the arrears list, the
//   per-organization arrears totals and the six-consecutive-months flag (R-F11) read only those
//   rows, by organization (dues_items_arrears_org) or by month (dues_items_arrears_month: the last
//   six closed months of a whole subtree), with the amounts in the index (no table look-up: at the
//   start of a month every item of the open month is unpaid, and the arrears queries skip those by
//   month and period_id read from the index, 1M table look-ups at 1M members otherwise).
//   Queries must repeat the predicate exactly as written here (`state IN ('unpaid', 'partial')`)
//   so that SQLite's planner recognizes the index.
// - dues_items_report: the month and year reports sum due and paid per organization and month;
//   covering, so a month of 1M members is read from the index alone (dues_items_org_month of
//   migration 10 would look every item up in the table).
// - dues_payments_state: online payments still pending after N hours (reconciliation).
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0013_dues_reports{13, "dues reports: arrears indexes", R"SQL(
CREATE INDEX dues_items_arrears_org ON dues_items(org_id, member_id, month, due_fen, paid_fen, period_id)
  WHERE state IN ('unpaid', 'partial');
CREATE INDEX dues_items_arrears_month ON dues_items(month, member_id, due_fen, paid_fen)
  WHERE state IN ('unpaid', 'partial');
CREATE INDEX dues_items_report ON dues_items(org_id, month, due_fen, paid_fen);
CREATE INDEX dues_payments_state ON dues_payments(state, created_at);
)SQL"};

}  // namespace lianxin::db::migrations
