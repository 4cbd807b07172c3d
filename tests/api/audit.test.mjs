// Audit trail through the API: changes and sensitive reads leave records the auditor can search,
// page and export; personal data never appears in them; only audit roles read them; the chain
// verifies, and a row edited in the database is reported by `lianxin audit verify` and the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, makeIdNumber, walkPages, backendName } from './harness.mjs';

let srv;
let api;
let auditor;
let root;
let branch;
let member;
const idNumber = makeIdNumber({ birth: '1979-03-04', gender: 'female' });

before(async () => {
  srv = await startServer();
  api = srv.api;
  root = await created(api('POST', '/api/orgs', { code: 'AU-ROOT', name: '审计测试县委', kind: 'committee' }));
  branch = await created(
    api('POST', '/api/orgs', { code: 'AU-B', name: '审计测试支部', kind: 'branch', parent_id: root.id }),
  );
  member = await created(
    api('POST', '/api/members', {
      name: '赵敏', id_number: idNumber, category: 'full', join_date: '2005-07-01', full_date: '2006-07-01',
      mobile: '13912345678', org_id: branch.id,
    }),
  );
  auditor = await srv.actor({ role: 'auditor' });
});
after(async () => {
  await srv?.stop();
});

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function search(query) {
  const r = await auditor.api('GET', `/api/audit?${new URLSearchParams(query)}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('a member update is one record with the changed fields, the route, the actor and the request id', async () => {
  const r = await api('PATCH', `/api/members/${member.id}`, { name: '赵敏敏', mobile: '13800001111' });
  assert.equal(r.status, 200, r.text);
  const page = await search({ entity: 'member', entity_id: String(member.id), action: 'member.update' });
  assert.equal(page.total, 1);
  const rec = page.items[0];
  assert.equal(rec.actor, 'operator');
  assert.equal(rec.route, 'PATCH /api/members/{id}');
  assert.equal(rec.request_id, r.headers.get('x-request-id'));
  assert.equal(rec.org_id, branch.id);
  assert.deepEqual(rec.before.name, '赵敏');
  assert.deepEqual(rec.after.name, '赵敏敏');
  assert.equal(rec.after.mobile, '138****1111');
  assert.ok(!('gender' in rec.after), 'unchanged fields are left out');
  const text = JSON.stringify(page);
  assert.ok(!text.includes('13800001111') && !text.includes('13912345678'), 'no clear phone numbers');
});

test('reveal and lookup are recorded without the values read', async () => {
  const rv = await api('POST', `/api/members/${member.id}/reveal`, { field: 'id_number', reason: '核对档案' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.value, idNumber);
  const lk = await api('POST', '/api/members/lookup', { id_number: idNumber });
  assert.equal(lk.status, 200, lk.text);
  const page = await search({ action: 'member.', entity_id: String(member.id) });
  const reveal = page.items.find((i) => i.action === 'member.reveal');
  assert.deepEqual(reveal.after, { field: 'id_number', reason: '核对档案' });
  const lookup = page.items.find((i) => i.action === 'member.lookup');
  assert.equal(lookup.after.found, true);
  assert.ok(!JSON.stringify(page).includes(idNumber), 'the ID number never enters the audit trail');
});

test('exports are recorded with org, format, reveal flag and row count', async () => {
  const r = await api('GET', `/api/exports/members?org=${root.id}&format=csv&reveal=true`);
  assert.equal(r.status, 200, r.text);
  const rec = (await search({ action: 'member.export' })).items[0];
  assert.equal(rec.org_id, root.id);
  assert.deepEqual(rec.after, { format: 'csv', rows: 1, reveal: true });
});

test('filters by organization subtree, time and action prefix; pages newest first', async () => {
  const sub = await search({ org: String(branch.id) });
  assert.ok(sub.items.every((i) => i.org_id === branch.id), JSON.stringify(sub.items.map((i) => i.org_id)));
  assert.equal((await search({ from: '2999-01-01' })).total, 0);
  const orgs = await search({ action: 'org.' });
  assert.deepEqual(orgs.items.map((i) => i.action), ['org.create', 'org.create']);
  const { items, pages } = await walkPages(auditor.api, '/api/audit?limit=2');
  assert.ok(pages > 1);
  const seqs = items.map((i) => i.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
  assert.equal(new Set(seqs).size, seqs.length);
  const bad = await auditor.api('GET', '/api/audit?from=yesterday');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'from');
});

test('only audit roles read the trail', async () => {
  assert.equal((await api('GET', '/api/audit')).status, 403);
  assert.equal((await api('GET', '/api/audit/verify')).status, 403);
  assert.equal((await srv.anonymous('GET', '/api/audit')).status, 401);
});

test('the auditor exports the trail as CSV or XLSX, and the export is itself recorded', async () => {
  const csv = await auditor.request('GET', '/api/audit/export?format=csv&action=member.');
  assert.equal(csv.status, 200, csv.text);
  assert.ok(csv.text.startsWith('\uFEFF序号,'), csv.text.slice(0, 40));
  assert.ok(csv.text.includes('member.reveal'));
  const xlsx = await auditor.request('GET', '/api/audit/export?format=xlsx');
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  const rec = (await search({ action: 'audit.export' })).items;
  assert.equal(rec.length, 2);
  assert.equal(rec[1].actor, auditor.username);
  assert.equal(rec[1].after.filter.action, 'member.');
});

// Last: it breaks the chain on purpose.
test('verify is ok, then reports the first row edited directly in the database', async (t) => {
  const ok = await auditor.api('GET', '/api/audit/verify');
  assert.equal(ok.status, 200);
  assert.equal(ok.json.ok, true, ok.text);
  assert.ok(ok.json.checked >= 8);
  assert.match(srv.cli(['audit', 'verify']), /audit chain intact/);
  if (backendName() !== 'sqlite') {
    t.diagnostic('tampering is exercised on SQLite here (and on both backends in the unit tests)');
    return;
  }
  const db = path.join(srv.dataDir, 'lianxin.db');
  execFileSync('sqlite3', [db, `UPDATE audit_log SET after_json = '{"name":"x"}' WHERE seq = 3`]);
  const broken = await auditor.api('GET', '/api/audit/verify');
  assert.equal(broken.json.ok, false);
  assert.equal(broken.json.first_broken_seq, 3);
  assert.throws(() => srv.cli(['audit', 'verify']), (e) => e.status === 1 && /BROKEN at seq 3/.test(e.stdout));
});
