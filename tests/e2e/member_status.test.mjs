// 党籍状态 in a real browser: the status dialog asks for what the chosen change needs (停止党籍:
// 情形, 审批组织, 原因), shows the server's refusal naming the rule (R-F12: less than 6 months lost),
// and once recorded the detail page shows the event timeline and the review flag; the page
// 「党籍状态审查」 (menu) lists the subtree's due reviews and links to the member.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber, todayShanghai, addYears } from '../api/harness.mjs';

let con;
let srv;
let branch;
let lost;
let page;

async function fillDate(scope, label, value) {
  const input = scope.locator(`input[aria-label="${label}"]`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** Picks `option` in the el-select labelled `label` inside `scope`. */
async function choose(scope, label, option) {
  await scope.locator('.el-select__wrapper').filter({ has: page.getByRole('combobox', { name: label }) }).click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: new RegExp(`^${option}$`) }).click();
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'MST01', name: '状态浏览测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  const b = await srv.api('POST', '/api/orgs', { code: 'MST0101', name: '状态浏览测试党支部', kind: 'branch', parent_id: c.json.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  const m = await srv.api('POST', '/api/members', {
    name: '诸葛失联', id_number: makeIdNumber({ birth: '1981-06-06', gender: 'male' }), category: 'full',
    join_date: '2005-07-01', full_date: '2006-07-01', org_id: branch.id,
  });
  assert.equal(m.status, 201, m.text);
  lost = m.json;
  // lost contact a year ago (recorded a month later): the 停止党籍 review is due
  const since = addYears(todayShanghai(), -1);
  const s = await srv.api('POST', `/api/members/${lost.id}/status`, { status: 'lost_contact', kind: '6', lost_since: since, effective_date: since, reason: '搬家后失去联系' });
  assert.equal(s.status, 200, s.text);
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('the review page lists the due 停止党籍 review and leads to the member', async () => {
  await page.goto(`${page.base}/members/status-reviews`);
  const row = page.locator('[data-test=review-table] .el-table__row').filter({ hasText: '诸葛失联' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /停止党籍审查/);
  assert.match(text, /状态浏览测试党支部/);
  assert.match(text, /居住地改变/);
  await screenshot(page, 'member-status-reviews');
  await row.getByRole('link', { name: '诸葛失联' }).click();
  await page.locator('[data-test=member-status-card]').waitFor();
  const flag = page.locator('[data-test=status-review]');
  await flag.waitFor();
  assert.match(await flag.innerText(), /停止党籍审查：已到期/);
  assert.match(await page.locator('[data-test=status-events]').innerText(), /正常 → 失联（居住地改变）/);
  assertNoProblems(assert, page);
});

test('停止党籍 in the dialog: what it needs, the R-F12 refusal, then the timeline', async () => {
  await page.goto(`${page.base}/members/${lost.id}`);
  await page.locator('[data-test=member-status-card]').waitFor();
  await page.locator('[data-test=member-status]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '党员状态变更' });
  await dialog.waitFor();
  await dialog.locator('[data-test=status-current]').getByText('失联').waitFor();
  await choose(dialog, '变更为', '停止党籍');
  await dialog.getByText('依据 R-F12').waitFor();
  // required by the chosen change
  await dialog.getByRole('button', { name: '确认变更' }).click();
  await dialog.getByText('请选择停止党籍情形').waitFor();
  await dialog.getByText('请填写审批组织').waitFor();
  await dialog.getByText('请填写原因').waitFor();
  await choose(dialog, '停止党籍情形', '失去联系满6个月');
  await dialog.locator('input[aria-label="审批组织"]').fill('状态浏览测试党委');
  await dialog.locator('textarea[aria-label="原因"]').fill('经多方寻找仍无法取得联系');
  // too early: less than 6 months after the lost-since date → the server's rule message
  const early = new Date(Date.parse(addYears(todayShanghai(), -1)) + 90 * 86400000).toISOString().slice(0, 10);
  await fillDate(dialog, '生效日期', early);
  await dialog.getByRole('button', { name: '确认变更' }).click();
  const err = dialog.locator('[data-test=status-rule-error]');
  await err.waitFor();
  assert.match(await err.innerText(), /失去联系未满6个月.*R-F12/);
  await screenshot(page, 'member-status-refused');
  // today is more than 6 months later: accepted
  await fillDate(dialog, '生效日期', todayShanghai());
  await dialog.getByRole('button', { name: '确认变更' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('[data-test=member-title] .el-tag').filter({ hasText: '停止党籍' }).waitFor();
  const timeline = page.locator('[data-test=status-events]');
  await timeline.getByText('失联 → 停止党籍').waitFor();
  const text = await timeline.innerText();
  assert.match(text, /审批：状态浏览测试党委/);
  assert.match(text, /原因：经多方寻找仍无法取得联系/);
  assert.match(text, /依据 R-F12/);
  assert.match(await page.locator('[data-test=status-review]').innerText(), /除名审查：到期日/);
  // the server recorded the same
  const st = await srv.api('GET', `/api/members/${lost.id}/status`);
  assert.equal(st.json.status, 'suspended');
  assert.equal(st.json.events[0].approver, '状态浏览测试党委');
  assert.equal(st.json.events[0].lost_since, addYears(todayShanghai(), -1));
  await screenshot(page, 'member-status-timeline');
  assertNoProblems(assert, page);
});
