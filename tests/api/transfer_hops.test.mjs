// Direct vs multi-hop (逐级) transfer paths (issue #5, R-T03 / R-T10; transfer.md §3 example):
// the organization flag can_transfer_directly, the path computed when a case is created, each hop
// forwarded (or returned with a reason) only by its own organization, the receiving branch accepting
// or refusing with a reason (R-T05), the queues of each level, and the un-routable case (422 R-T10).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, todayShanghai } from './harness.mjs';

let srv;
let api;
let countyA;
let countyB;
let unitA;
let weakA;
let weakB;
let branchUnit;
let branchA;
let branchB;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function ok(promise) {
  const r = await promise;
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const org = (body) => created(api('POST', '/api/orgs', body));
const member = (o) =>
  created(api('POST', '/api/members', {
    name: '逐级党员', id_number: makeIdNumber(), org_id: o.id, category: 'full', join_date: '2005-07-01', full_date: '2006-07-01',
  }));
const request = (m, to) => api('POST', '/api/transfers', { member_id: m.id, to_org_id: to.id, reason: '迁居外县' });

before(async () => {
  srv = await startServer();
  api = srv.api;
  // Two counties whose 组织部 are direct nodes; under each a village 党委 without approval power.
  countyA = await org({ code: 'H-CA', name: '甲县委', kind: 'committee', can_transfer_directly: true });
  countyB = await org({ code: 'H-CB', name: '乙县委', kind: 'committee', can_transfer_directly: true });
  unitA = await org({ code: 'H-UA', name: '甲县机关党委', kind: 'basic_committee', parent_id: countyA.id });
  weakA = await org({ code: 'H-WA', name: '甲村党委', kind: 'basic_committee', parent_id: countyA.id, can_approve_probationary: false });
  weakB = await org({ code: 'H-WB', name: '乙村党委', kind: 'basic_committee', parent_id: countyB.id, can_approve_probationary: false });
  branchUnit = await org({ code: 'H-UA1', name: '机关第一支部', kind: 'branch', parent_id: unitA.id });
  branchA = await org({ code: 'H-WA1', name: '甲村第一支部', kind: 'branch', parent_id: weakA.id });
  branchB = await org({ code: 'H-WB1', name: '乙村第一支部', kind: 'branch', parent_id: weakB.id });
});
after(async () => {
  await srv?.stop();
});

test('can_transfer_directly: stored, defaults to false, editable, in the history, committees only', async () => {
  assert.equal(countyA.can_transfer_directly, true);
  assert.equal(unitA.can_transfer_directly, false);
  const o = await org({ code: 'H-X', name: '丙县委', kind: 'committee' });
  assert.equal(o.can_transfer_directly, false);
  const p = await ok(api('PATCH', `/api/orgs/${o.id}`, { can_transfer_directly: true, version: o.version }));
  assert.equal(p.can_transfer_directly, true);
  const h = await ok(api('GET', `/api/orgs/${o.id}/history?limit=1`));
  assert.equal(h.items[0].before.can_transfer_directly, false);
  assert.equal(h.items[0].after.can_transfer_directly, true);
  const bad = await api('POST', '/api/orgs', { code: 'H-XB', name: '丙支部', kind: 'branch', parent_id: o.id, can_transfer_directly: true });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json.error.field, 'can_transfer_directly');
});

test('direct case: both sides have a 党委 with the power → the two-step flow, shown as a direct path', async () => {
  const other = await org({ code: 'H-UA2', name: '机关第二支部', kind: 'branch', parent_id: unitA.id });
  const m = await member(branchUnit);
  const t = await created(request(m, other));
  assert.equal(t.path_kind, 'direct');
  assert.equal(t.path.kind, 'direct');
  assert.deepEqual(t.path.hops.map((h) => [h.org.id, h.state]), [[branchUnit.id, 'pending'], [other.id, 'waiting']]);
  const f = await api('POST', `/api/transfers/${t.id}/forward`, {});
  assert.equal(f.status, 409, f.text);
  assert.equal(f.json.error.code, 'transfer.direct');
  await ok(api('POST', `/api/transfers/${t.id}/approve`, {}));
  const done = await ok(api('POST', `/api/transfers/${t.id}/accept`, {}));
  assert.equal(done.state, 'accepted');
  assert.deepEqual(done.path.hops.map((h) => h.state), ['forwarded', 'accepted']);
});

