// 党费报表 in a real browser, on ledger rows written as the ledger does (tests/api/dues_fixture.mjs):
// the report page rolls the branches up with a total row and downloads the 登记表; the annual
// statement and the remittance panel (recording one); the six-months reminder and the arrears
// lists; the reconciliation's findings; the three pages at 390 px without sideways scrolling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber } from '../api/harness.mjs';
import { seedDues, monthAt } from '../api/dues_fixture.mjs';

let con;
let srv;
let R;
let A;
let G1;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const org = (body) => created(srv.api('POST', '/api/orgs', body));
  R = await org({ code: 'DE-R', name: '党费页面县委', kind: 'committee' });
  A = await org({ code: 'DE-A', name: '党费页面一支部', kind: 'branch', parent_id: R.id });
  const G = await org({ code: 'DE-G', name: '党费页面总支', kind: 'general_branch', parent_id: R.id });
  G1 = await org({ code: 'DE-G1', name: '党费页面总支一支部', kind: 'branch', parent_id: G.id });
  const m = {};
  for (const [k, o] of [['a1', A], ['a2', A], ['a3', A], ['g1', G1], ['g2', G1]])
    m[k] = (await created(srv.api('POST', '/api/members', {
      name: `页面${k}`, id_number: makeIdNumber(), org_id: o.id, category: 'full', join_date: '2005-07-01', full_date: '2006-07-01',
    }))).id;
  seedDues(srv, { A: A.id, G1: G1.id }, m);
});
after(async () => {
  await con?.close();
});

async function selectRoot(page) {
  await page.goto(`${page.base}/orgs/${R.id}`);
  await page.locator('[data-test=org-title]').getByText(R.name).waitFor();
}

test('the report page: branches rolled up with a total, the 登记表 download, the statement and the remittance', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await selectRoot(page);
  await page.goto(`${page.base}/dues/reports`);
  await page.locator('[data-test=dues-report-org]').getByText(R.name).waitFor();
  const monthInput = page.locator('input[aria-label="月份"]');
  await monthInput.click();
  // The open month panel is a dialog named after its picker (Element Plus leaves it nameless).
  await page.getByRole('dialog', { name: '月份' }).waitFor();
  await monthInput.fill(monthAt(-1));
  await monthInput.press('Enter');
  const table = page.locator('[data-test=dues-report-table]');
  const cells = async (name) => (await table.locator('.el-table__body tr', { hasText: name }).first().locator('td').allInnerTexts()).map((t) => t.trim());
  // 党组织, 党员数, 应交, 实交, 已交清人数, 未交, 收缴率 — a2 owes M-1, the rest paid it
  await page.waitForFunction(() => document.querySelector('[data-test=dues-report-table]')?.innerText.includes('¥60.00'));
  assert.deepEqual((await cells('党费页面一支部')).slice(1), ['3', '¥90.00', '¥60.00', '2', '¥30.00', '66.7%']);
  // g1 owes M-1 too (and M-4 is exempt): the 总支 row rolls up its branch
  assert.deepEqual((await cells('党费页面总支')).slice(1), ['2', '¥60.00', '¥30.00', '1', '¥30.00', '50%']);
  assert.deepEqual((await cells('合计')).slice(1), ['5', '¥150.00', '¥90.00', '3', '¥60.00', '60%']);
  await screenshot(page, 'dues-report');
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30000 }),
    page.locator('[data-test=dues-export-register]').click(),
  ]);
  assert.match(download.suggestedFilename(), /^党费收缴登记表-党费页面县委-\d{4}\.xlsx$/);

  await page.locator('[data-test=dues-statement-open]').click();
  const dialog = page.locator('[data-test=dues-statement]');
  await dialog.getByText(/党费页面县委\d{4}年度党费收缴、使用和管理情况公示/).waitFor();
  assert.ok(!(await dialog.innerText()).includes('页面a2'), 'no names in the statement');
  await page.keyboard.press('Escape');

  // year mode: the chart of the paid rate by month
  await page.locator('[data-test=dues-report-mode]').getByText('年报').click();
  await page.locator('canvas, svg').first().waitFor();

  // remittance of last year: record the outstanding share
  const panel = page.locator('[data-test=dues-remittance]');
  await panel.getByText('应上缴').waitFor();
  await page.locator('input[data-test=dues-remit-ref], [data-test=dues-remit-ref] input').fill('回单-页面');
  // the date defaults to today, after the year's end; the amount to what is outstanding
  await page.locator('[data-test=dues-remit-submit]').click();
  await panel.locator('[data-test=dues-remittance-records]').getByText('回单-页面').waitFor();
  await panel.locator('[data-test=dues-remittance-state]').getByText('已上缴').waitFor();
  assertNoProblems(assert, page);
});

