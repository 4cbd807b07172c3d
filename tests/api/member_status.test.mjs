// 党籍状态 changes as dated events (members.md §2, transfer.md §6): every decision carries what its
// rule asks (情形, 失去联系日期, 审批组织, 原因), refusals are 422 naming the rule id in Chinese, the
// member's status page keeps every earlier state with review flags (R-F12, never automatic), the
// subtree list of due reviews is scoped and keyset paginated, and the 失联情形 list is a setting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, walkPages, todayShanghai, addYears } from './harness.mjs';

let srv;
let api;
let root;
let branchA;
let branchB;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const org = (body) => created(api('POST', '/api/orgs', body));
const member = (extra = {}) =>
  created(api('POST', '/api/members', {
    name: '状态党员', id_number: makeIdNumber(), org_id: branchA.id, category: 'full', join_date: '2005-07-01',
    full_date: '2006-07-01', ...extra,
  }));
const status = (id, body) => api('POST', `/api/members/${id}/status`, body);

async function ok(promise) {
  const r = await promise;
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/** A 422 refusal naming `rule` (the error code, and in the message) on `field`. */
function refused(r, rule, field) {
  assert.equal(r.status, 422, r.text);
  const d = r.json.error.details.find((x) => x.code === rule && (!field || x.field === field));
  assert.ok(d, `no ${rule}/${field} in ${r.text}`);
  assert.match(d.message, new RegExp(rule));
  assert.match(d.message, /[\u4e00-\u9fff]/);
}

before(async () => {
  srv = await startServer();
  api = srv.api;
  root = await org({ code: 'S-ROOT', name: '状态测试县委', kind: 'committee' });
  branchA = await org({ code: 'S-A', name: '状态一支部', kind: 'branch', parent_id: root.id });
  branchB = await org({ code: 'S-B', name: '状态二支部', kind: 'branch', parent_id: root.id });
});
after(async () => {
  await srv?.stop();
});

test('失联 needs a 情形 and the lost-since date; 停止党籍 only after 6 months (R-N03, R-N07, R-F12)', async () => {
  const m = await member({ name: '失联甲' });
  const bare = await status(m.id, { status: 'lost_contact', effective_date: '2025-03-01' });
  refused(bare, 'R-N03', 'kind');
  refused(bare, 'R-N03', 'lost_since');
  refused(await status(m.id, { status: 'lost_contact', kind: '99', lost_since: '2025-01-10' }), 'R-N03', 'kind');

  const lost = await ok(status(m.id, { status: '失联', kind: '外出务工经商', lost_since: '2025-01-10', effective_date: '2025-03-01', reason: '电话停机' }));
  assert.equal(lost.status, 'lost_contact');
  let v = await ok(api('GET', `/api/members/${m.id}/status`));
  assert.equal(v.events[0].kind, '1');
  assert.equal(v.events[0].kind_label, '外出务工经商');
  assert.equal(v.events[0].lost_since, '2025-01-10');
  assert.equal(v.events[0].rule_id, 'R-N03');
  assert.equal(v.reviews[0].kind, 'suspension');
  assert.equal(v.reviews[0].due, '2025-07-10');
  assert.equal(v.reviews[0].due_now, todayShanghai() >= '2025-07-10');
  // What may follow, with what each needs.
  const susp = v.transitions.find((t) => t.to === 'suspended');
  assert.equal(susp.needs_approver, true);
  assert.ok(susp.kinds.some((k) => k.code === 'abroad_study'));

  // Less than 6 months lost: refused (R-F12); approver and reason required.
  const early = await status(m.id, { status: 'suspended', kind: 'lost_contact', effective_date: '2025-07-09', approver: '状态测试县委', reason: '无法联系' });
  refused(early, 'R-F12', 'effective_date');
  assert.match(early.json.error.message, /2025-07-10/);
  const noApprover = await status(m.id, { status: 'suspended', kind: 'lost_contact', effective_date: '2025-07-10' });
  refused(noApprover, 'R-F12', 'approver');
  refused(noApprover, 'R-F12', 'reason');
  await ok(status(m.id, { status: 'suspended', kind: 'lost_contact', effective_date: '2025-07-10', approver: '状态测试县委', reason: '经多方寻找仍无法联系' }));

  v = await ok(api('GET', `/api/members/${m.id}/status`));
  assert.equal(v.status, 'suspended');
  assert.deepEqual(v.events.map((e) => e.to_status), ['suspended', 'lost_contact'], 'newest first, nothing lost');
  assert.equal(v.events[0].approver, '状态测试县委');
  assert.equal(v.reviews[0].kind, 'removal');
  assert.equal(v.reviews[0].due, '2027-07-10');
  // 除名 as 自行脱党 only 2 years after 停止党籍 (R-F12).
  refused(await status(m.id, { status: 'expelled', kind: 'self_withdrawal', effective_date: todayShanghai(), approver: '状态测试县委', reason: '仍无法联系' }), 'R-F12', 'effective_date');
  // The history row of every change stays too.
  const h = await ok(api('GET', `/api/members/${m.id}/history`));
  assert.equal(h.items.filter((i) => i.action === 'status').length, 2);
});

test('restoration needs an approver and a reason; 出党 needs an exit kind; terminal statuses stay (R-N02, R-N06)', async () => {
  const m = await member({ name: '恢复乙' });
  await ok(status(m.id, { status: 'suspended', kind: 'settled_abroad', effective_date: '2024-09-01', approver: '状态测试县委', reason: '私自出国定居' }));
  const back = await status(m.id, { status: 'normal' });
  refused(back, 'R-N02', 'approver');
  refused(back, 'R-N02', 'reason');
  await ok(status(m.id, { status: 'normal', approver: '状态测试县委', reason: '已回国并恢复组织生活' }));
  const v = await ok(api('GET', `/api/members/${m.id}/status`));
  assert.equal(v.reviews.length, 0, 'flag cleared');

  refused(await status(m.id, { status: 'expelled', approver: '状态测试县委', reason: '决定' }), 'R-N06', 'kind');
  // 取消预备党员资格 only for a 预备党员 (R-D22).
  refused(await status(m.id, { status: 'expelled', kind: 'probation_cancelled', approver: '状态测试县委', reason: '决定' }), 'R-D22', 'kind');
  const out = await ok(status(m.id, { status: 'expelled', kind: '开除党籍', effective_date: '2025-05-05', approver: '状态测试县委', reason: '党纪处分决定' }));
  assert.equal(out.status, 'expelled');
  refused(await status(m.id, { status: 'normal', approver: 'x', reason: 'y' }), 'STATUS-FLOW', 'status');
  // A stale version is a conflict, as for every write.
  const d = await member({ name: '死亡丙' });
  assert.equal((await status(d.id, { status: 'deceased', version: d.version + 5 })).status, 409);
  await ok(status(d.id, { status: 'deceased', version: d.version, reason: '病故' }));
});

test('status-reviews: due reviews of the subtree by due date, keyset pages, ?org= and kind', async () => {
  const today = todayShanghai();
  const past = (y) => addYears(today, -y);
  const lostOld = [];
  for (let i = 0; i < 3; i++) {
    const m = await member({ name: `久失联${i}`, org_id: i === 2 ? branchB.id : branchA.id });
    await ok(status(m.id, { status: 'lost_contact', kind: '3', lost_since: past(2), effective_date: past(1) }));
    lostOld.push(m);
  }
  const recent = await member({ name: '新失联' });
  await ok(status(recent.id, { status: 'lost_contact', kind: '3', lost_since: today, effective_date: today }));
  const sus = await member({ name: '久停止', org_id: branchB.id });
  await ok(status(sus.id, { status: 'suspended', kind: 'lost_contact', lost_since: past(4), effective_date: past(3), approver: '状态测试县委', reason: '无法联系' }));

  const all = await walkPages(api, `/api/members/status-reviews?org=${root.id}&limit=2`);
  const ids = all.items.map((i) => i.member_id);
  for (const m of [...lostOld, sus]) assert.ok(ids.includes(m.id), `${m.name} listed`);
  assert.ok(!ids.includes(recent.id), 'not due yet');
  assert.equal(new Set(ids).size, ids.length, 'no duplicates across pages');
  assert.ok(all.pages >= 2);
  const dues = all.items.map((i) => i.due);
  assert.deepEqual(dues, [...dues].sort(), 'by due date');
  const s = all.items.find((i) => i.member_id === sus.id);
  assert.equal(s.review_kind, 'removal');
  assert.equal(s.review_label, '除名审查');
  assert.equal(s.due, addYears(past(3), 2));
  assert.equal(s.org_name, '状态二支部');

  const b = await ok(api('GET', `/api/members/status-reviews?org=${branchB.id}`));
  assert.deepEqual(b.items.map((i) => i.member_id).sort(), [lostOld[2].id, sus.id].sort());
  const removal = await ok(api('GET', `/api/members/status-reviews?org=${root.id}&kind=removal`));
  assert.ok(removal.items.every((i) => i.review_kind === 'removal'));
  assert.equal((await api('GET', `/api/members/status-reviews?kind=nonsense`)).status, 400);
  assert.equal((await api('GET', '/api/members/status-reviews?org=987654')).status, 404);
  // Decided: off the list.
  await ok(status(lostOld[0].id, { status: 'normal', approver: '状态一支部', reason: '已恢复联系' }));
  const after = await ok(api('GET', `/api/members/status-reviews?org=${branchA.id}`));
  assert.ok(!after.items.some((i) => i.member_id === lostOld[0].id));
});

test('unknown member: 404 for the status page', async () => {
  assert.equal((await api('GET', '/api/members/987654/status')).status, 404);
});

test('member.lost_contact_reasons is a setting: the list in force is offered and checked', async () => {
  const s2 = await startServer({ extraArgs: ['--member.lost_contact_reasons', 'A:外出务工;B:下落不明'] });
  try {
    const r = await s2.api('POST', '/api/orgs', { code: 'S2', name: '设置测试支部', kind: 'branch' });
    assert.equal(r.status, 201, r.text);
    const m = await s2.api('POST', '/api/members', {
      name: '设置丁', id_number: makeIdNumber(), org_id: r.json.id, category: 'full', join_date: '2005-07-01', full_date: '2006-07-01',
    });
    const v = (await s2.api('GET', `/api/members/${m.json.id}/status`)).json;
    const lost = v.transitions.find((t) => t.to === 'lost_contact');
    assert.deepEqual(lost.kinds.map((k) => k.code), ['A', 'B']);
    refused(await s2.api('POST', `/api/members/${m.json.id}/status`, { status: 'lost_contact', kind: '1', lost_since: '2025-01-01' }), 'R-N03', 'kind');
    const done = await s2.api('POST', `/api/members/${m.json.id}/status`, { status: 'lost_contact', kind: '下落不明', lost_since: '2025-01-01' });
    assert.equal(done.status, 200, done.text);
  } finally {
    await s2.stop();
  }
});