test('multi-hop: each hop forwarded only by its organization, then accepted by the receiving branch', async () => {
  const m = await member(branchA);
  const t = await created(request(m, branchB));
  assert.equal(t.state, 'draft');
  assert.equal(t.path.kind, 'multi_hop');
  // branch → 甲村党委 (no power) → 甲县委 → 乙县委 → 乙村党委 → 乙村第一支部.
  assert.deepEqual(t.path.hops.map((h) => h.org.name), ['甲村党委', '甲县委', '乙县委', '乙村党委', '乙村第一支部']);
  assert.deepEqual(t.path.hops.map((h) => h.role), ['forward', 'forward', 'forward', 'forward', 'receive']);
  assert.equal(t.path.hops[0].state, 'pending');
  assert.equal(t.path.hops[0].arrived_on, todayShanghai());
  assert.equal(t.path.hops[0].deadline.rule_id, 'R-T13');

  const admins = {};
  for (const [k, o] of Object.entries({ branchA, weakA, countyA, countyB, weakB, branchB })) {
    admins[k] = await srv.actor({ role: 'worker', org: o.id });
  }
  // Only the hop's organization (or one above it) sees forward/return; the sending branch does not.
  assert.deepEqual((await ok(admins.branchA.api('GET', `/api/transfers/${t.id}`))).actions, []);
  assert.deepEqual((await ok(admins.weakA.api('GET', `/api/transfers/${t.id}`))).actions, ['forward', 'return']);
  assert.deepEqual((await ok(admins.countyB.api('GET', `/api/transfers/${t.id}`))).actions, []);
  const early = await admins.branchA.api('POST', `/api/transfers/${t.id}/forward`, {});
  assert.ok([403, 404].includes(early.status), early.text);
  const approve = await api('POST', `/api/transfers/${t.id}/approve`, {});
  assert.equal(approve.json.error.code, 'transfer.multi_hop');
  const receiverEarly = await admins.branchB.api('POST', `/api/transfers/${t.id}/accept`, {});
  assert.equal(receiverEarly.status, 409, receiverEarly.text);

  // 待审批 of each level: hop 1 waits at 甲村党委 (seen by it and 甲县委), not by 乙县委.
  const queue = async (who, o, what) => (await ok(who.api('GET', `/api/transfers?org=${o.id}&awaiting=${what}`))).total;
  assert.equal(await queue(admins.weakA, weakA, 'approve'), 1);
  assert.equal(await queue(admins.countyA, countyA, 'approve'), 1);
  assert.equal(await queue(admins.countyB, countyB, 'approve'), 0);

  let cur = await ok(admins.weakA.api('POST', `/api/transfers/${t.id}/forward`, { reason: '材料齐全', version: t.version }));
  assert.equal(cur.state, 'in_transit');
  assert.equal(cur.state_label, '逐级转递中');
  assert.equal(cur.path.hops[0].state, 'forwarded');
  assert.equal(cur.path.hops[0].note, '材料齐全');
  assert.equal(cur.path.hops[1].state, 'pending');
  assert.equal(await queue(admins.weakA, weakA, 'approve'), 0);
  // The member is still the sender's (R-T04): no move through the registry.
  const move = await api('PATCH', `/api/members/${m.id}`, { org_id: branchB.id });
  assert.equal(move.status, 409, move.text);
  assert.equal(move.json.error.code, 'transfer.open');
  // 乙村党委 may not jump the queue.
  const jump = await admins.weakB.api('POST', `/api/transfers/${t.id}/forward`, {});
  assert.ok([403, 404].includes(jump.status), jump.text);

  cur = await ok(admins.countyA.api('POST', `/api/transfers/${t.id}/forward`, {}));
  assert.equal(await queue(admins.countyB, countyB, 'approve'), 1);
  cur = await ok(admins.countyB.api('POST', `/api/transfers/${t.id}/forward`, {}));
  cur = await ok(admins.weakB.api('POST', `/api/transfers/${t.id}/forward`, {}));
  assert.equal(cur.state, 'issued');
  assert.equal(cur.path.hops[4].state, 'pending');
  assert.deepEqual((await ok(admins.branchB.api('GET', `/api/transfers/${t.id}`))).actions, ['accept', 'refuse']);
  assert.equal(await queue(admins.branchB, branchB, 'accept'), 1);

  const done = await ok(admins.branchB.api('POST', `/api/transfers/${t.id}/accept`, {}));
  assert.equal(done.state, 'accepted');
  assert.deepEqual(done.path.hops.map((h) => h.state), ['forwarded', 'forwarded', 'forwarded', 'forwarded', 'accepted']);
  assert.deepEqual(done.timeline.map((e) => e.action), ['request', 'forward', 'forward', 'forward', 'forward', 'accept']);
  assert.equal((await ok(api('GET', `/api/members/${m.id}`))).org_id, branchB.id);
});

