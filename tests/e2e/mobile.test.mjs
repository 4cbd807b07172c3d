// 流动党员 page (issue #5, transfer.md §5) in a real browser: 流出登记 of a 8-month stay is refused
// with the server's R-T02 message beside 预计外出时长; a 4-month stay of the third member going to
// the same place as two others registers and the record shows the R-M02 suggestion with the
// companions; 登记联系 adds to the contact log and moves the contact-due date; 登记返回 closes the
// record; the 联系超期 tab lists an outflow never contacted since 2025; 流入登记 of a member from
// outside shows in 流入 with the ID number never on the page. axe-core (no serious or critical
// violation) and no sideways scrolling at 390×844 (list and dialogs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber, todayShanghai } from '../api/harness.mjs';

let con;
let srv;
let branch;
let page;
const members = {};

async function sideways(p) {
  return p.evaluate(() => {
    const main = document.getElementById('lx-main');
    return Math.max(document.scrollingElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
  });
}

const outflow = (m, extra = {}) => srv.api('POST', '/api/mobile-members', {
  member_id: m.id, destination: '江苏省苏州市某工业园', reason: '外出务工', start_date: todayShanghai(), expected_months: 4,
  card_no: `E2E-${m.id}`, card_issued_on: todayShanghai(), ...extra,
});

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'MBW01', name: '流动页面测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  const b = await srv.api('POST', '/api/orgs', { code: 'MBW0101', name: '流动页面测试第一党支部', kind: 'branch', parent_id: c.json.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  for (const name of ['钱甲', '孙乙', '李丙', '周丁']) {
    const m = await srv.api('POST', '/api/members', {
      name, id_number: makeIdNumber(), category: 'full', join_date: '2005-07-01', full_date: '2006-07-01', org_id: branch.id,
    });
    assert.equal(m.status, 201, m.text);
    members[name] = m.json;
  }
  for (const name of ['钱甲', '孙乙']) {
    const r = await outflow(members[name]);
    assert.equal(r.status, 201, r.text);
  }
  // never contacted since 2025-01-10: overdue
  const late = await outflow(members['周丁'], { destination: '上海市', start_date: '2025-01-10', card_issued_on: '2025-01-05' });
  assert.equal(late.status, 201, late.text);
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('流出登记: R-T02 beside the field, R-M02 suggestion, contact, return', async () => {
  await page.goto(`${page.base}/orgs/${branch.id}`);
  await page.locator('[data-test=org-title]').getByText(branch.name).waitFor();
  await page.goto(`${page.base}/mobile-members`);
  const table = page.locator('[data-test=mobile-table]');
  await table.locator('.el-table__row').filter({ hasText: '钱甲' }).waitFor();
  await page.locator('[data-test=mobile-register-out]').click();
  const dialog = page.locator('[data-test=mobile-register-dialog]');
  await dialog.getByText('流出登记').first().waitFor();
  // the member: remote search by name
  const memberInput = dialog.locator('[data-test=reg-member] input');
  await memberInput.click();
  await memberInput.fill('李丙');
  await page.locator('.el-select-dropdown__item').filter({ hasText: '李丙' }).first().click();
  await dialog.locator('input[name=destination]').fill('江苏省苏州市某工业园');
  await dialog.locator('input[name=reason]').fill('外出务工');
  const months = dialog.locator('[data-test=field-expected_months] input');
  await months.fill('8');
  await months.press('Tab');
  await dialog.locator('input[name=card_no]').fill('E2E-UI-1');
  await dialog.locator('input[name=contact_phone]').fill('13912345678');
  await dialog.locator('[data-test=reg-submit]').click();
  const monthsError = dialog.locator('[data-test=field-expected_months] .el-form-item__error');
  await monthsError.waitFor();
  assert.match(await monthsError.innerText(), /R-T02/);
  assert.match(await monthsError.innerText(), /转接组织关系/);
  // the exception field is offered; a 4-month stay is a card instead
  await dialog.locator('input[name=transfer_exception]').waitFor();
  await months.fill('4');
  await months.press('Tab');
  await dialog.locator('[data-test=reg-submit]').click();

  const rec = page.locator('[data-test=mobile-record-dialog]');
  const finding = rec.locator('[data-test=finding-R-M02]');
  await finding.waitFor();
  assert.match(await finding.innerText(), /临时党支部或党小组/);
  assert.match(await finding.innerText(), /钱甲/);
  assert.match(await finding.innerText(), /孙乙/);
  assert.match(await rec.innerText(), /139\*\*\*\*5678/);
  assert.equal((await srv.api('GET', `/api/members/${members['李丙'].id}`)).json.status, 'mobile');

  // 登记联系 (today, 电话): the log has it
  await rec.locator('input[name=contact_note]').fill('电话了解近况');
  await rec.locator('[data-test=contact-submit]').click();
  await rec.locator('[data-test=rec-contacts] .el-table__row').filter({ hasText: '电话了解近况' }).waitFor();
  await expectAccessible(page);

  // 登记返回: the record closes, the member is back to normal
  await rec.locator('[data-test=return-submit]').click();
  await rec.locator('[data-test=rec-desc]', { hasText: '已返回' }).waitFor();
  assert.equal((await srv.api('GET', `/api/members/${members['李丙'].id}`)).json.status, 'normal');
  await page.keyboard.press('Escape');
  await rec.waitFor({ state: 'hidden' });

  // 联系超期: the outflow never contacted since 2025
  await page.getByRole('tab', { name: /联系超期/ }).click();
  const lateRow = table.locator('.el-table__row').filter({ hasText: '周丁' });
  await lateRow.getByText('超期').waitFor();
  assert.match(await lateRow.innerText(), /2025-07-10/);
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-test=mobile-table] .el-table__body-wrapper .el-table__row')];
    return rows.length >= 1 && rows.every((r) => r.innerText.includes('超期'));
  });
  assertNoProblems(assert, page);
});

