// An introduction letter out of the instance in a real browser: from the member's detail page
// 「开具介绍信（转出本系统）」 (validity pre-filled from the server's setting), the member becomes
// 已转出 and the print page opens with the three parts (存根 / 介绍信 / 回执), capital numerals and
// the ID number; 打印 calls the browser's print; in print media the toolbar is gone; at phone width
// nothing scrolls sideways. Then the letters list records the returned receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, screenshot, assertNoProblems, expectAccessible, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber } from '../api/harness.mjs';

let con;
let srv;
let branch;
let member;
let idNumber;
let page;

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'LTR01', name: '介绍信测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  const b = await srv.api('POST', '/api/orgs', { code: 'LTR0101', name: '介绍信测试第一党支部', kind: 'branch', parent_id: c.json.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  idNumber = makeIdNumber({ birth: '1979-03-15', gender: 'male' });
  const m = await srv.api('POST', '/api/members', {
    name: '司马远行', id_number: idNumber, category: 'full', ethnicity: '01',
    join_date: '2005-07-01', full_date: '2006-07-01', org_id: branch.id,
  });
  assert.equal(m.status, 201, m.text);
  member = m.json;
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('issue a letter from the member page, then print it', async () => {
  await page.goto(`${page.base}/members/${member.id}`);
  await page.locator('[data-test=member-title]').getByText(member.name).waitFor();
  await page.locator('[data-test=member-issue-letter]').click();
  const dialog = page.locator('[data-test=issue-letter-dialog]');
  await dialog.waitFor();
  // pre-filled from transfer.letter_validity_days_default
  await page.waitForFunction(() => document.querySelector('[data-test=letter-validity] input')?.value === '30');
  // required fields are checked before the server is asked
  await page.locator('[data-test=letter-submit]').click();
  await dialog.getByText('请填写接收党组织名称').waitFor();
  await dialog.locator('[data-test=letter-to-org]').fill('外省某公司党委');
  const dues = dialog.locator('input[aria-label="党费交到"]');
  await dues.click();
  await dues.fill('2026-03');
  await dues.press('Enter');
  await dialog.locator('input[aria-label="联系电话"]').fill('010-12345678');
  await dialog.locator('input[aria-label="邮政编码"]').fill('100001');
  // the required-field message is gone once the field is filled (axe after its fade-out)
  await dialog.locator('.el-form-item__error').first().waitFor({ state: 'detached' });
  await expectAccessible(page, 'the issue dialog');
  await page.locator('[data-test=letter-submit]').click();

  // the print page opens; the member is 已转出
  await page.waitForURL((u) => /^\/transfers\/\d+\/letter$/.test(u.pathname));
  const sheet = page.locator('[data-test=letter-sheet]');
  await sheet.waitFor();
  const transferId = Number(new URL(page.url()).pathname.split('/')[2]);
  const saved = await srv.api('GET', `/api/transfers/${transferId}`);
  assert.equal(saved.json.kind, 'outgoing');
  assert.equal(saved.json.dues_paid_to, '2026-03');
  assert.equal((await srv.api('GET', `/api/members/${member.id}`)).json.status, 'transferred_out');

  const stub = await page.locator('[data-test=letter-stub]').innerText();
  const letter = await page.locator('[data-test=letter-letter]').innerText();
  const receipt = await page.locator('[data-test=letter-receipt]').innerText();
  assert.match(stub, /存根/);
  assert.match(stub, new RegExp(saved.json.letter.no));
  assert.match(letter, /外省某公司党委/);
  assert.match(letter, new RegExp(idNumber));
  assert.match(letter, /有效期\s*叁拾\s*天/);
  assert.match(letter, /贰零贰陆\s*年\s*叁\s*月/);
  assert.match(letter, /介绍信测试党委（盖章）/, 'issued by the 基层党委 above the branch');
  assert.match(letter, /100001/);
  assert.match(receipt, /回执/);
  assert.match(receipt, /司马远行\s*同志的党员组织关系已转达我处/);
  assert.equal(await page.locator('.letter-cut').count(), 2, 'two cut lines between three parts');
  assert.equal(await page.locator('.side-menu').count(), 0, 'no menus on the print page');
  await expectAccessible(page, 'the print page');
  await screenshot(page, 'transfer-letter-print');

  // 打印 calls the browser's print dialog
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => { window.__printed += 1; };
  });
  await page.locator('[data-test=letter-print]').click();
  assert.equal(await page.evaluate(() => window.__printed), 1);
  // in print media the toolbar is not printed; the sheet is
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.letter-toolbar').isVisible(), false);
  assert.equal(await sheet.isVisible(), true);
  await page.pdf({ path: '/dev/null', format: 'A4' }).catch(() => {}); // headless prints without error
  await page.emulateMedia({ media: 'screen' });

  // the read was audited as a reveal of the ID number
  const auditor = await srv.actor({ role: 'auditor' });
  const audit = await auditor.api('GET', `/api/audit?action=member.reveal&entity_id=${member.id}`);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.total >= 1);

  // phone width: nothing scrolls sideways
  const phone = await con.newPage({ width: 390, height: 844 });
  await loginUi(phone, 'operator', OPERATOR_PASSWORD);
  await phone.goto(`${phone.base}/transfers/${transferId}/letter`);
  await phone.locator('[data-test=letter-sheet]').waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `print page scrolls sideways by ${overflow}px at 390px`);
  assertNoProblems(assert, phone);
  assertNoProblems(assert, page);
});

