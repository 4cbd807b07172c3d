// CSV import (preview → commit → rollback), GBK files, row errors and their CSV, all-or-nothing
// commits, blocked rollbacks, and the CSV/XLSX exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, makeIdNumber, breakChecksum, maskId, walkPages } from './harness.mjs';

let srv;
let api;
let root;
let branch;

before(async () => {
  srv = await startServer();
  api = srv.api;
  root = await createOrg({ code: 'IM', name: '导入测试县委', kind: 'committee' });
  branch = await createOrg({ code: 'IM-B', name: '导入测试党支部', kind: 'branch', parent_id: root.id });
});
after(async () => {
  await srv?.stop();
});

async function createOrg(body) {
  const r = await srv.api('POST', '/api/orgs', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const HEADER = ['姓名', '公民身份号码', '人员类别', '加入党组织日期', '转为正式党员日期', '手机号', '所在党支部'];

function memberRow(name, { id = makeIdNumber({ birth: '1982-03-04' }), org = 'IM-B', mobile = '13812345678' } = {}) {
  return { name, id, cells: [name, id, '正式党员', '2008-07-01', '2009-07-01', mobile, org] };
}

const csvText = (rows, header = HEADER) => [header, ...rows.map((r) => r.cells ?? r)].map((r) => r.join(',')).join('\r\n') + '\r\n';
const utf8Bytes = (text, bom = false) => Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
const gbkBytes = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text, 'utf8') });

async function upload(bytes, { kind = 'members', policy = 'skip', filename = 'members.csv' } = {}) {
  return srv.request('POST', `/api/imports?kind=${kind}&policy=${policy}&filename=${encodeURIComponent(filename)}`, {
    body: bytes,
    headers: { 'content-type': 'text/csv' },
  });
}

async function membersIn(orgId, extra = '') {
  const r = await api('GET', `/api/members?org=${orgId}&limit=500${extra}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('UTF-8 CSV with Chinese headers: preview → commit → listed → rollback', async () => {
  const b = await createOrg({ code: 'IM-U', name: '导入UTF8党支部', kind: 'branch', parent_id: root.id });
  const rows = [memberRow('导入甲', { org: 'IM-U' }), memberRow('导入乙', { org: 'IM-U' }), memberRow('导入丙', { org: 'IM-U' })];
  const pre = await upload(utf8Bytes(csvText(rows), true), { filename: '党员名单.csv' });
  assert.equal(pre.status, 201, pre.text);
  const batch = pre.json;
  assert.equal(batch.kind, 'members');
  assert.equal(batch.state, 'preview');
  assert.equal(batch.total_rows, 3);
  assert.equal(batch.error_rows, 0);
  assert.deepEqual(batch.errors, []);
  assert.equal(batch.filename, '党员名单.csv');
  assert.match(batch.charset, /UTF-8/);
  assert.equal(batch.plan.create, 3);
  assert.equal((await membersIn(b.id)).total, 0, 'a preview writes no member');

  const c = await api('POST', `/api/imports/${batch.id}/commit`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.state, 'committed');
  assert.equal(c.json.created_count, 3);
  const list = await membersIn(b.id);
  assert.equal(list.total, 3);
  assert.deepEqual(list.items.map((m) => m.name).sort(), ['导入丙', '导入乙', '导入甲'].sort());
  const one = await api('POST', '/api/members/lookup', { id_number: rows[0].id });
  assert.equal(one.status, 200);
  assert.equal(one.json.created_batch_id, batch.id);
  assert.equal(one.json.mobile, '138****5678');
  const stats = await api('GET', `/api/orgs/${root.id}/stats`);
  const membersAtRoot = stats.json.members;
  assert.ok(membersAtRoot >= 3);

  const batches = await api('GET', '/api/imports');
  assert.equal(batches.status, 200);
  const listed = batches.json.items.find((x) => x.id === batch.id);
  assert.ok(listed, 'batch in the list');
  assert.equal(listed.state, 'committed');
  assert.equal(batches.json.total, batches.json.items.length);
  const got = await api('GET', `/api/imports/${batch.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.json.state, 'committed');
  assert.ok(got.json.committed_at);

  const again = await api('POST', `/api/imports/${batch.id}/commit`);
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'import.not_pending');

  const rb = await api('POST', `/api/imports/${batch.id}/rollback`);
  assert.equal(rb.status, 200, rb.text);
  assert.equal(rb.json.state, 'rolled_back');
  assert.ok(rb.json.rolled_back_at);
  assert.equal((await membersIn(b.id, '&status=all')).total, 0);
  assert.equal((await api('POST', '/api/members/lookup', { id_number: rows[0].id })).status, 404);
  assert.equal((await api('GET', `/api/orgs/${root.id}/stats`)).json.members, membersAtRoot - 3);
  const rb2 = await api('POST', `/api/imports/${batch.id}/rollback`);
  assert.equal(rb2.status, 409);
  assert.equal(rb2.json.error.code, 'import.not_committed');
});