test('流入登记 from outside; axe-core and 390×844', async () => {
  await page.goto(`${page.base}/mobile-members`);
  await page.getByRole('tab', { name: '流入' }).click();
  await page.locator('[data-test=mobile-register-in]').click();
  const dialog = page.locator('[data-test=mobile-register-dialog]');
  await dialog.getByText('流入登记').first().waitFor();
  const idn = makeIdNumber({ birth: '1991-03-03' });
  await dialog.locator('input[name=name]').fill('吴外来');
  await dialog.locator('input[name=id_number]').fill(idn);
  await dialog.locator('input[name=home_org_name]').fill('外省某村党支部');
  // the host branch is the selected organization (preselected)
  await dialog.locator('[data-test=reg-host]').getByText(branch.name).waitFor();
  await dialog.locator('input[name=reason]').fill('务工');
  await dialog.locator('input[name=card_no]').fill('E2E-IN-1');
  await expectAccessible(page);
  await dialog.locator('[data-test=reg-submit]').click();
  const rec = page.locator('[data-test=mobile-record-dialog]');
  await rec.getByText('外省某村党支部').waitFor();
  await page.keyboard.press('Escape');
  const row = page.locator('[data-test=mobile-table] .el-table__row').filter({ hasText: '吴外来' });
  await row.waitFor();
  assert.ok(!(await page.content()).includes(idn), 'the ID number is never on the page');
  await expectAccessible(page);

  const phone = await con.newPage({ width: 390, height: 844 });
  await loginUi(phone, 'operator', OPERATOR_PASSWORD);
  await phone.goto(`${phone.base}/orgs/${branch.id}`);
  await phone.locator('[data-test=org-title]').getByText(branch.name).waitFor();
  await phone.goto(`${phone.base}/mobile-members`);
  await phone.locator('[data-test=mobile-table] .el-table__row').first().waitFor();
  await phone.waitForTimeout(200);
  const wide = [];
  if (await sideways(phone) > 0) wide.push(`list: ${await sideways(phone)}px`);
  await screenshot(phone, 'mobile-phone-list');
  await phone.locator('[data-test=mobile-register-out]').click();
  await phone.locator('[data-test=mobile-register-dialog]').getByText('流出登记').first().waitFor();
  await phone.waitForTimeout(300);
  const dialogWide = await phone.evaluate(() => {
    const d = [...document.querySelectorAll('.el-dialog')].find((e) => e.offsetParent !== null);
    return d ? Math.max(0, d.getBoundingClientRect().right - window.innerWidth, d.scrollWidth - d.clientWidth) : -1;
  });
  if (dialogWide !== 0) wide.push(`register dialog: ${dialogWide}`);
  await screenshot(phone, 'mobile-phone-register');
  await phone.keyboard.press('Escape');
  await phone.locator('[data-test^=mobile-open-]').first().click();
  await phone.locator('[data-test=mobile-record-dialog] .el-descriptions').waitFor();
  await phone.waitForTimeout(300);
  const recWide = await phone.evaluate(() => {
    const d = [...document.querySelectorAll('.el-dialog')].find((e) => e.offsetParent !== null);
    return d ? Math.max(0, d.getBoundingClientRect().right - window.innerWidth, d.scrollWidth - d.clientWidth) : -1;
  });
  if (recWide !== 0) wide.push(`record dialog: ${recWide}`);
  await screenshot(phone, 'mobile-phone-record');
  assert.deepEqual(wide, [], 'wider than the phone');
  assertNoProblems(assert, phone);
});
