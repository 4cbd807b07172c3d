// Dues ledger rows for the report tests (API and browser), written with srv.sql() exactly as the
// design notes of migration 10 describe what the ledger writes: a period per branch and month, an
// item per member and month (due after reductions, paid = the allocations, state), payments with
// their allocations, callbacks as received. Months are relative to today's month M (the server's
// clock cannot be set): the twelve closed months M-12..M-1 and the open current month.
//
// Members (30.00 due each month):
//   a1 (branch A)  pays everything; online payment R1 with two callbacks (a duplicate)
//   a2 (branch A)  nothing since M-7: 7 consecutive months -> flagged since M-7 (R-F11)
//   a3 (branch A)  M-3 partly paid (10.00), M-2 unpaid: 2 months in arrears, 50.00; pending R2 (2 days old)
//   g1 (branch G1, under general branch G)  M-6..M-1 unpaid except M-4 exempt (免交): 5 months, no flag
//   g2 (branch G1)  pays everything; R3 paid 30.00 but its callback says 29.00; R4 paid without allocation
// and a callback for a reference no payment has (R9); R5, a2's online payment for M-1 that the item
// does not show. a1 also paid 1030.00 in cash, 1000.00 of it a
// voluntary extra (大额党费, R-F09), this month.
export const DUE = 3000;

/** "YYYY-MM" of today's month (Asia/Shanghai) plus n months. */
export function monthAt(n) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1));
  return d.toISOString().slice(0, 7);
}

const ts = (msAgo) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
const q = (s) => (s === null || s === undefined ? 'NULL' : typeof s === 'number' ? String(s) : `'${String(s).replace(/'/g, "''")}'`);

/**
 * Writes the rows. orgs: {A, G1} (branch ids), members: {a1, a2, a3, g1, g2} (ids).
 * Returns the item list ({org, member, month, due, paid, state}) for expected sums.
 */
