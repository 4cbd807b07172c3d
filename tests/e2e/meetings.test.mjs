// 会议活动 (issue #6) in a real browser: the secretary plans a 党员大会 with the plan form, opens the
// meeting and shows the full-screen QR panel; a member on a phone (a second browser context,
// 390×844, not logged in) opens the URL the code carries, logs in, lands back on the check-in page
// and is checked in; the secretary sees the member present and records the minutes (state 已召开).
// No sideways scrolling on the phone pages; no CSP violation or page error anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber, todayShanghai } from '../api/harness.mjs';

let con;
let srv;
let branch;
let member;
const memberLogin = `mtgphone${Date.now() % 100000}`;

// Element Plus puts data-test on the native input (el-input) or on a wrapper (pickers).
const field = (scope, name) =>
  scope.locator(`input[data-test=${name}], [data-test=${name}] input, textarea[data-test=${name}], [data-test=${name}] textarea`).first();

async function sideways(p) {
  return p.evaluate(() => Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth));
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'MTW01', name: '会议页面测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  const b = await srv.api('POST', '/api/orgs', { code: 'MTW0101', name: '会议页面测试支部', kind: 'branch', parent_id: c.json.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  for (const name of ['赵签到', '钱未到']) {
    const m = await srv.api('POST', '/api/members', {
      name, id_number: makeIdNumber(), category: 'full', join_date: '2005-07-01', full_date: '2006-07-01', org_id: branch.id,
    });
    assert.equal(m.status, 201, m.text);
    if (!member) member = m.json;
  }
  srv.cli(['user', 'create', memberLogin, '--role', 'member', '--org', String(branch.id), '--member', String(member.id)], {
    LIANXIN_USER_PASSWORD: OPERATOR_PASSWORD,
  });
});
after(async () => {
  await con?.close();
});

test('plan → QR panel → a member scans on a phone (login, back) → checked in → minutes recorded', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await page.goto(`${page.base}/orgs/${branch.id}`);
  await page.locator('[data-test=org-title]').getByText(branch.name).waitFor();
  await page.goto(`${page.base}/meetings`);
  await page.locator('[data-test=ml-table]').getByText('没有会议').waitFor();
  await page.locator('[data-test=ml-plan]').click();
  const dlg = page.locator('[data-test=ml-plan-dialog]');
  await dlg.getByText('保存计划').waitFor();
  await field(dlg, 'plan-topic').fill('学习贯彻党的二十届三中全会精神');
  const today = todayShanghai();
  for (const [label, time] of [['开始时间', '00:00'], ['结束时间', '23:59']]) {
    const input = dlg.locator(`input[aria-label=${label}]`).first();
    await input.click();
    await input.fill(`${today} ${time}`);
    await input.press('Enter');
  }
  await field(dlg, 'plan-place').fill('党员活动室');
  await dlg.getByText('会议类型（第一项为主类型，可多选）').click(); // close any open picker
  await dlg.locator('[data-test=plan-submit]').click();
  await page.waitForURL((u) => /\/meetings\/\d+$/.test(u.pathname));
  const meetingId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.locator('[data-test=md-state]').getByText('计划中').waitFor();

  await page.locator('[data-test=md-qr]').click();
  const panel = page.locator('[data-test=md-qr-panel]');
  await panel.locator('[data-test=md-qr-svg] svg').waitFor();
  const url = await panel.locator('[data-test=md-qr-url]').getAttribute('href');
  assert.match(url, /\/checkin\?t=[A-Za-z0-9_-]+$/);
  await screenshot(page, 'meeting-qr');

  // The member's phone: not logged in → login → back to the check-in page → checked in.
  const phone = await con.newPage({ width: 390, height: 844 });
  await phone.goto(url);
  await phone.waitForURL((u) => u.pathname === '/login');
  await phone.locator('input[name=login]').fill(memberLogin);
  await phone.locator('input[name=password]').fill(OPERATOR_PASSWORD);
  await phone.locator('button[type=submit]').click();
  await phone.waitForURL((u) => u.pathname === '/checkin');
  await phone.locator('[data-test=checkin-result]').getByText('签到成功').waitFor();
  assert.equal(await sideways(phone), 0);
  await screenshot(phone, 'meeting-checkin-phone');
  // Scanning again answers 已签到.
  await phone.reload();
  await phone.locator('[data-test=checkin-result]').getByText('已签到').waitFor();
  // The member home shows the meeting.
  await phone.goto(`${phone.base}/me`);
  await phone.locator('[data-test=mh-meetings]').getByText('学习贯彻党的二十届三中全会精神').waitFor();
  assert.equal(await sideways(phone), 0);
  assertNoProblems(assert, phone);

  // The secretary: the attendee list follows; record the minutes.
  await page.keyboard.press('Escape');
  await page.reload();
  const att = (await srv.api('GET', `/api/meetings/${meetingId}`)).json.attendees.find((a) => a.member_id === member.id);
  await page.locator(`[data-test=att-status-${att.id}]`).getByText('已签到').waitFor();
  await page.locator('[data-test=md-record-open]').click();
  await field(page, 'md-minutes-input').fill(
    '会议由支部书记主持，传达学习了党的二十届三中全会精神，党员结合岗位实际逐一发言，会议对下一阶段学习安排作出部署，要求全体党员认真落实。');
  await page.locator('[data-test=md-record-submit]').click();
  await page.locator('[data-test=md-state]').getByText('已召开').waitFor();
  await page.locator('[data-test=md-counts]').getByText('1/2').waitFor();
  assertNoProblems(assert, page);
});
