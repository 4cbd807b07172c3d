// The life of an organization in a real browser: a committee term registered on a branch (elected
// date, term length, the due date previewed and shown, the R-O12 / R-O11 warning tags), a move
// whose confirmation names the subtree size (cancel leaves it, confirm moves it, the history names
// both parents), and a dissolution after its confirmation, with the dissolved organization's
// history timeline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { todayShanghai, addYears } from '../api/harness.mjs';

let con;
let srv;
let committee;
let page;

async function createOrg(body) {
  const r = await srv.api('POST', '/api/orgs', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function fillDate(scope, label, value) {
  const input = scope.locator(`input[aria-label="${label}"]`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** Opens /orgs/<id> and waits for its title. */
async function openOrg(org) {
  await page.goto(`${page.base}/orgs/${org.id}`);
  await page.locator('[data-test=org-title]').getByText(org.name).waitFor();
  await page.locator('[data-test=org-details] .el-descriptions').waitFor();
}

/** The text of the el-descriptions cell labelled `label` in the organization's details. */
async function detailValue(label) {
  const cell = page.locator('[data-test=org-details] .el-descriptions__label').filter({ hasText: new RegExp(`^${label}$`) });
  return (await cell.locator('xpath=following-sibling::td[1]').innerText()).trim();
}

const warningTags = async () => (await page.locator('[data-test=org-warnings] .el-tag').allInnerTexts()).map((t) => t.trim());

before(async () => {
  con = await startConsole();
  srv = con.srv;
  committee = await createOrg({ code: 'LFC01', name: '生命周期测试党委', kind: 'committee' });
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('register a committee term: due date previewed and shown, R-O09 becomes R-O12 (due soon)', async () => {
  const branch = await createOrg({ code: 'LFC0101', name: '换届测试第一党支部', kind: 'branch', parent_id: committee.id });
  // elected so that the 3-year term ends within the 6-month reminder window
  const [y, m] = todayShanghai().split('-').map(Number);
  const dueMonth = (m + 1) % 12 + 1; // the first day of the month after next
  const dueYear = y + (m + 2 > 12 ? 1 : 0);
  const due = `${dueYear}-${String(dueMonth).padStart(2, '0')}-01`;
  const elected = addYears(due, -3);
  await openOrg(branch);
  assert.ok((await warningTags()).some((t) => t.startsWith('R-O09')), 'no term yet: R-O09');
  await page.getByRole('tab', { name: '委员会与任期' }).click();
  await page.locator('[data-test=org-terms]').getByText('尚未登记任期').waitFor();
  await page.getByRole('button', { name: '登记换届' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '登记换届' }).last();
  await dialog.locator('input[aria-label="选举日期"]').waitFor();
  // the election date is required
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.getByText('请选择选举日期').waitFor();
  await fillDate(dialog, '选举日期', elected);
  const dueItem = dialog.locator('.el-form-item').filter({ hasText: '届满日期' });
  await dueItem.getByText(due).waitFor(); // the branch default: 3 years
  await dialog.locator('input[aria-label="书记"]').fill('林书记');
  await dialog.locator('textarea[aria-label="委员"]').fill('林书记 书记\n何组织 组织委员\n许宣传 宣传委员');
  await dialog.locator('input[aria-label="批复文号"]').fill('生党复〔2023〕1号');
  await screenshot(page, 'org-term-dialog');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const row = page.locator('[data-test=org-terms] .el-table__row').first();
  await row.getByText(elected).waitFor();
  const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(cells.slice(0, 5), [elected, '3年', due, '设立', '林书记']);
  assert.match(cells[5], /何组织（组织委员）/);
  assert.equal(await detailValue('本届任期届满'), `${due}（书记：林书记）`);
  const tags = await warningTags();
  assert.ok(tags.includes('R-O12 即将届满'), JSON.stringify(tags));
  assert.ok(!tags.some((t) => t.startsWith('R-O09')), `R-O09 gone: ${JSON.stringify(tags)}`);
  assert.match(await page.locator('[data-test=org-warnings]').innerText(), new RegExp(`任期将于${due}届满`));
  // the API agrees
  const terms = await srv.api('GET', `/api/orgs/${branch.id}/terms`);
  assert.equal(terms.json.items[0].due_date, due);
  assert.equal(terms.json.items[0].term_years, 3);
  // the history names the election and the due date
  await page.getByRole('tab', { name: '变更记录' }).click();
  const item = page.locator('[data-test=org-history] .el-timeline-item').filter({ hasText: '登记换届' });
  await item.waitFor();
  assert.match(await item.innerText(), new RegExp(`选举日期 ${elected}，届满 ${due}`));
  await screenshot(page, 'org-term-registered');
  assertNoProblems(assert, page);
});

test('a kind without terms (党委) offers no term registration', async () => {
  await openOrg(committee);
  await page.getByRole('tab', { name: '委员会与任期' }).click();
  await page.locator('[data-test=org-no-terms]').getByText('党委不适用任期登记').waitFor();
  assert.equal(await page.getByRole('button', { name: '登记换届' }).count(), 0);
  // as the server says
  const r = await srv.api('POST', `/api/orgs/${committee.id}/terms`, { elected_date: '2024-01-01' });
  assert.equal(r.status, 422, r.text);
  assertNoProblems(assert, page);
});

test('a 5-year term elected on 29 February: the preview and the server agree on the due date; overdue is R-O11', async () => {
  const branch = await createOrg({ code: 'LFC0102', name: '换届测试第二党支部', kind: 'branch', parent_id: committee.id });
  await openOrg(branch);
  await page.getByRole('tab', { name: '委员会与任期' }).click();
  await page.getByRole('button', { name: '登记换届' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '登记换届' }).last();
  await fillDate(dialog, '选举日期', '2016-02-29');
  const years = dialog.locator('input[aria-label="任期年数"]');
  await years.fill('5');
  await years.press('Tab');
  const dueItem = dialog.locator('.el-form-item').filter({ hasText: '届满日期' });
  await dueItem.getByText('2021-02-28').waitFor(); // 2021 has no 29 February
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('[data-test=org-terms] .el-table__row').first();
  await row.getByText('2016-02-29').waitFor();
  const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(cells.slice(0, 3), ['2016-02-29', '5年', '2021-02-28']);
  const tags = await warningTags();
  assert.ok(tags.includes('R-O11 任期已届满'), JSON.stringify(tags));
  const terms = await srv.api('GET', `/api/orgs/${branch.id}/terms`);
  assert.equal(terms.json.items[0].due_date, '2021-02-28');
  assertNoProblems(assert, page);
});

test('move an organization with two party groups: the confirmation names 3 organizations; cancel keeps it', async () => {
  const general = await createOrg({ code: 'LFC02', name: '移动目标党总支', kind: 'general_branch', parent_id: committee.id });
  const branch = await createOrg({ code: 'LFC0103', name: '移动测试党支部', kind: 'branch', parent_id: committee.id });
  for (const n of [1, 2]) {
    await createOrg({ code: `LFC010300${n}`, name: `移动测试第${n}党小组`, kind: 'party_group', parent_id: branch.id });
  }
  const subtree = await srv.api('GET', `/api/orgs/${branch.id}/subtree?limit=1`);
  assert.equal(subtree.json.total, 3);
  await openOrg(branch);
  const moveTo = async () => {
    await page.locator('[data-test=org-move]').click();
    await page.locator('[data-test=move-parent] input').fill('移动目标');
    await page.locator('.el-select-dropdown__item').filter({ hasText: general.name }).click();
    await page.locator('.el-dialog').filter({ hasText: '调整上级组织' }).locator('input[aria-label="调整原因"]').fill('隶属关系调整');
    await page.locator('[data-test=move-submit]').click();
  };
  await moveTo();
  const box = page.locator('.el-message-box');
  await box.getByText('共 3 个组织，含自身').waitFor();
  assert.match(await box.innerText(), new RegExp(`「${branch.name}」[\\s\\S]*「${general.name}」`));
  await screenshot(page, 'org-move-confirm');
  await box.getByRole('button', { name: '取消' }).click();
  await box.waitFor({ state: 'hidden' });
  assert.equal((await srv.api('GET', `/api/orgs/${branch.id}`)).json.parent_id, committee.id, 'cancel moves nothing');

  await page.locator('[data-test=move-submit]').click();
  await box.getByText('共 3 个组织，含自身').waitFor();
  await box.getByRole('button', { name: '确定移动' }).click();
  await page.locator('[data-test=org-details]').getByText(general.name).waitFor();
  assert.equal(await detailValue('上级组织'), general.name);
  assert.equal((await srv.api('GET', `/api/orgs/${branch.id}`)).json.parent_id, general.id);
  // the groups moved with it
  const groups = await srv.api('GET', `/api/orgs/${general.id}/subtree?limit=10`);
  assert.equal(groups.json.total, 4);
  // the history names the old and the new parent, not internal paths
  await page.getByRole('tab', { name: '变更记录' }).click();
  const item = page.locator('[data-test=org-history] .el-timeline-item').filter({ hasText: '调整上级组织' });
  await item.waitFor();
  const text = await item.innerText();
  assert.match(text, new RegExp(`从「${committee.name}」调整到「${general.name}」`));
  assert.match(text, /原因：隶属关系调整/);
  assertNoProblems(assert, page);
});

test('dissolve an empty organization after the confirmation; its history shows the dissolution', async () => {
  const branch = await createOrg({ code: 'LFC0104', name: '撤销测试党支部', kind: 'branch', parent_id: committee.id });
  await openOrg(branch);
  await page.locator('[data-test=org-dissolve]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '撤销组织' }).last();
  await dialog.waitFor();
  // the confirmation names the organization
  assert.match(await dialog.innerText(), new RegExp(`「${branch.name}」`));
  // a reason is required
  await dialog.getByRole('button', { name: '确认撤销' }).click();
  await dialog.getByText('请填写撤销原因').waitFor();
  assert.equal((await srv.api('GET', `/api/orgs/${branch.id}`)).json.dissolved, false);
  await fillDate(dialog, '撤销日期', '2026-10-31');
  await dialog.locator('textarea[aria-label="撤销原因"]').fill('单位撤并，党员已转出');
  await screenshot(page, 'org-dissolve-dialog');
  await dialog.getByRole('button', { name: '确认撤销' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // the page stays on the dissolved organization: tag, date, reason, history
  await page.locator('[data-test=org-title] .el-tag').filter({ hasText: '已撤销' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/orgs/${branch.id}`);
  assert.equal(await detailValue('撤销日期'), '2026-10-31');
  assert.equal(await detailValue('撤销原因'), '单位撤并，党员已转出');
  assert.equal(await page.locator('[data-test=org-dissolve]').count(), 0, 'no actions on a dissolved organization');
  await page.getByRole('tab', { name: '变更记录' }).click();
  const item = page.locator('[data-test=org-history] .el-timeline-item').filter({ hasText: '撤销' });
  await item.waitFor();
  const text = await item.innerText();
  assert.match(text, /2026-10-31/);
  assert.match(text, /原因：单位撤并，党员已转出/);
  await page.locator('[data-test=org-history] .el-timeline-item').filter({ hasText: '新建' }).waitFor();
  const o = await srv.api('GET', `/api/orgs/${branch.id}`);
  assert.equal(o.json.dissolved, true);
  assert.equal(o.json.dissolved_date, '2026-10-31');
  // the parent no longer lists it; a reload of the address still shows it
  const children = await srv.api('GET', `/api/orgs/${committee.id}/children`);
  assert.ok(!children.json.items.some((c) => c.id === branch.id));
  await page.reload();
  await page.locator('[data-test=org-title] .el-tag').filter({ hasText: '已撤销' }).waitFor();
  await screenshot(page, 'org-dissolved-history');
  assertNoProblems(assert, page);
});

test('an organization with a subordinate organization cannot be dissolved: the server\'s reason is shown and nothing changes', async () => {
  const branch = await createOrg({ code: 'LFC0105', name: '撤销拒绝测试党支部', kind: 'branch', parent_id: committee.id });
  await createOrg({ code: 'LFC010501', name: '撤销拒绝测试党小组', kind: 'party_group', parent_id: branch.id });
  await openOrg(branch);
  await page.locator('[data-test=org-dissolve]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '撤销组织' }).last();
  await dialog.locator('textarea[aria-label="撤销原因"]').fill('试图撤销');
  await dialog.getByRole('button', { name: '确认撤销' }).click();
  await page.locator('.el-message--error').getByText('请先转移下级组织（1个）和党员（0名）后再撤销').waitFor();
  assert.equal((await srv.api('GET', `/api/orgs/${branch.id}`)).json.dissolved, false);
  assertNoProblems(assert, page);
});
