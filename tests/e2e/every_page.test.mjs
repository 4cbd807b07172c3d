// Every main page of the console on phones and under axe-core: at 390×844 and at 360×740 each page
// (login, home, member list, member detail, organization, recruitment list and case, mobile members, working-day
// calendar, transfer list and case, imports, users, audit, dashboard, member home, my sessions) is no wider than the screen (document.scrollingElement.scrollWidth <=
// innerWidth, and the layout's own scrolling main area does not scroll sideways) and its menu is a
// drawer, with a screenshot of each (at 360 px the pages' dialogs fit too); at desktop width (and the phone's header and drawer at 360 px)
// none has a serious or critical axe-core violation. Failures are collected over all pages, so one
// run names every page that breaks. And the first load (login page, then home) transfers less than
// 1.5 MB compressed (docs/performance.md, "Web console: first load").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, axeSerious, settle, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { ADMIN_PASSWORD, makeIdNumber, todayShanghai } from '../api/harness.mjs';

const PHONES = [{ width: 390, height: 844 }, { width: 360, height: 740 }];
const NARROWEST = PHONES[1];
const DESKTOP = { width: 1366, height: 800 };
const BUDGET = 1.5 * 1024 * 1024; // the first load, compressed (docs/performance.md)
const MEMBER_PASSWORD = 'Every#Page2026';

let con;
let srv;
let committee;
let branch;
let member;
let recruitCase;
let transfer;
let meeting;
const members = [];

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', {
    code: 'EVP01', name: '全页面测试中共某某县机关工作委员会', kind: 'committee', host_unit: '某某县人民政府办公室', contact_name: '王联络',
  });
  assert.equal(c.status, 201, c.text);
  committee = c.json;
  const b = await srv.api('POST', '/api/orgs', { code: 'EVP0101', name: '全页面测试第一党支部', kind: 'branch', parent_id: committee.id });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
  for (const [name, birth, gender] of [['司马相如', '1972-04-05', 'male'], ['上官婉儿', '1986-09-10', 'female'], ['赵钱孙', '1990-01-20', 'male']]) {
    const m = await srv.api('POST', '/api/members', {
      name, id_number: makeIdNumber({ birth, gender }), category: 'full', join_date: '2012-07-01', full_date: '2013-07-01',
      org_id: branch.id, mobile: '13912345678', landline: '0571-87654321', address: '某某县某某街道某某小区1幢1单元101室',
      education: 'bachelor', ethnicity: '01', employment: 'civil_servant', position: '科员',
    });
    assert.equal(m.status, 201, m.text);
    member ??= m.json;
    if (name === '上官婉儿') {
      // an outflow (流动党员) for the mobile-members page
      const o = await srv.api('POST', '/api/mobile-members', {
        member_id: m.json.id, destination: '浙江省杭州市', reason: '外出务工', start_date: '2026-01-10', expected_months: 5,
        card_no: 'EVP-LD-1', card_issued_on: '2026-01-05', contact_phone: '13912345678',
      });
      assert.equal(o.status, 201, o.text);
    }
    members.push(m.json);
  }
  // a status change, so the detail page has some history
  const s = await srv.api('POST', `/api/members/${member.id}/status`, { status: 'lost_contact', effective_date: '2026-03-05', kind: '1', lost_since: '2026-01-05', reason: '多次联系未果' });
  assert.equal(s.status, 200, s.text);
  // a recruitment case (its talk is overdue) for the recruitment pages
  const rc = await srv.api('POST', '/api/recruitment/cases', {
    org_id: branch.id, name: '欧阳申请', id_number: makeIdNumber({ birth: '1997-07-07', gender: 'female' }), unit: '某某县第一中学', application_date: '2025-03-10',
  });
  assert.equal(rc.status, 201, rc.text);
  recruitCase = rc.json;
  // a transfer waiting for the branch's approval (上官婉儿 to a second branch) for the transfer pages
  const b2 = await srv.api('POST', '/api/orgs', { code: 'EVP0102', name: '全页面测试第二党支部', kind: 'branch', parent_id: committee.id });
  assert.equal(b2.status, 201, b2.text);
  const tr = await srv.api('POST', '/api/transfers', { member_id: members[1].id, to_org_id: b2.json.id, reason: '工作调动' });
  assert.equal(tr.status, 201, tr.text);
  transfer = tr.json;
  // a planned 党员大会 + 党课 of the branch (its members are the attendees) for the meeting pages
  const mt = await srv.api('POST', '/api/meetings', {
    org_id: branch.id, types: ['member_meeting', 'lecture'], topic: '全页面测试党课', starts_at: `${todayShanghai()}T09:00`,
    ends_at: `${todayShanghai()}T11:00`, place: '党员活动室', host: '王书记', lecturer: '李讲师',
  });
  assert.equal(mt.status, 201, mt.text);
  meeting = mt.json;
  // an import batch for the imports page
  const csv = `姓名,公民身份号码,人员类别,加入党组织日期,转为正式党员日期,所在党支部\r\n欧阳春,${makeIdNumber({ birth: '1980-02-02' })},正式党员,2005-07-01,2006-07-01,EVP0101\r\n`;
  const pre = await srv.request('POST', '/api/imports?kind=members&policy=skip&filename=%E5%90%8D%E5%86%8C.csv', {
    body: Buffer.from(csv, 'utf8'), headers: { 'content-type': 'text/csv' },
  });
  assert.equal(pre.status, 201, pre.text);
  srv.cli(['user', 'create', 'everymember', '--role', 'member', '--org', String(branch.id), '--member', String(member.id)],
    { LIANXIN_USER_PASSWORD: MEMBER_PASSWORD });
});
after(async () => {
  await con?.close();
});

