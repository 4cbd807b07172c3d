// Transfers inside one instance (组织关系转接, issue #5): request → the sending side approves → the
// receiving side accepts (the member moves with dated history) or refuses with a reason (R-T05);
// the sender stays responsible until acceptance (R-T04); each party sees what touches its
// subtree; overdue approvals (R-T13) are counted for the upper level.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, todayShanghai } from './harness.mjs';

let srv;
let api;
let county;
let townA;
let townB;
let branchA;
let branchB;
let group;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const org = (body) => created(api('POST', '/api/orgs', body));
const member = (o, extra = {}) =>
  created(api('POST', '/api/members', {
    name: '转接党员', id_number: makeIdNumber(), org_id: o.id, category: 'full', join_date: '2005-07-01',
    full_date: '2006-07-01', ...extra,
  }));
const request = (m, to = branchB, extra = {}) =>
  api('POST', '/api/transfers', { member_id: m.id, to_org_id: to.id, reason: '工作调动', ...extra });

function fieldError(r, status, field, code) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error.field, field, r.text);
  if (code) assert.equal(r.json.error.code, code, r.text);
}

before(async () => {
  srv = await startServer();
  api = srv.api;
  county = await org({ code: 'T-C', name: '转接测试县委', kind: 'committee' });
  townA = await org({ code: 'T-A', name: '甲镇党委', kind: 'committee', parent_id: county.id });
  townB = await org({ code: 'T-B', name: '乙镇党委', kind: 'committee', parent_id: county.id });
  branchA = await org({ code: 'T-A1', name: '甲镇第一支部', kind: 'branch', parent_id: townA.id });
  branchB = await org({ code: 'T-B1', name: '乙镇第一支部', kind: 'branch', parent_id: townB.id });
  group = await org({ code: 'T-A1G', name: '甲镇第一小组', kind: 'party_group', parent_id: branchA.id });
});
after(async () => {
  await srv?.stop();
});

test('request → approve → accept: the member moves to the receiving branch with dated history', async () => {
  const m = await member(branchA, { name: '调动人' });
  const workerA = await srv.actor({ role: 'worker', org: branchA.id });
  const workerB = await srv.actor({ role: 'worker', org: branchB.id });

  const t = await created(workerA.api('POST', '/api/transfers', {
    member_id: m.id, to_org_id: branchB.id, reason: '工作调动到乙镇', requested_by: 'member',
  }));
  assert.equal(t.state, 'draft');
  assert.equal(t.state_label, '待转出党组织审批');
  assert.equal(t.member.id, m.id);
  assert.equal(t.from_org.id, branchA.id);
  assert.equal(t.to_org.id, branchB.id);
  assert.equal(t.requested_by, 'member');
  assert.equal(t.pending_since, todayShanghai());
  assert.equal(t.approval_deadline.rule_id, 'R-T13');
  assert.equal(t.overdue, false);
  assert.equal(t.responsible_org_id, branchA.id);

  // The console offers what each side may decide now.
  assert.deepEqual((await workerA.api('GET', `/api/transfers/${t.id}`)).json.actions, ['approve', 'refuse']);
  assert.deepEqual((await workerB.api('GET', `/api/transfers/${t.id}`)).json.actions, []);
  const discA = await srv.actor({ role: 'discipline', org: townA.id });
  assert.deepEqual((await discA.api('GET', `/api/transfers/${t.id}`)).json.actions, []);

  // The receiving side may not accept before the sender approved.
  const early = await workerB.api('POST', `/api/transfers/${t.id}/accept`, {});
  assert.equal(early.status, 409, early.text);
  assert.equal(early.json.error.code, 'transfer.state');

  const approved = await workerA.api('POST', `/api/transfers/${t.id}/approve`, { version: t.version });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.state, 'issued');
  assert.equal(approved.json.approved_by, workerA.username);
  // R-T04: until acceptance the member is still the sender's.
  assert.equal((await api('GET', `/api/members/${m.id}`)).json.org_id, branchA.id);
  assert.equal(approved.json.responsible_org_id, branchA.id);

  // The sender cannot accept (the receiving branch is outside its scope).
  assert.equal((await workerA.api('POST', `/api/transfers/${t.id}/accept`, {})).status, 404);
  // A stale version is a conflict.
  const stale = await workerB.api('POST', `/api/transfers/${t.id}/accept`, { version: t.version });
  assert.equal(stale.status, 409, stale.text);
  assert.equal(stale.json.error.code, 'version_conflict');

  assert.deepEqual((await workerA.api('GET', `/api/transfers/${t.id}`)).json.actions, []);
  assert.deepEqual((await workerB.api('GET', `/api/transfers/${t.id}`)).json.actions, ['accept', 'refuse']);
  const accepted = await workerB.api('POST', `/api/transfers/${t.id}/accept`, {});
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.json.state, 'accepted');
  assert.equal(accepted.json.moved_on, todayShanghai());
  assert.equal(accepted.json.responsible_org_id, branchB.id);
  assert.equal(accepted.json.pending_since, null);
  assert.deepEqual(accepted.json.actions, []);
  assert.deepEqual(accepted.json.timeline.map((e) => [e.action, e.from_state, e.to_state]), [
    ['request', null, 'draft'], ['approve', 'draft', 'issued'], ['accept', 'issued', 'accepted'],
  ]);
  assert.deepEqual(accepted.json.timeline.map((e) => e.actor), [workerA.username, workerA.username, workerB.username]);

  // The member is now in branch B, with a dated "move" naming both branches.
  const now = await api('GET', `/api/members/${m.id}`);
  assert.equal(now.json.org_id, branchB.id);
  const moved = (await api('GET', `/api/members/${m.id}/history`)).json.items[0];
  assert.equal(moved.action, 'move');
  assert.equal(moved.effective_date, todayShanghai());
  assert.equal(moved.before.org_name, branchA.name);
  assert.equal(moved.after.org_name, branchB.name);
  // Branch statistics follow in the same transaction.
  assert.equal((await api('GET', `/api/orgs/${branchB.id}/stats`)).json.members >= 1, true);

  // Accepting again is a conflict.
  const again = await workerB.api('POST', `/api/transfers/${t.id}/accept`, {});
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'transfer.state');

  // Each write is in the audit trail.
  const auditor = await srv.actor({ role: 'auditor' });
  const audit = await auditor.api('GET', `/api/audit?entity=transfer&entity_id=${t.id}`);
  assert.equal(audit.status, 200, audit.text);
  assert.deepEqual(audit.json.items.map((i) => i.action).sort(), ['transfer.accept', 'transfer.approve', 'transfer.create']);
});

