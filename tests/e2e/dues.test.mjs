// 党费收缴 page (issue #6) in a real browser: the branch opens this month (members with a declared
// base and a student at the flat rate), opens the month's items, records a cash payment for one
// member in the dialog and sees the state tag turn 已交; the member on a 390 px phone sees 我的党费
// on the member home and starts an online order, which shows as pending. axe-core (no serious or
// critical violation) and no sideways scrolling at 390×844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber, todayShanghai } from '../api/harness.mjs';

let con;
let srv;
let branch;
let page;
const members = {};
const month = todayShanghai().slice(0, 7);

async function sideways(p) {
  return p.evaluate(() => {
    const main = document.getElementById('lx-main');
    return Math.max(document.scrollingElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
  });
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'DUW01', name: '党费页面测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  const b = await srv.api('POST', '/api/orgs', { code: 'DUW0101', name: '党费页面测试第一党支部', kind: 'branch', parent_id: c.json.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  for (const [name, extra] of [['赵甲', {}], ['钱乙', { employment: 'student' }]]) {
    const idNumber = makeIdNumber();
    const m = await srv.api('POST', '/api/members', {
      name, id_number: idNumber, category: 'full', join_date: '2005-07-01', full_date: '2006-07-01', org_id: branch.id, ...extra,
    });
    assert.equal(m.status, 201, m.text);
    members[name] = { ...m.json, id_number_full: idNumber };
  }
  const base = await srv.api('POST', '/api/dues/bases', { member_id: members['赵甲'].id, category: 'salaried', base_fen: 480000, first_received: month });
  assert.equal(base.status, 201, base.text);
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('党费收缴: open the month, record a payment, the item turns 已交', async () => {
  await page.goto(`${page.base}/orgs/${branch.id}`);
  await page.locator('[data-test=org-title]').getByText(branch.name).waitFor();
  await page.goto(`${page.base}/dues`);
  await page.locator('[data-test=dues-org] input').waitFor();
  await page.locator('[data-test=dues-open]').click();
  await page.locator('[data-test=dues-open-msg]').getByText('2 名党员').waitFor();
  // the opened month's items are shown at once
  const items = page.locator('[data-test=dues-items]');
  const row = items.locator('.el-table__row').filter({ hasText: '赵甲' });
  await row.waitFor();
  await row.getByText('¥48.00').first().waitFor();
  await page.locator(`[data-test=dues-item-state-${members['赵甲'].id}]`).getByText('未交').waitFor();
  await expectAccessible(page);

  await page.locator(`[data-test=dues-pay-${members['赵甲'].id}]`).click();
  const dialog = page.locator('[data-test=dues-pay-dialog]');
  await dialog.getByText('登记交纳：赵甲').waitFor();
  await dialog.locator('[data-test=dues-pay-submit]').click();
  await page.getByText('已登记 ¥48.00').waitFor();
  await page.locator(`[data-test=dues-item-state-${members['赵甲'].id}]`).getByText('已交').waitFor();
  // the server agrees
  const ledger = await srv.api('GET', `/api/dues/members/${members['赵甲'].id}`);
  assert.equal(ledger.json.months[0].state, 'paid');
  // opening the same month again: the server's 409 is shown
  await page.locator('[data-test=dues-open]').click();
  await page.locator('[data-test=dues-open-msg]').getByText('已开启').waitFor();
  // Payroll import: one bad row refuses the whole file, the row is named.
  const csv = `身份证号,月基数（元）,首次领取月份\n${members['赵甲'].id_number_full},5200.00,${month}\n110101199001011234,abc,${month}\n`;
  await page.locator('[data-test=dues-import] input[type=file]').setInputFiles({ name: 'payroll.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('[data-test=dues-import-errors]').getByText('第3行').first().waitFor();
  await screenshot(page, 'dues-collect');
  assertNoProblems(assert, page);
});

test('我的党费 on a 390 px phone: what is owed, 在线交纳 makes a pending order', async () => {
  const name = `duesphone${Date.now()}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(branch.id), '--member', String(members['钱乙'].id)], {
    LIANXIN_USER_PASSWORD: OPERATOR_PASSWORD,
  });
  const phone = await con.newPage({ width: 390, height: 844 });
  await loginUi(phone, name, OPERATOR_PASSWORD);
  await phone.goto(`${phone.base}/me`);
  const card = phone.locator('[data-test=mh-dues]');
  await card.locator('[data-test=my-dues-owing]').getByText('¥0.20').waitFor();
  await card.locator('[data-test=my-dues-pay]').click();
  await card.locator('[data-test=my-dues-pending]').getByText('¥0.20').waitFor();
  assert.equal(await sideways(phone), 0);
  await expectAccessible(phone);
  await screenshot(phone, 'dues-phone-member');

  // The branch page on the phone does not scroll sideways either.
  const admin = await con.newPage({ width: 390, height: 844 });
  await loginUi(admin, 'operator', OPERATOR_PASSWORD);
  await admin.goto(`${admin.base}/dues`);
  await admin.locator('[data-test=dues-periods]').getByText(month).first().waitFor();
  assert.equal(await sideways(admin), 0);
  await screenshot(admin, 'dues-phone-collect');
  assertNoProblems(assert, phone);
  assertNoProblems(assert, admin);
});
