// Exports, scopes and the dashboard with data in a real browser: an XLSX exported from the exports
// page is captured and unzipped (the member is in it, the ID number masked); a branch secretary
// (worker on branch A) sees A in the tree but not its sibling B, gets the not-found state at B's
// address and A's members only; the dashboard's numbers are the API's statistics; screenshots of
// the exports and users pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber, maskId } from '../api/harness.mjs';

let con;
let srv;
let committee;
let branchA;
let branchB;
const members = {}; // name -> {id, id_number, org}

async function addMember(name, org, { birth, gender = 'male', category = 'full', join = '2010-07-01', full = '2011-07-01' }) {
  const idNumber = makeIdNumber({ birth, gender });
  const body = { name, id_number: idNumber, category, join_date: join, org_id: org.id };
  if (category === 'full') body.full_date = full;
  const r = await srv.api('POST', '/api/members', body);
  assert.equal(r.status, 201, r.text);
  members[name] = { id: r.json.id, id_number: idNumber, org };
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'SCP01', name: '范围测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  committee = c.json;
  const a = await srv.api('POST', '/api/orgs', { code: 'SCP0101', name: '范围测试第一党支部', kind: 'branch', parent_id: committee.id });
  assert.equal(a.status, 201, a.text);
  branchA = a.json;
  const b = await srv.api('POST', '/api/orgs', { code: 'SCP0102', name: '范围测试第二党支部', kind: 'branch', parent_id: committee.id });
  assert.equal(b.status, 201, b.text);
  branchB = b.json;
  await addMember('周文甲', branchA, { birth: '1978-02-03' });
  await addMember('吴秀乙', branchA, { birth: '1991-06-07', gender: 'female', category: 'probationary', join: '2026-01-05' });
  await addMember('郑国丙', branchB, { birth: '1965-10-11' });
});
after(async () => {
  await con?.close();
});

test('export the members of the committee as XLSX: the file holds the member and the masked ID number', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD, { path: '/login?redirect=/exports' });
  await page.waitForURL((u) => u.pathname === '/exports');
  await page.locator('.org-panel__tree').getByText(committee.name).click();
  await page.locator('[data-test=export-org]').getByText(committee.name).waitFor();
  await page.getByRole('radio', { name: 'Excel（.xlsx）' }).check();
  await screenshot(page, 'exports');
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30000 }),
    page.locator('[data-test=export-run]').click(),
  ]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  await page.getByText(/已导出/).waitFor();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-export-'));
  try {
    const file = path.join(dir, 'export.xlsx');
    await download.saveAs(file);
    assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip');
    // Cells are inline strings in the sheet (the export streams rows in constant memory).
    const strings = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString('utf8');
    for (const name of ['周文甲', '吴秀乙', '郑国丙']) {
      assert.ok(strings.includes(name), `${name} in the export`);
    }
    const m = members['周文甲'];
    assert.ok(strings.includes(maskId(m.id_number)), `masked ${maskId(m.id_number)} in the export`);
    assert.ok(!strings.includes(m.id_number), 'the full ID number is not in the export');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assertNoProblems(assert, page);
});

test('a secretary of branch A sees A, not its sibling B: tree, B\'s address, member list', async () => {
  const worker = await srv.actor({ role: 'worker', org: branchA.id });
  const page = await con.newPage();
  await loginUi(page, worker.username, OPERATOR_PASSWORD, { path: '/login?redirect=/orgs' });
  await page.waitForURL((u) => u.pathname === '/orgs');
  const tree = page.locator('.org-panel__tree');
  await tree.getByText(branchA.name).waitFor();
  await page.locator('[data-test=org-title]').getByText(branchA.name).waitFor();
  assert.equal(await tree.getByText(branchB.name).count(), 0, 'the sibling is not in the tree');
  assert.equal(await tree.getByText(committee.name).count(), 0, 'the parent is not in the tree');
  // search does not find it either
  await page.getByRole('textbox', { name: '搜索组织名称或编码' }).fill('第二党支部');
  await page.getByText('没有找到匹配的组织').waitFor();

  // A's own address works; B's is the not-found state
  await page.goto(`${page.base}/orgs/${branchA.id}`);
  await page.locator('[data-test=org-title]').getByText(branchA.name).waitFor();
  await page.goto(`${page.base}/orgs/${branchB.id}`);
  const notFound = page.locator('[data-test=org-not-found]');
  await notFound.getByText('组织不存在或无权查看').waitFor();
  assert.equal(await page.getByText(branchB.name).count(), 0, 'nothing of B is shown');
  await screenshot(page, 'org-not-found-sibling');
  // as is a member of B
  await page.goto(`${page.base}/members/${members['郑国丙'].id}`);
  const refused = await worker.api('GET', `/api/members/${members['郑国丙'].id}`);
  assert.equal(refused.status, 404, refused.text);
  await page.locator('.el-alert').getByText(`加载失败：${refused.json.error.message}`).waitFor();
  assert.equal(await page.getByText('郑国丙').count(), 0);

  // the list: A's members only
  await page.goto(`${page.base}/members`);
  const table = page.locator('[data-test=member-table]');
  await table.locator('.el-table__row').filter({ hasText: '周文甲' }).waitFor();
  await table.locator('.el-table__row').filter({ hasText: '吴秀乙' }).waitFor();
  assert.equal(await table.locator('.el-table__row').count(), 2);
  assert.equal(await table.getByText('郑国丙').count(), 0);
  await page.locator('input[name=name]').fill('郑国丙');
  await page.locator('[data-test=member-search]').click();
  await table.locator('.el-table__row').first().waitFor({ state: 'detached' });
  assert.equal(await table.getByText('郑国丙').count(), 0);
  // the server agrees
  const sibling = await worker.api('GET', `/api/orgs/${branchB.id}`);
  assert.equal(sibling.status, 404, sibling.text);
  assertNoProblems(assert, page);
});