test('refusal needs a reason (R-T05): 422 field reason; with one it is kept and the member stays', async () => {
  const m = await member(branchA);
  const t = await created(request(m));
  // The sending side refuses a request it will not send.
  fieldError(await api('POST', `/api/transfers/${t.id}/refuse`, {}), 422, 'reason', 'R-T05');
  fieldError(await api('POST', `/api/transfers/${t.id}/refuse`, { reason: '   ' }), 422, 'reason', 'R-T05');
  const r = await api('POST', `/api/transfers/${t.id}/refuse`, { reason_code: 'incomplete', reason: '材料不全' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'cancelled');
  assert.equal(r.json.refused_by, 'sender');
  assert.equal(r.json.refusal_reason, '材料不全');
  assert.equal((await api('POST', `/api/transfers/${t.id}/approve`, {})).status, 409);

  // The receiving side refuses an approved one.
  const t2 = await created(request(m));
  assert.equal((await api('POST', `/api/transfers/${t2.id}/approve`, {})).status, 200);
  fieldError(await api('POST', `/api/transfers/${t2.id}/refuse`, { reason_code: 'wrong_org' }), 422, 'reason', 'R-T05');
  const r2 = await api('POST', `/api/transfers/${t2.id}/refuse`, { reason_code: 'wrong_org', reason: '应转入乙镇第二支部' });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.state, 'rejected');
  assert.equal(r2.json.refused_by, 'receiver');
  assert.equal(r2.json.timeline.at(-1).reason, '应转入乙镇第二支部');
  assert.equal((await api('GET', `/api/members/${m.id}`)).json.org_id, branchA.id);
  assert.equal((await api('POST', `/api/transfers/${t2.id}/accept`, {})).status, 409);
});

test('create: validation, member not current 422, one open transfer 409', async () => {
  const m = await member(branchA);
  const none = await api('POST', '/api/transfers', {});
  assert.equal(none.status, 422, none.text);
  const fields = none.json.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, ['member_id', 'reason', 'to_org_id']);
  fieldError(await request(m, townB), 422, 'to_org_id', 'org.not_branch');
  fieldError(await request(m, branchA), 422, 'to_org_id', 'transfer.same_org');
  fieldError(await api('POST', '/api/transfers', { member_id: m.id, to_org_id: 987654, reason: 'x' }), 422, 'to_org_id', 'org.not_found');
  fieldError(await request(m, branchB, { requested_by: 'someone' }), 422, 'requested_by');
  assert.equal((await api('POST', '/api/transfers', { member_id: 987654, to_org_id: branchB.id, reason: 'x' })).status, 404);

  const gone = await member(branchA);
  const st = await api('POST', `/api/members/${gone.id}/status`, { status: 'deceased', reason: '病故' });
  assert.equal(st.status, 200, st.text);
  fieldError(await request(gone), 422, 'member_id', 'member.not_current');

  await created(request(m));
  const dup = await request(m);
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.json.error.code, 'transfer.open');
});

