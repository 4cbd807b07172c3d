// Recruitment pages (发展党员, issue #5) in a real browser: creating a case with an invalid ID number
// shows the server's Chinese error beside the field, the fixed form opens the case; the detail page
// shows the engine's overdue talk (R-D03) with its rule id, records the next step, and a step the
// engine blocks (确定发展对象 before one full year as activist, R-D10) is refused with its rule id
// and explanation, then accepted with a valid date. The list's filters and the working-day
// calendar page; axe-core (no serious or critical violation) and no sideways scrolling at 390×844
// on each new page. One server and one browser for the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber, breakChecksum, maskId, todayShanghai } from '../api/harness.mjs';

let con;
let srv;
let branch;
let page;
let caseId;
const contacts = [];
const idNumber = makeIdNumber({ birth: '1996-04-12', gender: 'female' });

async function fillDate(scope, label, value) {
  const input = scope.locator(`input[aria-label="${label}"]`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'RCW01', name: '发展页面测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  const b = await srv.api('POST', '/api/orgs', { code: 'RCW0101', name: '发展页面测试第一党支部', kind: 'branch', parent_id: c.json.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  for (const [name, birth] of [['联系人林', '1975-03-03'], ['联系人何', '1978-08-08']]) {
    const m = await srv.api('POST', '/api/members', {
      name, id_number: makeIdNumber({ birth }), category: 'full', join_date: '2005-07-01', full_date: '2006-07-01', org_id: branch.id,
    });
    assert.equal(m.status, 201, m.text);
    contacts.push(m.json);
  }
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('create a case: the server\'s ID number error beside the field, then the fixed form opens the case', async () => {
  // selecting the branch in the tree (deep link) makes it the dialog's default branch
  await page.goto(`${page.base}/orgs/${branch.id}`);
  await page.locator('[data-test=org-title]').getByText(branch.name).waitFor();
  await page.goto(`${page.base}/recruitment`);
  await page.locator('[data-test=recruit-table]').waitFor();
  await page.locator('[data-test=recruit-create]').click();
  const dialog = page.locator('[data-test=recruit-create-dialog]');
  await dialog.getByText(branch.name).first().waitFor();
  await dialog.locator('input[name=name]').fill('苏小梅');
  await dialog.locator('input[name=id_number]').fill(breakChecksum(idNumber));
  await dialog.locator('input[name=unit]').fill('县实验中学');
  await fillDate(dialog, '递交入党申请书日期', '2023-09-01');
  await dialog.locator('[data-test=case-submit]').click();
  const idError = dialog.locator('[data-test=field-id_number] .el-form-item__error');
  await idError.waitFor();
  assert.match(await idError.innerText(), /[\u4e00-\u9fff]/, 'a Chinese message beside 公民身份号码');
  assert.match(await idError.innerText(), /校验/);
  await screenshot(page, 'recruit-create-error');

  await dialog.locator('input[name=id_number]').fill(idNumber);
  await dialog.locator('[data-test=case-submit]').click();
  await page.waitForURL((u) => /^\/recruitment\/\d+$/.test(u.pathname));
  caseId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.locator('[data-test=case-title]').getByText('苏小梅').waitFor();
  const info = await page.locator('[data-test=case-info]').innerText();
  assert.ok(info.includes(maskId(idNumber)), info);
  assert.ok(!(await page.content()).includes(idNumber), 'the full ID number is not on the page');
  // the talk was due within a month (2023-10-01): overdue, with its rule id
  const overdue = page.locator('[data-test=case-overdue]');
  await overdue.getByText('R-D03').waitFor();
  assert.match(await overdue.innerText(), /2023-10-01/);
  assert.match(await page.locator('[data-test=case-next]').innerText(), /党组织派人谈话/);
  assertNoProblems(assert, page);
});

test('record the next step, then a blocking rule refuses a step with its rule id and explanation', async () => {
  assert.ok(caseId, 'the case of the previous test');
  const form = page.locator('[data-test=step-form]');
  await form.locator('[data-test=step-select]').getByText('2. 党组织派人谈话').waitFor();
  await fillDate(form, '日期', '2023-09-20');
  await form.locator('[data-test=step-other-people]').fill('支部书记王');
  await form.locator('[data-test=step-submit]').click();
  await page.locator('[data-test=step-2]').getByText('已完成').waitFor();
  await page.locator('[data-test=step-2]').getByText('支部书记王').waitFor();
  await page.locator('[data-test=case-next]').getByText('推荐和确定入党积极分子').waitFor();

  // steps 3–4 through the API (activist on 2024-03-10), then the page again
  for (const body of [{ step: 3, date: '2024-03-10' }, { step: 4, date: '2024-03-15' }]) {
    const r = await srv.api('POST', `/api/recruitment/cases/${caseId}/steps`, body);
    assert.equal(r.status, 201, r.text);
  }
  await page.reload();
  // 指定培养联系人: two full members of the branch, found by name
  await form.locator('[data-test=step-select]').getByText('5. 指定培养联系人').waitFor();
  await fillDate(form, '日期', '2024-03-20');
  const picker = form.locator('[data-test=step-members]');
  for (const m of contacts) {
    await picker.locator('input').fill(m.name.slice(0, 2));
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: m.name }).click();
  }
  await page.keyboard.press('Escape');
  await form.locator('[data-test=step-submit]').click();
  await page.locator('[data-test=step-5]').getByText(/培养联系人：联系人林.*、联系人何/).waitFor();
  const r6 = await srv.api('POST', `/api/recruitment/cases/${caseId}/steps`, { step: 6, date: '2024-09-10', documents: ['培养教育考察材料'] });
  assert.equal(r6.status, 201, r6.text);
  await page.reload();
  await page.locator('[data-test=case-next]').getByText('确定发展对象').waitFor();

  // one day short of a full year as activist: R-D10 blocks
  await form.locator('[data-test=step-select]').getByText('7. 确定发展对象').waitFor();
  await fillDate(form, '日期', '2025-03-09');
  await form.locator('[data-test=step-submit]').click();
  const blocked = page.locator('[data-test=step-blocked]');
  await blocked.getByText('R-D10').waitFor();
  assert.match(await blocked.innerText(), /[\u4e00-\u9fff]{4}/);
  assert.match(await blocked.innerText(), /2025-03-10/, 'the explanation names the earliest date');
  await screenshot(page, 'recruit-step-blocked');
  await expectAccessible(page);

  await fillDate(form, '日期', '2025-03-10');
  await form.locator('[data-test=step-submit]').click();
  await page.locator('[data-test=step-7]').getByText('已完成').waitFor();
  await page.locator('[data-test=case-next]').getByText('报上级党委备案').waitFor();
  assert.equal(await blocked.count(), 0);
  const got = await srv.api('GET', `/api/recruitment/cases/${caseId}`);
  assert.equal(got.json.current_step, 7, got.text);
  assertNoProblems(assert, page);
});

