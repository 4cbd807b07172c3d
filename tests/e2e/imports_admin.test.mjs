// The import wizard, accounts, the member home and the audit viewer in a real browser: a GBK CSV
// with two bad rows previewed (errors highlighted), committed without them, rolled back; an account
// for a member, logged into on a 375 px phone; the auditor finds the import in the audit trail and
// verifies the chain; axe-core on the dashboard, import and audit pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { ADMIN_PASSWORD, makeIdNumber, breakChecksum, maskId } from '../api/harness.mjs';

let con;
let srv;
let committee;
let branch;
let member;

const gbk = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: Buffer.from(text, 'utf8') });

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'IMP01', name: '导入测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  committee = c.json;
  const b = await srv.api('POST', '/api/orgs', { code: 'IMP0101', name: '导入测试第一党支部', kind: 'branch', parent_id: committee.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  const m = await srv.api('POST', '/api/members', {
    name: '李春华', id_number: makeIdNumber({ birth: '1985-03-04', gender: 'female' }), category: 'full',
    join_date: '2008-07-01', full_date: '2009-07-01', org_id: branch.id,
  });
  assert.equal(m.status, 201, m.text);
  member = m.json;
});
after(async () => {
  await con?.close();
});

test('import a GBK CSV: two bad rows highlighted in the preview, commit the rest, roll the batch back', async () => {
  const rows = [
    '姓名,公民身份号码,性别,人员类别,加入党组织日期,转为正式党员日期,所在党支部',
    `王建国,${makeIdNumber({ birth: '1970-01-02' })},男,正式党员,1995-07-01,1996-07-01,IMP0101`,
    `张秀英,${makeIdNumber({ birth: '1982-05-06', gender: 'female' })},女,预备党员,2026-01-05,,IMP0101`,
    `刘强,${breakChecksum(makeIdNumber({ birth: '1990-09-09' }))},男,正式党员,2012-07-01,2013-07-01,IMP0101`,
    `陈明,${makeIdNumber({ birth: '1975-11-11' })},男,正式党员,2000-07-01,2001-07-01,NOSUCH`,
    `赵丽,${makeIdNumber({ birth: '1988-08-08', gender: 'female' })},女,正式党员,2010-07-01,2011-07-01,IMP0101`,
  ];
  const bytes = gbk(`${rows.join('\r\n')}\r\n`);
  assert.ok(!bytes.toString('utf8').includes('王建国'), 'the file is GBK, not UTF-8');

  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD, { path: '/login?redirect=/imports' });
  await page.waitForURL((u) => u.pathname === '/imports');
  await page.locator('[data-test=import-file]').setInputFiles({ name: '党员名册GBK.csv', mimeType: 'text/csv', buffer: bytes });
  await page.locator('[data-test=import-upload]').click();
  const preview = page.locator('[data-test=import-preview]');
  await preview.waitFor();
  assert.equal((await preview.locator('[data-test=error-rows]').innerText()).trim(), '2');
  assert.match(await preview.innerText(), /GBK/);
  // the two bad rows as the server read them from GBK, the wrong cells marked, ID numbers masked
  const rowTable = preview.locator('[data-test=error-row-table]');
  assert.equal(await rowTable.locator('tbody tr').count(), 2);
  assert.match(await rowTable.innerText(), /刘强[\s\S]*陈明/);
  assert.equal(await rowTable.locator('td.is-error').count(), 2);
  assert.deepEqual(await rowTable.locator('td.is-error').evaluateAll((tds) => tds.map((td) => td.dataset.field)), ['id_number', 'org_code']);
  const badId = rows[3].split(',')[1];
  assert.ok(!(await rowTable.innerText()).includes(badId), 'the ID number is masked');
  assert.ok((await rowTable.innerText()).includes(maskId(badId)));
  const errors = await preview.locator('[data-test=import-errors]').innerText();
  assert.match(errors, /公民身份号码/);
  assert.match(errors, /所在党支部/);
  assert.match(errors, /NOSUCH/);
  await screenshot(page, 'import-preview');
  await expectAccessible(page);

  // commit is refused until invalid rows are skipped
  assert.equal(await page.locator('[data-test=import-commit]').isDisabled(), true);
  await page.locator('[data-test=skip-invalid]').click();
  await page.locator('[data-test=import-commit]').click();
  const done = page.locator('[data-test=import-done]');
  await done.waitFor();
  assert.match(await done.innerText(), /新增 3 条/);

  const list = await srv.api('GET', '/api/imports');
  const batch = list.json.items[0];
  assert.equal(batch.state, 'committed');
  const batches = page.locator('[data-test=import-batches]');
  await batches.getByText('已导入').first().waitFor();
  await page.locator(`[data-test=rollback-${batch.id}]`).click();
  await page.getByRole('dialog').getByRole('button', { name: '撤销' }).click();
  await batches.locator('.el-table__row').first().getByText('已撤销').waitFor();
  assert.equal((await srv.api('GET', `/api/imports/${batch.id}`)).json.state, 'rolled_back');
  assertNoProblems(assert, page);
});

