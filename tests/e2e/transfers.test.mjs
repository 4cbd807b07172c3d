// 组织关系转接 pages (issue #5) in a real browser, on whichever backend the harness runs: a transfer
// requested from the member page (receiving branch outside the requester's scope), approved by the
// sending branch, accepted by the receiving branch (the member is then in the new branch); a refusal
// whose dialog cannot be sent without a reason (R-T05) and then is, with the reason on the case; a
// decision on a stale page explained as a conflict (409); the 审批超时 queue (R-T13) showing a case
// waiting since 40 days ago (the date set directly in the database: no API backdates a request),
// also counted on the dashboard with a link to the queue;
// the member's own request on the phone layout at 390×844 without sideways scrolling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, screenshot, assertNoProblems } from './browser.mjs';
import { makeIdNumber } from '../api/harness.mjs';

const PASSWORD = 'Transfer#Page2026';
let con;
let srv;
let county;
let branchA;
let branchB;
let pageA; // worker of the sending branch
let pageB; // worker of the receiving branch

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const org = (body) => created(srv.api('POST', '/api/orgs', body));
const member = (name) => created(srv.api('POST', '/api/members', {
  name, id_number: makeIdNumber(), org_id: branchA.id, category: 'full', join_date: '2008-07-01', full_date: '2009-07-01',
}));
function account(name, role, orgId, extra = []) {
  srv.cli(['user', 'create', name, '--role', role, '--org', String(orgId), ...extra], { LIANXIN_USER_PASSWORD: PASSWORD });
}
/** YYYY-MM-DD `days` before today in UTC+8. */
function daysAgo(days) {
  return new Date(Date.now() + 8 * 3600 * 1000 - days * 86400 * 1000).toISOString().slice(0, 10);
}
async function confirmBox(page) {
  await page.locator('.el-message-box').getByRole('button', { name: '确认' }).click();
}
async function pickBranch(page, scope, q, name) {
  await scope.locator('input').first().fill(q);
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: name }).click();
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  county = await org({ code: 'TRW', name: '转接页面测试县委', kind: 'committee' });
  const townA = await org({ code: 'TRW-A', name: '甲镇党委', kind: 'committee', parent_id: county.id });
  const townB = await org({ code: 'TRW-B', name: '乙镇党委', kind: 'committee', parent_id: county.id });
  branchA = await org({ code: 'TRW-A1', name: '甲镇第一党支部', kind: 'branch', parent_id: townA.id });
  branchB = await org({ code: 'TRW-B1', name: '乙镇第一党支部', kind: 'branch', parent_id: townB.id });
  account('trworkera', 'worker', branchA.id);
  account('trworkerb', 'worker', branchB.id);
  pageA = await con.newPage();
  await loginUi(pageA, 'trworkera', PASSWORD);
  pageB = await con.newPage();
  await loginUi(pageB, 'trworkerb', PASSWORD);
});
after(async () => {
  await con?.close();
});

