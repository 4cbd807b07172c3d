// 流动党员 (mobile members, issue #5; transfer.md §5): outflow by the home branch (member status →
// mobile) → contacts (R-M04 contact due, overdue filter for the upper level) → return (status →
// normal, card checked); > 6 months refused as a transfer case (R-T02, the six-month boundary is a
// setting); 3 members together → temporary-branch suggestion (R-M02); inflow from outside the
// instance with the ID number encrypted; each side sees what touches its subtree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, todayShanghai, maskId } from './harness.mjs';

let srv;
let api;
let county;
let townA;
let branchA;
let branchA2;
let branchB;
let seq = 0;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const org = (body) => created(api('POST', '/api/orgs', body));
const member = (o, extra = {}) =>
  created(api('POST', '/api/members', {
    name: '流动党员', id_number: makeIdNumber(), org_id: o.id, category: 'full', join_date: '2005-07-01',
    full_date: '2006-07-01', ...extra,
  }));
const card = () => `LD-${process.pid}-${++seq}`;
const outflow = (m, extra = {}, caller = api) =>
  caller('POST', '/api/mobile-members', {
    member_id: m.id, destination: '广东省深圳市', reason: '外出务工', start_date: '2026-01-10', expected_months: 5,
    card_no: card(), card_issued_on: '2026-01-05', card_issuer: '甲镇党委', contact_name: '王联系',
    contact_phone: '13812345678', ...extra,
  });

function fieldError(r, status, field, code) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error.field, field, r.text);
  if (code) assert.equal(r.json.error.code, code, r.text);
}

before(async () => {
  srv = await startServer();
  api = srv.api;
  county = await org({ code: 'M-C', name: '流动测试县委', kind: 'committee' });
  townA = await org({ code: 'M-A', name: '甲镇党委', kind: 'committee', parent_id: county.id });
  const townB = await org({ code: 'M-B', name: '乙镇党委', kind: 'committee', parent_id: county.id });
  branchA = await org({ code: 'M-A1', name: '甲镇第一支部', kind: 'branch', parent_id: townA.id });
  branchA2 = await org({ code: 'M-A2', name: '甲镇第二支部', kind: 'branch', parent_id: townA.id });
  branchB = await org({ code: 'M-B1', name: '乙镇第一支部', kind: 'branch', parent_id: townB.id });
});
after(async () => {
  await srv?.stop();
});