// Each page: the account that uses it, its address, and what shows that it finished loading.
const PAGES = [
  // (the organization chosen last, on the organization page, stays selected: the committee or its branch)
  { name: 'home', path: () => '/', ready: (p) => p.locator('[data-test=home-org]').getByText(/^全页面测试/).waitFor() },
  { name: 'members', path: () => '/members', ready: (p) => p.locator('[data-test=member-table] .el-table__row').filter({ hasText: '司马相如' }).waitFor() },
  {
    name: 'member-detail',
    path: () => `/members/${member.id}`,
    ready: (p) => p.locator('[data-test=member-history]').getByText('多次联系未果').waitFor(),
    dialogs: [['[data-test=member-status]', '党员状态变更'], ['[data-test=detail-reveal-id]', '查看完整公民身份号码'],
      ['[data-test=member-transfer]', '组织关系转接'], ['[data-test=member-issue-letter]', '开具介绍信（转出本系统）']],
  },
  {
    name: 'member-edit',
    path: () => `/members/${member.id}/edit`,
    ready: (p) => p.waitForFunction((name) => document.querySelector('input[name=name]')?.value === name, member.name),
  },
  {
    name: 'org',
    path: () => `/orgs/${branch.id}`,
    ready: (p) => p.locator('[data-test=org-details] .el-descriptions').waitFor(),
    dialogs: [['[data-test=org-create]', '新建'], ['[data-test=org-move]', '调整上级组织'], ['[data-test=org-dissolve]', '撤销组织'],
      [async (p) => {
        await p.getByRole('tab', { name: '委员会与任期' }).click();
        await p.getByRole('button', { name: '登记换届' }).click();
      }, '登记换届']],
  },
  {
    name: 'recruit-list',
    path: () => '/recruitment',
    ready: (p) => p.locator('[data-test=recruit-table] .el-table__row').filter({ hasText: '欧阳申请' }).waitFor(),
    dialogs: [['[data-test=recruit-create]', '新建发展档案']],
  },
  {
    name: 'recruit-case',
    path: () => `/recruitment/${recruitCase.id}`,
    ready: (p) => p.locator('[data-test=step-form]').waitFor(),
    dialogs: [['[data-test^=correct-]', '更正记录']], // the case's one record
  },
  { name: 'transfer-letters', path: () => '/transfers/letters', ready: (p) => p.locator('[data-test=letters-table]').waitFor() },
  { name: 'transfer-incoming', path: () => '/transfers/letters/incoming', ready: (p) => p.locator('[data-test=incoming-form]').waitFor() },
  {
    name: 'mobile-members',
    path: () => '/mobile-members',
    ready: (p) => p.locator('[data-test=mobile-table] .el-table__row').filter({ hasText: '上官婉儿' }).waitFor(),
    dialogs: [['[data-test=mobile-register-out]', '流出登记'], ['[data-test^=mobile-open-]', '上官婉儿（流出）']],
  },
  {
    name: 'transfers',
    path: () => '/transfers',
    ready: (p) => p.locator('[data-test=transfer-table] .el-table__row').filter({ hasText: '上官婉儿' }).waitFor(),
  },
  {
    name: 'transfer-detail',
    path: () => `/transfers/${transfer.id}`,
    ready: (p) => p.locator('[data-test=transfer-timeline]').getByText('工作调动').waitFor(),
    dialogs: [['[data-test=transfer-refuse]', '不同意转出']],
  },
  { name: 'meetings', path: () => '/meetings', ready: (p) => p.locator('[data-test=ml-table] .el-table__row').filter({ hasText: '全页面测试党课' }).waitFor() },
  { name: 'meeting-detail', path: () => `/meetings/${meeting.id}`, ready: (p) => p.locator('[data-test=md-attendees] .el-table__row').filter({ hasText: '司马相如' }).waitFor() },
  { name: 'status-reviews', path: () => '/members/status-reviews', ready: (p) => p.locator('[data-test=review-table]').waitFor() },
  {
    name: 'life-compliance',
    path: () => '/life/compliance',
    ready: (p) => p.locator('[data-test=life-ob-R-L01], [data-test=life-rollup]').first().waitFor(),
  },
  { name: 'life-absence', path: () => '/life/absence', ready: (p) => p.locator('[data-test=absence-table]').waitFor() },
  { name: 'calendar', path: () => '/system/calendar', ready: (p) => p.locator('[data-test=calendar-form]').waitFor() },
  { name: 'imports', path: () => '/imports', ready: (p) => p.locator('[data-test=import-batches] .el-table__row').first().waitFor() },
  { name: 'users', path: () => '/system/users', ready: (p) => p.locator('[data-test=users-table] .el-table__row').first().waitFor() },
  {
    name: 'dashboard',
    path: () => '/dashboard',
    ready: (p) => p.waitForFunction(() => document.querySelectorAll('[data-test=dash-charts] canvas').length >= 5),
  },
  { name: 'sessions', path: () => '/account/sessions', ready: (p) => p.locator('[data-test=sessions-table] .el-table__row').first().waitFor() },
  { name: 'audit', account: 'auditor', path: () => '/system/audit', ready: (p) => p.locator('[data-test=audit-table] .el-table__row').first().waitFor() },
  {
    name: 'member-home',
    account: 'member',
    path: () => '/me',
    ready: (p) => p.locator('[data-test=mh-record]').waitFor().then(() => p.locator('[data-test=my-transfer-open]').waitFor())
      .then(() => p.locator('[data-test=mh-meetings]').getByText('全页面测试党课').waitFor()),
  },
];
const ACCOUNTS = {
  operator: ['operator', OPERATOR_PASSWORD],
  auditor: ['auditor', ADMIN_PASSWORD],
  member: ['everymember', MEMBER_PASSWORD],
};