test('requested from the member page, approved by the sender, accepted by the receiver: the member moves', async () => {
  const m = await member('转接甲');
  await pageA.goto(`${pageA.base}/members/${m.id}`);
  await pageA.locator('[data-test=member-title]').getByText('转接甲').waitFor();
  await pageA.locator('[data-test=member-transfer]').click();
  const dialog = pageA.locator('[data-test=transfer-start-dialog]');
  // 乙镇第一党支部 lies outside the worker's scope: the dialog still finds it
  await pickBranch(pageA, dialog.locator('[data-test=field-to_org_id]'), '乙镇第一', branchB.name);
  await dialog.locator('textarea[name=transfer_reason]').fill('工作调动到乙镇');
  await dialog.locator('[data-test=transfer-start-submit]').click();
  await pageA.waitForURL((u) => /^\/transfers\/\d+$/.test(u.pathname));
  const id = Number(new URL(pageA.url()).pathname.split('/').pop());
  await pageA.locator('[data-test=transfer-state]').getByText('待转出党组织审批').waitFor();
  assert.match(await pageA.locator('[data-test=transfer-responsible]').innerText(), /甲镇第一党支部仍负责.*R-T04/);
  assert.equal(await pageA.locator('[data-test=transfer-accept]').count(), 0, 'the sender cannot accept');
  await screenshot(pageA, 'transfer-draft');

  await pageA.locator('[data-test=transfer-approve]').click();
  await confirmBox(pageA);
  await pageA.locator('[data-test=transfer-state]').getByText('待接收党组织接收').waitFor();
  assert.equal(await pageA.locator('[data-test=transfer-approve]').count(), 0);
  assert.equal((await srv.api('GET', `/api/members/${m.id}`)).json.org_id, branchA.id, 'still the sender\'s until accepted');

  // The receiving branch finds it in its 待接收 queue.
  await pageB.goto(`${pageB.base}/transfers`);
  await pageB.locator('[data-test=tab-receive]').click();
  const row = pageB.locator('[data-test=transfer-table] .el-table__row').filter({ hasText: '转接甲' });
  await row.waitFor();
  assert.match(await row.innerText(), /甲镇第一党支部\s*→\s*乙镇第一党支部/);
  assert.match(await row.innerText(), /待接收党组织接收/);
  await screenshot(pageB, 'transfer-queue-receive');
  await pageB.locator(`[data-test=transfer-${id}]`).first().click();
  await pageB.waitForURL((u) => u.pathname === `/transfers/${id}`);
  await pageB.locator('[data-test=transfer-accept]').click();
  await confirmBox(pageB);
  await pageB.locator('[data-test=transfer-state]').getByText('已接收').waitFor();
  assert.equal(await pageB.locator('[data-test=transfer-responsible]').count(), 0, 'no R-T04 note once accepted');
  const timeline = await pageB.locator('[data-test=transfer-timeline]').innerText();
  for (const step of ['提出申请', '转出党组织审批同意', '接收党组织接收']) assert.ok(timeline.includes(step), timeline);
  assert.match(timeline, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, 'dated entries');
  await screenshot(pageB, 'transfer-accepted');

  // The member is now in the new branch.
  assert.equal((await srv.api('GET', `/api/members/${m.id}`)).json.org_id, branchB.id);
  await pageB.goto(`${pageB.base}/members/${m.id}`);
  await pageB.locator('[data-test=member-info]').getByText(branchB.name).waitFor();
  assertNoProblems(assert, pageA);
  assertNoProblems(assert, pageB);
});

test('refusal: the dialog cannot be sent without a reason (R-T05); with one, the case keeps it', async () => {
  const m = await member('转接乙');
  const t = await created(srv.api('POST', '/api/transfers', { member_id: m.id, to_org_id: branchB.id, reason: '随配偶迁居' }));
  await pageA.goto(`${pageA.base}/transfers`);
  // 待审批 is the first queue
  await pageA.locator('[data-test=transfer-table] .el-table__row').filter({ hasText: '转接乙' }).waitFor();
  await pageA.locator(`[data-test=transfer-${t.id}]`).first().click();
  await pageA.waitForURL((u) => u.pathname === `/transfers/${t.id}`);
  await pageA.locator('[data-test=transfer-refuse]').click();
  const dialog = pageA.locator('[data-test=refuse-dialog]');
  const submit = dialog.locator('[data-test=refuse-submit]');
  await submit.waitFor();
  assert.equal(await submit.isDisabled(), true, 'empty: cannot submit');
  await dialog.locator('.el-select__wrapper').click();
  await pageA.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: '材料不全' }).click();
  assert.equal(await submit.isDisabled(), true, 'a code without a written reason: cannot submit');
  await dialog.locator('textarea[name=reason]').fill('   ');
  assert.equal(await submit.isDisabled(), true, 'spaces are no reason');
  await screenshot(pageA, 'transfer-refuse-empty');
  assert.equal((await srv.api('GET', `/api/transfers/${t.id}`)).json.state, 'draft');

  await dialog.locator('textarea[name=reason]').fill('缺少党费缴纳证明，请补齐后重新申请');
  assert.equal(await submit.isDisabled(), false);
  await submit.click();
  await pageA.locator('[data-test=transfer-state]').getByText('转出党组织不同意转出').waitFor();
  assert.match(await pageA.locator('[data-test=transfer-refusal]').innerText(), /材料不全：缺少党费缴纳证明/);
  assert.match(await pageA.locator('[data-test=transfer-timeline]').innerText(), /理由：材料不全：缺少党费缴纳证明/);
  const after = (await srv.api('GET', `/api/transfers/${t.id}`)).json;
  assert.equal(after.state, 'cancelled');
  assert.equal(after.refusal_code, 'incomplete');
  assert.equal((await srv.api('GET', `/api/members/${m.id}`)).json.org_id, branchA.id);
  assertNoProblems(assert, pageA);
});

