// Transfers across the instance boundary (issue #5): the branch issues an introduction letter for a
// member leaving for an organization outside lianxin (R-T06; the member becomes 已转出), prints it
// (three parts, capital numerals, the ID number audited as a reveal), records the returned receipt;
// the letter expires after its last valid day (R-T08), validity over the maximum is refused,
// reissue voids the previous letter; a member arriving with a letter from outside is registered
// and the receipt is due one month after acceptance (R-T07).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, todayShanghai } from './harness.mjs';

let srv;
let api;
let county;
let town;
let branch;
let otherBranch;
let auditor;

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
const member = (o, extra = {}) =>
  created(api('POST', '/api/members', {
    name: '外转党员', id_number: makeIdNumber(), gender: 'male', birth_date: '1980-05-12', ethnicity: '01',
    org_id: o.id, category: 'full', join_date: '2005-07-01', full_date: '2006-07-01', ...extra,
  }));
const letterBody = (m, extra = {}) => ({
  member_id: m.id, to_org_name: '外省某公司党委', channel: 'carried', dues_paid_to: '2026-03',
  contact_phone: '010-12345678', contact_fax: '010-12345679', contact_postcode: '100001', ...extra,
});

/** YYYY-MM-DD `days` before today (Asia/Shanghai). */
function daysAgo(days) {
  const d = new Date(`${todayShanghai()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

before(async () => {
  srv = await startServer();
  api = srv.api;
  county = await org({ code: 'L-C', name: '介绍信测试县委', kind: 'committee' });
  town = await org({ code: 'L-T', name: '介绍信测试镇党委', kind: 'committee', parent_id: county.id });
  branch = await org({ code: 'L-T1', name: '镇第一支部', kind: 'branch', parent_id: town.id });
  otherBranch = await org({ code: 'L-T2', name: '镇第二支部', kind: 'branch', parent_id: town.id });
  auditor = await srv.actor({ role: 'auditor' });
});
after(async () => {
  await srv?.stop();
});

test('issue → print data → receipt: the member becomes 已转出, the letter has its three parts', async () => {
  const idNumber = makeIdNumber({ birth: '1980-05-12' });
  const m = await member(branch, { name: '出省人', id_number: idNumber });
  const worker = await srv.actor({ role: 'worker', org: branch.id });

  const settings = await ok(worker.api('GET', '/api/transfers/letter-settings'));
  assert.equal(settings.validity_days_default, 30);
  assert.equal(settings.validity_days_max, 90);
  assert.equal(settings.stub_retention_years, 10);

  const t = await created(worker.api('POST', '/api/transfers/outgoing', letterBody(m, { channel: 'confidential' })));
  assert.equal(t.kind, 'outgoing');
  assert.equal(t.state, 'issued');
  assert.equal(t.state_label, '介绍信已开出，待回执');
  assert.equal(t.from_org.id, branch.id);
  assert.deepEqual(t.to_org, { id: null, name: '外省某公司党委', outside: true });
  assert.equal(t.letter.validity_days, 30);
  assert.match(t.letter.no, /^\d{4}-0001$/);
  assert.equal(t.letter.issued_on, todayShanghai());
  assert.equal(t.dues_paid_to, '2026-03');
  assert.equal(t.receiver_dues_from, '2026-04'); // R-T14
  assert.deepEqual(t.warnings, []);

  // Issued in the same transaction: the member is 已转出 (and leaves the current-member list).
  const after = await ok(api('GET', `/api/members/${m.id}`));
  assert.equal(after.status, 'transferred_out');

  // One letter per member.
  const again = await worker.api('POST', '/api/transfers/outgoing', letterBody(m));
  assert.equal(again.status, 409, again.text);

  const letter = await ok(worker.api('GET', `/api/transfers/${t.id}/letter`));
  assert.equal(letter.serial_no, t.letter.no);
  assert.equal(letter.member.name, '出省人');
  assert.equal(letter.member.id_number, idNumber);
  assert.equal(letter.member.gender, '男');
  assert.equal(letter.member.ethnicity, '汉族');
  assert.equal(letter.member.category_label, '正式党员');
  assert.equal(letter.from_org_name, '镇第一支部');
  assert.equal(letter.to_org_name, '外省某公司党委');
  assert.equal(letter.issuing_org.id, town.id); // the 基层党委 with approval power above the branch
  assert.equal(letter.validity_days, 30);
  assert.equal(letter.validity_days_capital, '叁拾');
  assert.equal(letter.dues_paid_to_capital.month, '叁');
  assert.equal(letter.dues_paid_to_capital.year, '贰零贰陆');
  assert.equal(letter.channel_label, '机要交通（机要邮政）');
  assert.equal(letter.contact_postcode, '100001');
  // Reading the letter is audited like a reveal (the field, never the value).
  const audit = await ok(auditor.api('GET', `/api/audit?${new URLSearchParams({ action: 'member.reveal', entity_id: String(m.id) })}`));
  assert.equal(audit.total, 1);
  assert.equal(audit.items[0].after.field, 'id_number');
  assert.ok(!JSON.stringify(audit.items[0]).includes(idNumber));

  // The receipt comes back.
  const missing = await worker.api('POST', `/api/transfers/${t.id}/receipt`, { date: todayShanghai() });
  assert.equal(missing.status, 422, missing.text);
  assert.equal(missing.json.error.field, 'org_name');
  const done = await ok(worker.api('POST', `/api/transfers/${t.id}/receipt`, {
    date: todayShanghai(), org_name: '外省某公司党委第三支部', version: t.version,
  }));
  assert.equal(done.state, 'receipt_returned');
  assert.equal(done.receipt.org_name, '外省某公司党委第三支部');
  assert.equal(done.receipt.on, todayShanghai());
  assert.deepEqual(done.timeline.map((e) => e.action), ['issue_letter', 'receipt_returned']);
  const twice = await worker.api('POST', `/api/transfers/${t.id}/receipt`, { org_name: 'x' });
  assert.equal(twice.status, 409, twice.text);

  // A worker of another branch sees nothing of it.
  const stranger = await srv.actor({ role: 'worker', org: otherBranch.id });
  assert.equal((await stranger.api('GET', `/api/transfers/${t.id}/letter`)).status, 404);
  // 纪检人员 read transfers but may not reveal the ID number: no print data.
  const discipline = await srv.actor({ role: 'discipline', org: branch.id });
  assert.equal((await discipline.api('GET', `/api/transfers/${t.id}`)).status, 200);
  assert.equal((await discipline.api('GET', `/api/transfers/${t.id}/letter`)).status, 403);
});

test('R-T08: a letter past its last valid day shows expired; issue date + validity inclusive', async () => {
  const m = await member(branch, { name: '过期人' });
  // Issued 31 days ago for 30 days: the last valid day was yesterday.
  const t = await created(api('POST', '/api/transfers/outgoing', letterBody(m, { issued_on: daysAgo(31), validity_days: 30 })));
  assert.equal(t.letter.last_valid_day, daysAgo(1));
  assert.equal(t.state, 'expired');
  const m2 = await member(branch, { name: '末日人' });
  const t2 = await created(api('POST', '/api/transfers/outgoing', letterBody(m2, { issued_on: daysAgo(30), validity_days: 30 })));
  assert.equal(t2.letter.last_valid_day, todayShanghai());
  assert.equal(t2.state, 'issued');

  const expired = await ok(api('GET', `/api/transfers?org=${branch.id}&kind=outgoing&state=expired`));
  assert.deepEqual(expired.items.map((i) => i.id), [t.id]);
  const issued = await ok(api('GET', `/api/transfers?org=${branch.id}&kind=outgoing&state=issued`));
  assert.ok(issued.items.some((i) => i.id === t2.id));
  assert.ok(!issued.items.some((i) => i.id === t.id));

  // An expired letter is reissued (voiding the old one), valid again from today.
  const re = await ok(api('POST', `/api/transfers/${t.id}/reissue`, { reason: '原介绍信逾期' }));
  assert.equal(re.state, 'issued');
  assert.notEqual(re.letter.no, t.letter.no);
  assert.equal(re.letter.issued_on, todayShanghai());
});

test('validity over the maximum is refused (R-T08 BLOCK); other fields are checked too', async () => {
  const m = await member(branch, { name: '超期人' });
  const r = await api('POST', '/api/transfers/outgoing', letterBody(m, { validity_days: 120 }));
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'validity_days');
  assert.equal((await ok(api('GET', `/api/members/${m.id}`))).status, 'normal');

  const bad = await api('POST', '/api/transfers/outgoing', letterBody(m, {
    to_org_name: ' ', dues_paid_to: '2026-13', channel: 'courier', contact_postcode: '12', issued_on: '2999-01-01',
  }));
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, ['channel', 'contact_postcode', 'dues_paid_to', 'issued_on', 'to_org_name']);
  // 90 days is the maximum and allowed.
  const t = await created(api('POST', '/api/transfers/outgoing', letterBody(m, { validity_days: 90 })));
  assert.equal(t.letter.validity_days, 90);
});

test('reissue voids the previous letter; cancel restores the member', async () => {
  const m = await member(branch, { name: '重开人' });
  const t = await created(api('POST', '/api/transfers/outgoing', letterBody(m, { validity_days: 15 })));
  const re = await ok(api('POST', `/api/transfers/${t.id}/reissue`, { reason: '介绍信遗失', validity_days: 7, version: t.version }));
  assert.notEqual(re.letter.no, t.letter.no);
  assert.equal(re.letter.validity_days, 7);
  assert.equal(re.to_org.name, '外省某公司党委');
  const stale = await api('POST', `/api/transfers/${t.id}/reissue`, { version: t.version });
  assert.equal(stale.status, 409, stale.text);
  const letter = await ok(api('GET', `/api/transfers/${t.id}/letter`));
  assert.equal(letter.serial_no, re.letter.no);
  assert.equal(letter.validity_days_capital, '柒');

  const noReason = await api('POST', `/api/transfers/${t.id}/cancel`, {});
  assert.equal(noReason.status, 422, noReason.text);
  const c = await ok(api('POST', `/api/transfers/${t.id}/cancel`, { reason: '本人不再调动' }));
  assert.equal(c.state, 'cancelled');
  assert.equal((await ok(api('GET', `/api/members/${m.id}`))).status, 'normal');
  assert.equal((await api('GET', `/api/transfers/${t.id}/letter`)).status, 409);
  // The member may have a new letter now.
  await created(api('POST', '/api/transfers/outgoing', letterBody(m)));
});

test('incoming registration → receipt due one month after acceptance → overdue reminder', async () => {
  const worker = await srv.actor({ role: 'worker', org: branch.id });
  const body = (extra = {}) => ({
    name: '外来人', id_number: makeIdNumber({ gender: 'female' }), gender: 'female', birth_date: '1980-05-12', category: 'probationary',
    join_date: '2026-01-10', org_id: branch.id,
    letter_no: '外字第0088号', from_org_name: '外省某县委组织部', dues_paid_to: '2026-02', ...extra,
  });
  const fresh = await created(worker.api('POST', '/api/transfers/incoming', body({ received_on: todayShanghai() })));
  assert.equal(fresh.kind, 'incoming');
  assert.equal(fresh.state, 'accepted');
  assert.equal(fresh.state_label, '已接收，待寄回回执');
  assert.deepEqual(fresh.from_org, { id: null, name: '外省某县委组织部', outside: true });
  assert.equal(fresh.to_org.id, branch.id);
  assert.equal(fresh.receipt.due.rule_id, 'R-T07');
  assert.equal(fresh.receipt_overdue, false);
  assert.equal(fresh.receiver_dues_from, '2026-03');
  const m = await ok(api('GET', `/api/members/${fresh.member.id}`));
  assert.equal(m.org_id ?? m.org?.id, branch.id);
  assert.equal(m.status, 'normal');

  // Accepted 40 days ago: the month is over, the receipt is overdue.
  const late = await created(worker.api('POST', '/api/transfers/incoming', body({ received_on: daysAgo(40), name: '迟回人' })));
  assert.equal(late.receipt_overdue, true);
  const list = await ok(worker.api('GET', '/api/transfers?receipt_overdue=true'));
  assert.deepEqual(list.items.map((i) => i.id), [late.id]);
  assert.equal(list.receipt_overdue, 1);
  const all = await ok(worker.api('GET', '/api/transfers?kind=incoming'));
  assert.equal(all.total, 2);
  assert.equal(all.receipt_overdue, 1);

  const sent = await ok(worker.api('POST', `/api/transfers/${late.id}/receipt`, { date: todayShanghai() }));
  assert.equal(sent.state, 'receipt_returned');
  assert.equal(sent.receipt.org_name, '外省某县委组织部');
  assert.equal((await ok(worker.api('GET', '/api/transfers?receipt_overdue=true'))).total, 0);

  // The incoming case has no letter of ours to print.
  assert.equal((await worker.api('GET', `/api/transfers/${fresh.id}/letter`)).status, 409);
  // Missing letter fields and member fields are refused; nothing is registered.
  const bad = await worker.api('POST', '/api/transfers/incoming', body({ letter_no: '', dues_paid_to: null }));
  assert.equal(bad.status, 422, bad.text);
  const badMember = await worker.api('POST', '/api/transfers/incoming', body({ join_date: 'x' }));
  assert.equal(badMember.status, 422, badMember.text);
  assert.equal((await ok(worker.api('GET', '/api/transfers?kind=incoming'))).total, 2);
  // Registering into another branch needs a grant there.
  const elsewhere = await worker.api('POST', '/api/transfers/incoming', body({ org_id: otherBranch.id }));
  assert.equal(elsewhere.status, 404, elsewhere.text);
});

test('approve/accept do not apply to letters across the boundary; direction filters know the outside side', async () => {
  const m = await member(branch, { name: '方向人' });
  const t = await created(api('POST', '/api/transfers/outgoing', letterBody(m)));
  const r = await api('POST', `/api/transfers/${t.id}/accept`, {});
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'transfer.kind');
  const incoming = await ok(api('GET', `/api/transfers?org=${branch.id}&direction=in&kind=outgoing`));
  assert.equal(incoming.total, 0);
  const out = await ok(api('GET', `/api/transfers?org=${branch.id}&direction=out&kind=outgoing`));
  assert.ok(out.items.some((i) => i.id === t.id));
  const badKind = await api('GET', '/api/transfers?kind=abroad');
  assert.equal(badKind.status, 400, badKind.text);
});
