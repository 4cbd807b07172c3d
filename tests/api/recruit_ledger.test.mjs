// 发展党员台账 (issue #5): the counts per organization by stage, admitted / converted in a year and
// overdue (exact numbers from the cases made here), the XLSX ledger (unzipped and read back),
// attachments of step records (upload, download, type and size checks, scope, delete) and a
// member's own case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, makeIdNumber } from './harness.mjs';

let srv;
let api;
let root;
let branchA;
let branchB;
let other; // a second root: outside a worker's scope
const full = [];
let cases = {};

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const org = (body) => created(api('POST', '/api/orgs', body));
async function recorded(id, body) {
  const r = await api('POST', `/api/recruitment/cases/${id}/steps`, body);
  assert.equal(r.status, 201, `${JSON.stringify(body)} -> ${r.status} ${r.text}`);
  return r.json;
}
const contacts = () => [{ member_id: full[0].id }, { member_id: full[1].id }];
const introducers = () => [{ member_id: full[2].id }, { member_id: full[3].id }];
// Steps 2..17 for a case applied on 2023-09-01, all inside their limits (as in recruit.test.mjs).
const steps = (approver) => [
  { step: 2, date: '2023-09-20', people: [{ name: '支部书记', role: '谈话人' }] },
  { step: 3, date: '2024-03-10' },
  { step: 4, date: '2024-03-15' },
  { step: 5, date: '2024-03-20', people: contacts() },
  { step: 6, date: '2024-09-10', documents: ['培养教育考察材料'] },
  { step: 7, date: '2025-03-10' },
  { step: 8, date: '2025-03-15' },
  { step: 9, date: '2025-03-20', people: introducers() },
  { step: 10, date: '2025-04-01', passed: true, documents: ['政治审查材料'] },
  { step: 11, date: '2025-04-10', training_days: 3, training_hours: 24 },
  { step: 12, date: '2025-04-20' },
  { step: 13, date: '2025-05-01', documents: ['预审意见'] },
  { step: 14, date: '2025-05-10', documents: ['入党志愿书'] },
  { step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 }, ballot: { yes: 7, no: 1 } },
  { step: 16, date: '2025-07-01', people: [{ name: '党委组织员', role: '谈话人' }] },
  { step: 17, date: '2025-07-15', passed: true, approver_org_id: approver },
];
async function makeCase(o, name, last, application_date = '2023-09-01') {
  const c = await created(api('POST', '/api/recruitment/cases', {
    org_id: o.id, name, id_number: makeIdNumber({ birth: '1995-05-20' }), application_date,
  }));
  let out = c;
  for (const s of steps(root.id)) if (s.step <= last) out = (await recorded(c.id, s)).case;
  return out;
}

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
/** The first sheet as an array of rows of strings. */
function readXlsx(buf) {
  const files = unzip(buf);
  const shared = [...(files['xl/sharedStrings.xml'] || '').matchAll(/<si>(.*?)<\/si>/gs)].map((m) =>
    unxml([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')));
  const sheet = files['xl/worksheets/sheet1.xml'];
  assert.ok(sheet, `sheet1 in ${Object.keys(files)}`);
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

before(async () => {
  srv = await startServer({ extraArgs: ['--attachment-max-bytes', '4096'] });
  api = srv.api;
  root = await org({ code: 'L-ROOT', name: '台账测试县委', kind: 'committee' });
  branchA = await org({ code: 'L-A', name: '台账一支部', kind: 'branch', parent_id: root.id });
  branchB = await org({ code: 'L-B', name: '台账二支部', kind: 'branch', parent_id: root.id });
  other = await org({ code: 'L-X', name: '台账另一县委', kind: 'committee' });
  await org({ code: 'L-XA', name: '另一支部', kind: 'branch', parent_id: other.id });
  for (const name of ['联系人甲', '联系人乙', '介绍人丙', '介绍人丁'])
    full.push(await created(api('POST', '/api/members', {
      name, id_number: makeIdNumber(), org_id: branchA.id, join_date: '2005-07-01', category: 'full', full_date: '2006-07-01',
    })));
  cases = {
    applicant: await makeCase(branchA, '台账申请人', 1),
    activist: await makeCase(branchA, '台账积极分子', 6),
    target: await makeCase(branchA, '台账发展对象', 14),
    probationary: await makeCase(branchA, '台账预备党员', 17),
    applicantB: await makeCase(branchB, '台账二支部申请人', 1, '2025-02-01'),
  };
});
after(async () => {
  await srv?.stop();
});

test('the ledger counts the cases of each child organization by stage, with a total row', async () => {
  assert.equal(cases.probationary.current_step, 17, JSON.stringify(cases.probationary));
  assert.ok(cases.probationary.member_id, 'approval made a member record');
  const r = await api('GET', `/api/recruitment/ledger?org=${root.id}&year=2025`);
  assert.equal(r.status, 200, r.text);
  const byName = Object.fromEntries(r.json.items.map((i) => [i.org_name, i]));
  assert.deepEqual(Object.keys(byName), ['台账一支部', '台账二支部'], 'a row per child; no empty 本级 row');
  const a = byName['台账一支部'];
  assert.deepEqual([a.applicant, a.activist, a.target, a.probationary, a.full, a.ended, a.total], [1, 1, 1, 1, 0, 0, 4]);
  assert.equal(a.admitted_in_year, 1, 'step 17 approved on 2025-07-15');
  assert.equal(a.converted_in_year, 0);
  assert.equal(a.applied_in_year, 0);
  const b = byName['台账二支部'];
  assert.deepEqual([b.applicant, b.total, b.applied_in_year, b.admitted_in_year], [1, 1, 1, 0]);
  const t = r.json.total;
  assert.equal(t.org_name, '合计');
  assert.deepEqual([t.applicant, t.activist, t.target, t.probationary, t.total, t.applied_in_year, t.admitted_in_year],
    [2, 1, 1, 1, 5, 1, 1]);
  // Overdue is the list's overdue filter, counted.
  for (const [o, row] of [[branchA, a], [branchB, b], [root, t]]) {
    const list = await api('GET', `/api/recruitment/cases?org=${o.id}&overdue=true`);
    assert.equal(row.overdue, list.json.total, `${o.name}: ${r.text}`);
  }
  assert.ok(a.overdue >= 1, 'the application of 2023 without a talk is overdue (R-D03)');
  assert.deepEqual(r.json.stages.map((s) => s.label), ['申请人', '积极分子', '发展对象', '预备党员', '已转正', '已终止']);
  // Another year: the stages stay (they are as of today), the year's counts change.
  const y24 = await api('GET', `/api/recruitment/ledger?org=${root.id}&year=2024`);
  assert.equal(y24.json.total.total, 5);
  assert.equal(y24.json.total.admitted_in_year, 0);
  // A branch has no children: one row for the branch itself.
  const br = await api('GET', `/api/recruitment/ledger?org=${branchB.id}&year=2025`);
  assert.equal(br.status, 200, br.text);
  assert.equal(br.json.items.length, 1);
  assert.equal(br.json.items[0].self, true);
  assert.equal(br.json.items[0].applicant, 1);
  assert.equal((await api('GET', `/api/recruitment/ledger?org=${root.id}&year=abc`)).status, 400);
});

test('the ledger is restricted to the scope: a worker of branch B sees B only', async () => {
  const w = await srv.actor({ role: 'worker', org: branchB.id });
  const mine = await w.api('GET', '/api/recruitment/ledger?year=2025');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.org.id, branchB.id, 'without ?org= the scope root');
  assert.equal(mine.json.total.total, 1);
  assert.equal((await w.api('GET', `/api/recruitment/ledger?org=${branchA.id}`)).status, 404);
  assert.equal((await w.api('GET', `/api/recruitment/ledger?org=${root.id}`)).status, 404);
  assert.equal((await w.api('GET', `/api/recruitment/ledger/export?org=${branchA.id}`)).status, 404);
  const x = await w.request('GET', '/api/recruitment/ledger/export');
  assert.equal(x.status, 200);
  const rows = readXlsx(x.bytes);
  assert.deepEqual(rows.slice(1).map((row) => row[0]), ['台账二支部申请人']);
  const member = await srv.actor({ role: 'member', org: branchA.id });
  assert.equal((await member.api('GET', '/api/recruitment/ledger')).status, 403);
});

test('the XLSX ledger: one row per case with the stage and the dates of the key steps; audited', async () => {
  const r = await srv.request('GET', `/api/recruitment/ledger/export?org=${root.id}&year=2025`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.match(r.headers.get('content-disposition'), /attachment/);
  assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK');
  const rows = readXlsx(r.bytes);
  const header = rows[0];
  assert.deepEqual(header.slice(0, 5), ['姓名', '性别', '出生日期', '所在党支部', '阶段']);
  assert.equal(rows.length, 1 + 5, 'a row per case');
  const col = (name) => header.indexOf(name);
  const row = (name) => rows.find((x) => x[0] === name);
  const p = row('台账预备党员');
  assert.equal(p[col('阶段')], '预备党员');
  assert.equal(p[col('所在党支部')], '台账一支部');
  assert.equal(p[col('递交入党申请书')], '2023-09-01');
  assert.equal(p[col('确定为入党积极分子')], '2024-03-10');
  assert.equal(p[col('确定为发展对象')], '2025-03-10');
  assert.equal(p[col('支部大会通过')], '2025-06-20');
  assert.equal(p[col('上级党委审批')], '2025-07-15');
  assert.equal(p[col('2025年接收')], '是');
  assert.equal(row('台账积极分子')[col('阶段')], '积极分子');
  assert.equal(row('台账积极分子')[col('上级党委审批')], '');
  assert.equal(row('台账发展对象')[col('阶段')], '发展对象');
  const a = row('台账申请人');
  assert.equal(a[col('阶段')], '申请人');
  assert.match(a[col('逾期事项')], /第2步/, 'the talk is overdue');
  assert.equal(row('台账二支部申请人')[col('所在党支部')], '台账二支部');
  const auditor = await srv.actor({ role: 'auditor' });
  const audit = await auditor.api('GET', '/api/audit?action=recruit.export');
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((i) => i.action === 'recruit.export'), audit.text);
});

// ---- attachments
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100, 0x20)]);
const upload = (who, c, recordId, bytes, type, name = '入党申请书.png') =>
  who.request('POST', `/api/recruitment/cases/${c.id}/steps/${recordId}/attachments?filename=${encodeURIComponent(name)}`,
    { body: bytes, headers: { 'content-type': type } });

