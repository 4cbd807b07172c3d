// 发展党员台账 in a real browser: the ledger page counts the cases of each branch of the selected
// committee (and a total), the Excel download holds the cases; a scan uploaded on a step record of
// the case page is listed and downloads again; a 预备党员's own progress card on the member home at
// 390×844; a branch meeting with two candidates voted separately. axe-core (no serious or critical violation) and no sideways scrolling on the new pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startConsole, loginUi, expectAccessible, screenshot, assertNoProblems, OPERATOR_PASSWORD } from './browser.mjs';
import { makeIdNumber } from '../api/harness.mjs';

let con;
let srv;
let committee;
const branches = [];
const full = [];
let probationary; // a case admitted (step 17), with its member record
let applicant;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  con = await startConsole();
  srv = con.srv;
  committee = await created(srv.api('POST', '/api/orgs', { code: 'LDW01', name: '台账页面测试党委', kind: 'committee' }));
  for (const [code, name] of [['LDW0101', '台账页面一支部'], ['LDW0102', '台账页面二支部']])
    branches.push(await created(srv.api('POST', '/api/orgs', { code, name, kind: 'branch', parent_id: committee.id })));
  for (const name of ['联系人甲', '联系人乙', '介绍人丙', '介绍人丁'])
    full.push(await created(srv.api('POST', '/api/members', {
      name, id_number: makeIdNumber(), category: 'full', join_date: '2005-07-01', full_date: '2006-07-01', org_id: branches[0].id,
    })));
  const newCase = (o, name) => created(srv.api('POST', '/api/recruitment/cases', {
    org_id: o.id, name, id_number: makeIdNumber({ birth: '1995-05-20' }), application_date: '2023-09-01',
  }));
  applicant = await newCase(branches[0], '页面申请人');
  await newCase(branches[1], '页面二支部申请人');
  probationary = await newCase(branches[0], '页面预备党员');
  for (const s of STEPS()) probationary = (await created(srv.api('POST', `/api/recruitment/cases/${probationary.id}/steps`, s))).case;
  assert.ok(probationary.member_id);
});
after(async () => {
  await con?.close();
});

const STEPS = () => [
    { step: 2, date: '2023-09-20', people: [{ name: '支部书记', role: '谈话人' }] },
    { step: 3, date: '2024-03-10' },
    { step: 4, date: '2024-03-15' },
    { step: 5, date: '2024-03-20', people: [{ member_id: full[0].id }, { member_id: full[1].id }] },
    { step: 6, date: '2024-09-10', documents: ['培养教育考察材料'] },
    { step: 7, date: '2025-03-10' },
    { step: 8, date: '2025-03-15' },
    { step: 9, date: '2025-03-20', people: [{ member_id: full[2].id }, { member_id: full[3].id }] },
    { step: 10, date: '2025-04-01', passed: true, documents: ['政治审查材料'] },
    { step: 11, date: '2025-04-10', training_days: 3, training_hours: 24 },
    { step: 12, date: '2025-04-20' },
    { step: 13, date: '2025-05-01', documents: ['预审意见'] },
    { step: 14, date: '2025-05-10', documents: ['入党志愿书'] },
    { step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 }, ballot: { yes: 7, no: 1 } },
    { step: 16, date: '2025-07-01', people: [{ name: '党委组织员', role: '谈话人' }] },
    { step: 17, date: '2025-07-15', passed: true, approver_org_id: committee.id },
];

