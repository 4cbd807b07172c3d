// 党费 ledger (issue #6; dues.md), a year of one branch: bases declared, twelve months opened (409
// on opening twice; a subtree in one call), closed months, a back-payment beyond R-F05's six months
// accepted only with the branch's confirmation, a prepayment into months not opened yet (added on
// opening), R-F07 refusals, an online order completed by a signed gateway callback that counts once
// however often it is repeated (bad signature, unknown ref, wrong amount all logged), and an R-F01
// exemption approved upward changing what open months owe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, makeIdNumber, todayShanghai, assertPagesMatchOnePage } from './harness.mjs';

const SECRET = 'dues-test-secret-0123456789';
let srv;
let api;
let county;
let branch;
let worker;
let A; // salaried, base 4800.00 declared → 48.00 a month
let B; // student (employment) → flat 0.20
let C; // nothing declared → no_base
let D; // student, gets an exemption
const months = []; // the twelve months opened: now-11 .. now
let now;

function addMonths(ym, n) {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const member = (o, extra = {}) =>
  created(api('POST', '/api/members', {
    name: '党费测试', id_number: makeIdNumber(), org_id: o.id, category: 'full', join_date: '2005-07-01',
    full_date: '2006-07-01', ...extra,
  }));

function sign(body) {
  return `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
}
async function callback(payload, { signature, provider = 'gateway' } = {}) {
  const body = JSON.stringify(payload);
  return srv.anonymous('POST', `/api/dues/callbacks/${provider}`, {
    body, headers: { 'content-type': 'application/json', 'x-lianxin-signature': signature ?? sign(body) },
  });
}

async function itemOf(memberId, month) {
  const r = await api('GET', `/api/dues/members/${memberId}`);
  assert.equal(r.status, 200, r.text);
  return r.json.months.find((i) => i.month === month);
}

before(async () => {
  srv = await startServer({ extraArgs: ['--dues-callback-secret', SECRET] });
  api = srv.api;
  now = todayShanghai().slice(0, 7);
  for (let i = 11; i >= 0; i--) months.push(addMonths(now, -i));
  county = await created(api('POST', '/api/orgs', { code: 'D-C', name: '党费测试县委', kind: 'committee' }));
  branch = await created(api('POST', '/api/orgs', { code: 'D-B1', name: '党费第一支部', kind: 'branch', parent_id: county.id }));
  worker = await srv.actor({ role: 'worker', org: branch.id });
  A = await member(branch, { name: '甲党员' });
  B = await member(branch, { name: '乙党员', employment: 'student' });
  C = await member(branch, { name: '丙党员' });
  D = await member(branch, { name: '丁党员', employment: 'student' });
});
after(async () => {
  await srv?.stop();
});

test('a year of a branch: bases, twelve months opened, back-payment, prepayment, R-F07', async () => {
  const base = await created(worker.api('POST', '/api/dues/bases', {
    member_id: A.id, category: 'salaried', base_fen: 480000, first_received: months[0],
  }));
  assert.equal(base.bases.length, 1);
  assert.equal(base.bases[0].source, 'branch');

  for (const m of months) {
    const r = await created(worker.api('POST', '/api/dues/periods', { org_id: branch.id, month: m }));
    assert.equal(r.periods, 1);
    assert.equal(r.members, 4);
    assert.equal(r.due_fen, 4800 + 20 + 0 + 20);
    assert.equal(r.period.state, 'open');
  }
  const twice = await worker.api('POST', '/api/dues/periods', { org_id: branch.id, month: months[11] });
  assert.equal(twice.status, 409, twice.text);
  assert.equal(twice.json.error.code, 'dues.period_open');
  // Too far ahead: only the coming month may be opened.
  assert.equal((await api('POST', '/api/dues/periods', { org_id: branch.id, month: addMonths(now, 2) })).status, 422);

  // The whole subtree in one call (only branches are opened).
  const sub = await created(api('POST', '/api/dues/periods', { org_id: county.id, month: addMonths(now, 1), subtree: true }));
  assert.equal(sub.periods, 1);
  assert.equal(sub.members, 4);

  const periods = await api('GET', `/api/dues/periods?org=${branch.id}&limit=5`);
  assert.equal(periods.status, 200, periods.text);
  assert.equal(periods.json.total, 13);
  assert.equal(periods.json.items[0].month, addMonths(now, 1));
  const next = await api('GET', `/api/dues/periods?org=${branch.id}&limit=5&after=${periods.json.next}`);
  assert.equal(next.json.items[0].month, addMonths(now, -4));

  const current = periods.json.items.find((p) => p.month === now);
  const items = await api('GET', `/api/dues/periods/${current.id}/items`);
  assert.equal(items.status, 200, items.text);
  const byName = Object.fromEntries(items.json.items.map((i) => [i.member.name, i]));
  assert.equal(byName['甲党员'].due_fen, 4800);
  assert.equal(byName['甲党员'].rate_bp, 100);
  assert.equal(byName['甲党员'].state, 'unpaid');
  assert.equal(byName['乙党员'].due_fen, 20);
  assert.equal(byName['乙党员'].rule_id, 'R-F15');
  assert.equal(byName['丙党员'].state, 'no_base');
  assert.equal(byName['丙党员'].due_fen, 0);
  const noBase = await api('GET', `/api/dues/periods/${current.id}/items?state=no_base`);
  assert.equal(noBase.json.total, 1);
  assert.ok((await assertPagesMatchOnePage(api, `/api/dues/periods/${current.id}/items`)) >= 3);
  assert.ok((await assertPagesMatchOnePage(api, `/api/dues/periods?org=${branch.id}`)) >= 2);

  // Close the four oldest months.
  const oldest = (await api('GET', `/api/dues/periods?org=${branch.id}&state=open&limit=100`)).json.items
    .filter((p) => months.slice(0, 4).includes(p.month));
  assert.equal(oldest.length, 4);
  for (const p of oldest) {
    const r = await worker.api('POST', `/api/dues/periods/${p.id}/close`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'closed');
  }
  assert.equal((await worker.api('POST', `/api/dues/periods/${oldest[0].id}/close`, {})).status, 409);

  // R-F07: organizations never pay nor deduct.
  for (const payer of ['org_account', 'payroll_deduction']) {
    const r = await worker.api('POST', '/api/dues/payments', {
      member_id: A.id, channel: 'cash', payer, from_month: now,
    });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.code, 'R-F07');
    assert.equal(r.json.error.field, 'payer');
  }
  const notMember = await worker.api('POST', '/api/dues/payments', {
    member_id: A.id, channel: 'cash', payer: 'member_proxy', proxy_member_id: 987654, from_month: now,
  });
  assert.equal(notMember.status, 422);
  assert.equal(notMember.json.error.field, 'proxy_member_id');

  // Back-payment of the whole year (11 months back > 6): a warning the branch must confirm.
  const body = { member_id: A.id, channel: 'cash', payer: 'relative', from_month: months[0], to_month: now };
  const warn = await worker.api('POST', '/api/dues/payments', body);
  assert.equal(warn.status, 422, warn.text);
  assert.equal(warn.json.error.code, 'dues.findings');
  assert.equal(warn.json.error.details[0].code, 'R-F05');
  const wrongAmount = await worker.api('POST', '/api/dues/payments', { ...body, confirm_findings: true, amount_fen: 100 });
  assert.equal(wrongAmount.status, 422);
  assert.equal(wrongAmount.json.error.field, 'amount_fen');
  const paid = await created(worker.api('POST', '/api/dues/payments', { ...body, confirm_findings: true, amount_fen: 12 * 4800 }));
  assert.equal(paid.state, 'paid');
  assert.equal(paid.payer, 'relative');
  assert.equal(paid.allocations.length, 12);
  assert.equal(paid.findings[0].rule_id, 'R-F05');
  assert.equal(paid.findings[0].confirmed_by, worker.username);
  assert.equal((await itemOf(A.id, months[0])).state, 'paid'); // a closed month, paid back
  assert.equal((await itemOf(A.id, now)).paid_fen, 4800);
  // Nothing left to pay for those months.
  const again = await worker.api('POST', '/api/dues/payments', { ...body, confirm_findings: true });
  assert.equal(again.status, 422);
  assert.equal(again.json.error.code, 'dues.nothing_due');

  // Prepayment: next month is open, the two after are not (computed from the base in force) plus a
  // large voluntary extra (R-F09).
  const pre = await created(worker.api('POST', '/api/dues/payments', {
    member_id: A.id, channel: 'transfer', from_month: addMonths(now, 1), to_month: addMonths(now, 3), extra_fen: 100000,
  }));
  assert.equal(pre.amount_fen, 3 * 4800 + 100000);
  assert.equal(pre.large_voluntary, true);
  assert.deepEqual(pre.allocations.map((a) => a.month), [1, 2, 3].map((n) => addMonths(now, n)));
  assert.equal((await itemOf(A.id, addMonths(now, 1))).state, 'paid');
  const far = await worker.api('POST', '/api/dues/payments', {
    member_id: A.id, channel: 'cash', from_month: addMonths(now, 4), to_month: addMonths(now, 8),
  });
  assert.equal(far.status, 422);
  assert.equal(far.json.error.details[0].code, 'R-F05');
  // Months 2 and 3 ahead are prepaid: opening them later adds the allocation (checked in the unit tests).
  const ledger = await api('GET', `/api/dues/members/${A.id}`);
  assert.equal(ledger.json.arrears_fen, 0);
  assert.equal(ledger.json.open_owing_fen, 0);

  // A declared base fills the no_base items of open months (closed ones stay as they were).
  await created(api('POST', '/api/dues/bases', { member_id: C.id, category: 'salaried', base_fen: 300000, first_received: months[0] }));
  assert.equal((await itemOf(C.id, now)).due_fen, 1500);
  assert.equal((await itemOf(C.id, months[0])).state, 'no_base');
  const payments = await api('GET', `/api/dues/payments?member=${A.id}`);
  assert.equal(payments.json.total, 2);
  assert.equal(await assertPagesMatchOnePage(api, `/api/dues/payments?member=${A.id}`), 2);
});

test('online payment: pending order, signed callback counted once, bad ones refused and logged', async () => {
  const name = `duesmember${Date.now()}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(branch.id), '--member', String(B.id)], {
    LIANXIN_USER_PASSWORD: 'Operator#2026',
  });
  const me = await srv.login(name, 'Operator#2026');
  const mine = await me.api('GET', '/api/auth/me/dues');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.current.standard_fen, 20);
  assert.ok(mine.json.owing.length >= 12);
  assert.equal(mine.json.arrears_fen, 4 * 20); // the four closed months

  // Beyond six months back the member is sent to the branch.
  const tooFar = await me.api('POST', '/api/auth/me/dues/payments', { from_month: months[0] });
  assert.equal(tooFar.status, 422);
  const order = await created(me.api('POST', '/api/auth/me/dues/payments', { from_month: months[6], to_month: now }));
  assert.equal(order.state, 'pending');
  assert.equal(order.channel, 'online');
  assert.equal(order.amount_fen, 6 * 20);
  assert.match(order.external_ref, /^DF/);
  assert.equal((await itemOf(B.id, now)).paid_fen, 0); // nothing counted before the callback
  assert.equal((await me.api('GET', '/api/auth/me/dues')).json.pending.length, 1);

  const ok = { external_ref: order.external_ref, amount_fen: 120, status: 'paid' };
  const bad = await callback(ok, { signature: 'sha256=00' });
  assert.equal(bad.status, 401, bad.text);
  assert.equal(bad.json.error.code, 'dues.bad_signature');
  assert.equal((await callback({ ...ok, amount_fen: 121 })).status, 422);
  assert.equal((await callback({ ...ok, external_ref: 'DF-nope' })).status, 404);
  const first = await callback(ok);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.outcome, 'paid');
  assert.equal(first.json.payment.state, 'paid');
  const dup = await callback(ok);
  assert.equal(dup.status, 200, dup.text);
  assert.equal(dup.json.outcome, 'duplicate');
  assert.equal(dup.json.payment.id, first.json.payment.id);
  // Counted once.
  assert.equal((await itemOf(B.id, now)).paid_fen, 20);
  assert.equal((await itemOf(B.id, months[6])).state, 'paid');
  const outcomes = srv.sql(`SELECT outcome FROM dues_callbacks WHERE external_ref = '${order.external_ref}' ORDER BY id`)
    .trim().split('\n');
  assert.deepEqual(outcomes, ['bad_signature', 'amount_mismatch', 'paid', 'duplicate']);
  const history = await me.api('GET', '/api/auth/me/dues/payments');
  assert.equal(history.json.items[0].state, 'paid');
  // Self routes need a member record.
  assert.equal((await worker.api('GET', '/api/auth/me/dues')).status, 404);
});