test('attachments: upload a scan to a step record, list, download it back, delete it (audited)', async () => {
  const c = cases.activist;
  const rec = c.records.find((x) => x.step === 3);
  const up = await upload(srv, c, rec.id, PNG, 'image/png');
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.file_name, '入党申请书.png');
  assert.equal(up.json.content_type, 'image/png');
  assert.equal(up.json.size, PNG.length);
  assert.equal(up.json.step_record_id, rec.id);
  assert.match(up.json.sha256, /^[0-9a-f]{64}$/);
  const pdf = await created(srv.request('POST', `/api/recruitment/cases/${c.id}/steps/${rec.id}/attachments`,
    { body: PDF, headers: { 'content-type': 'application/pdf', 'x-filename': encodeURIComponent('支委会记录.pdf') } }));
  assert.equal(pdf.file_name, '支委会记录.pdf');
  const list = await api('GET', `/api/recruitment/cases/${c.id}/attachments`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((i) => i.id), [up.json.id, pdf.id]);
  assert.equal(list.json.max_bytes, 4096);
  const dl = await srv.request('GET', `/api/recruitment/cases/${c.id}/attachments/${up.json.id}`);
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'image/png');
  assert.ok(dl.bytes.equals(PNG), 'the same bytes come back');
  assert.match(dl.headers.get('content-disposition'), /filename\*=UTF-8''/);
  // Another case's path does not reach it.
  assert.equal((await srv.request('GET', `/api/recruitment/cases/${cases.target.id}/attachments/${up.json.id}`)).status, 404);
  // The file is under the data directory, not in the database.
  const del = await api('DELETE', `/api/recruitment/cases/${c.id}/attachments/${up.json.id}`);
  assert.equal(del.status, 204, del.text);
  assert.equal((await srv.request('GET', `/api/recruitment/cases/${c.id}/attachments/${up.json.id}`)).status, 404);
  assert.deepEqual((await api('GET', `/api/recruitment/cases/${c.id}/attachments`)).json.items.map((i) => i.id), [pdf.id]);
  const auditor = await srv.actor({ role: 'auditor' });
  const audit = await auditor.api('GET', `/api/audit?entity=recruit_case&entity_id=${c.id}`);
  assert.equal(audit.status, 200, audit.text);
  const actions = audit.json.items.map((i) => i.action);
  for (const a of ['recruit.attachment_upload', 'recruit.attachment_download', 'recruit.attachment_delete'])
    assert.ok(actions.includes(a), `${a} in ${actions}`);
});