test('the dashboard of the committee shows the API\'s numbers, draws its charts and pages the subtree\'s warnings', async () => {
  // Nine empty branches: each has fewer than 3 full members (R-O01) and no term (R-O09), so with
  // branches A and B the subtree has 22 warnings, more than the dashboard's first page of 20.
  for (let i = 1; i <= 9; i++) {
    const r = await srv.api('POST', '/api/orgs', { code: `SCP01E${i}`, name: `范围测试空党支部${i}`, kind: 'branch', parent_id: committee.id });
    assert.equal(r.status, 201, r.text);
  }
  const stats = await srv.api('GET', `/api/orgs/${committee.id}/stats`);
  assert.equal(stats.status, 200, stats.text);
  const warnings = await srv.api('GET', `/api/orgs/${committee.id}/subtree/warnings?limit=500`);
  assert.equal(warnings.status, 200, warnings.text);
  assert.equal(warnings.json.total, 22);
  assert.equal(stats.json.members, 3);
  const probationary = stats.json.by_category.find((x) => x.code === 'probationary')?.count ?? 0;
  assert.equal(probationary, 1);

  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD, { path: '/login?redirect=/dashboard' });
  await page.waitForURL((u) => u.pathname === '/dashboard');
  await page.locator('.org-panel__tree').getByText(committee.name).click();
  await page.locator('h1').getByText(committee.name).waitFor();
  const kpis = page.locator('[data-test=dash-kpis]');
  await kpis.waitFor();
  const number = async (label) => (await kpis.locator('.dash__kpi').filter({ hasText: label }).locator('.dash__kpi-num').innerText()).trim();
  await page.waitForFunction((n) => document.querySelector('[data-test=dash-kpis] .dash__kpi-num')?.textContent.trim() === n,
    String(stats.json.members));
  assert.equal(await number('在册党员'), String(stats.json.members));
  assert.equal(await number('预备党员'), String(probationary));
  assert.equal(await number('党组织'), String(stats.json.organizations));
  assert.equal(await number('待处理提醒'), String(warnings.json.total));
  // the first 20 warnings of the subtree, each naming its organization; 「加载更多」 brings the rest
  const rows = page.locator('[data-test=dash-warnings] .el-table__body-wrapper tr.el-table__row');
  await page.waitForFunction(() => document.querySelectorAll('[data-test=dash-warnings] .el-table__body-wrapper tr.el-table__row').length === 20);
  assert.equal(await rows.count(), 20);
  assert.ok((await rows.first().innerText()).includes(warnings.json.items[0].org.name));
  await page.locator('[data-test=dash-warnings-more]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-test=dash-warnings] .el-table__body-wrapper tr.el-table__row').length === 22);
  assert.equal(await page.locator('[data-test=dash-warnings-more]').count(), 0, 'no more pages');
  // every chart drew on a canvas of real size, and its text alternative carries the API's counts
  await page.waitForFunction(() => document.querySelectorAll('[data-test=dash-charts] canvas').length >= 5);
  const sizes = await page.locator('[data-test=dash-charts] canvas').evaluateAll((cs) => cs.map((c) => [c.width, c.height]));
  for (const [w, h] of sizes) assert.ok(w > 50 && h > 50, `canvas ${w}x${h}`);
  const labels = await page.locator('[data-test=dash-charts] [role=img]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const category = labels.find((l) => /党员类别/.test(l));
  for (const c of stats.json.by_category.filter((x) => x.count > 0)) {
    assert.ok(category.includes(`${c.label} ${c.count}`), `${category} has ${c.label} ${c.count}`);
  }
  await screenshot(page, 'dashboard-data');
  assertNoProblems(assert, page);
});

test('the users page lists the accounts of the selected organization', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD, { path: '/login?redirect=/system/users' });
  await page.waitForURL((u) => u.pathname === '/system/users');
  await page.locator('.org-panel__tree').getByText(committee.name).click();
  // the secretary of branch A made in the test above is an account of the committee's subtree
  await page.locator('[data-test=users-table] .el-table__row').first().waitFor();
  await screenshot(page, 'users');
  await expectAccessible(page);
  assertNoProblems(assert, page);
});