test('a decision on a stale page is a conflict, explained, and the page shows the fresh case', async () => {
  const m = await member('转接丁');
  const t = await created(srv.api('POST', '/api/transfers', { member_id: m.id, to_org_id: branchB.id, reason: '工作调动' }));
  await pageA.goto(`${pageA.base}/transfers/${t.id}`);
  await pageA.locator('[data-test=transfer-approve]').waitFor();
  // someone else approves meanwhile
  assert.equal((await srv.api('POST', `/api/transfers/${t.id}/approve`, {})).status, 200);
  await pageA.locator('[data-test=transfer-approve]').click();
  await confirmBox(pageA);
  await pageA.locator('[data-test=transfer-conflict]').getByText(/刚被他人办理/).waitFor();
  await pageA.locator('[data-test=transfer-state]').getByText('待接收党组织接收').waitFor();
  assert.equal(await pageA.locator('[data-test=transfer-approve]').count(), 0);
  assertNoProblems(assert, pageA);
});

test('审批超时: a case waiting since 40 days ago is in the overdue queue with its count', async () => {
  const m = await member('转接丙');
  const t = await created(srv.api('POST', '/api/transfers', { member_id: m.id, to_org_id: branchB.id, reason: '工作调动' }));
  const since = daysAgo(40);
  srv.sql(`UPDATE transfers SET pending_since = '${since}', requested_at = '${since} 01:00:00' WHERE id = ${t.id}`);
  const api = (await srv.api('GET', `/api/transfers?org=${county.id}&overdue=true`)).json;
  assert.deepEqual(api.items.map((i) => i.id), [t.id]);

  await pageA.goto(`${pageA.base}/transfers?tab=overdue`);
  const row = pageA.locator('[data-test=transfer-table] .el-table__row').filter({ hasText: '转接丙' });
  await row.waitFor();
  assert.match(await row.innerText(), /审批超时/);
  assert.match(await row.innerText(), new RegExp(since));
  assert.equal(await pageA.locator('[data-test=transfer-table] .el-table__row').count(), 1);
  await pageA.locator('[data-test=tab-overdue] .el-badge').getByText('1').waitFor();
  await screenshot(pageA, 'transfer-queue-overdue');
  await pageA.locator(`[data-test=transfer-${t.id}]`).first().click();
  await pageA.locator('[data-test=transfer-info]').getByText('审批超时（R-T13）').waitFor();

  // The dashboard carries the queue sizes, each a link to its tab.
  await pageA.goto(`${pageA.base}/dashboard`);
  await pageA.locator('[data-test=dash-transfers-overdue]').getByText('1', { exact: true }).waitFor();
  await pageA.locator('[data-test=dash-transfers-overdue]').click();
  await pageA.waitForURL((u) => u.pathname === '/transfers' && u.searchParams.get('tab') === 'overdue');
  await pageA.locator('[data-test=transfer-table] .el-table__row').filter({ hasText: '转接丙' }).waitFor();
  assertNoProblems(assert, pageA);
});

test("the member's phone view: own request, its state and what happens next, no sideways scroll at 390×844", async () => {
  const m = await member('本人转接');
  account('trself', 'member', branchA.id, ['--member', String(m.id)]);
  const phone = await con.newPage({ width: 390, height: 844 });
  await loginUi(phone, 'trself', PASSWORD);
  if (new URL(phone.url()).pathname !== '/me') await phone.goto(`${phone.base}/me`);
  const card = phone.locator('[data-test=mh-transfers]');
  await card.getByText('暂无转接申请').waitFor();
  await card.locator('[data-test=my-transfer-open]').click();
  await pickBranch(phone, card.locator('[data-test=my-transfer-org]'), '乙镇', branchB.name);
  await card.locator('textarea[name=my_transfer_reason]').fill('随配偶迁居乙镇');
  await card.locator('[data-test=my-transfer-submit]').click();
  const item = card.locator('[data-test^=my-transfer-]').filter({ hasText: '待转出党组织审批' });
  await item.waitFor();
  const text = await item.innerText();
  assert.match(text, /甲镇第一党支部\s*→\s*乙镇第一党支部/);
  assert.match(text, /等待甲镇第一党支部审批同意转出/);
  assert.equal(await card.locator('[data-test=my-transfer-open]').count(), 0, 'no second request while one is open');

  const mine = (await srv.api('GET', `/api/transfers?member=${m.id}`)).json.items;
  assert.equal(mine.length, 1);
  assert.equal(mine[0].requested_by, 'member');

  const over = await phone.evaluate(() => {
    const main = document.querySelector('.layout__main');
    return {
      page: document.scrollingElement.scrollWidth - window.innerWidth,
      main: main ? main.scrollWidth - main.clientWidth : 0,
    };
  });
  assert.ok(over.page <= 0, `the page scrolls sideways by ${over.page} px`);
  assert.ok(over.main <= 0, `the main area scrolls sideways by ${over.main} px`);
  await phone.waitForTimeout(400); // let the new item's tag finish fading in for the screenshot
  await screenshot(phone, 'transfer-member-phone');
  assertNoProblems(assert, phone);
});