test('attachments: only PDF, JPEG or PNG by content; the size limit; a record of the case; scope', async () => {
  const c = cases.target;
  const rec = c.records.find((x) => x.step === 1);
  const gif = await upload(srv, c, rec.id, Buffer.from('GIF89a....'), 'image/gif', 'a.gif');
  assert.equal(gif.status, 415, gif.text);
  assert.equal(gif.json.error.code, 'attachment.type');
  // A text file calling itself a PNG.
  assert.equal((await upload(srv, c, rec.id, Buffer.from('hello'), 'image/png')).status, 415);
  // A PNG declared as a PDF.
  const lie = await upload(srv, c, rec.id, PNG, 'application/pdf', 'x.pdf');
  assert.equal(lie.status, 415, lie.text);
  assert.equal(lie.json.error.code, 'attachment.type_mismatch');
  const jpeg = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(32, 1)]);
  assert.equal((await upload(srv, c, rec.id, jpeg, 'image/jpeg', 'scan.jpg')).status, 201);
  const big = Buffer.concat([PNG, Buffer.alloc(5000, 1)]);
  const tooBig = await upload(srv, c, rec.id, big, 'image/png');
  assert.equal(tooBig.status, 413, tooBig.text);
  assert.equal(tooBig.json.error.code, 'attachment.too_large');
  const noName = await srv.request('POST', `/api/recruitment/cases/${c.id}/steps/${rec.id}/attachments`,
    { body: PNG, headers: { 'content-type': 'image/png' } });
  assert.equal(noName.status, 422, noName.text);
  // A record of another case.
  const otherRec = cases.activist.records[0];
  assert.equal((await upload(srv, c, otherRec.id, PNG, 'image/png')).status, 404);
  // Scope: a worker of branch B neither uploads to nor reads branch A's cases; a reader cannot upload.
  const w = await srv.actor({ role: 'worker', org: branchB.id });
  assert.equal((await upload(w, c, rec.id, PNG, 'image/png')).status, 404);
  assert.equal((await w.api('GET', `/api/recruitment/cases/${c.id}/attachments`)).status, 404);
  const reader = await srv.actor({ role: 'discipline', org: branchA.id });
  assert.equal((await upload(reader, c, rec.id, PNG, 'image/png')).status, 403);
  const items = (await reader.api('GET', `/api/recruitment/cases/${c.id}/attachments`)).json.items;
  assert.equal(items.length, 1);
  assert.equal((await reader.request('GET', `/api/recruitment/cases/${c.id}/attachments/${items[0].id}`)).status, 200);
  assert.equal((await reader.api('DELETE', `/api/recruitment/cases/${c.id}/attachments/${items[0].id}`)).status, 403);
});

