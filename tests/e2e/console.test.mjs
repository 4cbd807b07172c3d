// The web console in a real browser (Debian's Chromium): login, wrong password, first-login
// password change, logout, deep links, the organization tree panel, my sessions, the phone
// layout, and axe-core on the login and layout pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD,
} from './browser.mjs';

let con;
let srv;
let committee;
let branch;

before(async () => {
  con = await startConsole();
  srv = con.srv;
  const c = await srv.api('POST', '/api/orgs', { code: 'E2E01', name: '端到端测试党委', kind: 'committee' });
  assert.equal(c.status, 201, c.text);
  committee = c.json;
  const b = await srv.api('POST', '/api/orgs', {
    code: 'E2E0101', name: '端到端第一党支部', kind: 'branch', parent_id: committee.id,
  });
  assert.equal(b.status, 201, b.text);
  branch = b.json;
});
after(async () => {
  await con?.close();
});

test('the login page has no serious accessibility violations and serves no inline script', async () => {
  const page = await con.newPage();
  await page.goto(`${page.base}/login`);
  await page.locator('input[name=login]').waitFor();
  assert.match(await page.title(), /登录/);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await screenshot(page, 'login');
  await expectAccessible(page);
  // A hovered primary button keeps its white text readable (Element Plus lightens it to 3.7:1).
  await page.locator('button.el-button--primary').first().hover();
  await expectAccessible(page, 'the hovered primary button', { keepPointer: true });
  assertNoProblems(assert, page);
});

test('a wrong password shows the server message and stays on the login page', async () => {
  const page = await con.newPage();
  await page.goto(`${page.base}/login`);
  await page.locator('input[name=login]').fill('operator');
  await page.locator('input[name=password]').fill('not-the-password');
  await page.locator('button[type=submit]').click();
  const alert = page.locator('[data-test=login-error]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /用户名或密码错误/);
  assert.equal(new URL(page.url()).pathname, '/login');
  // empty fields are refused beside the field, before asking the server
  await page.locator('input[name=password]').fill('');
  await page.locator('button[type=submit]').click();
  await page.getByText('请输入密码').waitFor();
  assertNoProblems(assert, page);
});

test('log in, see the layout with the organization tree, search it, and pass axe', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByRole('heading', { name: /欢迎/ }).waitFor();
  // the tree: the scope root, expanded at once, with its branch lazily loaded
  const tree = page.locator('.org-panel__tree');
  await tree.getByText(committee.name).waitFor();
  await tree.getByText(branch.name).waitFor();
  // choosing a node scopes the page
  await tree.getByText(branch.name).click();
  await page.locator('[data-test=home-org]').getByText(branch.name).waitFor();
  assert.match(await page.locator('.layout__org-name').innerText(), new RegExp(branch.name));
  await screenshot(page, 'layout-home');
  await expectAccessible(page);
  // search by name
  await page.getByRole('textbox', { name: '搜索组织名称或编码' }).fill('第一党支部');
  const hit = page.locator('.org-panel__results li').filter({ hasText: branch.name });
  await hit.waitFor();
  await page.getByRole('textbox', { name: '搜索组织名称或编码' }).fill('不存在的组织名');
  await page.getByText('没有找到匹配的组织').waitFor();
  // collapse the menu and back
  await page.getByRole('button', { name: '收起菜单' }).click();
  await page.locator('.layout__aside.is-collapsed').waitFor();
  await page.getByRole('button', { name: '展开菜单' }).click();
  await page.locator('.layout__aside:not(.is-collapsed)').waitFor();
  assertNoProblems(assert, page);
});

