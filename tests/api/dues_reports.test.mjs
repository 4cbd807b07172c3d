// 党费报表 (issue #6): arrears per member and per organization, the six-consecutive-months flag
// (R-F11, a list for the branch; a month with nothing due breaks the run), the monthly and yearly
// reports rolled up over a subtree (an upper level's total is the sum of its children), the annual
// statement without personal data, the upward remittance (R-F10) recorded with dues.write and
// audited, the reconciliation of online payments (a duplicate callback, an amount mismatch, an
// unallocated payment, a stale pending one, an unknown reference) and the XLSX exports, on the
// ledger rows of dues_fixture.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, makeIdNumber, walkPages } from './harness.mjs';
import { seedDues, sums, monthAt, DUE } from './dues_fixture.mjs';

let srv;
let api;
let R; // 县委
let A; // branch
let G; // 党总支
let G1; // branch under G
let X; // another root
const m = {};
let items;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function ok(promise) {
  const r = await promise;
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const org = (body) => created(api('POST', '/api/orgs', body));
const member = (org_id, name) =>
  created(api('POST', '/api/members', {
    name, id_number: makeIdNumber(), org_id, join_date: '2005-07-01', category: 'full', full_date: '2006-07-01',
  }));

// ---- a minimal XLSX reader: the zip's central directory, deflated entries, shared strings
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}
const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
function readXlsx(buf) {
  const files = unzip(buf);
  const shared = [...(files['xl/sharedStrings.xml'] || '').matchAll(/<si>(.*?)<\/si>/gs)].map((x) =>
    unxml([...x[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')));
  const sheet = files['xl/worksheets/sheet1.xml'];
  return [...sheet.matchAll(/<row[^>]*>(.*?)<\/row>/gs)].map((row) => {
    const cells = [];
    for (const c of row[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const v = /<v>(.*?)<\/v>/s.exec(c[3] || '')?.[1];
      const inline = /<t[^>]*>(.*?)<\/t>/s.exec(c[3] || '')?.[1];
      cells[col] = /t="s"/.test(c[2]) ? shared[Number(v)] : unxml(inline ?? v ?? '');
    }
    return Array.from(cells, (x) => x ?? '');
  });
}

const pick = (o) => ({
  members: o.members, exempt_members: o.exempt_members, due_fen: o.due_fen, paid_fen: o.paid_fen,
  paid_members: o.paid_members, unpaid_fen: o.unpaid_fen,
});
const orgOf = (id) => items.filter((i) => i.org === id);

before(async () => {
  srv = await startServer();
  api = srv.api;
  R = await org({ code: 'D-R', name: '党费测试县委', kind: 'committee' });
  A = await org({ code: 'D-A', name: '党费一支部', kind: 'branch', parent_id: R.id });
  G = await org({ code: 'D-G', name: '党费总支', kind: 'general_branch', parent_id: R.id });
  G1 = await org({ code: 'D-G1', name: '党费总支一支部', kind: 'branch', parent_id: G.id });
  X = await org({ code: 'D-X', name: '另一县委', kind: 'committee' });
  for (const [k, o] of [['a1', A], ['a2', A], ['a3', A], ['g1', G1], ['g2', G1]]) m[k] = (await member(o.id, `党费${k}`)).id;
  items = seedDues(srv, { A: A.id, G1: G1.id }, m);
});
after(async () => {
  await srv?.stop();
});

test('arrears per member: closed or ended months only, amounts and months, keyset pages', async () => {
  const { items: all, pages } = await walkPages(api, `/api/dues/arrears?org=${R.id}&limit=1`);
  assert.equal(pages, 3);
  const byName = Object.fromEntries(all.map((i) => [i.name, i]));
  assert.deepEqual(Object.keys(byName).sort(), ['党费a2', '党费a3', '党费g1'], JSON.stringify(all));
  assert.deepEqual([byName['党费a2'].months, byName['党费a2'].owed_fen, byName['党费a2'].first_month, byName['党费a2'].last_month],
    [7, 7 * DUE, monthAt(-7), monthAt(-1)], 'the open current month is not overdue; the open past month is');
  assert.deepEqual([byName['党费a3'].months, byName['党费a3'].owed_fen], [2, 2000 + DUE], 'a partial month owes the rest');
  assert.deepEqual([byName['党费g1'].months, byName['党费g1'].owed_fen, byName['党费g1'].org_name], [5, 5 * DUE, '党费总支一支部'],
    'an exempt month is not arrears');
  const first = await ok(api('GET', `/api/dues/arrears?org=${R.id}&limit=2`));
  assert.equal(first.total, 3);
  assert.equal(first.items.length, 2);
  assert.ok(first.next);
  const min = await ok(api('GET', `/api/dues/arrears?org=${R.id}&min_months=5`));
  assert.deepEqual(min.items.map((i) => i.name).sort(), ['党费a2', '党费g1']);
  const g = await ok(api('GET', `/api/dues/arrears?org=${G.id}`));
  assert.deepEqual(g.items.map((i) => i.name), ['党费g1'], 'restricted to the subtree');
  assert.equal((await api('GET', '/api/dues/arrears?min_months=x')).status, 400);
});

test('arrears per organization roll up: the upper level total is the sum of its rows', async () => {
  const r = await ok(api('GET', `/api/dues/arrears/orgs?org=${R.id}`));
  const byName = Object.fromEntries(r.items.map((i) => [i.org_name, i]));
  assert.deepEqual(Object.keys(byName), ['党费一支部', '党费总支'], 'a row per child, no empty 本级 row');
  assert.deepEqual([byName['党费一支部'].members, byName['党费一支部'].months, byName['党费一支部'].owed_fen], [2, 9, 7 * DUE + 2000 + DUE]);
  assert.deepEqual([byName['党费总支'].members, byName['党费总支'].months, byName['党费总支'].owed_fen], [1, 5, 5 * DUE]);
  for (const k of ['members', 'months', 'owed_fen'])
    assert.equal(r.total[k], r.items.reduce((s, i) => s + i[k], 0), k);
  const g = await ok(api('GET', `/api/dues/arrears/orgs?org=${G.id}`));
  assert.deepEqual(g.total.owed_fen, byName['党费总支'].owed_fen, 'G\'s own total equals its row one level up');
});

test('six consecutive unpaid months are flagged for the branch, with the first month (R-F11)', async () => {
  const r = await ok(api('GET', `/api/dues/unpaid-flags?org=${R.id}`));
  assert.equal(r.flag_months, 6);
  assert.equal(r.total, 1, JSON.stringify(r));
  const f = r.items[0];
  assert.deepEqual([f.name, f.months, f.since, f.through, f.flagged, f.owed_fen, f.rule_id],
    ['党费a2', 7, monthAt(-7), monthAt(-1), true, 7 * DUE, 'R-F11']);
  // Several roots (no ?org=): the tree's unpaid items are grouped by member first; same answer.
  const whole = await ok(api('GET', '/api/dues/unpaid-flags?limit=1'));
  assert.deepEqual([whole.total, whole.items[0].member_id, whole.next], [1, m.a2, null]);
  // g1 owes five months around an exempt one: the run is 3 months, not flagged.
  assert.equal((await ok(api('GET', `/api/dues/unpaid-flags?org=${G.id}`))).total, 0);
  // Paying the last month back clears the flag (the history stays in the items).
  srv.sql(`UPDATE dues_items SET paid_fen = due_fen, state = 'paid' WHERE member_id = ${m.a2} AND month = '${monthAt(-1)}'`);
  assert.equal((await ok(api('GET', `/api/dues/unpaid-flags?org=${R.id}`))).total, 0);
  srv.sql(`UPDATE dues_items SET paid_fen = 0, state = 'unpaid' WHERE member_id = ${m.a2} AND month = '${monthAt(-1)}'`);
  assert.equal((await ok(api('GET', `/api/dues/unpaid-flags?org=${A.id}`))).total, 1);
});

test('the month report rolls up children and the total equals the sum of rows', async () => {
  const month = monthAt(-1);
  const r = await ok(api('GET', `/api/dues/reports/month?org=${R.id}&month=${month}`));
  const byName = Object.fromEntries(r.items.map((i) => [i.org_name, i]));
  const its = items.filter((i) => i.month === month);
  assert.deepEqual(pick(byName['党费一支部']), sums(its.filter((i) => i.org === A.id)));
  assert.deepEqual(pick(byName['党费总支']), sums(its.filter((i) => i.org === G1.id)));
  assert.deepEqual(pick(r.total), sums(its));
  for (const k of ['members', 'due_fen', 'paid_fen', 'paid_members', 'unpaid_fen'])
    assert.equal(r.total[k], r.items.reduce((s, i) => s + i[k], 0), k);
  assert.equal(r.total.rate, Math.round((r.total.paid_fen / r.total.due_fen) * 1000) / 10);
  assert.deepEqual([r.periods, r.periods_closed], [2, 0], 'M-1 is still open in both branches');
  const g = await ok(api('GET', `/api/dues/reports/month?org=${G.id}&month=${month}`));
  assert.deepEqual(pick(g.total), pick(byName['党费总支']));
  assert.equal((await api('GET', `/api/dues/reports/month?month=2026-13`)).status, 400);
});

test('the year report has 12 months, per child year totals and the members of the last ended month', async () => {
  const year = Number(monthAt(-1).slice(0, 4));
  const r = await ok(api('GET', `/api/dues/reports/year?org=${R.id}&year=${year}`));
  assert.equal(r.months.length, 12);
  for (const mo of r.months) assert.deepEqual(pick(mo), sums(items.filter((i) => i.month === mo.month)), mo.month);
  const yi = items.filter((i) => i.month.startsWith(`${year}-`));
  assert.equal(r.total.due_fen, sums(yi).due_fen);
  assert.equal(r.total.paid_fen, sums(yi).paid_fen);
  const a = r.items.find((i) => i.org_name === '党费一支部');
  assert.equal(a.paid_fen, sums(yi.filter((i) => i.org === A.id)).paid_fen);
  assert.equal(a.paid_by_month.length, 12);
  assert.equal(a.paid_by_month.reduce((s, x) => s + x, 0), a.paid_fen);
  assert.equal(r.total.paid_fen, r.items.reduce((s, i) => s + i.paid_fen, 0));
  // members of a year row: the last month that has ended (M-1), not the open one
  assert.deepEqual([r.total.members, r.total.paid_members], [5, sums(items.filter((i) => i.month === monthAt(-1))).paid_members]);
});

test('the annual statement has totals only, no personal data', async () => {
  const year = Number(monthAt(0).slice(0, 4));
  const r = await ok(api('GET', `/api/dues/reports/statement?org=${A.id}&year=${year}`));
  const yi = orgOf(A.id).filter((i) => i.month.startsWith(`${year}-`));
  assert.equal(r.collected_fen, sums(yi).paid_fen);
  assert.equal(r.voluntary_fen, 100000);
  assert.equal(r.large_voluntary_fen, 100000, 'the 1000.00 extra is 大额党费 (R-F09)');
  assert.match(r.title, /党费一支部\d{4}年度党费收缴、使用和管理情况公示/);
  const text = JSON.stringify(r);
  for (const k of Object.keys(m)) assert.ok(!text.includes(`党费${k}`), `no member name in ${text}`);
  assert.ok(!/member_id|"items"/.test(text), 'no per-member fields');
});

test('the remittance: 5% of the year\'s collected dues by the end of April, recorded with dues.write and audited (R-F10)', async () => {
  const year = Number(monthAt(0).slice(0, 4)) - 1;
  const r = await ok(api('GET', `/api/dues/remittance?org=${R.id}&year=${year}`));
  const collected = sums(items.filter((i) => i.month.startsWith(`${year}-`))).paid_fen;
  assert.equal(r.collected_fen, collected);
  assert.equal(r.amount_fen, Math.round(collected * 0.05));
  assert.equal(r.due, `${year + 1}-04-30`);
  assert.equal(r.rule_id, 'R-F10');
  const bad = await api('POST', '/api/dues/remittances', { org_id: R.id, year, amount_fen: 0, remitted_on: `${year}-06-01` });
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, ['amount_fen', 'remitted_on']);
  const worker = await srv.actor({ role: 'worker', org: A.id });
  const denied = await worker.api('POST', '/api/dues/remittances', { org_id: R.id, year, amount_fen: 100, remitted_on: `${year + 1}-01-15` });
  assert.ok([403, 404].includes(denied.status), denied.text);
  const rec = await created(api('POST', '/api/dues/remittances', { org_id: R.id, year, amount_fen: r.amount_fen, remitted_on: `${year + 1}-01-15`, reference: '回单-001' }));
  assert.equal(rec.amount_fen, r.amount_fen);
  const after = await ok(api('GET', `/api/dues/remittance?org=${R.id}&year=${year}`));
  assert.deepEqual([after.remitted_fen, after.outstanding_fen, after.state, after.records.length], [r.amount_fen, 0, 'remitted', 1]);
  const auditor = await srv.actor({ role: 'auditor' });
  const audit = await ok(auditor.api('GET', '/api/audit?action=dues.remit'));
  assert.ok(audit.items.some((i) => i.action === 'dues.remit'), JSON.stringify(audit));
  assert.equal((await api('GET', `/api/dues/remittance?org=${R.id}&year=${year}`)).json.records[0].reference, '回单-001');
});

test('reconciliation finds the duplicate callback, the amount mismatch, the unallocated, the stale payment and an item short of its online payment', async () => {
  const r = await ok(api('GET', `/api/dues/reconciliation?org=${R.id}&pending_hours=24`));
  assert.deepEqual([r.duplicate_refs, r.duplicate_callbacks], [1, 1], JSON.stringify(r));
  assert.equal(r.amount_mismatch_count, 1);
  assert.deepEqual([r.amount_mismatch[0].external_ref, r.amount_mismatch[0].callback_amount_fen, r.amount_mismatch[0].amount_fen], ['R3', 2900, DUE]);
  assert.equal(r.unallocated_count, 1);
  assert.equal(r.unallocated[0].external_ref, 'R4');
  assert.equal(r.stale_pending_count, 1);
  assert.equal(r.stale_pending[0].external_ref, 'R2');
  assert.equal(r.by_state.paid.count, 4);
  assert.equal(r.items_short_count, 1, 'R5 paid online, the item shows nothing paid');
  assert.deepEqual([r.items_short[0].member_id, r.items_short[0].month, r.items_short[0].allocated_fen, r.items_short[0].item_paid_fen],
    [m.a2, monthAt(-1), DUE, 0]);
  assert.equal(r.unknown_ref, null, 'unknown references belong to no organization: not in a subtree view');
  const whole = await ok(api('GET', '/api/dues/reconciliation?pending_hours=72'));
  assert.deepEqual(whole.unknown_ref.map((c) => c.external_ref), ['R9']);
  assert.equal(whole.stale_pending_count, 0, 'R2 is younger than 72 hours');
  const a = await ok(api('GET', `/api/dues/reconciliation?org=${A.id}`));
  assert.deepEqual([a.amount_mismatch_count, a.unallocated_count, a.duplicate_refs, a.items_short_count], [0, 0, 1, 1]);
});

test('scope: a worker of G sees G\'s subtree only', async () => {
  const w = await srv.actor({ role: 'worker', org: G.id });
  const r = await ok(w.api('GET', '/api/dues/arrears'));
  assert.deepEqual(r.items.map((i) => i.name), ['党费g1']);
  assert.ok([403, 404].includes((await w.api('GET', `/api/dues/arrears?org=${A.id}`)).status));
  assert.ok([403, 404].includes((await w.api('GET', `/api/dues/reports/month?org=${R.id}`)).status));
  const mo = await ok(w.api('GET', `/api/dues/reports/month?month=${monthAt(-1)}`));
  assert.equal(mo.org.id, G.id);
});

test('XLSX: 党费收缴登记表 a member per row with 12 months, and the subtree summary; both audited', async () => {
  const year = Number(monthAt(-1).slice(0, 4));
  const x = await srv.request('GET', `/api/dues/reports/register/export?org=${R.id}&year=${year}`);
  assert.equal(x.status, 200, x.text);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const rows = readXlsx(x.bytes);
  assert.equal(rows[0][1], '姓名');
  assert.equal(rows[0].length, 3 + 24 + 3);
  const a2 = rows.find((r) => r[1] === '党费a2');
  assert.ok(a2, JSON.stringify(rows));
  const yi = items.filter((i) => i.member === m.a2 && i.month.startsWith(`${year}-`));
  assert.equal(a2[a2.length - 2], (sums(yi).paid_fen / 100).toFixed(2));
  assert.equal(a2[a2.length - 1], (sums(yi).unpaid_fen / 100).toFixed(2));
  assert.equal(rows[rows.length - 1][1], '合计');
  assert.equal(rows.length, 1 + 5 + 1);
  const s = await srv.request('GET', `/api/dues/reports/summary/export?org=${R.id}&year=${year}`);
  assert.equal(s.status, 200, s.text);
  const srows = readXlsx(s.bytes);
  assert.deepEqual(srows.map((r) => r[0]), ['党组织', '党费一支部', '党费总支', '合计']);
  const auditor = await srv.actor({ role: 'auditor' });
  const audit = await ok(auditor.api('GET', '/api/audit?action=dues.export'));
  assert.ok(audit.items.length >= 2, JSON.stringify(audit));
});