test("a member sees their own case: stage, dates and what is due; nobody else's names", async () => {
  const c = cases.probationary;
  const name = `ledgerself${Date.now()}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(branchA.id), '--member', String(c.member_id)], {
    LIANXIN_USER_PASSWORD: 'Operator#2026',
  });
  const me = await srv.login(name, 'Operator#2026');
  const r = await me.api('GET', '/api/auth/me/recruitment');
  assert.equal(r.status, 200, r.text);
  const own = r.json.case;
  assert.equal(own.id, c.id);
  assert.equal(own.stage, 'probationary');
  assert.equal(own.stage_label, '预备党员');
  assert.equal(own.org_name, '台账一支部');
  assert.equal(own.application_date, '2023-09-01');
  assert.equal(own.membership_start, '2025-06-20');
  assert.equal(own.admission_date, '2025-07-15');
  assert.equal(own.probation_end, '2026-06-20');
  assert.ok(own.due.some((d) => d.step >= 18), r.text);
  for (const secret of ['联系人甲', '介绍人丙', '支部书记', '党委组织员', 'operator', 'id_number'])
    assert.ok(!r.text.includes(secret), `${secret} is not shown to the member`);
  // An account whose member has no case; an account without a member record.
  const m2 = await created(api('POST', '/api/members', { name: '无档案党员', id_number: makeIdNumber(), org_id: branchA.id, join_date: '2010-07-01', category: 'full', full_date: '2011-07-01' }));
  const name2 = `ledgernone${Date.now()}`;
  srv.cli(['user', 'create', name2, '--role', 'member', '--org', String(branchA.id), '--member', String(m2.id)], {
    LIANXIN_USER_PASSWORD: 'Operator#2026',
  });
  const none = await (await srv.login(name2, 'Operator#2026')).api('GET', '/api/auth/me/recruitment');
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.case, null);
  const w = await srv.actor({ role: 'worker', org: branchA.id });
  assert.equal((await w.api('GET', '/api/auth/me/recruitment')).status, 404);
});

test('a conversion approved in the year counts as 已转正 and converted_in_year', async () => {
  const county = await org({ code: 'L-CV', name: '转正测试党委', kind: 'committee' });
  const br = await org({ code: 'L-CV1', name: '转正测试支部', kind: 'branch', parent_id: county.id });
  const c = await created(api('POST', '/api/recruitment/cases', {
    org_id: br.id, name: '台账转正人', id_number: makeIdNumber({ birth: '1994-04-04' }), application_date: '2023-09-01',
  }));
  for (const s of steps(county.id)) await recorded(c.id, s);
  let out;
  for (const s of [
    { step: 18, date: '2025-07-25' },
    { step: 19, date: '2025-07-28' },
    { step: 20, date: '2025-08-01' },
    { step: 21, date: '2026-01-10' },
    { step: 22, date: '2026-06-10' },
    { step: 23, date: '2026-06-22', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 }, ballot: { yes: 8 }, conversion_outcome: 'on_time' },
    { step: 24, date: '2026-07-10', passed: true, approver_org_id: county.id },
  ]) out = await recorded(c.id, s);
  assert.ok(out.case.current_step >= 24, JSON.stringify(out.case.evaluation));
  const r = await api('GET', `/api/recruitment/ledger?org=${county.id}&year=2026`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.total.full, r.json.total.probationary, r.json.total.converted_in_year, r.json.total.admitted_in_year],
    [1, 0, 1, 0]);
  const y25 = await api('GET', `/api/recruitment/ledger?org=${county.id}&year=2025`);
  assert.deepEqual([y25.json.total.full, y25.json.total.converted_in_year, y25.json.total.admitted_in_year], [1, 0, 1]);
  const x = await srv.request('GET', `/api/recruitment/ledger/export?org=${county.id}&year=2026`);
  const rows = readXlsx(x.bytes);
  const col = (name) => rows[0].indexOf(name);
  assert.equal(rows[1][col('阶段')], '已转正');
  assert.equal(rows[1][col('转正审批')], '2026-07-10');
  assert.equal(rows[1][col('2026年转正')], '是');
});

test('a branch meeting with several candidates: one attendance, a ballot each, all or nothing', async () => {
  const county = await org({ code: 'L-MT', name: '大会测试党委', kind: 'committee' });
  const br = await org({ code: 'L-MT1', name: '大会测试支部', kind: 'branch', parent_id: county.id });
  const br2 = await org({ code: 'L-MT2', name: '大会测试二支部', kind: 'branch', parent_id: county.id });
  const make = async (o, name, last) => {
    const c = await created(api('POST', '/api/recruitment/cases', {
      org_id: o.id, name, id_number: makeIdNumber({ birth: '1995-05-20' }), application_date: '2023-09-01',
    }));
    for (const s of steps(county.id)) if (s.step <= last) await recorded(c.id, s);
    return c;
  };
  const a = await make(br, '候选人甲', 14);
  const b = await make(br, '候选人乙', 14);
  const meeting = (candidates, extra = {}) => api('POST', '/api/recruitment/meetings', {
    org_id: br.id, step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 }, candidates, ...extra,
  });
  const r = await meeting([{ case_id: a.id, ballot: { yes: 7, no: 1 } }, { case_id: b.id, ballot: { yes: 5, no: 3 } }]);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.results.map((x) => [x.case_id, x.vote.passed, x.vote.yes_total, x.vote.yes_needed]),
    [[a.id, true, 7, 6], [b.id, false, 5, 6]]);
  const da = (await api('GET', `/api/recruitment/cases/${a.id}`)).json;
  const db = (await api('GET', `/api/recruitment/cases/${b.id}`)).json;
  assert.equal(da.current_step, 15);
  assert.equal(db.current_step, 14, 'a failed ballot is recorded but does not complete the step');
  const recA = da.records.find((x) => x.step === 15);
  const recB = db.records.find((x) => x.step === 15);
  assert.deepEqual(recA.facts.attendance, recB.facts.attendance, 'the attendance is the same record for both');

  // One candidate cannot be recorded (step 14 missing): nothing is stored for the other either.
  const c = await make(br, '候选人丙', 14);
  const d = await make(br, '候选人丁', 13);
  const refused = await meeting([{ case_id: c.id, ballot: { yes: 8 } }, { case_id: d.id, ballot: { yes: 8 } }]);
  assert.equal(refused.status, 422, refused.text);
  assert.ok(refused.json.error.details.every((x) => x.field.startsWith('candidates[1]')), refused.text);
  assert.ok(!(await api('GET', `/api/recruitment/cases/${c.id}`)).json.records.some((x) => x.step === 15), 'all or nothing');
  // No quorum: every candidate is named.
  const noQuorum = await meeting([{ case_id: c.id, ballot: { yes: 5 } }], { attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 5 } });
  assert.equal(noQuorum.status, 422, noQuorum.text);
  assert.equal(noQuorum.json.error.code, 'R-D15');
  assert.equal(noQuorum.json.error.field, 'candidates[0]');
  // Field checks: the step, a duplicate, a case of another branch.
  const e = await make(br2, '候选人戊', 14);
  const bad = await meeting([{ case_id: c.id }, { case_id: c.id }, { case_id: e.id }]);
  assert.equal(bad.status, 422, bad.text);
  const codes = bad.json.error.details.map((x) => `${x.field}:${x.code}`);
  assert.ok(codes.includes('candidates[1].case_id:candidates.duplicate'), codes.join());
  assert.ok(codes.includes('candidates[2].case_id:candidates.other_branch'), codes.join());
  assert.equal((await meeting([{ case_id: c.id }], { step: 17 })).status, 422);
  // Scope: a worker of another branch does not reach this one.
  const w = await srv.actor({ role: 'worker', org: br2.id });
  const out = await w.api('POST', '/api/recruitment/meetings', {
    org_id: br.id, step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 }, candidates: [{ case_id: c.id, ballot: { yes: 8 } }],
  });
  assert.equal(out.status, 404, out.text);
});