test('a GBK (GB18030) file with two bad rows: errors in the preview, errors CSV, skip_invalid commit', async () => {
  const b = await createOrg({ code: 'IM-G', name: '导入GBK党支部', kind: 'branch', parent_id: root.id });
  const good = [memberRow('欧阳修', { org: 'IM-G' }), memberRow('苏轼', { org: 'IM-G' }), memberRow('黄庭坚', { org: 'IM-G' })];
  const badId = memberRow('校验错', { org: 'IM-G' });
  badId.cells[1] = breakChecksum(badId.id);
  const badDate = memberRow('日期错', { org: 'IM-G' });
  badDate.cells[3] = '2008-13-45';
  // Lines: header 1, 欧阳修 2, 校验错 3, 苏轼 4, 日期错 5, 黄庭坚 6.
  const bytes = gbkBytes(csvText([good[0], badId, good[1], badDate, good[2]]));
  // Really GBK: 姓名 is D0D5 C3FB there, and its UTF-8 bytes are absent.
  assert.ok(bytes.includes(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb])));
  assert.ok(!bytes.includes(Buffer.from('姓名', 'utf8')));
  const pre = await upload(bytes, { filename: 'gbk.csv' });
  assert.equal(pre.status, 201, pre.text);
  assert.equal(pre.json.charset, 'GB18030');
  assert.equal(pre.json.total_rows, 5);
  assert.equal(pre.json.error_rows, 2);
  const byRow = new Map(pre.json.errors.map((e) => [e.row, e]));
  assert.deepEqual([...byRow.keys()].sort(), [3, 5], JSON.stringify(pre.json.errors));
  assert.equal(byRow.get(3).field, 'id_number');
  assert.equal(byRow.get(3).code, 'id_number.checksum');
  assert.ok(!JSON.stringify(pre.json).includes(badId.cells[1]), 'the bad ID number is masked in the report');
  assert.equal(byRow.get(5).field, 'join_date');
  assert.equal(pre.json.plan.create, 3);

  const errs = await srv.request('GET', `/api/imports/${pre.json.id}/errors`);
  assert.equal(errs.status, 200);
  assert.match(errs.headers.get('content-type'), /text\/csv/);
  assert.match(errs.headers.get('content-disposition') || '', /attachment/);
  assert.deepEqual([...errs.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = errs.text.slice(1).trim().split(/\r?\n/);
  assert.equal(lines[0], '行号,字段,错误代码,错误信息,值');
  assert.equal(lines.length, 3, errs.text);
  assert.ok(lines.some((l) => l.startsWith('3,') && l.includes('id_number.checksum')), errs.text);
  assert.ok(lines.some((l) => l.startsWith('5,')), errs.text);

  // All or nothing: with errors and no skip_invalid nothing is written.
  const refused = await api('POST', `/api/imports/${pre.json.id}/commit`);
  assert.equal(refused.status, 409);
  assert.equal(refused.json.error.code, 'import.has_errors');
  assert.equal((await membersIn(b.id)).total, 0);
  assert.equal((await api('GET', `/api/imports/${pre.json.id}`)).json.state, 'preview');

  const ok = await api('POST', `/api/imports/${pre.json.id}/commit`, { skip_invalid: true });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.created_count, 3);
  const names = (await membersIn(b.id)).items.map((m) => m.name).sort();
  assert.deepEqual(names, ['欧阳修', '苏轼', '黄庭坚'].sort(), 'GBK names decoded');
});

