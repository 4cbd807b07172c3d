// Keyset pagination in the console, in a real browser: "加载更多" appends the next page of the
// member list (by registration order and by name), a member's and an organization's history and
// the import batches, each row once; the audit viewer's 下一页 / 上一页 step through distinct pages;
// an organization with more children than one page of the API lists them all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, loginUi, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber, ADMIN_PASSWORD } from '../api/harness.mjs';

const MEMBERS = 57; // the list shows 50 a page
const BRANCHES = 505; // the API answers at most 500 a page

let con;
let srv;
let committee;
let branch;
let many;
let page;
let busy; // a member with a long history

async function createOrg(body) {
  const r = await srv.api('POST', '/api/orgs', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function importCsv(kind, header, rows, filename) {
  const text = `${[header, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`;
  const pre = await srv.request('POST', `/api/imports?kind=${kind}&policy=skip&filename=${encodeURIComponent(filename)}`, {
    body: Buffer.from(text, 'utf8'), headers: { 'content-type': 'text/csv' },
  });
  assert.equal(pre.status, 201, pre.text);
  assert.equal(pre.json.error_rows, 0, pre.text);
  return pre.json;
}

async function commit(batch) {
  const c = await srv.api('POST', `/api/imports/${batch.id}/commit`);
  assert.equal(c.status, 200, c.text);
  return c.json;
}

/** The texts of one column (1-based) of an el-table's body rows. */
async function column(table, n) {
  return (await table.locator(`.el-table__body-wrapper tbody tr td:nth-child(${n})`).allInnerTexts()).map((t) => t.trim());
}

function assertDistinct(values, what) {
  assert.equal(new Set(values).size, values.length, `${what}: a row shown twice`);
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  committee = await createOrg({ code: 'PGN01', name: '分页测试党委', kind: 'committee' });
  branch = await createOrg({ code: 'PGN0101', name: '分页测试第一党支部', kind: 'branch', parent_id: committee.id });
  const rows = [];
  for (let i = 0; i < MEMBERS; i++) {
    const birth = `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
    // names not in registration order, so that the two sorts page differently
    rows.push([`分页党员${String((i * 37) % MEMBERS).padStart(2, '0')}`, makeIdNumber({ birth, gender: i % 2 ? 'female' : 'male' }),
      '正式党员', '2008-07-01', '2009-07-01', 'PGN0101']);
  }
  await commit(await importCsv('members', ['姓名', '公民身份号码', '人员类别', '加入党组织日期', '转为正式党员日期', '所在党支部'], rows, 'members.csv'));
  const list = await srv.api('GET', `/api/members?org=${committee.id}&limit=1`);
  assert.equal(list.json.total, MEMBERS);
  busy = list.json.items[0];
  // 24 history entries: the registration and 23 updates
  let version = (await srv.api('GET', `/api/members/${busy.id}`)).json.version;
  for (let i = 1; i <= 23; i++) {
    const r = await srv.api('PATCH', `/api/members/${busy.id}`, { position: `职务${i}`, version });
    assert.equal(r.status, 200, r.text);
    version = r.json.version;
  }
  // 23 history entries of the branch: the creation and 22 updates
  for (let i = 1; i <= 22; i++) {
    const r = await srv.api('PATCH', `/api/orgs/${branch.id}`, { contact_name: `联系人${i}` });
    assert.equal(r.status, 200, r.text);
  }
  // 22 more import batches (previews), 23 in all
  for (let i = 1; i <= 22; i++) {
    await importCsv('members', ['姓名', '公民身份号码', '人员类别', '加入党组织日期', '转为正式党员日期', '所在党支部'],
      [[`预览${i}`, makeIdNumber({ birth: '1990-01-01' }), '正式党员', '2015-07-01', '2016-07-01', 'PGN0101']], `preview-${i}.csv`);
  }
  // a committee with more branches than one page of the API
  many = await createOrg({ code: 'PGN02', name: '分页测试大党委', kind: 'committee', parent_id: committee.id });
  const orgRows = [];
  for (let i = 1; i <= BRANCHES; i++) orgRows.push([`PGN02${String(i).padStart(3, '0')}`, `分页第${i}党支部`, '党支部', 'PGN02']);
  await commit(await importCsv('orgs', ['组织编码', '组织名称', '组织类型', '上级组织编码'], orgRows, 'orgs.csv'));
  // an account for every member of the branch (the users page shows 20 a page)
  const bulk = await srv.api('POST', '/api/users/bulk', { org_id: branch.id });
  assert.ok(bulk.status === 200 || bulk.status === 201, bulk.text);
  page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
});
after(async () => {
  await con?.close();
});

test('the member list: 加载更多 appends the next 50-row page, every member once, in both sort orders', async () => {
  await page.goto(`${page.base}/members`);
  await page.locator('.org-panel__tree').getByText(committee.name, { exact: true }).click();
  const table = page.locator('[data-test=member-table]');
  const total = page.locator('.member-list__total');
  for (const sort of ['登记顺序', '姓名']) {
    if (sort !== '登记顺序') {
      await page.locator('.el-select__wrapper').filter({ has: page.getByRole('combobox', { name: '排序字段' }) }).click();
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: new RegExp(`^${sort}$`) }).click();
      await page.locator('[data-test=member-search]').click();
    }
    await total.getByText(`共 ${MEMBERS} 人，已显示 50 人`).waitFor();
    const first = await column(table, 1);
    assert.equal(first.length, 50, sort);
    await page.locator('[data-test=member-more]').click();
    await total.getByText(`已显示 ${MEMBERS} 人`).waitFor();
    const names = await column(table, 1);
    assert.equal(names.length, MEMBERS, sort);
    assert.deepEqual(names.slice(0, 50), first, `${sort}: the first page stays in place`);
    assertDistinct(names, sort);
    if (sort === '姓名') assert.deepEqual(names, [...names].sort(), 'in name order across the page boundary');
    assert.equal(await page.locator('[data-test=member-more]').count(), 0, 'no more pages');
    await page.locator('.member-list__more').getByText('已全部加载').waitFor();
  }
  await screenshot(page, 'members-load-more');
  assertNoProblems(assert, page);
});

test('a member\'s history: 加载更多 appends the older entries', async () => {
  await page.goto(`${page.base}/members/${busy.id}`);
  const items = page.locator('[data-test=member-history] .el-timeline-item');
  await items.nth(19).waitFor();
  assert.equal(await items.count(), 20);
  const firstPage = await items.allInnerTexts();
  assert.match(firstPage[0], /职务：职务22 → 职务23/, 'newest first');
  await page.locator('.el-card').filter({ hasText: '变更记录' }).getByRole('button', { name: '加载更多' }).click();
  await items.nth(23).waitFor();
  const all = await items.allInnerTexts();
  assert.equal(all.length, 24);
  assert.deepEqual(all.slice(0, 20), firstPage);
  assert.match(all[22], /职务：空 → 职务1/);
  assert.match(all[23], /登记|批量导入/);
  const changes = all.slice(0, 23).map((t) => t.match(/职务：\S+ → (职务\d+)/)?.[1]);
  assertDistinct(changes, 'member history');
  assert.equal(await page.getByRole('button', { name: '加载更多' }).count(), 0);
  assertNoProblems(assert, page);
});

test('an organization\'s history: 加载更多 appends the older entries', async () => {
  await page.goto(`${page.base}/orgs/${branch.id}`);
  await page.locator('[data-test=org-title]').getByText(branch.name).waitFor();
  await page.getByRole('tab', { name: '变更记录' }).click();
  const items = page.locator('[data-test=org-history] .el-timeline-item');
  await items.nth(19).waitFor();
  assert.equal(await items.count(), 20);
  const firstPage = await items.allInnerTexts();
  await page.locator('[data-test=org-history]').locator('xpath=..').getByRole('button', { name: '加载更多' }).click();
  await items.nth(22).waitFor();
  const all = await items.allInnerTexts();
  assert.equal(all.length, 23);
  assert.deepEqual(all.slice(0, 20), firstPage);
  assert.match(all[22], /新建/);
  const names = all.slice(0, 22).map((t) => t.match(/联系人：\S+ → (联系人\d+)/)?.[1]);
  assert.equal(names.filter(Boolean).length, 22, JSON.stringify(all));
  assertDistinct(names, 'organization history');
  assertNoProblems(assert, page);
});

test('an organization with 505 branches lists every one (the API pages by 500)', async () => {
  await page.goto(`${page.base}/orgs/${many.id}`);
  const rows = page.locator('[data-test=org-children] .el-table__body-wrapper tbody tr');
  await rows.nth(BRANCHES - 1).waitFor();
  assert.equal(await rows.count(), BRANCHES);
  const codes = await column(page.locator('[data-test=org-children]'), 3);
  assertDistinct(codes, 'children');
  assert.ok(codes.includes('PGN02505') && codes.includes('PGN02001'));
  assertNoProblems(assert, page);
});

test('import batches: 加载更多 appends the older batches', async () => {
  await page.goto(`${page.base}/imports`);
  const table = page.locator('[data-test=import-batches]');
  const rows = table.locator('.el-table__body-wrapper tbody tr');
  await rows.nth(19).waitFor();
  assert.equal(await rows.count(), 20);
  const first = await column(table, 1);
  await page.locator('.imp__more').getByRole('button', { name: '加载更多' }).click();
  await rows.nth(23).waitFor();
  const all = await column(table, 1);
  assert.equal(all.length, 24);
  assert.deepEqual(all.slice(0, 20), first);
  assertDistinct(all, 'import batches');
  const ids = all.map((t) => Number(t.replace('#', '')));
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first across pages');
  assert.equal(await page.locator('.imp__more').count(), 0);
  assertNoProblems(assert, page);
});

test('the audit trail: 下一页 shows the next 50 records, none repeated, 上一页 goes back', async () => {
  const auditorPage = await con.newPage();
  await loginUi(auditorPage, 'auditor', ADMIN_PASSWORD, { path: '/login?redirect=/system/audit' });
  await auditorPage.waitForURL((u) => u.pathname === '/system/audit');
  const table = auditorPage.locator('[data-test=audit-table]');
  const rows = table.locator('.el-table__body-wrapper tbody tr.el-table__row');
  await rows.nth(49).waitFor();
  const seqOf = async () => (await column(table, 2)).map(Number);
  const first = await seqOf();
  assert.equal(first.length, 50);
  await auditorPage.locator('[data-test=audit-next]').click();
  await auditorPage.getByText('第 2 页').waitFor();
  await auditorPage.waitForFunction((top) => Number(document.querySelector('[data-test=audit-table] tbody tr td:nth-child(2)')?.textContent) < top, first[49]);
  const second = await seqOf();
  assert.ok(second.length > 0);
  assert.ok(Math.max(...second) < Math.min(...first), 'older records, none of the first page');
  assertDistinct([...first, ...second], 'audit pages');
  await auditorPage.getByRole('button', { name: '上一页' }).click();
  await auditorPage.getByText('第 1 页').waitFor();
  await auditorPage.waitForFunction((top) => Number(document.querySelector('[data-test=audit-table] tbody tr td:nth-child(2)')?.textContent) === top, first[0]);
  assert.deepEqual(await seqOf(), first);
  assertNoProblems(assert, auditorPage);
});

test('the users page: 下一页 shows the next 20 accounts, none repeated, 上一页 goes back', async () => {
  await page.goto(`${page.base}/system/users`);
  const table = page.locator('[data-test=users-table]');
  const rows = table.locator('.el-table__body-wrapper tbody tr.el-table__row');
  await rows.nth(19).waitFor();
  const total = Number((await page.locator('.users__pager').innerText()).match(/共 (\d+) 个账号/)[1]);
  assert.ok(total > 40, `${total} accounts`);
  const first = await column(table, 1);
  assert.equal(first.length, 20);
  const pages = [first];
  for (let n = 2; n <= Math.ceil(total / 20); n++) {
    const before = (await column(table, 1))[0];
    await page.locator('.users__pager').getByRole('button', { name: '下一页' }).click();
    await page.waitForFunction((b) => document.querySelector('[data-test=users-table] tbody tr td')?.textContent.trim() !== b, before);
    pages.push(await column(table, 1));
  }
  const all = pages.flat();
  assert.equal(all.length, total, 'every account on some page');
  assertDistinct(all, 'users pages');
  assert.equal(await page.locator('.users__pager').getByRole('button', { name: '下一页' }).isDisabled(), true);
  await page.locator('.users__pager').getByRole('button', { name: '上一页' }).click();
  await page.waitForFunction((b) => document.querySelector('[data-test=users-table] tbody tr td')?.textContent.trim() === b, pages.at(-2)[0]);
  assert.deepEqual(await column(table, 1), pages.at(-2));
  assertNoProblems(assert, page);
});