test('the arrears page: the six-months reminder with its first month, the arrears list and the totals per organization', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await selectRoot(page);
  await page.goto(`${page.base}/dues/arrears`);
  const flags = page.locator('[data-test=dues-flags-table]');
  const row = flags.locator('.el-table__body tr', { hasText: '页面a2' }).first();
  await row.waitFor();
  const t = (await row.locator('td').allInnerTexts()).map((x) => x.trim());
  assert.deepEqual(t.slice(1), ['党费页面一支部', monthAt(-7), '7', '¥210.00']);
  assert.equal(await flags.locator('.el-table__body tr').count(), 1);
  await page.getByRole('tab', { name: '欠缴名单' }).click();
  const list = page.locator('[data-test=dues-arrears-table]');
  await list.getByText('页面g1').waitFor();
  assert.equal(await list.locator('.el-table__body tr').count(), 3);
  await page.getByRole('tab', { name: '按组织汇总' }).click();
  const byOrg = page.locator('[data-test=dues-arrears-orgs]');
  await byOrg.getByText('合计').waitFor();
  const total = (await byOrg.locator('.el-table__body tr', { hasText: '合计' }).first().locator('td').allInnerTexts()).map((x) => x.trim());
  assert.deepEqual(total.slice(1), ['3', '14', '¥410.00']);
  assertNoProblems(assert, page);
});

test('the reconciliation page names the mismatch and the duplicate callback', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await selectRoot(page);
  await page.goto(`${page.base}/dues/reconciliation`);
  await page.locator('[data-test=dues-rec-mismatch]').getByText('回调金额不符 1').waitFor();
  await page.locator('[data-test=dues-rec-duplicates]').getByText('重复回调 1 笔（多出 1 次）').waitFor();
  await page.locator('[data-test=dues-rec-stale]').getByText('R2').waitFor();
  await page.locator('[data-test=dues-rec-items-short]').getByText('台账未记入 1').waitFor();
  await page.locator('[data-test=dues-rec-short]').getByText('页面a2').waitFor();
  assertNoProblems(assert, page);
});

test('the dues pages fit a 390 px phone', async () => {
  const page = await con.newPage({ width: 390, height: 844 });
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await selectRoot(page);
  for (const [path, ready] of [
    ['/dues/reports', '[data-test=dues-report-table]'],
    ['/dues/arrears', '[data-test=dues-flags-table]'],
    ['/dues/reconciliation', '[data-test=dues-rec-summary]'],
  ]) {
    await page.goto(page.base + path);
    await page.locator(ready).waitFor();
    await page.waitForTimeout(300);
    const o = await page.evaluate(() => {
      const main = document.querySelector('.layout__main');
      return { scroll: document.scrollingElement.scrollWidth, mainOver: main ? main.scrollWidth - main.clientWidth : 0 };
    });
    assert.ok(o.scroll <= 390 && o.mainOver <= 0, `${path}: ${JSON.stringify(o)}`);
    await screenshot(page, `dues-phone${path.replace(/\//g, '-')}`);
  }
  assertNoProblems(assert, page);
});