test('the preview returns each bad row: its cells (ID number and phones masked) and its field errors', async () => {
  await createOrg({ code: 'IM-Q', name: '导入问题行党支部', kind: 'branch', parent_id: root.id });
  const good = memberRow('正确行', { org: 'IM-Q' });
  const badId = memberRow('号码错', { org: 'IM-Q', mobile: '13911112222' });
  badId.cells[1] = breakChecksum(badId.id);
  // Two errors in one row, one of them in a quoted cell holding a comma and a line break: the row
  // number is the line where the record starts and the cells are read as the server reads them.
  const twoErrors = memberRow('两处错', { org: 'IM-Q' });
  twoErrors.cells[3] = '"2008-13-45"';
  twoErrors.cells[6] = '"无此,\n组织"';
  const unknownOrg = memberRow('"含逗号,的姓名"', { org: 'NO-SUCH' });
  // Lines: header 1, 正确行 2, 号码错 3, 两处错 4-5 (quoted newline), 含逗号 6.
  const text = csvText([good, badId, twoErrors, unknownOrg]);
  const pre = await upload(utf8Bytes(text));
  assert.equal(pre.status, 201, pre.text);
  assert.equal(pre.json.error_rows, 3, JSON.stringify(pre.json.errors));

  assert.deepEqual(pre.json.columns.map((c) => c.field),
    ['name', 'id_number', 'category', 'join_date', 'full_date', 'mobile', 'org_code']);
  assert.deepEqual(pre.json.columns.map((c) => c.label).slice(0, 2), ['姓名', '公民身份号码']);

  const rows = new Map(pre.json.bad_rows.map((r) => [r.row, r]));
  assert.deepEqual([...rows.keys()], [3, 4, 6], JSON.stringify(pre.json.bad_rows));
  const r3 = rows.get(3);
  assert.equal(r3.values.name, '号码错');
  assert.equal(r3.values.id_number, maskId(badId.cells[1]), 'ID number masked as in lists');
  assert.equal(r3.values.mobile, '139****2222', 'phone masked as in lists');
  assert.equal(r3.values.join_date, '2008-07-01');
  assert.deepEqual(r3.errors.map((e) => [e.field, e.code]), [['id_number', 'id_number.checksum']]);
  assert.match(r3.errors[0].message, /\p{Script=Han}/u);

  const r4 = rows.get(4);
  assert.equal(r4.values.name, '两处错');
  assert.equal(r4.values.org_code, '无此,\n组织');
  const r4fields = r4.errors.map((e) => e.field);
  assert.ok(r4fields.includes('join_date') && r4fields.includes('org_code'), JSON.stringify(r4.errors));

  const r6 = rows.get(6);
  assert.equal(r6.values.name, '含逗号,的姓名');
  assert.deepEqual(r6.errors.map((e) => e.field), ['org_code']);

  // No clear ID number or phone of any row anywhere in the report.
  const body = JSON.stringify(pre.json);
  for (const r of [good, badId, twoErrors, unknownOrg]) {
    assert.ok(!body.includes(r.cells[1]), 'no clear ID number');
    assert.ok(!body.includes(r.cells[5]), 'no clear phone');
  }
  // A clean file has no bad rows.
  const clean = await upload(utf8Bytes(csvText([memberRow('干净行', { org: 'IM-Q' })])));
  assert.deepEqual(clean.json.bad_rows, []);
});

test('commit is all-or-nothing when the data changed since the preview (policy fail)', async () => {
  const b = await createOrg({ code: 'IM-F', name: '导入失败党支部', kind: 'branch', parent_id: root.id });
  const rows = [memberRow('全或无甲', { org: 'IM-F' }), memberRow('全或无乙', { org: 'IM-F' }), memberRow('全或无丙', { org: 'IM-F' })];
  const pre = await upload(utf8Bytes(csvText(rows)), { policy: 'fail' });
  assert.equal(pre.status, 201, pre.text);
  assert.equal(pre.json.error_rows, 0);
  // Someone registers the third person meanwhile.
  const direct = await api('POST', '/api/members', {
    name: '全或无丙', id_number: rows[2].id, category: 'full', join_date: '2008-07-01', full_date: '2009-07-01', org_id: b.id,
  });
  assert.equal(direct.status, 201, direct.text);
  const c = await api('POST', `/api/imports/${pre.json.id}/commit`);
  assert.equal(c.status, 409, c.text);
  const list = await membersIn(b.id);
  assert.deepEqual(list.items.map((m) => m.name), ['全或无丙'], 'no row of the file was written');
  assert.equal((await api('GET', `/api/imports/${pre.json.id}`)).json.state, 'preview');
});

