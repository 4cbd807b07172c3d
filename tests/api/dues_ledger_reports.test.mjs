// The dues reports read what the ledger writes (issue #6): a branch whose months are opened, closed
// and paid only through the ledger's routes — cash, a back-payment confirmed by the branch, an online
// order whose callback arrives twice — and the arrears, the R-F11 six-month flag, the month report and
// the reconciliation agree with it; paying back clears the flag. The reports' own tests
// (dues_reports.test.mjs) use fixture rows; this one has none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, makeIdNumber, todayShanghai } from './harness.mjs';

const SECRET = 'ledger-reports-secret-0123456789';
let srv;
let api;
let branch;
let A; // salaried, base 3000.00 → 15.00 a month, pays nothing for seven months
let B; // student → 0.20 a month, pays every month
const closed = []; // now-7 .. now-1
let now;

function addMonths(ym, n) {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
async function ok(promise, status = 200) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.json;
}
function callback(payload) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  return srv.anonymous('POST', '/api/dues/callbacks/gateway', {
    body, headers: { 'content-type': 'application/json', 'x-lianxin-signature': signature },
  });
}

before(async () => {
  srv = await startServer({ extraArgs: ['--dues-callback-secret', SECRET] });
  api = srv.api;
  now = todayShanghai().slice(0, 7);
  for (let i = 7; i >= 1; i--) closed.push(addMonths(now, -i));
  const county = await ok(api('POST', '/api/orgs', { code: 'LR-C', name: '对账县委', kind: 'committee' }), 201);
  branch = await ok(api('POST', '/api/orgs', { code: 'LR-B', name: '对账支部', kind: 'branch', parent_id: county.id }), 201);
  const person = (name, extra) => ok(api('POST', '/api/members', {
    name, id_number: makeIdNumber(), org_id: branch.id, category: 'full', join_date: '2001-07-01',
    full_date: '2002-07-01', ...extra,
  }), 201);
  A = await person('欠缴党员');
  B = await person('按月党员', { employment: 'student' });
  await ok(api('POST', '/api/dues/bases', { member_id: A.id, category: 'salaried', base_fen: 300000, first_received: closed[0] }), 201);
  for (const month of [...closed, now]) await ok(api('POST', '/api/dues/periods', { org_id: branch.id, month }), 201);
  const open = (await ok(api('GET', `/api/dues/periods?org=${branch.id}&state=open&limit=100`))).items;
  for (const p of open.filter((x) => x.month !== now)) await ok(api('POST', `/api/dues/periods/${p.id}/close`, {}));
  // B pays the seven closed months in cash (back-payment beyond six months: the branch confirms).
  await ok(api('POST', '/api/dues/payments', {
    member_id: B.id, channel: 'cash', from_month: closed[0], to_month: closed[6], confirm_findings: true,
  }), 201);
});
after(async () => {
  await srv?.stop();
});

test('arrears and the six-month flag follow the ledger', async () => {
  const arrears = await ok(api('GET', `/api/dues/arrears?org=${branch.id}`));
  assert.equal(arrears.total, 1, JSON.stringify(arrears));
  const a = arrears.items[0];
  assert.deepEqual([a.member_id, a.months, a.owed_fen, a.first_month, a.last_month], [A.id, 7, 7 * 1500, closed[0], closed[6]]);
  const flags = await ok(api('GET', `/api/dues/unpaid-flags?org=${branch.id}`));
  assert.equal(flags.total, 1);
  assert.deepEqual([flags.items[0].member_id, flags.items[0].months, flags.items[0].since, flags.items[0].flagged],
    [A.id, 7, closed[0], true]);

  const month = await ok(api('GET', `/api/dues/reports/month?org=${branch.id}&month=${closed[6]}`));
  assert.deepEqual([month.total.members, month.total.due_fen, month.total.paid_fen, month.total.paid_members, month.total.unpaid_fen],
    [2, 1520, 20, 1, 1500]);
});

test('an online order confirmed twice counts once, in the ledger and in the reconciliation', async () => {
  const name = `ledgerreports${Date.now()}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(branch.id), '--member', String(A.id)], {
    LIANXIN_USER_PASSWORD: 'Operator#2026',
  });
  const me = await srv.login(name, 'Operator#2026');
  // The member may pay back up to six months online: closed[1] .. closed[6].
  const order = await ok(me.api('POST', '/api/auth/me/dues/payments', { from_month: closed[1], to_month: closed[6] }), 201);
  assert.equal(order.amount_fen, 6 * 1500);
  const paid = { external_ref: order.external_ref, amount_fen: order.amount_fen, status: 'paid' };
  assert.equal((await ok(callback(paid))).outcome, 'paid');
  assert.equal((await ok(callback(paid))).outcome, 'duplicate');

  const rec = await ok(api('GET', `/api/dues/reconciliation?org=${branch.id}&pending_hours=24`));
  assert.deepEqual([rec.duplicate_refs, rec.duplicate_callbacks, rec.amount_mismatch_count, rec.unallocated_count,
    rec.items_short_count, rec.stale_pending_count], [1, 1, 0, 0, 0, 0], JSON.stringify(rec));

  // One month left unpaid: arrears of one month, the run is too short to be flagged.
  const arrears = await ok(api('GET', `/api/dues/arrears?org=${branch.id}`));
  assert.deepEqual([arrears.total, arrears.items[0].months, arrears.items[0].owed_fen], [1, 1, 1500]);
  assert.equal((await ok(api('GET', `/api/dues/unpaid-flags?org=${branch.id}`))).total, 0);
  const month = await ok(api('GET', `/api/dues/reports/month?org=${branch.id}&month=${closed[6]}`));
  assert.deepEqual([month.total.paid_fen, month.total.paid_members], [1520, 2]);
});