test('R-F01: a reduction proposed by the branch, approved upward, changes the open months', async () => {
  const prop = await created(worker.api('POST', '/api/dues/reductions', {
    member_id: D.id, kind: 'exempt', from_month: months[10], to_month: addMonths(now, 1), reason: '重病住院，生活困难',
  }));
  assert.equal(prop.state, 'proposed');
  // The branch worker may not decide (no dues.approve); the approver needs the approval reference.
  assert.equal((await worker.api('POST', `/api/dues/reductions/${prop.id}/approve`, { approval_ref: 'X' })).status, 403);
  const noRef = await api('POST', `/api/dues/reductions/${prop.id}/approve`, {});
  assert.equal(noRef.status, 422);
  assert.equal(noRef.json.error.code, 'R-F01');
  const ok = await api('POST', `/api/dues/reductions/${prop.id}/approve`, { approval_ref: '县委组〔2026〕8号' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'approved');
  assert.equal(ok.json.items_changed, 3);
  const item = await itemOf(D.id, now);
  assert.equal(item.due_fen, 0);
  assert.equal(item.state, 'exempt');
  assert.equal((await itemOf(D.id, months[9])).due_fen, 20); // outside the range
  assert.equal((await api('POST', `/api/dues/reductions/${prop.id}/approve`, { approval_ref: 'Y' })).status, 409);

  // Nobody decides their own proposal.
  const own = await created(api('POST', '/api/dues/reductions', {
    member_id: D.id, kind: 'reduce', monthly_fen: 10, from_month: months[0], to_month: months[1], reason: '困难',
  }));
  const self = await api('POST', `/api/dues/reductions/${own.id}/approve`, { approval_ref: 'Z' });
  assert.equal(self.status, 403);
  assert.equal(self.json.error.code, 'dues.own_proposal');
  const list = await api('GET', `/api/dues/reductions?org=${branch.id}&state=proposed`);
  assert.equal(list.json.total, 1);
  assert.equal(await assertPagesMatchOnePage(api, `/api/dues/reductions?org=${branch.id}`), 2);
});

test('payroll CSV import: all rows or none, with row numbers', async () => {
  const idA = makeIdNumber();
  const E = await member(branch, { name: '戊党员', id_number: idA });
  const headerOnly = await srv.request('POST', '/api/dues/bases/import', {
    body: '身份证号,月基数（元）,首次领取月份\n', headers: { 'content-type': 'text/csv' },
  });
  assert.equal(headerOnly.status, 422, headerOnly.text);
  const csv = (rows) => `身份证号,月基数（元）,首次领取月份\n${rows.join('\n')}\n`;
  const r1 = await srv.request('POST', '/api/dues/bases/import', {
    body: csv([`${idA},5200.00,${months[0]}`, `${makeIdNumber()},3000,${months[0]}`]),
    headers: { 'content-type': 'text/csv' },
  });
  assert.equal(r1.status, 422, r1.text);
  assert.equal(r1.json.error.field, 'row 3');
  assert.equal((await api('GET', `/api/dues/bases?member=${E.id}`)).json.bases.length, 0);
  const r2 = await srv.request('POST', '/api/dues/bases/import', {
    body: csv([`${idA},5200.00,${months[0]}`]), headers: { 'content-type': 'text/csv' },
  });
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.imported, 1);
  const bases = (await api('GET', `/api/dues/bases?member=${E.id}`)).json.bases;
  assert.equal(bases[0].base_fen, 520000);
  assert.equal(bases[0].source, 'payroll');
});

test('callbacks are disabled without a secret', async () => {
  const other = await startServer();
  try {
    const r = await other.anonymous('POST', '/api/dues/callbacks/gateway', { json: { external_ref: 'x', amount_fen: 1, status: 'paid' } });
    assert.equal(r.status, 503, r.text);
  } finally {
    await other.stop();
  }
});

test('payments recorded at the same moment for one month count it once', async () => {
  const month = months[4]; // open, unpaid for 乙党员 (0.20)
  const body = { member_id: B.id, channel: 'cash', from_month: month, to_month: month, confirm_findings: true };
  const answers = await Promise.all([1, 2, 3, 4].map(() => worker.api('POST', '/api/dues/payments', body)));
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 422, 422, 422], answers.map((r) => r.text).join('\n'));
  for (const r of answers.filter((a) => a.status === 422)) assert.equal(r.json.error.code, 'dues.nothing_due');
  const item = await itemOf(B.id, month);
  assert.equal(item.paid_fen, 20);
  assert.equal(item.state, 'paid');
});