test('outflow → contact → return: status mobile then normal, card checked, history kept', async () => {
  const m = await member(branchA, { name: '外出人' });
  const workerA = await srv.actor({ role: 'worker', org: branchA.id });
  const workerB = await srv.actor({ role: 'worker', org: branchB.id });

  const r = await created(outflow(m, { host_org_id: branchB.id }, workerA.api));
  assert.equal(r.direction, 'out');
  assert.equal(r.state, 'active');
  assert.equal(r.member.id, m.id);
  assert.equal(r.home_org.id, branchA.id);
  assert.equal(r.host_org.id, branchB.id);
  assert.equal(r.contact_phone, '138****5678');
  assert.equal(r.expected_end, '2026-06-10');
  assert.equal(r.last_contact_on, '2026-01-10');
  assert.equal(r.contact_due, '2026-07-10');
  assert.deepEqual(r.findings, []);
  assert.equal(r.created_by, workerA.username);
  const flagged = await api('GET', `/api/members/${m.id}`);
  assert.equal(flagged.json.status, 'mobile');

  // A second active outflow for the same member, or the same card number again: 409.
  const again = await outflow(m, {}, workerA.api);
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'mobile.active');
  const other = await member(branchA);
  const dupCard = await outflow(other, { card_no: r.card.no });
  assert.equal(dupCard.status, 409, dupCard.text);
  assert.equal(dupCard.json.error.code, 'mobile.card_taken');
  assert.equal((await api('GET', `/api/members/${other.id}`)).json.status, 'normal');

  // The host branch sees the card holder hosted with it; it may not record the home's contacts.
  const hosted = await workerB.api('GET', `/api/mobile-members?org=${branchB.id}&direction=in`);
  assert.equal(hosted.status, 200, hosted.text);
  assert.deepEqual(hosted.json.items.map((i) => i.id), [r.id]);
  assert.equal((await workerB.api('GET', `/api/mobile-members/${r.id}`)).status, 200);
  assert.equal((await workerB.api('POST', `/api/mobile-members/${r.id}/contacts`, { contact_on: '2026-02-01', way: '电话' })).status, 404);

  fieldError(await workerA.api('POST', `/api/mobile-members/${r.id}/contacts`, { way: '电话' }), 422, 'contact_on');
  const c = await workerA.api('POST', `/api/mobile-members/${r.id}/contacts`, {
    contact_on: '2026-03-15', way: '微信', note: '在流入地参加组织生活',
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.last_contact_on, '2026-03-15');
  assert.equal(c.json.contact_due, '2026-09-15');
  assert.equal(c.json.contacts.length, 1);
  assert.equal(c.json.contacts[0].actor, workerA.username);

  // Return: the card must be declared checked (R-M03); the host cannot close it.
  fieldError(await workerA.api('POST', `/api/mobile-members/${r.id}/return`, {}), 422, 'card_checked');
  assert.equal((await workerB.api('POST', `/api/mobile-members/${r.id}/return`, { card_checked: true })).status, 404);
  const back = await workerA.api('POST', `/api/mobile-members/${r.id}/return`, { card_checked: true, note: '按期返回' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.state, 'returned');
  assert.equal(back.json.returned_on, todayShanghai());
  assert.equal(back.json.card_checked, true);
  assert.equal(back.json.contact_due, null);
  assert.equal((await api('GET', `/api/members/${m.id}`)).json.status, 'normal');
  const hist = (await api('GET', `/api/members/${m.id}/history`)).json.items;
  assert.deepEqual(hist.filter((h) => h.action === 'status').map((h) => h.after.status), ['normal', 'mobile']);
  const closed = await workerA.api('POST', `/api/mobile-members/${r.id}/return`, { card_checked: true });
  assert.equal(closed.status, 409, closed.text);

  // History kept: the returned record stays listed under state=returned.
  const returned = await workerA.api('GET', `/api/mobile-members?org=${branchA.id}&direction=out&state=returned`);
  assert.ok(returned.json.items.some((i) => i.id === r.id));

  const auditor = await srv.actor({ role: 'auditor' });
  const audit = await auditor.api('GET', `/api/audit?entity=mobile_member&entity_id=${r.id}`);
  assert.equal(audit.status, 200, audit.text);
  assert.deepEqual(audit.json.items.map((i) => i.action).sort(), ['mobile.contact', 'mobile.register_out', 'mobile.return']);
});

test('> 6 months is a transfer (R-T02): 6 refused by default, a stated exception registers it flagged', async () => {
  const m = await member(branchA);
  fieldError(await outflow(m, { expected_months: 6 }), 422, 'expected_months', 'R-T02');
  fieldError(await outflow(m, { expected_months: 10 }), 422, 'expected_months', 'R-T02');
  assert.equal((await api('GET', `/api/members/${m.id}`)).json.status, 'normal');
  const r = await created(outflow(m, { expected_months: 10, transfer_exception: '流入地暂无党组织，暂不能转接' }));
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0].rule_id, 'R-T02');
  assert.equal(r.findings[0].severity, 'WARN');
  assert.equal(r.transfer_exception, '流入地暂无党组织，暂不能转接');
  // Validation messages name the field.
  fieldError(await api('POST', '/api/mobile-members', { member_id: m.id }), 422, 'destination');
});

test('transfer.six_month_boundary=CARD: exactly 6 months is a card, 7 still a transfer', async () => {
  const card6 = await startServer({ extraArgs: ['--transfer.six_month_boundary', 'CARD'] });
  try {
    const o = await card6.api('POST', '/api/orgs', { code: 'K-1', name: '边界支部', kind: 'branch' });
    const mk = async () => (await card6.api('POST', '/api/members', {
      name: '边界党员', id_number: makeIdNumber(), org_id: o.json.id, category: 'full', join_date: '2005-07-01', full_date: '2006-07-01',
    })).json;
    const six = await outflow(await mk(), { expected_months: 6 }, card6.api);
    assert.equal(six.status, 201, six.text);
    assert.deepEqual(six.json.findings, []);
    fieldError(await outflow(await mk(), { expected_months: 7 }, card6.api), 422, 'expected_months', 'R-T02');
  } finally {
    await card6.stop();
  }
});

test('3 members of one branch to the same place over overlapping periods → suggest a temporary branch (R-M02)', async () => {
  const dest = { destination: '新疆某工地', start_date: '2026-03-01', expected_months: 4 };
  const first = await created(outflow(await member(branchA2), dest));
  const second = await created(outflow(await member(branchA2), { ...dest, start_date: '2026-05-01' }));
  assert.deepEqual(first.findings, []);
  assert.deepEqual(second.findings, [], '2 members: no suggestion');
  // Not overlapping (starts after both expected ends): does not count.
  const later = await created(outflow(await member(branchA2), { ...dest, start_date: '2026-11-01', expected_months: 2 }));
  assert.deepEqual(later.findings, []);
  const third = await created(outflow(await member(branchA2), { ...dest, start_date: '2026-04-01' }));
  assert.equal(third.findings.length, 1);
  assert.equal(third.findings[0].rule_id, 'R-M02');
  assert.equal(third.findings[0].severity, 'REMIND');
  assert.deepEqual(third.findings[0].companions.map((c) => c.id).sort(), [first.id, second.id].sort());
  assert.equal(third.state, 'active');
});