test('multi-hop: a hop returns with a reason; the receiving branch refuses only with a reason (R-T05)', async () => {
  const m = await member(branchA);
  const t = await created(request(m, branchB));
  await ok(api('POST', `/api/transfers/${t.id}/forward`, {}));
  const bare = await api('POST', `/api/transfers/${t.id}/return`, { reason: ' ' });
  assert.equal(bare.status, 422, bare.text);
  assert.equal(bare.json.error.code, 'R-T05');
  const back = await ok(api('POST', `/api/transfers/${t.id}/return`, { reason_code: 'info_mismatch', reason: '档案与申请不符' }));
  assert.equal(back.state, 'returned');
  assert.equal(back.path.hops[1].state, 'returned');
  assert.equal(back.path.hops[1].note, '档案与申请不符');
  assert.equal((await ok(api('GET', `/api/members/${m.id}`))).org_id, branchA.id);

  // Closed: a new request goes all the way and is refused at the end.
  const again = await created(request(m, branchB));
  for (let i = 0; i < 4; i++) await ok(api('POST', `/api/transfers/${again.id}/forward`, {}));
  const bareRefusal = await api('POST', `/api/transfers/${again.id}/refuse`, { reason: '' });
  assert.equal(bareRefusal.status, 422, bareRefusal.text);
  assert.equal(bareRefusal.json.error.code, 'R-T05');
  const refused = await ok(api('POST', `/api/transfers/${again.id}/refuse`, { reason_code: 'wrong_org', reason: '本支部不是居住地党组织' }));
  assert.equal(refused.state, 'rejected');
  assert.equal(refused.refused_by, 'receiver');
  assert.equal(refused.path.hops[4].state, 'refused');
  assert.equal((await ok(api('GET', `/api/members/${m.id}`))).org_id, branchA.id);
});

test('un-routable: no organization on a side may transfer → 422 R-T10', async () => {
  const lone = await org({ code: 'H-L', name: '孤立党委', kind: 'basic_committee', can_approve_probationary: false });
  const loneBranch = await org({ code: 'H-L1', name: '孤立支部', kind: 'branch', parent_id: lone.id });
  const out = await request(await member(loneBranch), branchB);
  assert.equal(out.status, 422, out.text);
  assert.equal(out.json.error.code, 'R-T10');
  assert.equal(out.json.error.field, 'member_id');
  const into = await request(await member(branchUnit), loneBranch);
  assert.equal(into.status, 422, into.text);
  assert.equal(into.json.error.field, 'to_org_id');
  // Once the lone 党委 is given the power, the same request routes directly.
  await ok(api('PATCH', `/api/orgs/${lone.id}`, { can_transfer_directly: true }));
  const t = await created(request(await member(loneBranch), branchUnit));
  assert.equal(t.path_kind, 'direct');
});