test('the dashboard of the selected organization renders its charts and passes axe', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD, { path: '/login?redirect=/dashboard' });
  await page.waitForURL((u) => u.pathname === '/dashboard');
  const charts = page.locator('[data-test=dash-charts]');
  await charts.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-test=dash-charts] canvas').length >= 5);
  assert.match(await page.locator('[data-test=dash-kpis]').innerText(), /在册党员/);
  assert.match(await charts.locator('[role=img]').first().getAttribute('aria-label'), /党员类别/);
  await screenshot(page, 'dashboard');
  await expectAccessible(page);
  assertNoProblems(assert, page);
});

test('an account for a member: the password shown once, then the member home on a 375 px phone', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD, { path: '/login?redirect=/system/users' });
  await page.waitForURL((u) => u.pathname === '/system/users');
  await page.locator('[data-test=member-account-open]').click();
  const dlg = page.locator('[data-test=member-account-dialog]');
  await dlg.locator('input[data-test=member-q], [data-test=member-q] input').first().fill(member.name);
  await dlg.getByRole('button', { name: '查找' }).click();
  await dlg.locator('[data-test=member-account-create]').first().click();
  const secrets = page.locator('[data-test=secrets-dialog]');
  await secrets.waitFor();
  assert.match(await secrets.innerText(), /只显示这一次/);
  const password = (await secrets.locator('[data-test=secret]').innerText()).trim();
  const username = `m${String(member.id).padStart(6, '0')}`;
  assert.match(await secrets.innerText(), new RegExp(username));
  await screenshot(page, 'users-one-time-password');
  await secrets.locator('[data-test=secrets-close]').click();

  const phone = await con.newPage({ width: 375, height: 812 });
  await loginUi(phone, username, password);
  await phone.waitForURL((u) => u.pathname === '/change-password');
  const form = phone.locator('form');
  await form.locator('input[name=old_password]').fill(password);
  await form.locator('input[name=new_password]').fill('Member#Home26');
  await form.locator('input[name=confirm_password]').fill('Member#Home26');
  await form.locator('button[type=submit]').click();
  await phone.waitForURL((u) => u.pathname === '/me');
  const record = phone.locator('[data-test=mh-record]');
  await record.waitFor();
  assert.match(await phone.locator('h1').innerText(), new RegExp(member.name));
  assert.match(await record.innerText(), /2008-07-01/);
  assert.match(await record.innerText(), /\*{4}/, 'the ID number is masked');
  // it adapts: one column, nothing wider than the screen
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
  await screenshot(phone, 'member-home-375');
  await expectAccessible(phone);
  assertNoProblems(assert, phone);
  assertNoProblems(assert, page);
});

test('the auditor finds the import in the audit trail, sees the diff and verifies the chain', async () => {
  const page = await con.newPage();
  await loginUi(page, 'auditor', ADMIN_PASSWORD, { path: '/login?redirect=/system/audit' });
  await page.waitForURL((u) => u.pathname === '/system/audit');
  await page.locator('input[data-test=audit-action], [data-test=audit-action] input').first().fill('import.');
  await page.locator('[data-test=audit-search]').click();
  const table = page.locator('[data-test=audit-table]');
  await table.getByText('import.rollback').waitFor();
  await table.getByText('import.commit').waitFor();
  // the first row opens into its before/after
  await table.locator('.el-table__expand-icon').first().click();
  await table.locator('.audit__detail').first().waitFor();
  await page.locator('[data-test=audit-verify]').click();
  const verdict = page.locator('[data-test=audit-verify-result]');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /哈希链完整/);
  await screenshot(page, 'audit');
  await expectAccessible(page);
  assertNoProblems(assert, page);
});