test('the letters list shows the letter and records the returned receipt', async () => {
  // the member page of a member transferred out links to its letter
  await page.goto(`${page.base}/members/${member.id}`);
  await page.locator('[data-test=member-title]').getByText('已转出').waitFor();
  await page.locator('[data-test=member-letter]').waitFor();
  assert.equal(await page.locator('[data-test=member-issue-letter]').count(), 0, 'no second letter');
  await page.goto(`${page.base}/transfers/letters`);
  const table = page.locator('[data-test=letters-table]');
  const row = table.locator('.el-table__row').filter({ hasText: '司马远行' });
  await row.waitFor();
  assert.match(await row.innerText(), /待回执/);
  await row.locator('[data-test=letter-receipt]').click();
  const dialog = page.locator('[data-test=receipt-dialog]');
  await dialog.waitFor();
  await dialog.locator('[data-test=receipt-org]').fill('外省某公司党委第三支部');
  await page.locator('[data-test=receipt-submit]').click();
  await dialog.waitFor({ state: 'hidden' });
  await row.getByText('已收到回执').waitFor();
  const list = await srv.api('GET', '/api/transfers?kind=outgoing');
  assert.equal(list.json.items[0].state, 'receipt_returned');
  assert.equal(list.json.items[0].receipt.org_name, '外省某公司党委第三支部');
  assertNoProblems(assert, page);
});

test('接收外来组织关系: the member is registered and the receipt is due within a month', async () => {
  await page.goto(`${page.base}/transfers/letters/incoming`);
  const form = page.locator('[data-test=incoming-form]');
  await form.waitFor();
  // required fields first
  await page.locator('[data-test=incoming-submit]').click();
  await page.locator('[data-test=incoming-error]').getByText('请按提示修改标红的字段').waitFor();
  await form.locator('[data-test=incoming-letter-no]').fill('外字第0099号');
  await form.locator('[data-test=incoming-from]').fill('外省某县委组织部');
  const dues = form.locator('input[aria-label="党费交到"]');
  await dues.click();
  await dues.fill('2026-02');
  await dues.press('Enter');
  await page.locator('[data-test=incoming-org] input').fill('介绍信测试第一');
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: branch.name }).click();
  await form.locator('[data-test=incoming-name]').fill('欧阳来归');
  const id = makeIdNumber({ birth: '1988-08-08', gender: 'female' });
  await form.locator('[data-test=incoming-id]').fill(id);
  const join = form.locator('input[aria-label="入党日期"]');
  await join.click();
  await join.fill('2010-07-01');
  await join.press('Enter');
  await page.keyboard.press('Escape');
  await page.locator('[data-test=incoming-submit]').click();
  // the server's member rule (a 正式党员 needs 转正日期) beside its field; nothing registered
  const fullItem = form.locator('.el-form-item').filter({ hasText: '转正日期' });
  await fullItem.locator('.el-form-item__error').getByText('正式党员须填写转为正式党员日期').waitFor();
  assert.equal((await srv.api('GET', '/api/transfers?kind=incoming')).json.total, 0);
  await screenshot(page, 'transfer-incoming-error');
  const full = form.locator('input[aria-label="转正日期"]');
  await full.click();
  await full.fill('2011-07-01');
  await full.press('Enter');
  await page.keyboard.press('Escape');
  await page.locator('[data-test=incoming-submit]').click();

  await page.waitForURL((u) => u.pathname === '/transfers/letters' && u.searchParams.get('kind') === 'incoming');
  const row = page.locator('[data-test=letters-table] .el-table__row').filter({ hasText: '欧阳来归' });
  await row.waitFor();
  assert.match(await row.innerText(), /已接收，待寄回回执/);
  assert.match(await row.innerText(), /外省某县委组织部/);
  const list = await srv.api('GET', '/api/transfers?kind=incoming');
  const t = list.json.items.find((i) => i.member.name === '欧阳来归');
  assert.equal(t.letter.no, '外字第0099号');
  assert.equal(t.dues_paid_to, '2026-02');
  assert.equal(t.receipt.due.rule_id, 'R-T07');
  const m = await srv.api('GET', `/api/members/${t.member.id}`);
  assert.equal(m.json.org_id, branch.id);
  assertNoProblems(assert, page);
});