test('inflow from outside: host registers, ID number encrypted and masked, reveal audited', async () => {
  const workerB = await srv.actor({ role: 'worker', org: branchB.id });
  const idn = makeIdNumber({ birth: '1992-02-02' });
  const body = {
    host_org_id: branchB.id, name: '外来党员', id_number: idn, home_org_name: '外省某村党支部', reason: '务工',
    start_date: '2026-06-01', expected_months: 4, card_no: card(), card_issued_on: '2026-05-20', contact_phone: '010-12345678',
  };
  fieldError(await workerB.api('POST', '/api/mobile-members/inflow', { ...body, id_number: '123' }), 422, 'id_number');
  const r = await created(workerB.api('POST', '/api/mobile-members/inflow', body));
  assert.equal(r.direction, 'in');
  assert.equal(r.member.id, null);
  assert.equal(r.member.name, '外来党员');
  assert.equal(r.home_org.name, '外省某村党支部');
  assert.equal(r.host_org.id, branchB.id);
  assert.equal(r.has_id_number, true);
  assert.ok(!JSON.stringify(r).includes(idn));
  assert.equal(r.contact_due, null);
  const list = await workerB.api('GET', `/api/mobile-members?direction=in`);
  assert.ok(list.json.items.some((i) => i.id === r.id));
  assert.ok(!JSON.stringify(list.json).includes(idn));
  const rev = await workerB.api('POST', `/api/mobile-members/${r.id}/reveal`, { field: 'id_number', reason: '核对身份' });
  assert.equal(rev.status, 200, rev.text);
  assert.equal(rev.json.value, idn);
  assert.notEqual(maskId(idn), idn);
  // A worker of another branch registers nothing at branch B and does not see the record.
  const workerA = await srv.actor({ role: 'worker', org: branchA.id });
  assert.equal((await workerA.api('POST', '/api/mobile-members/inflow', { ...body, card_no: card() })).status, 404);
  assert.equal((await workerA.api('GET', `/api/mobile-members/${r.id}`)).status, 404);
  // The host closes it.
  const back = await workerB.api('POST', `/api/mobile-members/${r.id}/return`, { card_checked: true });
  assert.equal(back.status, 200, back.text);
});

test('scope and the contact-overdue list for the upper level (R-M04)', async () => {
  const workerB = await srv.actor({ role: 'worker', org: branchB.id });
  const townAdmin = await srv.actor({ role: 'org_admin', org: townA.id });
  const m = await member(branchA);
  // Out of scope: 404 for the other town's worker.
  assert.equal((await outflow(m, {}, workerB.api)).status, 404);
  // Started 2025-01-10, never contacted: due 2025-07-10, overdue now.
  const late = await created(outflow(m, { start_date: '2025-01-10', card_issued_on: '2025-01-05' }, townAdmin.api));
  assert.equal(late.contact_due, '2025-07-10');
  assert.equal(late.contact_overdue, true);
  const od = await townAdmin.api('GET', `/api/mobile-members?org=${townA.id}&contact_overdue=true`);
  assert.equal(od.status, 200, od.text);
  assert.ok(od.json.items.some((i) => i.id === late.id));
  assert.ok(od.json.items.every((i) => i.contact_overdue && i.direction === 'out' && i.state === 'active'));
  assert.ok(od.json.contact_overdue >= 1);
  // A contact today clears it.
  const c = await townAdmin.api('POST', `/api/mobile-members/${late.id}/contacts`, { contact_on: todayShanghai(), way: '走访' });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.contact_overdue, false);
  const od2 = await townAdmin.api('GET', `/api/mobile-members?org=${townA.id}&contact_overdue=true`);
  assert.ok(!od2.json.items.some((i) => i.id === late.id));
  // Town B sees none of town A's outflows; ?org outside the scope is refused.
  const bList = await workerB.api('GET', '/api/mobile-members?direction=out');
  assert.ok(!bList.json.items.some((i) => i.home_org.id === branchA.id));
  assert.equal((await workerB.api('GET', `/api/mobile-members?org=${branchA.id}`)).status, 404);
  // Bad filters are 400.
  assert.equal((await api('GET', '/api/mobile-members?direction=up')).status, 400);
  assert.equal((await api('GET', '/api/mobile-members?state=gone')).status, 400);
  // Keyset pages cover the list without repeats.
  const p1 = await api('GET', '/api/mobile-members?limit=2');
  assert.equal(p1.json.items.length, 2);
  const p2 = await api('GET', `/api/mobile-members?limit=2&after=${encodeURIComponent(p1.json.next)}`);
  assert.equal(p2.status, 200, p2.text);
  assert.ok(p2.json.items.every((i) => i.id > p1.json.items[1].id));
});