test('a correction is a new dated record; the corrected one stays, marked', async () => {
  assert.ok(caseId, 'the case of the first test');
  await page.goto(`${page.base}/recruitment/${caseId}`);
  const step2 = page.locator('[data-test=step-2]');
  await step2.getByText('2023-09-20', { exact: true }).waitFor();
  await step2.getByRole('button', { name: /更正/ }).click();
  const dialog = page.locator('[data-test=correct-dialog]');
  const form = dialog.locator('[data-test=step-form]');
  await form.locator('input[aria-label="日期"]').waitFor();
  assert.equal(await form.locator('input[aria-label="日期"]').inputValue(), '2023-09-20');
  await fillDate(form, '日期', '2023-09-22');
  // the reason is required
  await form.locator('[data-test=step-submit]').click();
  await form.locator('.el-form-item__error').getByText('请填写更正理由').waitFor();
  await form.locator('[data-test=correction-reason]').fill('谈话记录日期登记有误');
  await form.locator('[data-test=step-submit]').click();
  await dialog.waitFor({ state: 'hidden' });
  await step2.getByText('已被更正').waitFor();
  await step2.getByText('更正理由：谈话记录日期登记有误').waitFor();
  assert.match(await step2.innerText(), /2023-09-22/);
  const got = await srv.api('GET', `/api/recruitment/cases/${caseId}`);
  const recs = got.json.records.filter((r) => r.step === 2);
  assert.equal(recs.length, 2, got.text);
  assert.ok(recs[0].superseded_by === recs[1].id && recs[1].corrects === recs[0].id, got.text);
  assertNoProblems(assert, page);
});

test('the working-day calendar: a year not maintained is provisional until saved', async () => {
  await page.goto(`${page.base}/system/calendar`);
  const form = page.locator('[data-test=calendar-form]');
  const year = form.locator('[data-test=calendar-year] input');
  await year.fill('2031');
  await year.press('Tab');
  await form.getByText('该年份尚未维护').waitFor();
  await form.locator('[data-test=calendar-save]').click();
  await form.getByText(/最后维护：operator/).waitFor();
  assert.equal(await form.getByText('该年份尚未维护').count(), 0);
  const got = await srv.api('GET', '/api/recruitment/calendar/2031');
  assert.equal(got.json.loaded, true, got.text);
  assertNoProblems(assert, page);
});