test('a deep link reloads into the page (SPA fallback) and my sessions lists the current one', async () => {
  const page = await con.newPage();
  // not logged in: the deep link goes to the login page and comes back after it
  await page.goto(`${page.base}/account/sessions`);
  await page.waitForURL(/\/login\?redirect=/);
  await page.locator('input[name=login]').fill('operator');
  await page.locator('input[name=password]').fill(OPERATOR_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/account/sessions');
  await page.reload();
  const table = page.locator('[data-test=sessions-table]');
  await table.locator('.el-table__row').first().waitFor();
  assert.equal(await table.locator('.el-tag').filter({ hasText: '当前' }).count(), 1);
  const crumbs = await page.locator('.layout__breadcrumb').innerText();
  assert.match(crumbs, /我的会话/);
  await screenshot(page, 'my-sessions');
  await expectAccessible(page);
  // an unknown path inside the console is the console's own 404 page
  await page.goto(`${page.base}/no/such/page`);
  await page.getByText('页面不存在').first().waitFor();
  assertNoProblems(assert, page);
});

test('logout ends the session: back to the login page, and the console is closed again', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await page.getByRole('button', { name: /账号菜单/ }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  assert.equal(me, 401);
  await page.goto(`${page.base}/`);
  await page.waitForURL(/\/login/);
  assertNoProblems(assert, page);
});

test('a one-time password must be changed first; a wrong old password is shown beside the field', async () => {
  const name = `e2enew${Date.now() % 100000}`;
  const out = srv.cli(['user', 'create', name, '--role', 'worker', '--org', String(branch.id)]);
  const oneTime = out.match(/初始密码: ([\x21-\x7e]+)/)[1];
  const page = await con.newPage();
  await loginUi(page, name, oneTime);
  assert.equal(new URL(page.url()).pathname, '/change-password');
  // every other page sends it back here
  await page.goto(`${page.base}/account/sessions`);
  await page.waitForURL((u) => u.pathname === '/change-password');
  await screenshot(page, 'change-password');
  const form = page.locator('form');
  await form.locator('input[name=old_password]').fill('Wrong#Old123');
  await form.locator('input[name=new_password]').fill('Fresh#Start9');
  await form.locator('input[name=confirm_password]').fill('Fresh#Start9');
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.locator('.el-form-item.is-error').filter({ hasText: '原密码不正确' }).waitFor();
  // a weak one is refused before asking
  await form.locator('input[name=old_password]').fill(oneTime);
  await form.locator('input[name=new_password]').fill('weakpass');
  await form.locator('input[name=confirm_password]').fill('weakpass');
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.getByText('须包含大写字母、小写字母、数字、特殊字符中的至少 3 类').waitFor();
  await form.locator('input[name=new_password]').fill('Fresh#Start9');
  await form.locator('input[name=confirm_password]').fill('Fresh#Start9');
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByRole('heading', { name: /欢迎/ }).waitFor();
  // the worker sees its branch only
  await page.locator('.org-panel__tree').getByText(branch.name).waitFor();
  assert.equal(await page.locator('.org-panel__tree').getByText(committee.name).count(), 0);
  // the new password works
  const again = await con.newPage();
  await loginUi(again, name, 'Fresh#Start9');
  assert.equal(new URL(again.url()).pathname, '/');
  assertNoProblems(assert, page);
});

test('at 375 px the menu is a drawer and the organization panel opens on demand', async () => {
  const page = await con.newPage({ width: 375, height: 812 });
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await page.getByRole('heading', { name: /欢迎/ }).waitFor();
  // the scope root is selected even though the panel is closed
  await page.locator('[data-test=home-org]').getByText(committee.name).waitFor();
  assert.equal(await page.locator('.layout__aside').count(), 0, 'no fixed side menu on a phone');
  assert.equal(await page.locator('.layout__org-panel').count(), 0, 'no fixed organization panel on a phone');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no horizontal scrolling (${width} px)`);
  await screenshot(page, 'phone-home');
  await page.getByRole('button', { name: '打开菜单' }).click();
  const drawer = page.locator('.layout__menu-drawer');
  await drawer.getByRole('menuitem', { name: '首页' }).waitFor();
  await page.waitForTimeout(400); // the drawer slides in
  await screenshot(page, 'phone-menu');
  await drawer.getByText('个人中心').click();
  await drawer.getByRole('menuitem', { name: '我的会话' }).click();
  await page.waitForURL((u) => u.pathname === '/account/sessions');
  await drawer.waitFor({ state: 'hidden' });
  await page.goto(`${page.base}/`);
  await page.getByRole('button', { name: /当前组织/ }).click();
  await page.locator('.org-panel__tree').getByText(committee.name).waitFor();
  await page.waitForTimeout(400);
  await screenshot(page, 'phone-org-drawer');
  assertNoProblems(assert, page);
});

test('a locked account gets the server message on the login page', async () => {
  const name = `e2elock${Date.now() % 100000}`;
  srv.cli(['user', 'create', name, '--role', 'worker', '--org', String(branch.id)], { LIANXIN_USER_PASSWORD: 'Locked#2026x' });
  for (let i = 0; i < 5; i++) {
    await srv.anonymous('POST', '/api/auth/login', { json: { login: name, password: `bad${i}` } });
  }
  const page = await con.newPage();
  await page.goto(`${page.base}/login`);
  await page.locator('input[name=login]').fill(name);
  await page.locator('input[name=password]').fill('Locked#2026x');
  await page.locator('button[type=submit]').click();
  const alert = page.locator('[data-test=login-error]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /锁定/);
  assert.equal(new URL(page.url()).pathname, '/login');
  assertNoProblems(assert, page);
});

test('a session that ends while the console is open leads back to the login page, then to the same page', async () => {
  const page = await con.newPage();
  // a page without the organization panel, so that no request of its own races the click below
  await loginUi(page, 'operator', OPERATOR_PASSWORD, { path: '/login?redirect=/account/password' });
  await page.getByRole('heading', { name: '修改密码' }).waitFor();
  await page.context().clearCookies(); // as if the session expired or was revoked elsewhere
  await page.getByRole('menuitem', { name: '我的会话' }).click();
  await page.waitForURL(/\/login\?/);
  await page.getByText('登录已过期，请重新登录').waitFor();
  await page.locator('input[name=login]').fill('operator');
  await page.locator('input[name=password]').fill(OPERATOR_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/account/sessions');
  assertNoProblems(assert, page);
});