test('scope: each party sees what touches its subtree; outsiders get 404, readers without write 403', async () => {
  const m = await member(branchA);
  const t = await created(request(m));
  const workerA = await srv.actor({ role: 'worker', org: branchA.id });
  const workerB = await srv.actor({ role: 'worker', org: branchB.id });
  const groupWorker = await srv.actor({ role: 'worker', org: group.id });
  const discA = await srv.actor({ role: 'discipline', org: townA.id });
  const memberA = await srv.actor({ role: 'member', org: branchA.id });

  // Both parties read it; someone who sees neither side gets 404.
  assert.equal((await workerA.api('GET', `/api/transfers/${t.id}`)).status, 200);
  assert.equal((await workerB.api('GET', `/api/transfers/${t.id}`)).status, 200);
  assert.equal((await groupWorker.api('GET', `/api/transfers/${t.id}`)).status, 404);
  assert.equal((await memberA.api('GET', `/api/transfers/${t.id}`)).status, 403);
  // Lists: the receiver's and the sender's both hold it; the outsider's does not.
  const ids = async (who, q = '') => (await who.api('GET', `/api/transfers${q}`)).json.items.map((i) => i.id);
  assert.ok((await ids(workerA)).includes(t.id));
  assert.ok((await ids(workerB)).includes(t.id));
  assert.ok(!(await ids(groupWorker)).includes(t.id));
  assert.ok((await ids(workerB, `?org=${branchB.id}&direction=in`)).includes(t.id));
  assert.ok(!(await ids(workerB, `?org=${branchB.id}&direction=out`)).includes(t.id));
  assert.equal((await workerB.api('GET', `/api/transfers?org=${branchA.id}`)).status, 404);

  // Only the sending side approves: the receiver sees it (403), the outsider does not (404), a
  // reader without write is 403.
  assert.equal((await workerB.api('POST', `/api/transfers/${t.id}/approve`, {})).status, 404);
  assert.equal((await groupWorker.api('POST', `/api/transfers/${t.id}/approve`, {})).status, 404);
  assert.equal((await discA.api('POST', `/api/transfers/${t.id}/approve`, {})).status, 403);
  // A request for a member outside the caller's scope is 404.
  assert.equal((await workerB.api('POST', '/api/transfers', { member_id: m.id, to_org_id: branchB.id, reason: 'x' })).status, 404);
  assert.equal((await workerB.api('GET', '/api/transfers/987654')).status, 404);
});

test('lists: the one list shape, state and direction filters, overdue count for the upper level', async () => {
  const m1 = await member(branchA);
  const m2 = await member(branchA);
  const t1 = await created(request(m1));
  const t2 = await created(request(m2));
  assert.equal((await api('POST', `/api/transfers/${t2.id}/approve`, {})).status, 200);

  const page = await api('GET', `/api/transfers?org=${county.id}&limit=1`);
  assert.equal(page.status, 200, page.text);
  assert.equal(page.json.items.length, 1);
  assert.equal(typeof page.json.next, 'string');
  assert.ok(page.json.total >= 2);
  assert.equal(typeof page.json.overdue, 'number');
  const next = await api('GET', `/api/transfers?org=${county.id}&limit=1&after=${page.json.next}`);
  assert.equal(next.status, 200, next.text);
  assert.ok(next.json.items[0].id > page.json.items[0].id);

  const drafts = (await api('GET', `/api/transfers?org=${townA.id}&direction=out&state=draft&limit=500`)).json.items;
  assert.ok(drafts.some((i) => i.id === t1.id));
  assert.ok(drafts.every((i) => i.state === 'draft'));
  const incoming = (await api('GET', `/api/transfers?org=${townB.id}&direction=in&state=issued&limit=500`)).json.items;
  assert.ok(incoming.some((i) => i.id === t2.id));
  assert.equal((await api('GET', '/api/transfers?state=lost')).status, 400);
  assert.equal((await api('GET', '/api/transfers?direction=up')).status, 400);

  // Nothing here has waited 30 days: no overdue case yet, and the overdue filter agrees with the count.
  const od = await api('GET', `/api/transfers?org=${county.id}&overdue=true`);
  assert.equal(od.status, 200, od.text);
  assert.equal(od.json.total, od.json.overdue);
  assert.equal(od.json.total, 0);
  const notOverdue = await api('GET', `/api/transfers?org=${county.id}&overdue=false`);
  assert.equal(notOverdue.json.total, page.json.total);
});