test('rollback is blocked (409) once an imported member was edited', async () => {
  const b = await createOrg({ code: 'IM-R', name: '导入撤销党支部', kind: 'branch', parent_id: root.id });
  const rows = [memberRow('撤销甲', { org: 'IM-R' }), memberRow('撤销乙', { org: 'IM-R' })];
  const pre = await upload(utf8Bytes(csvText(rows)));
  assert.equal(pre.status, 201, pre.text);
  assert.equal((await api('POST', `/api/imports/${pre.json.id}/commit`)).status, 200);
  const m = await api('POST', '/api/members/lookup', { id_number: rows[0].id });
  const edit = await api('PATCH', `/api/members/${m.json.id}`, { name: '撤销甲改', version: m.json.version });
  assert.equal(edit.status, 200, edit.text);

  const rb = await api('POST', `/api/imports/${pre.json.id}/rollback`);
  assert.equal(rb.status, 409, rb.text);
  assert.equal(rb.json.error.code, 'import.rollback_blocked');
  assert.ok(rb.json.error.details.some((d) => d.field === `member:${m.json.id}`), rb.text);
  assert.equal((await membersIn(b.id)).total, 2, 'nothing was undone');
  assert.equal((await api('GET', `/api/imports/${pre.json.id}`)).json.state, 'committed');
});

test('history of an imported member pages completely, its "import" entry included', async () => {
  const b = await createOrg({ code: 'IM-H', name: '导入历史党支部', kind: 'branch', parent_id: root.id });
  const rows = [memberRow('历史甲', { org: 'IM-H' })];
  const pre = await upload(utf8Bytes(csvText(rows)));
  assert.equal(pre.status, 201, pre.text);
  assert.equal((await api('POST', `/api/imports/${pre.json.id}/commit`)).status, 200);
  const m = (await api('POST', '/api/members/lookup', { id_number: rows[0].id })).json;
  const h0 = await api('GET', `/api/members/${m.id}/history`);
  assert.equal(h0.json.total, 1);
  assert.deepEqual(h0.json.items.map((x) => x.action), ['import']);
  assert.equal((await api('PATCH', `/api/members/${m.id}`, { position: '委员' })).status, 200);
  assert.equal((await api('PATCH', `/api/members/${m.id}`, { position: '书记' })).status, 200);

  const full = await api('GET', `/api/members/${m.id}/history`);
  assert.equal(full.json.total, 3);
  assert.deepEqual(full.json.items.map((x) => x.action), ['update', 'update', 'import']);
  for (const limit of [1, 2]) {
    const walk = await walkPages(api, `/api/members/${m.id}/history?limit=${limit}`);
    assert.deepEqual(
      walk.items.map((x) => x.action),
      ['update', 'update', 'import'],
      `limit=${limit}: pages end before the import entry`,
    );
    assert.ok(walk.totals.every((t) => t === 3));
  }
  assert.equal((await membersIn(b.id)).total, 1);
});

test('import parameters and unreadable files are refused', async () => {
  const rows = [memberRow('参数甲')];
  const noKind = await srv.request('POST', '/api/imports', { body: utf8Bytes(csvText(rows)) });
  assert.equal(noKind.status, 400);
  assert.equal(noKind.json.error.field, 'kind');
  const badPolicy = await upload(utf8Bytes(csvText(rows)), { policy: 'merge' });
  assert.equal(badPolicy.status, 400);
  assert.equal(badPolicy.json.error.field, 'policy');
  const headerOnly = await upload(utf8Bytes(csvText([])));
  assert.equal(headerOnly.status, 422);
  assert.equal(headerOnly.json.error.field, 'file');
  const missingCol = await upload(utf8Bytes(csvText([['甲', '2008-07-01']], ['姓名', '加入党组织日期'])));
  assert.equal(missingCol.status, 422);
  assert.equal(missingCol.json.error.field, 'file');
  assert.equal(missingCol.json.error.code, 'import.missing_columns');
  assert.equal((await api('GET', '/api/imports/987654')).status, 404);
  assert.equal((await api('GET', '/api/imports/987654/errors')).status, 404);
  assert.equal((await api('POST', '/api/imports/987654/commit')).status, 404);
  assert.equal((await api('POST', '/api/imports/987654/rollback')).status, 404);
  assert.equal((await api('GET', '/api/imports/abc')).status, 404);
});