test('the branch meeting: attendance and ballot per candidate, the vote counted against those who should attend', async () => {
  // a case at step 15 through the API
  const r = await srv.api('POST', '/api/recruitment/cases', {
    org_id: branch.id, name: '钱表决', id_number: makeIdNumber({ birth: '1994-02-02', gender: 'male' }), application_date: '2023-09-01',
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const pair = contacts.map((m) => ({ member_id: m.id }));
  for (const body of [
    { step: 2, date: '2023-09-20', people: [{ name: '支部书记王' }] }, { step: 3, date: '2024-03-10' }, { step: 4, date: '2024-03-15' },
    { step: 5, date: '2024-03-20', people: pair }, { step: 6, date: '2024-09-10' }, { step: 7, date: '2025-03-10' },
    { step: 8, date: '2025-03-15' }, { step: 9, date: '2025-03-20', people: pair }, { step: 10, date: '2025-04-01', passed: true },
    { step: 11, date: '2025-04-10', training_days: 3 }, { step: 12, date: '2025-04-20' }, { step: 13, date: '2025-05-01' },
    { step: 14, date: '2025-05-10' },
  ]) {
    const s = await srv.api('POST', `/api/recruitment/cases/${id}/steps`, body);
    assert.equal(s.status, 201, s.text);
  }
  await page.goto(`${page.base}/recruitment/${id}`);
  const form = page.locator('[data-test=step-form]');
  await form.locator('[data-test=step-select]').getByText('15. 支部大会讨论').waitFor();
  const count = async (key, n) => {
    const input = form.locator(`[data-test=vote-${key}] input`);
    await input.fill(String(n));
    await input.press('Tab');
  };
  await fillDate(form, '日期', '2025-05-20');
  // N is pre-filled from the branch roster on that date (R-D15); a typed 10 needs a reason.
  await form.locator('[data-test=vote-roster]').getByText('2025-05-20').waitFor();
  const rosterN = (await form.locator('[data-test=vote-roster-n]').innerText()).trim();
  assert.equal(await form.locator('[data-test=vote-should_attend] input').inputValue(), rosterN);
  // 10 should attend, 6 present, 5 yes: 5 is not more than half of 10 — recorded, not passed
  await count('should_attend', 10);
  if (rosterN !== '10') await form.locator('[data-test=vote-n-reason]').fill('名册外党员（测试）');
  await count('present', 6);
  await count('yes', 5);
  await count('no', 1);
  await form.locator('[data-test=step-submit]').click();
  const step15 = page.locator('[data-test=step-15]');
  await step15.getByText(/表决结果：.*未通过/).waitFor();
  assert.match(await step15.innerText(), /应到10人，实到6人/);
  assert.match(await page.locator('[data-test=case-next]').innerText(), /支部大会讨论/);
  await expectAccessible(page); // the vote form and a failed vote on the record
  // voted again: 6 yes of 10 passes
  await fillDate(form, '日期', '2025-06-20');
  await form.locator('[data-test=vote-roster]').getByText('2025-06-20').waitFor();
  await count('should_attend', 10);
  if (rosterN !== '10') await form.locator('[data-test=vote-n-reason]').fill('名册外党员（测试）');
  await count('present', 6);
  await count('yes', 6);
  await count('no', 0);
  await form.locator('[data-test=step-submit]').click();
  await step15.getByText('已完成').waitFor();
  await page.locator('[data-test=case-next]').getByText('上级党委派人谈话').waitFor();
  await step15.scrollIntoViewIfNeeded();
  await screenshot(page, 'recruit-vote');
  const got = await srv.api('GET', `/api/recruitment/cases/${id}`);
  const votes = got.json.records.filter((x) => x.step === 15).map((x) => x.vote.passed);
  assert.deepEqual(votes, [false, true], got.text);
  assertNoProblems(assert, page);
});

test('the rule pack on an organization: national default, then assigned with a local overlay', async () => {
  await page.goto(`${page.base}/orgs/${branch.id}`);
  await page.locator('[data-test=org-title]').getByText(branch.name).waitFor();
  await page.getByRole('tab', { name: '发展党员规则包' }).click();
  const box = page.locator('[data-test=org-recruit-pack]');
  await box.locator('[data-test=org-pack-source]').getByText('全国默认规则包').waitFor();
  assert.equal((await box.locator('[data-test=org-pack-id]').innerText()).trim(), 'recruit/2014细则');
  await box.getByText(/的规则（\d+条）$/).click();
  await box.locator('[data-test=org-pack-rules]').getByText('R-D10').first().waitFor();
  await expectAccessible(page);
  await box.locator('[data-test=org-pack-select]').click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: /^recruit\/2014细则（/ }).click();
  await box.getByText(/^local\/common/).click();
  await box.locator('[data-test=org-pack-save]').click();
  await box.locator('[data-test=org-pack-source]').getByText('本组织指定').waitFor();
  assert.equal((await box.locator('[data-test=org-pack-id]').innerText()).trim(), 'recruit/2014细则+local/common');
  const got = await srv.api('GET', `/api/recruitment/orgs/${branch.id}/pack`);
  assert.equal(got.json.pack_id, 'recruit/2014细则+local/common', got.text);
  assert.equal(got.json.assigned_here, true);
  await box.getByText(/R-D04 activist\.min_wait: OFF → WARN/).waitFor();
  await screenshot(page, 'recruit-org-pack');
  assertNoProblems(assert, page);
});