export function seedDues(srv, orgs, members) {
  const items = [];
  const periods = [];
  const orgOf = { a1: orgs.A, a2: orgs.A, a3: orgs.A, g1: orgs.G1, g2: orgs.G1 };
  for (let n = -12; n <= 0; n++) {
    const month = monthAt(n);
    for (const o of [orgs.A, orgs.G1]) periods.push({ org: o, month, state: n <= -2 ? 'closed' : 'open' });
    for (const [key, member] of Object.entries(members)) {
      let due = DUE;
      let paid = DUE;
      if (n === 0) paid = 0; // the current month: open, not yet overdue
      if (key === 'a2' && n >= -7) paid = 0;
      if (key === 'a3' && n === -3) paid = 1000;
      if (key === 'a3' && n === -2) paid = 0;
      if (key === 'g1' && n >= -6) paid = 0;
      if (key === 'g1' && n === -4) due = 0;
      const state = due === 0 ? 'exempt' : paid >= due ? 'paid' : paid > 0 ? 'partial' : 'unpaid';
      items.push({ key, org: orgOf[key], member, month, due, paid, state });
    }
  }
  const stmts = [];
  for (const p of periods) {
    const its = items.filter((i) => i.org === p.org && i.month === p.month);
    stmts.push(`INSERT INTO dues_periods(org_id, month, state, pack_id, members, due_fen, opened_at, opened_by_name, closed_at, closed_by_name) VALUES (${p.org}, ${q(p.month)}, ${q(p.state)}, 'dues/2008规定', ${its.length}, ${its.reduce((s, i) => s + i.due, 0)}, '2025-01-01T00:00:00Z', '测试', ${p.state === 'closed' ? "'2025-01-01T00:00:00Z'" : 'NULL'}, ${p.state === 'closed' ? "'测试'" : 'NULL'})`);
  }
  for (const i of items) {
    stmts.push(`INSERT INTO dues_items(period_id, org_id, month, member_id, category, base_fen, rate_bp, standard_fen, due_fen, reduction_id, rule_id, basis, paid_fen, paid_on, state) VALUES ((SELECT id FROM dues_periods WHERE org_id = ${i.org} AND month = ${q(i.month)}), ${i.org}, ${q(i.month)}, ${i.member}, 'salaried', 600000, 50, ${DUE}, ${i.due}, NULL, ${i.due ? "'R-F13'" : "'R-F01'"}, '测试', ${i.paid}, ${i.paid ? q(`${i.month}-05`) : 'NULL'}, ${q(i.state)})`);
  }
  const pay = (member, org, channel, amount, extra, large, state, provider, ref, createdAgo) =>
    `INSERT INTO dues_payments(member_id, org_id, channel, payer, amount_fen, extra_fen, large_voluntary, state, provider, external_ref, paid_at, findings, recorded_by_name, created_at) VALUES (${member}, ${org}, ${q(channel)}, 'self', ${amount}, ${extra}, ${large}, ${q(state)}, ${q(provider)}, ${q(ref)}, ${state === 'paid' ? q(ts(createdAgo)) : 'NULL'}, '[]', '测试', ${q(ts(createdAgo))})`;
  const alloc = (ref, member, month, amount) =>
    `INSERT INTO dues_allocations(payment_id, member_id, month, amount_fen) VALUES ((SELECT id FROM dues_payments WHERE external_ref = ${q(ref)}), ${member}, ${q(month)}, ${amount})`;
  const cb = (ref, amount, agoMs) =>
    `INSERT INTO dues_callbacks(provider, external_ref, amount_fen, status, outcome, received_at) VALUES ('wxpay', ${q(ref)}, ${amount}, 'SUCCESS', 'applied', ${q(ts(agoMs))})`;
  const H = 3600 * 1000;
  stmts.push(pay(members.a1, orgs.A, 'online', DUE, 0, 0, 'paid', 'wxpay', 'R1', 3 * H));
  stmts.push(alloc('R1', members.a1, monthAt(-1), DUE));
  stmts.push(cb('R1', DUE, 3 * H - 1000), cb('R1', DUE, 3 * H - 2000));
  stmts.push(pay(members.a3, orgs.A, 'online', DUE, 0, 0, 'pending', 'wxpay', 'R2', 48 * H));
  stmts.push(pay(members.g2, orgs.G1, 'online', DUE, 0, 0, 'paid', 'wxpay', 'R3', 5 * H));
  stmts.push(alloc('R3', members.g2, monthAt(-1), DUE));
  stmts.push(cb('R3', 2900, 5 * H - 1000));
  stmts.push(pay(members.g2, orgs.G1, 'online', DUE, 0, 0, 'paid', 'wxpay', 'R4', 4 * H));
  stmts.push(cb('R4', DUE, 4 * H - 1000));
  stmts.push(cb('R9', 5000, 2 * H));
  // R5: a2 paid M-1 online, the callback was logged, but the item still shows nothing paid
  stmts.push(pay(members.a2, orgs.A, 'online', DUE, 0, 0, 'paid', 'wxpay', 'R5', 6 * H));
  stmts.push(alloc('R5', members.a2, monthAt(-1), DUE));
  stmts.push(cb('R5', DUE, 6 * H - 1000));
  stmts.push(pay(members.a1, orgs.A, 'cash', 103000, 100000, 1, 'paid', null, null, 1000));
  // one statement per call keeps psql and sqlite3 equally happy with large batches
  for (let i = 0; i < stmts.length; i += 50) srv.sql(stmts.slice(i, i + 50).join(';\n') + ';');
  return items;
}

/** Sums of items as the reports compute them. */
export function sums(items) {
  const s = { members: 0, exempt_members: 0, due_fen: 0, paid_fen: 0, paid_members: 0, unpaid_fen: 0 };
  for (const i of items) {
    s.members++;
    if (i.due <= 0) s.exempt_members++;
    s.due_fen += i.due;
    s.paid_fen += i.paid;
    if (i.due > 0 && i.paid >= i.due) s.paid_members++;
    s.unpaid_fen += Math.max(i.due - i.paid, 0);
  }
  return s;
}
