// Multi-hop (逐级) transfers in a real browser (R-T10; transfer.md §3 example): the case page shows
// the path as steps (sending branch → 甲村党委 → 甲县委 → 乙县委 → 乙村党委 → receiving branch); the
// worker of the 村党委 where the case waits finds it in 待审批, forwards it with a note, and the next
// step becomes current; the county worker sees it next; the same page on a phone (390×844) does not
// scroll sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, screenshot, assertNoProblems } from './browser.mjs';
import { makeIdNumber } from '../api/harness.mjs';

const PASSWORD = 'Transfer#Hops2026';
let con;
let srv;
let countyA;
let weakA;
let branchA;
let branchB;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const org = (body) => created(srv.api('POST', '/api/orgs', body));
function account(name, role, orgId) {
  srv.cli(['user', 'create', name, '--role', role, '--org', String(orgId)], { LIANXIN_USER_PASSWORD: PASSWORD });
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  countyA = await org({ code: 'THW-A', name: '甲县委', kind: 'committee', can_transfer_directly: true });
  const countyB = await org({ code: 'THW-B', name: '乙县委', kind: 'committee', can_transfer_directly: true });
  weakA = await org({ code: 'THW-A1', name: '甲村党委', kind: 'basic_committee', parent_id: countyA.id, can_approve_probationary: false });
  const weakB = await org({ code: 'THW-B1', name: '乙村党委', kind: 'basic_committee', parent_id: countyB.id, can_approve_probationary: false });
  branchA = await org({ code: 'THW-A11', name: '甲村第一党支部', kind: 'branch', parent_id: weakA.id });
  branchB = await org({ code: 'THW-B11', name: '乙村第一党支部', kind: 'branch', parent_id: weakB.id });
  account('thwvillage', 'worker', weakA.id);
  account('thwcounty', 'worker', countyA.id);
});
after(async () => {
  await con?.close();
});

test('the path as steps; the 村党委 forwards its hop from its 待审批 queue; the county is next', async () => {
  const m = await created(srv.api('POST', '/api/members', {
    name: '逐级转接人', id_number: makeIdNumber(), org_id: branchA.id, category: 'full', join_date: '2008-07-01', full_date: '2009-07-01',
  }));
  const t = await created(srv.api('POST', '/api/transfers', { member_id: m.id, to_org_id: branchB.id, reason: '迁居乙县' }));
  assert.equal(t.path_kind, 'multi_hop');

  const page = await con.newPage();
  await loginUi(page, 'thwvillage', PASSWORD);
  await page.goto(`${page.base}/transfers?tab=approve`);
  const row = page.locator('[data-test=transfer-table] .el-table__row').filter({ hasText: '逐级转接人' });
  await row.waitFor();
  await page.locator(`[data-test=transfer-${t.id}]`).first().click();
  await page.waitForURL((u) => u.pathname === `/transfers/${t.id}`);

  const path = page.locator('[data-test=transfer-path]');
  await path.locator('[data-test=transfer-path-kind]').getByText('逐级转接').waitFor();
  const steps = await path.locator('.el-step__title').allInnerTexts();
  assert.deepEqual(steps.map((s) => s.trim()), ['甲村第一党支部', '甲村党委', '甲县委', '乙县委', '乙村党委', '乙村第一党支部']);
  assert.equal((await path.locator('[data-test=hop-1-state]').innerText()).trim(), '待办理');
  assert.match(await page.locator('[data-test=transfer-next]').innerText(), /等待甲村党委办理/);
  assert.equal(await page.locator('[data-test=transfer-approve]').count(), 0, 'no direct approval on a multi-hop case');
  await screenshot(page, 'transfer-hops-pending');

  await page.locator('[data-test=transfer-forward]').click();
  const box = page.locator('.el-message-box');
  await box.locator('input').fill('材料齐全，同意转出');
  await box.getByRole('button', { name: '确认转递' }).click();
  await path.locator('[data-test=hop-1-state]').getByText('已同意转出').waitFor();
  assert.equal((await path.locator('[data-test=hop-2-state]').innerText()).trim(), '待办理');
  await page.locator('[data-test=transfer-state]').getByText('逐级转递中').waitFor();
  assert.match(await path.locator('[data-test=hop-1]').innerText(), /材料齐全，同意转出/);
  // The village's part is done: no more decisions here, and the case left its 待审批 queue.
  assert.equal(await page.locator('[data-test=transfer-forward]').count(), 0);
  await screenshot(page, 'transfer-hops-forwarded');
  assertNoProblems(assert, page);

  // The county worker (phone) sees it as its hop, without sideways scrolling.
  const phone = await con.newPage({ width: 390, height: 844 });
  await loginUi(phone, 'thwcounty', PASSWORD);
  await phone.goto(`${phone.base}/transfers/${t.id}`);
  await phone.locator('[data-test=transfer-forward]').waitFor();
  assert.equal((await phone.locator('[data-test=hop-2-state]').innerText()).trim(), '待办理');
  const over = await phone.evaluate(() => {
    const main = document.querySelector('.layout__main');
    return { page: document.scrollingElement.scrollWidth - window.innerWidth, main: main ? main.scrollWidth - main.clientWidth : 0 };
  });
  assert.ok(over.page <= 0, `the page scrolls sideways by ${over.page} px`);
  assert.ok(over.main <= 0, `the main area scrolls sideways by ${over.main} px`);
  await screenshot(phone, 'transfer-hops-phone');
  assertNoProblems(assert, phone);
});
