// The Organizations and Members pages in a real browser: create an organization, register a member
// (a wrong ID number is refused beside the field while typing, a server rule error is shown beside
// its field), find the member in the list, reveal the ID number (audited), move an organization
// after a confirmation naming the subtree size; axe-core on the organization and member pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD,
} from './browser.mjs';
import { makeIdNumber, breakChecksum, maskId, ADMIN_PASSWORD } from '../api/harness.mjs';

let con;
let srv;
let committee;
let general;
let page;
const NEW_BRANCH = { name: '端到端新建第一党支部', code: 'E2EOM0101' };
const ID = makeIdNumber({ birth: '1980-05-12', gender: 'male' });

async function fillDate(label, value) {
  const input = page.locator(`input[aria-label="${label}"]`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'E2EOM', name: '端到端组织测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  committee = c.json;
  const g = await srv.api('POST', '/api/orgs', {
    code: 'E2EOM02', name: '端到端测试党总支', kind: 'general_branch', parent_id: committee.id,
  });
  assert.equal(g.status, 201, g.text);
  general = g.json;
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('create an organization under the selected one; details, warnings and history show', async () => {
  await page.goto(`${page.base}/orgs`);
  await page.locator('.org-panel__tree').getByText(committee.name).click();
  await page.locator('[data-test=org-title]').getByText(committee.name).waitFor();
  await page.locator('[data-test=org-children]').getByText(general.name).waitFor();
  await expectAccessible(page, 'org page');
  await page.locator('[data-test=org-create]').click();
  const form = page.locator('[data-test=org-form]');
  await form.locator('input[name=name]').fill(NEW_BRANCH.name);
  await form.locator('input[name=code]').fill('bad code!');
  await form.getByText('组织编码只能包含字母、数字').waitFor();
  await form.locator('input[name=code]').fill(NEW_BRANCH.code);
  await page.locator('[data-test=org-form-submit]').click();
  await page.locator('[data-test=org-title]').getByText(NEW_BRANCH.name).waitFor();
  // a new branch without members: R-O01 and R-O09 as tags with their explanation
  const warnings = page.locator('[data-test=org-warnings]');
  await warnings.getByText('R-O01').waitFor();
  await warnings.getByText('宜与邻近单位组建联合党支部').waitFor();
  const details = page.locator('[data-test=org-details]');
  await details.getByText(committee.name).waitFor(); // parent
  await details.getByText(NEW_BRANCH.code).waitFor();
  await page.getByRole('tab', { name: '变更记录' }).click();
  await page.locator('[data-test=org-history]').getByText('新建').waitFor();
  await screenshot(page, 'orgs');
  await expectAccessible(page, 'org page with warnings');
  assertNoProblems(assert, page);
});

test('register a member: the ID checksum error shows while typing, a server rule error beside its field', async () => {
  await page.goto(`${page.base}/members/new`);
  const form = page.locator('[data-test=member-form]');
  // the branch selected in the tree is the default organization
  await page.locator('[data-test=member-org]').getByText(NEW_BRANCH.name).waitFor();
  await form.locator('input[name=name]').fill('端到端党员');
  await form.locator('input[name=id_number]').fill(breakChecksum(ID));
  const idItem = page.locator('[data-test=field-id_number]');
  await idItem.getByText('公民身份号码校验位错误').waitFor();
  await form.locator('input[name=mobile]').fill('1234');
  await form.getByText('手机号应为1开头的11位数字').waitFor();
  await form.locator('input[name=mobile]').fill('13812345678');
  await expectAccessible(page, 'member form with errors');
  await screenshot(page, 'member-form-errors');
  // fix the ID: the message goes, gender and birth date are read from it
  await form.locator('input[name=id_number]').fill(ID);
  await page.locator('[data-test=id-derived]').getByText('男 / 1980-05-12').waitFor();
  await idItem.locator('.el-form-item__error').waitFor({ state: 'detached' });
  // joined at 9: only the server knows the rule; its message appears beside 入党日期
  await fillDate('入党日期', '1990-01-01');
  await fillDate('转正日期', '1991-01-01');
  await page.locator('[data-test=member-submit]').click();
  await page.locator('[data-test=member-form-error]').waitFor();
  const joinError = form.locator('.el-form-item.is-error').filter({ hasText: '入党日期' }).locator('.el-form-item__error');
  await joinError.waitFor();
  assert.match(await joinError.innerText(), /18/);
  await fillDate('入党日期', '2010-07-01');
  await fillDate('转正日期', '2011-07-01');
  await page.locator('[data-test=member-submit]').click();
  await page.waitForURL(/\/members\/\d+$/);
  await page.locator('[data-test=member-title]').getByText('端到端党员').waitFor();
  assert.equal(await page.locator('[data-test=member-id-number]').innerText(), maskId(ID));
  await page.locator('[data-test=member-history]').getByText('登记').waitFor();
  await screenshot(page, 'member-detail');
  await expectAccessible(page, 'member detail');
  assertNoProblems(assert, page);
});

test('find the member in the list and reveal the ID number (audited, with a reason)', async () => {
  await page.goto(`${page.base}/members`);
  await page.locator('input[name=name]').fill('端到端');
  await page.locator('[data-test=member-search]').click();
  const row = page.locator('[data-test=member-table] .el-table__row').filter({ hasText: '端到端党员' });
  await row.waitFor();
  await row.getByText(maskId(ID)).waitFor();
  await expectAccessible(page, 'member list');
  await screenshot(page, 'members');
  await row.locator('[data-test=reveal-id]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '查看完整公民身份号码' });
  await dialog.getByText('记入审计日志').waitFor();
  await dialog.locator('[data-test=reveal-submit]').click();
  await dialog.getByText('请填写查看理由').waitFor();
  await dialog.locator('input[name=reveal-reason]').fill('端到端测试核对');
  await dialog.locator('[data-test=reveal-submit]').click();
  await dialog.locator('[data-test=revealed-value]').getByText(ID).waitFor();
  // the reveal is in the audit trail (read as the auditor)
  const auditor = await srv.login('auditor', ADMIN_PASSWORD);
  const audit = await auditor.api('GET', '/api/audit?action=member.reveal&limit=5');
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((r) => JSON.stringify(r).includes('端到端测试核对')), audit.text);
  // column settings persist
  await page.keyboard.press('Escape');
  await page.locator('[data-test=member-columns]').click();
  await page.locator('.member-list__columns').getByText('手机号').click();
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('lianxin.memberColumns')));
  assert.equal(saved.mobile, false);
  assertNoProblems(assert, page);
});