test('organizations import: parents before children, by code', async () => {
  const header = ['组织编码', '组织名称', '组织类型', '上级组织编码'];
  const rows = [
    ['IM-O', '导入组织党委', '基层党委', 'IM'],
    ['IM-O-1', '导入组织第一党支部', '党支部', 'IM-O'],
    ['IM-O-2', '导入组织第二党支部', 'branch', 'IM-O'],
  ];
  const pre = await upload(utf8Bytes(csvText(rows, header)), { kind: 'orgs', filename: 'orgs.csv' });
  assert.equal(pre.status, 201, pre.text);
  assert.equal(pre.json.kind, 'orgs');
  assert.equal(pre.json.error_rows, 0, pre.text);
  const c = await api('POST', `/api/imports/${pre.json.id}/commit`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.created_count, 3);
  const found = await api('GET', '/api/orgs?q=IM-O');
  assert.equal(found.json.total, 1);
  const kids = await api('GET', `/api/orgs/${found.json.items[0].id}/children`);
  assert.deepEqual(kids.json.items.map((o) => o.code), ['IM-O-1', 'IM-O-2']);
  assert.equal(found.json.items[0].parent_id, root.id);
});

test('the batch list pages with the next cursor, newest first', async () => {
  const walk = await walkPages(api, '/api/imports?limit=2');
  assert.ok(walk.items.length >= 5, `only ${walk.items.length} batches`);
  assert.equal(walk.pages, Math.ceil(walk.items.length / 2));
  const ids = walk.items.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  assert.ok(walk.totals.every((t) => t === ids.length));
});

test('member export: CSV with BOM and masked ID numbers; XLSX is a zip', async () => {
  const id = makeIdNumber({ birth: '1977-07-07', gender: 'female' });
  const m = await api('POST', '/api/members', {
    name: '导出甲', id_number: id, category: 'full', join_date: '2008-07-01', full_date: '2009-07-01', org_id: branch.id, mobile: '13998765432',
  });
  assert.equal(m.status, 201, m.text);

  const csv = await srv.request('GET', `/api/exports/members?org=${root.id}&format=csv`);
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(csv.headers.get('content-disposition') || '', /attachment/);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = csv.text.slice(1);
  assert.ok(text.split(/\r?\n/)[0].includes('公民身份号码'), text.slice(0, 200));
  assert.ok(text.includes('导出甲'));
  assert.ok(text.includes(maskId(id)), 'masked ID number present');
  assert.ok(!text.includes(id), 'full ID number absent');
  assert.ok(!text.includes('13998765432'), 'full mobile absent');
  assert.ok(text.includes('139****5432'));

  const xlsx = await srv.request('GET', `/api/exports/members?org=${root.id}&format=xlsx`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(xlsx.bytes.length > 1000);

  const orgsCsv = await srv.request('GET', `/api/exports/orgs?org=${root.id}&format=csv`);
  assert.equal(orgsCsv.status, 200);
  assert.deepEqual([...orgsCsv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(orgsCsv.text.includes('IM-B'));
  const orgsXlsx = await srv.request('GET', `/api/exports/orgs?org=${root.id}`);
  assert.equal(orgsXlsx.status, 200);
  assert.equal(orgsXlsx.bytes.subarray(0, 2).toString('latin1'), 'PK', 'xlsx is the default format');
  assert.equal(Number(orgsXlsx.headers.get('content-length')), orgsXlsx.bytes.length);

  // Exports are built in <data>/tmp and streamed from there; each file goes once it has been sent.
  const tmp = path.join(srv.dataDir, 'tmp');
  let left = fs.readdirSync(tmp);
  for (let i = 0; i < 20 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = fs.readdirSync(tmp);
  }
  assert.deepEqual(left, [], 'no export file left behind');

  const noOrg = await api('GET', '/api/exports/members?format=csv');
  assert.equal(noOrg.status, 400);
  assert.equal(noOrg.json.error.field, 'org');
  const badFormat = await api('GET', `/api/exports/members?org=${root.id}&format=pdf`);
  assert.equal(badFormat.status, 400);
  assert.equal(badFormat.json.error.field, 'format');
  assert.equal((await api('GET', '/api/exports/members?org=987654&format=csv')).status, 404);
  assert.equal((await api('GET', '/api/exports/orgs?org=987654&format=csv')).status, 404);
});