let logged; // one logged-in page per account, shared by the tests (each sets its viewport)

/** The logged-in pages, at this viewport. */
async function pagesFor(viewport) {
  if (!logged) {
    logged = {};
    for (const [key, [login, password]] of Object.entries(ACCOUNTS)) {
      const page = await con.newPage(viewport);
      await loginUi(page, login, password);
      logged[key] = page;
    }
  }
  for (const page of Object.values(logged)) await page.setViewportSize(viewport);
  return logged;
}

/**
 * Opens `path` inside the running console, as a click on a link would (vue-router follows the
 * history's popstate): no reload of the application for every page.
 */
async function openInApp(page, path) {
  if (!page.url().startsWith(page.base)) {
    await page.goto(page.base + path);
    return;
  }
  await page.evaluate((p) => {
    window.history.pushState(null, '', p);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
  await page.waitForURL((u) => u.pathname === path);
}

async function overflow(page) {
  return page.evaluate(() => {
    const wide = [];
    // the widest elements that stick out, to name the culprit in the failure
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 1 && getComputedStyle(el).position !== 'fixed') {
        wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
      }
    }
    // the layout scrolls inside its main area (the document itself never does): it counts too
    const main = document.querySelector('.layout__main');
    const mainOver = main ? main.scrollWidth - main.clientWidth : 0;
    return { scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth, mainOver, wide: wide.slice(0, 5) };
  });
}

/**
 * Problems of the menu on a phone: no fixed side menu, a button that opens it; with `open`, the
 * drawer opens, fits the screen and closes (it is one component: opened once per account).
 */
async function menuProblems(page, width, { open }) {
  const out = [];
  if (await page.locator('.layout__aside').count()) out.push('a fixed side menu');
  const button = page.getByRole('button', { name: '打开菜单' });
  if (!(await button.isVisible())) out.push('no 打开菜单 button');
  if (!open || out.length) return out;
  await button.click();
  const drawer = page.locator('.layout__menu-drawer');
  await drawer.getByRole('menuitem').first().waitFor();
  const box = await drawer.locator('.el-menu').first().boundingBox();
  if (!box || box.width > width) out.push(`the drawer is ${box?.width} px wide`);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
  return out;
}