test('edit the member: the masked phone is cleared with 「清除」 (PATCH mobile: null), other fields kept', async () => {
  const found = await srv.api('GET', `/api/members?name=${encodeURIComponent('端到端党员')}`);
  const before = (await srv.api('GET', `/api/members/${found.json.items[0].id}`)).json;
  assert.equal(before.mobile, '138****5678');
  await page.goto(`${page.base}/members/${before.id}/edit`);
  const form = page.locator('[data-test=member-form]');
  const mobile = form.locator('input[name=mobile]');
  await page.waitForFunction(() => document.querySelector('input[name=mobile]')?.placeholder.includes('138****5678'));
  // an empty input keeps the stored value; 「清除」 empties it on save
  await form.locator('[data-test=clear-mobile]').click();
  assert.equal(await mobile.isDisabled(), true);
  assert.match(await mobile.getAttribute('placeholder'), /清除/);
  await expectAccessible(page, 'member form clearing the phone');
  const sent = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/members/${before.id}`));
  await page.locator('[data-test=member-submit]').click();
  const body = JSON.parse((await sent).postData());
  assert.equal(body.mobile, null);
  assert.ok(!('id_number' in body), 'untouched masked fields are not sent');
  await page.waitForURL(new RegExp(`/members/${before.id}$`));
  const after = await srv.api('GET', `/api/members/${before.id}`);
  assert.equal(after.json.mobile, null);
  assert.equal(after.json.id_number, before.id_number, 'the ID number is kept');
  assert.equal(after.json.version, before.version + 1);
  assertNoProblems(assert, page);
});

test('record a term: the due date shown uses the kind\'s configured default and the month-end clamp, as the server computes it', async () => {
  const found = await srv.api('GET', `/api/orgs?q=${NEW_BRANCH.code}`);
  const branch = found.json.items[0];
  await page.goto(`${page.base}/orgs`);
  await page.locator('[data-test=org-title]').getByText(NEW_BRANCH.name).waitFor();
  await page.getByRole('tab', { name: '委员会与任期' }).click();
  await page.locator('[data-test=term-add]').click();
  await fillDate('选举日期', '2024-02-29');
  // a branch: 3 years by default (GET /api/codes), 2027 has no 29 February
  await page.locator('[data-test=term-due]').getByText('2027-02-28').waitFor();
  await page.locator('[data-test=term-submit]').click();
  await page.locator('[data-test=org-terms]').getByText('2024-02-29').waitFor();
  const terms = await srv.api('GET', `/api/orgs/${branch.id}/terms`);
  assert.equal(terms.json.items[0].due_date, '2027-02-28');
  assertNoProblems(assert, page);
});

test('move an organization: the confirmation names the subtree size', async () => {
  const found = await srv.api('GET', `/api/orgs?q=${NEW_BRANCH.code}`);
  const branch = found.json.items[0];
  const grp = await srv.api('POST', '/api/orgs', { code: 'E2EOM010101', name: '端到端第一党小组', kind: 'party_group', parent_id: branch.id });
  assert.equal(grp.status, 201, grp.text);
  await page.goto(`${page.base}/orgs`);
  await page.locator('[data-test=org-title]').getByText(NEW_BRANCH.name).waitFor();
  await page.locator('[data-test=org-move]').click();
  await page.locator('[data-test=move-parent] input').fill('测试党总支');
  await page.locator('.el-select-dropdown__item').filter({ hasText: general.name }).click();
  await page.locator('[data-test=move-submit]').click();
  const box = page.locator('.el-message-box');
  await box.getByText('共 2 个组织').waitFor();
  await box.getByRole('button', { name: '确定移动' }).click();
  await page.locator('[data-test=org-details]').getByText(general.name).waitFor();
  const moved = await srv.api('GET', `/api/orgs/${branch.id}`);
  assert.equal(moved.json.parent_id, general.id);
  await page.getByRole('tab', { name: '变更记录' }).click();
  await page.locator('[data-test=org-history]').getByText('调整上级组织').waitFor();
  assertNoProblems(assert, page);
});

test('the org form switches 有预备党员审批权 for committees only; the change decides the transfer route and is in the history', async () => {
  const c = await srv.api('POST', '/api/orgs', { code: 'E2EOMAP', name: '端到端审批权测试党委', kind: 'basic_committee', parent_id: committee.id });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.can_approve_probationary, true, 'a committee approves by default (R-D18)');
  await page.goto(`${page.base}/orgs/${c.json.id}`);
  await page.locator('[data-test=org-title]').getByText(c.json.name).waitFor();
  await page.locator('[data-test=org-transfer-power]').getByText('可直接转接').waitFor();
  await page.locator('[data-test=org-edit]').click();
  const form = page.locator('[data-test=org-form]');
  const sw = form.locator('[data-test=field-can_approve_probationary] .el-switch');
  await sw.waitFor();
  assert.match(await sw.getAttribute('class'), /is-checked/);
  await sw.click();
  await page.locator('[data-test=org-form-submit]').click();
  await page.locator('[data-test=org-transfer-power]').getByText('经上级党委逐级转接').waitFor();
  assert.equal((await srv.api('GET', `/api/orgs/${c.json.id}`)).json.can_approve_probationary, false);
  await page.getByRole('tab', { name: '变更记录' }).click();
  await page.locator('[data-test=org-history]').getByText('审批预备党员').first().waitFor();
  // A 党总支 never approves (R-D18): the form does not offer the switch.
  await page.goto(`${page.base}/orgs/${general.id}`);
  await page.locator('[data-test=org-title]').getByText(general.name).waitFor();
  await page.locator('[data-test=org-edit]').click();
  await page.locator('[data-test=org-form] input[name=name]').waitFor();
  assert.equal(await page.locator('[data-test=field-can_approve_probationary]').count(), 0);
  assertNoProblems(assert, page);
});