test('the ledger page: counts per branch and a total row, Excel download with every case', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await page.goto(`${page.base}/orgs/${committee.id}`);
  await page.locator('[data-test=org-title]').getByText(committee.name).waitFor();
  await page.goto(`${page.base}/recruitment/ledger`);
  const table = page.locator('[data-test=ledger-table]');
  await page.locator('[data-test=ledger-org]').getByText(committee.name).waitFor();
  const yearInput = page.locator('input[aria-label="统计年度"]');
  await yearInput.click();
  await yearInput.fill('2025');
  await yearInput.press('Enter');
  await table.getByText('台账页面一支部').waitFor();
  // columns: 党组织, 申请人, 积极分子, 发展对象, 预备党员, 已转正, 已终止, 合计, 申请, 接收, 转正, 逾期
  const cells = async (name) => (await table.locator('.el-table__body tr', { hasText: name }).first().locator('td').allInnerTexts()).map((t) => t.trim());
  await page.waitForFunction(() => document.body.innerText.includes('2025年接收'));
  const one = await cells('台账页面一支部');
  assert.deepEqual(one.slice(1, 8), ['1', '0', '0', '1', '0', '0', '2'], one.join('|'));
  assert.equal(one[9], '1', '2025年接收');
  const two = await cells('台账页面二支部');
  assert.deepEqual(two.slice(1, 8), ['1', '0', '0', '0', '0', '0', '1'], two.join('|'));
  const total = await cells('合计');
  assert.equal(total[7], '3');
  await screenshot(page, 'recruit-ledger');
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30000 }),
    page.locator('[data-test=ledger-export]').click(),
  ]);
  assert.match(download.suggestedFilename(), /^发展党员台账-台账页面测试党委-.*\.xlsx$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-ledger-'));
  try {
    const file = path.join(dir, 'ledger.xlsx');
    await download.saveAs(file);
    const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString('utf8');
    for (const name of ['页面申请人', '页面二支部申请人', '页面预备党员', '2025-07-15']) assert.ok(sheet.includes(name), `${name} in the file`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // drill down into a branch and back
  await table.getByRole('button', { name: '台账页面二支部' }).click();
  await page.locator('[data-test=ledger-up]').waitFor();
  await table.getByText('台账页面二支部（本级）').waitFor();
  await page.locator('[data-test=ledger-up]').click();
  await table.getByText('台账页面一支部').waitFor();
  assertNoProblems(assert, page);
});

test('a scan uploaded on a step record is listed there and downloads again', async () => {
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await page.goto(`${page.base}/recruitment/${applicant.id}`);
  const rec = applicant.records[0];
  const box = page.locator(`[data-test=attachments-${rec.id}]`);
  await box.waitFor();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-scan-'));
  try {
    const scan = path.join(dir, '入党申请书扫描.png');
    fs.writeFileSync(scan, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(200, 3)]));
    await page.locator(`[data-test=attachment-input-${rec.id}]`).setInputFiles(scan);
    await box.getByText('入党申请书扫描.png').first().waitFor();
    const bad = path.join(dir, 'notes.png');
    fs.writeFileSync(bad, 'plain text');
    await page.locator(`[data-test=attachment-input-${rec.id}]`).setInputFiles(bad);
    await page.getByText('只能上传 PDF、JPEG 或 PNG 文件').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30000 }),
      box.getByText('入党申请书扫描.png').first().click(),
    ]);
    assert.equal(download.suggestedFilename(), '入党申请书扫描.png');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // judge the settled page: no hover colour, no message half-way through its fade
  await page.mouse.move(0, 0);
  await page.waitForTimeout(3500);
  await expectAccessible(page);
  assertNoProblems(assert, page);
});