for (const viewport of PHONES) {
  test(`at ${viewport.width}×${viewport.height} every main page fits the screen and its menu is a drawer`, async () => {
    const failures = [];
    const login = await con.newPage(viewport);
    await login.goto(`${login.base}/login`);
    await login.locator('input[name=login]').waitFor();
    const o = await overflow(login);
    if (o.scroll > o.inner) failures.push(`login: ${o.scroll} px on ${o.inner} (${o.wide.join(', ')})`);
    await screenshot(login, `phone-${viewport.width}-login`);

    const pages = await pagesFor(viewport);
    for (const def of PAGES) {
      const page = pages[def.account || 'operator'];
      await openInApp(page, def.path());
      await def.ready(page);
      await settle(page);
      const ov = await overflow(page);
      assert.equal(ov.inner, viewport.width);
      if (ov.scroll > ov.inner) failures.push(`${def.name}: ${ov.scroll} px on ${ov.inner} (${ov.wide.join(', ')})`);
      if (ov.mainOver > 0) failures.push(`${def.name}: the main area scrolls sideways by ${ov.mainOver} px (${ov.wide.join(', ')})`);
      if (def.name === 'dashboard') {
        const rights = await page.locator('[data-test=dash-charts] canvas').evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().right));
        for (const right of rights) if (right > viewport.width) failures.push(`dashboard: a chart ends at ${right} px`);
      }
      await screenshot(page, `phone-${viewport.width}-${def.name}`);
      // its dialogs fit the screen too (checked on the narrowest phone)
      for (const [opener, title] of viewport === NARROWEST ? def.dialogs || [] : []) {
        if (typeof opener === 'string') await page.locator(opener).click();
        else await opener(page);
        const dialog = page.locator('.el-dialog').filter({ hasText: title }).last();
        await dialog.waitFor();
        await settle(page);
        const box = await dialog.boundingBox();
        if (box.x < 0 || box.x + box.width > viewport.width) failures.push(`${def.name}: dialog 「${title}」 spans ${Math.round(box.x)}..${Math.round(box.x + box.width)} px`);
        const inside = await dialog.evaluate((d) => {
          const right = d.getBoundingClientRect().right;
          return [...d.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > right + 1)
            .slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
        });
        if (inside.length) failures.push(`${def.name}: in 「${title}」 ${inside.join(', ')} stick out`);
        await screenshot(page, `phone-${viewport.width}-${def.name}-dialog-${title}`);
        const over = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
        if (over > 0) failures.push(`${def.name}: with 「${title}」 open the page scrolls sideways by ${over} px`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
      }
      const open = def.name === 'home' || def.name === 'member-home';
      for (const p of await menuProblems(page, viewport.width, { open })) failures.push(`${def.name}: ${p}`);
      if (def.name === 'home' && viewport === NARROWEST) {
        // the phone's own header and drawer pass axe too
        const v = await axeSerious(page);
        if (v.length) failures.push(`home (phone) axe: ${JSON.stringify(v)}`);
        await page.getByRole('button', { name: '打开菜单' }).click();
        await page.locator('.layout__menu-drawer').getByRole('menuitem').first().waitFor();
        const dv = await axeSerious(page);
        if (dv.length) failures.push(`menu drawer axe: ${JSON.stringify(dv)}`);
        await page.keyboard.press('Escape');
        await page.locator('.layout__menu-drawer').waitFor({ state: 'hidden' });
      }
    }
    assert.deepEqual(failures, []);
    for (const page of [login, ...Object.values(pages)]) assertNoProblems(assert, page);
  });
}

test('no serious or critical axe-core violation on any main page', async () => {
  const found = {};
  const login = await con.newPage(DESKTOP);
  await login.goto(`${login.base}/login`);
  await login.locator('input[name=login]').waitFor();
  const lv = await axeSerious(login);
  if (lv.length) found.login = lv;
  const pages = await pagesFor(DESKTOP);
  for (const def of PAGES) {
    const page = pages[def.account || 'operator'];
    await openInApp(page, def.path());
    await def.ready(page);
    const v = await axeSerious(page);
    if (v.length) found[def.name] = v;
  }
  assert.deepEqual(found, {}, JSON.stringify(found, null, 2));
  for (const page of [login, ...Object.values(pages)]) assertNoProblems(assert, page);
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
