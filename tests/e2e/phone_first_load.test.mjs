// The phone layout at 390×844 (home, member list, dashboard, member home: no horizontal scrolling,
// the menu is a drawer) and the first load's transfer size: the login page plus the first layout
// page, summed from the encoded body sizes Chromium reports, under the 1.5 MB budget
// (docs/performance.md, "Web console: first load").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber } from '../api/harness.mjs';

const PHONE = { width: 390, height: 844 };
const BUDGET = 1.5 * 1024 * 1024;

let con;
let srv;
let committee;
let branch;
let member;
const MEMBER_PASSWORD = 'Phone#Member26';

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'PHN01', name: '手机布局测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  committee = c.json;
  const b = await srv.api('POST', '/api/orgs', { code: 'PHN0101', name: '手机布局测试第一党支部', kind: 'branch', parent_id: committee.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  for (const [name, birth, gender] of [['孙立新', '1972-04-05', 'male'], ['钱晓红', '1986-09-10', 'female']]) {
    const m = await srv.api('POST', '/api/members', {
      name, id_number: makeIdNumber({ birth, gender }), category: 'full', join_date: '2008-07-01', full_date: '2009-07-01',
      org_id: branch.id, mobile: '13912345678',
    });
    assert.equal(m.status, 201, m.text);
    member ??= m.json;
  }
  srv.cli(['user', 'create', 'phonemember', '--role', 'member', '--org', String(branch.id), '--member', String(member.id)],
    { LIANXIN_USER_PASSWORD: MEMBER_PASSWORD });
});
after(async () => {
  await con?.close();
});

async function noHorizontalScroll(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), inner: window.innerWidth,
  }));
  assert.equal(inner, PHONE.width);
  assert.ok(scroll <= inner, `${what}: page ${scroll} px wide on a ${inner} px phone`);
}

async function menuIsDrawer(page) {
  assert.equal(await page.locator('.layout__aside').count(), 0, 'no fixed side menu on a phone');
  await page.getByRole('button', { name: '打开菜单' }).click();
  const drawer = page.locator('.layout__menu-drawer');
  await drawer.getByRole('menuitem', { name: '首页' }).waitFor();
  const box = await drawer.locator('.el-menu').first().boundingBox();
  assert.ok(box && box.width <= PHONE.width, `the drawer fits the screen (${box?.width} px)`);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
}

test('at 390×844 home, member list and dashboard fit the screen and the menu is a drawer', async () => {
  const page = await con.newPage(PHONE);
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await page.getByRole('heading', { name: /欢迎/ }).waitFor();
  await page.locator('[data-test=home-org]').waitFor();
  await noHorizontalScroll(page, 'home');
  await screenshot(page, 'phone-390-home');
  await menuIsDrawer(page);

  // choose the committee in the organization drawer, then the member list
  await page.getByRole('button', { name: /当前组织/ }).click();
  await page.locator('.org-panel__tree').getByText(committee.name).click();
  await page.locator('.layout__org-name').getByText(committee.name).waitFor();
  await page.goto(`${page.base}/members`);
  await page.locator('[data-test=member-table] .el-table__row').filter({ hasText: '孙立新' }).waitFor();
  await noHorizontalScroll(page, 'members');
  await screenshot(page, 'phone-390-members');
  await menuIsDrawer(page);

  await page.goto(`${page.base}/dashboard`);
  await page.waitForFunction(() => document.querySelectorAll('[data-test=dash-charts] canvas').length >= 5);
  await noHorizontalScroll(page, 'dashboard');
  const canvases = await page.locator('[data-test=dash-charts] canvas').evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().right));
  for (const right of canvases) assert.ok(right <= PHONE.width, `a chart ends at ${right} px`);
  await screenshot(page, 'phone-390-dashboard');
  await menuIsDrawer(page);
  assertNoProblems(assert, page);
});

test('at 390×844 the member home fits the screen and its menu is a drawer', async () => {
  const page = await con.newPage(PHONE);
  await loginUi(page, 'phonemember', MEMBER_PASSWORD);
  await page.waitForURL((u) => u.pathname === '/me');
  await page.locator('[data-test=mh-record]').waitFor();
  assert.match(await page.locator('h1').innerText(), new RegExp(member.name));
  await noHorizontalScroll(page, 'member home');
  await screenshot(page, 'phone-390-member-home');
  await menuIsDrawer(page);
  assertNoProblems(assert, page);
});

test('the first load (login page, then the first layout page) transfers less than 1.5 MB compressed', async (t) => {
  const page = await con.newPage();
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(`${page.base}/login`, { waitUntil: 'networkidle' });
  await page.locator('input[name=login]').fill('operator');
  await page.locator('input[name=password]').fill(OPERATOR_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByRole('heading', { name: /欢迎/ }).waitFor();
  await page.waitForLoadState('networkidle');
  let encoded = 0;
  let decoded = 0;
  let gzipped = 0;
  let assets = 0;
  for (const r of responses) {
    await r.finished();
    const { responseBodySize } = await r.request().sizes();
    encoded += responseBodySize;
    decoded += (await r.body().catch(() => Buffer.alloc(0))).length;
    const url = new URL(r.url());
    if (url.pathname.startsWith('/assets/') || url.pathname === '/' || url.pathname === '/login') {
      assets++;
      if ((await r.headerValue('content-encoding')) === 'gzip') gzipped++;
    }
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  t.diagnostic(`first load: ${responses.length} responses, ${kb(encoded)} transferred (bodies, compressed), ${kb(decoded)} uncompressed; ${gzipped}/${assets} static responses gzip`);
  assert.ok(gzipped > 0, 'the static files are served compressed');
  const charts = responses.filter((r) => /\/assets\/(echarts|DashboardView)-/.test(new URL(r.url()).pathname));
  assert.deepEqual(charts.map((r) => r.url()), [], 'the charts are loaded with the dashboard, not on the first load');
  assert.ok(encoded > 0 && encoded < BUDGET, `first load ${kb(encoded)} (budget ${kb(BUDGET)})`);
  assertNoProblems(assert, page);
});