test("a member's own account requests its transfer and sees it; other accounts have none", async () => {
  const m = await member(branchA, { name: '本人申请' });
  const name = `selfmember${Date.now()}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(branchA.id), '--member', String(m.id)], {
    LIANXIN_USER_PASSWORD: 'Operator#2026',
  });
  const me = await srv.login(name, 'Operator#2026');
  fieldError(await me.api('POST', '/api/auth/me/transfers', { to_org_id: branchB.id }), 422, 'reason', 'reason.required');
  const t = await created(me.api('POST', '/api/auth/me/transfers', { to_org_id: branchB.id, reason: '随配偶迁居' }));
  assert.equal(t.member.id, m.id);
  assert.equal(t.requested_by, 'member');
  assert.equal(t.state, 'draft');
  const mine = await me.api('GET', '/api/auth/me/transfers');
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.items.map((i) => i.id), [t.id]);
  // The member cannot approve its own request, nor read the registry's transfer routes.
  assert.equal((await me.api('POST', `/api/transfers/${t.id}/approve`, {})).status, 403);
  const worker = await srv.actor({ role: 'worker', org: branchA.id });
  assert.equal((await worker.api('GET', '/api/auth/me/transfers')).status, 404);
});

test('R-T04: while a transfer is open the registry cannot move the member away from the sender', async () => {
  const m = await member(branchA);
  const t = await created(request(m));
  const moved = await api('PATCH', `/api/members/${m.id}`, { org_id: branchB.id });
  assert.equal(moved.status, 409, moved.text);
  assert.equal(moved.json.error.code, 'transfer.open');
  assert.equal(moved.json.error.field, 'org_id');
  // Other edits are fine.
  assert.equal((await api('PATCH', `/api/members/${m.id}`, { position: '支部委员' })).status, 200);
  assert.equal((await api('POST', `/api/transfers/${t.id}/refuse`, { reason: '本人撤回' })).status, 200);
  assert.equal((await api('PATCH', `/api/members/${m.id}`, { org_id: branchB.id })).status, 200);
});

test('receiving branches: searched over the whole instance, branches in use only, no contacts', async () => {
  const workerA = await srv.actor({ role: 'worker', org: branchA.id });
  // branchB lies outside workerA's scope: GET /api/orgs does not offer it, this search does.
  const scoped = await workerA.api('GET', `/api/orgs?q=${encodeURIComponent('乙镇')}`);
  assert.equal(scoped.status, 200, scoped.text);
  assert.ok(!scoped.json.items.some((o) => o.id === branchB.id));
  const r = await workerA.api('GET', `/api/transfers/branches?q=${encodeURIComponent('乙镇')}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((o) => o.id), [branchB.id]); // 乙镇党委 is a committee, not a branch
  assert.deepEqual(Object.keys(r.json.items[0]).sort(), ['code', 'id', 'kind', 'kind_label', 'name']);
  // By code, exactly.
  assert.deepEqual((await workerA.api('GET', '/api/transfers/branches?q=T-B1')).json.items.map((o) => o.id), [branchB.id]);
  // A dissolved branch is not offered.
  const gone = await org({ code: 'T-B9', name: '乙镇撤销支部', kind: 'branch', parent_id: townB.id });
  assert.equal((await api('POST', `/api/orgs/${gone.id}/dissolve`, { reason: '撤销' })).status, 200);
  assert.deepEqual((await workerA.api('GET', `/api/transfers/branches?q=${encodeURIComponent('乙镇撤销')}`)).json.items, []);
  // q is required.
  const none = await workerA.api('GET', '/api/transfers/branches?q=%20');
  assert.equal(none.status, 400, none.text);
  assert.equal(none.json.error.field, 'q');
  // Readers without transfer.write do not search.
  const discA = await srv.actor({ role: 'discipline', org: townA.id });
  assert.equal((await discA.api('GET', '/api/transfers/branches?q=T-B1')).status, 403);

  // A member's own account searches the same way; an account without a member record gets 404.
  const m = await member(branchA, { name: '自助搜索' });
  const name = `selfsearch${Date.now()}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(branchA.id), '--member', String(m.id)], {
    LIANXIN_USER_PASSWORD: 'Operator#2026',
  });
  const me = await srv.login(name, 'Operator#2026');
  const mine = await me.api('GET', '/api/auth/me/transfers/branches?q=T-B1');
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.items.map((o) => o.id), [branchB.id]);
  assert.equal((await workerA.api('GET', '/api/auth/me/transfers/branches?q=T-B1')).status, 404);
});