test('phone 390×844: the 预备党员 sees their progress on the member home; the ledger fits', async () => {
  const name = `ldself${Date.now()}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(branches[0].id), '--member', String(probationary.member_id)], {
    LIANXIN_USER_PASSWORD: OPERATOR_PASSWORD,
  });
  const phone = await con.newPage({ width: 390, height: 844 });
  await loginUi(phone, name, OPERATOR_PASSWORD);
  await phone.goto(`${phone.base}/me`);
  const card = phone.locator('[data-test=mh-recruit]');
  await card.waitFor();
  await card.getByText('预备党员').first().waitFor();
  assert.equal((await card.locator('[data-test=mrc-probation-end]').innerText()).trim(), '2026-06-20');
  assert.ok(!(await card.innerText()).includes('介绍人'), 'no other person is shown');
  const over = async (p) => p.evaluate(() => {
    const main = document.getElementById('lx-main');
    return Math.max(document.scrollingElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
  });
  await screenshot(phone, 'recruit-member-card-phone');
  assert.equal(await over(phone), 0, 'member home wider than the phone');
  await expectAccessible(phone);

  const op = await con.newPage({ width: 390, height: 844 });
  await loginUi(op, 'operator', OPERATOR_PASSWORD);
  await op.goto(`${op.base}/recruitment/ledger`);
  await op.locator('[data-test=ledger-table]').waitFor();
  await op.waitForTimeout(300);
  await screenshot(op, 'recruit-ledger-phone');
  assert.equal(await over(op), 0, 'ledger wider than the phone');
  await op.goto(`${op.base}/recruitment/meeting`);
  await op.locator('[data-test=meeting-form]').waitFor();
  await op.waitForTimeout(300);
  await screenshot(op, 'recruit-meeting-phone');
  assert.equal(await over(op), 0, 'meeting form wider than the phone');
  assertNoProblems(assert, phone);
  assertNoProblems(assert, op);
});

test('a branch meeting with two candidates: attendance once, a ballot each, each result shown', async () => {
  const branch = branches[1];
  const cands = [];
  for (const name of ['大会候选人甲', '大会候选人乙']) {
    const c = await created(srv.api('POST', '/api/recruitment/cases', {
      org_id: branch.id, name, id_number: makeIdNumber({ birth: '1996-01-01' }), application_date: '2023-09-01',
    }));
    for (const s of STEPS()) if (s.step <= 14) await created(srv.api('POST', `/api/recruitment/cases/${c.id}/steps`, s));
    cands.push(c);
  }
  const page = await con.newPage();
  await loginUi(page, 'operator', OPERATOR_PASSWORD);
  await page.goto(`${page.base}/orgs/${branch.id}`);
  await page.locator('[data-test=org-title]').getByText(branch.name).waitFor();
  await page.goto(`${page.base}/recruitment`);
  await page.locator('[data-test=recruit-meeting]').click();
  await page.locator('[data-test=meeting-form]').waitFor();
  for (const c of cands) await page.locator(`[data-test=cand-${c.id}]`).waitFor();
  const date = page.locator('input[aria-label="大会日期"]');
  await date.click();
  await date.fill('2025-06-20');
  await date.press('Enter');
  // N is pre-filled from the branch roster on the meeting date (R-D15); typing another number asks why.
  await page.locator('[data-test=meeting-roster]').getByText('2025-06-20').waitFor();
  const rosterN = (await page.locator('[data-test=meeting-roster-n]').innerText()).trim();
  const rosterApi = (await srv.api('GET', `/api/recruitment/meetings/roster?org=${branch.id}&date=2025-06-20`)).json;
  assert.equal(rosterN, String(rosterApi.should_attend));
  assert.equal(await page.locator('[data-test=meeting-should] input').inputValue(), rosterN);
  await page.locator('[data-test=meeting-should] input').fill('10');
  await page.locator('[data-test=meeting-present] input').fill('8');
  await page.locator('h2', { hasText: '讨论对象' }).click();
  await page.locator('[data-test=meeting-n-reason]').fill('外单位转入党员组织关系尚未录入');
  await page.locator(`[data-test=cand-yes-${cands[0].id}] input`).fill('7');
  await page.locator(`[data-test=cand-yes-${cands[1].id}] input`).fill('5');
  await page.locator('h2', { hasText: '讨论对象' }).click(); // blur: the number inputs commit on change
  await page.locator('[data-test=meeting-submit]').click();
  await page.locator(`[data-test=cand-result-${cands[0].id}]`).getByText(/^通过/).waitFor();
  await page.locator(`[data-test=cand-result-${cands[1].id}]`).getByText(/^未通过/).waitFor();
  const a = (await srv.api('GET', `/api/recruitment/cases/${cands[0].id}`)).json;
  assert.equal(a.current_step, 15);
  await page.mouse.move(0, 0);
  await page.waitForTimeout(3500);
  await screenshot(page, 'recruit-meeting');
  await expectAccessible(page);
  assertNoProblems(assert, page);
});
