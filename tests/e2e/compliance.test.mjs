// 组织生活 pages (issue #6, org-life.md §3) in a real browser, meetings seeded with srv.sql() as
// migration 11 describes: the branch's obligations as coloured tags (a 党员大会 held today is
// 已完成), 「退回」 of that record by the upper level turns it yellow with the reason; the county's
// roll-up and its drill-down by colour; the reminder card on the dashboard (last month's 主题党日
// missing → red); 六个月未参加组织生活 lists the member who missed six months. axe-core and no
// sideways scrolling at 390×844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber, todayShanghai } from '../api/harness.mjs';

let con;
let srv;
let county;
let branch;
let page;
let meetingToday;
let absent;

async function sideways(p) {
  return p.evaluate(() => {
    const main = document.getElementById('lx-main');
    return Math.max(document.scrollingElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
  });
}

function meeting(o, type, date) {
  const ts = `${date}T12:00:00Z`;
  const out = srv.sql(`INSERT INTO meetings (org_id, primary_type, topic, starts_at, meeting_date, state, defects, `
    + `held_recorded_at, created_by_name, created_at, updated_at) VALUES (${o.id}, '${type}', '学习党章', `
    + `'${date}T09:00:00+08:00', '${date}', 'held', '[]', '${ts}', 'e2e', '${ts}', '${ts}') RETURNING id`);
  const id = Number(out.trim().split('\n')[0]);
  srv.sql(`INSERT INTO meeting_types (meeting_id, type, org_id, meeting_date, held) VALUES (${id}, '${type}', ${o.id}, '${date}', 1)`);
  return id;
}

async function select(p, o) {
  await p.goto(`${p.base}/orgs/${o.id}`);
  await p.locator('[data-test=org-title]').getByText(o.name).waitFor();
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'LFW01', name: '组织生活页面测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  county = c.json;
  const b = await srv.api('POST', '/api/orgs', { code: 'LFW0101', name: '组织生活测试第一支部', kind: 'branch', parent_id: county.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  const m = await srv.api('POST', '/api/members', {
    name: '郑缺席', id_number: makeIdNumber(), category: 'full', join_date: '2005-07-01', full_date: '2006-07-01', org_id: branch.id,
  });
  assert.equal(m.status, 201, m.text);
  absent = m.json;
  meetingToday = meeting(branch, 'member_meeting', todayShanghai());
  // One 主题党日 a month for the six months before this one, all missed by 郑缺席; none last month
  // would make it five, so these are the 10th of months 1..6 back.
  let [y, mo] = todayShanghai().split('-').map(Number);
  for (let k = 1; k <= 6; k++) {
    mo -= 1;
    if (mo === 0) { mo = 12; y -= 1; }
    const d = `${y}-${String(mo).padStart(2, '0')}-10`;
    const id = meeting(branch, k === 1 ? 'lecture' : 'theme_day', d); // last month: no 主题党日 (red)
    srv.sql(`INSERT INTO meeting_attendees (meeting_id, member_id, name, role, voting, status, meeting_date) `
      + `VALUES (${id}, ${absent.id}, '郑缺席', 'member', 1, 'absent', '${d}')`);
  }
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('a branch: coloured obligations, 退回 by the upper level turns the record yellow with the reason', async () => {
  await select(page, branch);
  await page.goto(`${page.base}/life/compliance`);
  const l01 = page.locator('[data-test=life-ob-R-L01]');
  await l01.locator('[data-colour=green]').waitFor();
  await l01.locator('.life__tag').getByText('已完成').waitFor();
  assert.equal(await page.locator('[data-test=life-ob-R-L02] [data-colour=na]').count(), 1, 'no committee: 不适用');
  await page.locator(`[data-test=life-reject-${meetingToday}]`).click();
  const box = page.locator('.el-message-box');
  await box.locator('input').fill('会议记录照抄文件');
  await box.getByRole('button', { name: '退回' }).click();
  await l01.locator('[data-colour=yellow]').waitFor();
  await l01.getByText(/照抄文件/).first().waitFor();
  await expectAccessible(page);
  await page.locator(`[data-test=life-clear-${meetingToday}]`).click();
  await l01.locator('[data-colour=green]').waitFor();
  const audit = srv.sql("SELECT count(*) FROM audit_log WHERE action IN ('meeting.review_reject', 'meeting.review_clear')");
  assert.equal(Number(audit.trim()), 2);
  assertNoProblems(assert, page);
});

test('the county: roll-up counts and the drill-down by colour; the dashboard card', async () => {
  await select(page, county);
  await page.goto(`${page.base}/life/compliance`);
  await page.locator('[data-test=life-rollup]').waitFor();
  await page.locator('[data-test=life-count-R-L01-green]').getByText('1').waitFor();
  await page.locator('[data-test=life-count-R-L01-green]').click();
  const rows = page.locator('[data-test=life-branches] .el-table__row');
  await rows.filter({ hasText: branch.name }).first().waitFor();
  await page.locator('[data-test=life-count-R-L01-red]').click();
  await page.locator('[data-test=life-branches]').getByText('没有符合条件的党支部').waitFor();
  await expectAccessible(page);
  await select(page, branch);
  await page.goto(`${page.base}/dashboard`);
  const card = page.locator('[data-test=dash-life]');
  await card.waitFor();
  await card.getByText('主题党日').first().waitFor();
  assert.ok(Number(await card.locator('[data-test=dash-life-red] .lr__num').textContent()) >= 1);
  assertNoProblems(assert, page);
});

test('六个月未参加组织生活 beside the dues flag, and both pages at 390×844', async () => {
  // 郑缺席 has paid no dues for the seven closed months before this one (through the ledger's routes).
  const ok = async (promise, status = 201) => {
    const r = await promise;
    assert.equal(r.status, status, r.text);
    return r.json;
  };
  let [y, mo] = todayShanghai().split('-').map(Number);
  const months = [];
  for (let k = 0; k < 7; k++) {
    mo -= 1;
    if (mo === 0) { mo = 12; y -= 1; }
    months.unshift(`${y}-${String(mo).padStart(2, '0')}`);
  }
  await ok(srv.api('POST', '/api/dues/bases', { member_id: absent.id, category: 'salaried', base_fen: 300000, first_received: months[0] }));
  for (const month of months) {
    const opened = await ok(srv.api('POST', '/api/dues/periods', { org_id: branch.id, month }));
    await ok(srv.api('POST', `/api/dues/periods/${opened.period.id}/close`, {}), 200);
  }
  await select(page, county);
  await page.goto(`${page.base}/life/absence`);
  await page.locator('[data-test=absence-table] .el-table__row').filter({ hasText: '郑缺席' }).waitFor();
  await page.getByText('无记录').first().waitFor();
  await page.locator(`[data-test=absence-dues-${absent.id}]`).getByText(`连续7个月未交（自${months[0]}）`).waitFor();
  await expectAccessible(page);

  const phone = await con.newPage({ width: 390, height: 844 });
  await loginUi(phone, 'operator', OPERATOR_PASSWORD);
  const wide = [];
  await select(phone, branch);
  await phone.goto(`${phone.base}/life/compliance`);
  await phone.locator('[data-test=life-ob-R-L08]').waitFor();
  await phone.waitForTimeout(200);
  if (await sideways(phone) > 0) wide.push(`branch: ${await sideways(phone)}px`);
  await screenshot(phone, 'life-phone-branch');
  await select(phone, county);
  await phone.goto(`${phone.base}/life/compliance`);
  await phone.locator('[data-test=life-rollup]').waitFor();
  await phone.waitForTimeout(200);
  if (await sideways(phone) > 0) wide.push(`rollup: ${await sideways(phone)}px`);
  await screenshot(phone, 'life-phone-rollup');
  await phone.goto(`${phone.base}/life/absence`);
  await phone.locator('[data-test=absence-table] .el-table__row').first().waitFor();
  await phone.waitForTimeout(200);
  if (await sideways(phone) > 0) wide.push(`absence: ${await sideways(phone)}px`);
  assert.deepEqual(wide, [], 'wider than the phone');
  assertNoProblems(assert, phone);
});