test('the case list: filters, masked ID, overdue tag; axe-core and 390×844 on the new pages', async () => {
  assert.ok(caseId, 'the case of the first test');
  // a second case whose talk is overdue (applied 2025-03-10, talk due 2025-04-10)
  const late = await srv.api('POST', '/api/recruitment/cases', {
    org_id: branch.id, name: '周晚', id_number: makeIdNumber({ birth: '1999-06-06', gender: 'male' }), application_date: '2025-03-10',
  });
  assert.equal(late.status, 201, late.text);
  await page.goto(`${page.base}/recruitment`);
  const table = page.locator('[data-test=recruit-table]');
  const row = table.locator('.el-table__row').filter({ hasText: '苏小梅' });
  await row.waitFor();
  assert.ok((await row.innerText()).includes(maskId(idNumber)));
  await page.locator('[data-test=filter-overdue]').click();
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/recruitment/cases?') && r.url().includes('overdue=true')),
    page.locator('[data-test=recruit-search]').click(),
  ]);
  const lateRow = table.locator('.el-table__row').filter({ hasText: '周晚' });
  await lateRow.getByText('逾期').waitFor();
  assert.match(await lateRow.innerText(), /2025-04-10/);
  assert.match(await lateRow.innerText(), /党组织派人谈话/);
  // only overdue cases once the filtered page is shown
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-test=recruit-table] .el-table__body-wrapper .el-table__row')];
    return rows.length >= 1 && rows.every((r) => r.innerText.includes('逾期'));
  });
  // 本月到期: due by the end of this month, overdue ones included
  await page.locator('[data-test=filter-overdue]').click();
  await page.locator('[data-test=filter-due-month]').click();
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`due_month=${todayShanghai().slice(0, 7)}`) && !r.url().includes('overdue=')),
    page.locator('[data-test=recruit-search]').click(),
  ]);
  await lateRow.getByText('逾期').waitFor();
  await page.evaluate(() => document.activeElement?.blur());
  await expectAccessible(page);
  await page.locator('[data-test=recruit-create]').click();
  await page.locator('[data-test=recruit-create-dialog]').getByText('建立档案').waitFor();
  await expectAccessible(page);
  await page.keyboard.press('Escape');

  await page.goto(`${page.base}/system/calendar`);
  await page.locator('[data-test=calendar-form]').waitFor();
  await expectAccessible(page);

  const phone = await con.newPage({ width: 390, height: 844 });
  await loginUi(phone, 'operator', OPERATOR_PASSWORD);
  const wide = [];
  for (const [name, path, ready] of [
    ['list', '/recruitment', '[data-test=recruit-table]'],
    ['detail', `/recruitment/${caseId}`, '[data-test=step-form]'],
    ['calendar', '/system/calendar', '[data-test=calendar-form]'],
  ]) {
    await phone.goto(phone.base + path);
    await phone.locator(ready).waitFor();
    await phone.waitForTimeout(200);
    const over = await phone.evaluate(() => {
      const main = document.getElementById('lx-main');
      return Math.max(document.scrollingElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
    });
    await screenshot(phone, `recruit-phone-${name}`);
    if (over > 0) wide.push(`${name}: ${over}px`);
  }
  assert.deepEqual(wide, [], 'pages wider than the phone');
  assertNoProblems(assert, page);
  assertNoProblems(assert, phone);
});
