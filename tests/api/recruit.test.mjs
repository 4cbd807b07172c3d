// Recruitment (发展党员, issue #5): cases with field-level validation, the engine's evaluation
// (stage, step, due, overdue, violations by rule id), step records refused by blocking rules and
// kept with their warnings, corrections as new records, the branch-meeting vote math, rule packs
// per subtree and the working-day calendar. Dates and numbers are the vectors of
// shared/domain/recruitment.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, breakChecksum, maskId, todayShanghai } from './harness.mjs';

let srv;
let api;
let root;
let branchA;
let branchB;
let full = []; // full members of branch A (培养联系人, 入党介绍人)
let probationary; // a 预备党员 of branch A

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const org = (body) => created(api('POST', '/api/orgs', body));

before(async () => {
  srv = await startServer();
  api = srv.api;
  root = await org({ code: 'R-ROOT', name: '发展测试县委', kind: 'committee' });
  branchA = await org({ code: 'R-A', name: '发展一支部', kind: 'branch', parent_id: root.id });
  branchB = await org({ code: 'R-B', name: '发展二支部', kind: 'branch', parent_id: root.id });
  const member = (extra) =>
    created(api('POST', '/api/members', { id_number: makeIdNumber(), org_id: branchA.id, join_date: '2005-07-01', ...extra }));
  for (const name of ['联系人甲', '联系人乙', '介绍人丙', '介绍人丁'])
    full.push(await member({ name, category: 'full', full_date: '2006-07-01' }));
  probationary = await member({ name: '预备党员戊', category: 'probationary', join_date: '2025-01-10' });
});
after(async () => {
  await srv?.stop();
});

function caseBody(extra = {}) {
  const { birth = '1995-05-20', gender = 'female', ...rest } = extra;
  return {
    org_id: branchA.id,
    name: '申请人',
    id_number: makeIdNumber({ birth, gender }),
    unit: '县第一中学',
    application_date: '2023-09-01',
    ...rest,
  };
}

async function createCase(extra = {}) {
  const body = caseBody(extra);
  const c = await created(api('POST', '/api/recruitment/cases', body));
  return { ...c, full_id: body.id_number };
}

const step = (id, body) => api('POST', `/api/recruitment/cases/${id}/steps`, body);
async function recorded(id, body) {
  const r = await step(id, body);
  assert.equal(r.status, 201, `${JSON.stringify(body)} -> ${r.status} ${r.text}`);
  return r.json;
}

function expectField(r, status, field, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status} ${r.text}`);
  if (status === 422) {
    assert.ok(r.json.error.details.some((d) => d.field === field && d.code === code), `details lack ${field}/${code}: ${r.text}`);
  } else {
    assert.equal(r.json.error.field, field, r.text);
    assert.equal(r.json.error.code, code, r.text);
  }
}

/** A 422 refusal by a blocking rule: its rule id is the error code (and in details). */
function expectBlocked(r, ruleId) {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, ruleId, r.text);
  assert.ok(r.json.error.details.some((d) => d.code === ruleId && d.message.length > 0), r.text);
}

const contacts = () => [{ member_id: full[0].id }, { member_id: full[1].id }];
const introducers = () => [{ member_id: full[2].id }, { member_id: full[3].id }];

// Steps 2..14 for a case applied on 2023-09-01, all inside their limits.
const early = () => [
  { step: 2, date: '2023-09-20', people: [{ name: '支部书记', role: '谈话人' }] },
  { step: 3, date: '2024-03-10' },
  { step: 4, date: '2024-03-15' },
  { step: 5, date: '2024-03-20', people: contacts() },
  { step: 6, date: '2024-09-10', documents: ['培养教育考察材料'] },
  { step: 7, date: '2025-03-10' },
  { step: 8, date: '2025-03-15' },
  { step: 9, date: '2025-03-20', people: introducers() },
  { step: 10, date: '2025-04-01', passed: true, documents: ['政治审查材料'] },
  { step: 11, date: '2025-04-10', training_days: 3, training_hours: 24 },
  { step: 12, date: '2025-04-20' },
  { step: 13, date: '2025-05-01', documents: ['预审意见'] },
  { step: 14, date: '2025-05-10', documents: ['入党志愿书'] },
];

// The 2025 holiday calendar of shared/domain/README.md (weekdays off and 调休 working weekends).
const y2025 = {
  days_off: ['2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04',
    '2025-04-04', '2025-05-01', '2025-05-02', '2025-05-05', '2025-06-02', '2025-10-01', '2025-10-02', '2025-10-03',
    '2025-10-06', '2025-10-07', '2025-10-08'],
  working_weekends: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

async function advanceTo(id, last) {
  for (const s of early()) if (s.step <= last) await recorded(id, s);
}

test('creating a case records step 1 and shows the engine evaluation; the ID number is masked', async () => {
  const body = caseBody({ application_date: '2025-03-10', birth: '1996-02-03', gender: 'male' });
  const r = await api('POST', '/api/recruitment/cases', body);
  assert.equal(r.status, 201, r.text);
  const c = r.json;
  assert.equal(c.id_number, maskId(body.id_number));
  assert.ok(!r.text.includes(body.id_number), 'the full ID number never leaves the server');
  assert.equal(c.gender, 'male');
  assert.equal(c.birth_date, '1996-02-03');
  assert.equal(c.state, 'in_progress');
  assert.equal(c.pack_id, 'recruit/2014细则');
  assert.equal(c.current_step, 1);
  assert.equal(c.next_step, 2);
  assert.equal(c.records.length, 1);
  assert.equal(c.records[0].step, 1);
  assert.equal(c.records[0].date, '2025-03-10');
  assert.equal(c.records[0].recorded_by, 'operator');
  const ev = c.evaluation;
  assert.equal(ev.stage, 1);
  assert.equal(ev.stage_name, '一、申请入党');
  assert.equal(ev.next_step_name, '党组织派人谈话');
  // R-D03: talk within one month of receipt — 2025-03-10 → 2025-04-10, long past: overdue.
  const talk = ev.overdue_items.find((d) => d.rule_id === 'R-D03');
  assert.ok(talk, r.text);
  assert.equal(talk.due, '2025-04-10');
  assert.equal(talk.step, 2);
  assert.equal(ev.overdue, true);
  assert.equal(c.overdue, true);
  assert.equal(c.next_due, '2025-04-10');

  const got = await api('GET', `/api/recruitment/cases/${c.id}`);
  assert.equal(got.status, 200, got.text);
  assert.deepEqual(got.json.evaluation.overdue_items.map((d) => d.rule_id), ['R-D03']);
});

test('R-D03 month-end clamp: an application on 2025-01-31 is due a talk by 2025-02-28', async () => {
  const c = await createCase({ application_date: '2025-01-31' });
  assert.equal(c.evaluation.overdue_items.find((d) => d.rule_id === 'R-D03').due, '2025-02-28');
});

test('create: field errors in Chinese for every bad field at once', async () => {
  const good = caseBody({ birth: '1990-01-15', gender: 'male' });
  const bad = await api('POST', '/api/recruitment/cases', {
    ...good,
    id_number: breakChecksum(good.id_number),
    name: '',
    application_date: '2099-01-01',
  });
  assert.equal(bad.status, 422, bad.text);
  for (const [field, code] of [['id_number', 'id_number.checksum'], ['name', 'name.required'], ['application_date', 'application_date.future']])
    expectField(bad, 422, field, code);
  assert.match(bad.json.error.details.find((d) => d.field === 'id_number').message, /[\u4e00-\u9fff]/);

  expectField(await api('POST', '/api/recruitment/cases', { ...good, birth_date: '1990-01-16' }), 422, 'birth_date', 'birth_date.mismatch');
  expectField(await api('POST', '/api/recruitment/cases', { ...good, gender: 'female' }), 422, 'gender', 'gender.mismatch');
  expectField(await api('POST', '/api/recruitment/cases', { ...good, gender: '女' }), 422, 'gender', 'gender.mismatch');
  expectField(await api('POST', '/api/recruitment/cases', { ...good, application_date: '2024-02-30' }), 422, 'application_date', 'application_date.invalid');
  expectField(await api('POST', '/api/recruitment/cases', { ...good, org_id: root.id }), 422, 'org_id', 'org.not_branch');
  const { org_id, ...noOrg } = good;
  expectField(await api('POST', '/api/recruitment/cases', noOrg), 422, 'org_id', 'org_id.required');
  // Consistent birth date and gender (code or label) are accepted.
  await created(api('POST', '/api/recruitment/cases', { ...good, birth_date: '1990-01-15', gender: '男' }));
});

test('R-D01: an applicant must be 18 on the application date (born 2007-05-20: 2025-05-19 refused, 2025-05-20 accepted)', async () => {
  const young = caseBody({ birth: '2007-05-20', application_date: '2025-05-19' });
  const r = await api('POST', '/api/recruitment/cases', young);
  expectBlocked(r, 'R-D01');
  assert.equal(r.json.error.field, 'application_date');
  assert.match(r.json.error.message, /2025-05-20/);
  const ok = await created(api('POST', '/api/recruitment/cases', { ...young, application_date: '2025-05-20' }));
  assert.equal(ok.current_step, 1);
});

test('one open case per ID number; a member cannot become an applicant', async () => {
  const c = await createCase();
  const again = await api('POST', '/api/recruitment/cases', { ...caseBody(), id_number: c.full_id, org_id: branchB.id });
  expectField(again, 409, 'id_number', 'recruit.open_case');
  const idn = makeIdNumber({ birth: '1988-08-08' });
  const m = await created(api('POST', '/api/members', { name: '已是党员', id_number: idn, org_id: branchA.id, category: 'full', join_date: '2010-07-01', full_date: '2011-07-01' }));
  assert.ok(m.id);
  expectField(await api('POST', '/api/recruitment/cases', caseBody({ id_number: idn })), 409, 'id_number', 'recruit.already_member');
});

test('not found: unknown case, unknown organization, a non-numeric id', async () => {
  assert.equal((await api('GET', '/api/recruitment/cases/987654')).status, 404);
  assert.equal((await step(987654, { step: 2, date: '2025-01-01' })).status, 404);
  assert.equal((await api('GET', '/api/recruitment/cases/abc')).status, 404);
  const r = await api('POST', '/api/recruitment/cases', caseBody({ org_id: 987654 }));
  assert.equal(r.status, 404, r.text);
  assert.equal((await api('GET', '/api/recruitment/cases?org=987654')).status, 404);
});

test('scope: a worker of another branch sees nothing (404); a discipline officer reads but may not record (403)', async () => {
  const c = await createCase();
  const workerB = await srv.actor({ role: 'worker', org: branchB.id });
  assert.equal((await workerB.api('GET', `/api/recruitment/cases/${c.id}`)).status, 404);
  assert.equal((await workerB.api('POST', `/api/recruitment/cases/${c.id}/steps`, { step: 2, date: '2023-09-20' })).status, 404);
  const listB = await workerB.api('GET', '/api/recruitment/cases?limit=500');
  assert.equal(listB.status, 200, listB.text);
  assert.ok(!listB.json.items.some((i) => i.id === c.id));
  assert.equal((await workerB.api('GET', `/api/recruitment/cases?org=${branchA.id}`)).status, 404);
  // A worker of the case's branch records steps there.
  const workerA = await srv.actor({ role: 'worker', org: branchA.id });
  const rec = await workerA.api('POST', `/api/recruitment/cases/${c.id}/steps`, early()[0]);
  assert.equal(rec.status, 201, rec.text);
  assert.equal(rec.json.record.recorded_by, workerA.username);
  // Discipline: reads the case, may not write (no recruit.write anywhere: 403).
  const disc = await srv.actor({ role: 'discipline', org: root.id });
  assert.equal((await disc.api('GET', `/api/recruitment/cases/${c.id}`)).status, 200);
  assert.equal((await disc.api('POST', `/api/recruitment/cases/${c.id}/steps`, early()[1])).status, 403);
  assert.equal((await disc.api('POST', '/api/recruitment/cases', caseBody())).status, 403);
  // A worker of B who is also discipline officer at the root sees A's case but may not change it: 403.
  const both = await srv.actor({ role: 'worker', org: branchB.id });
  await created(api('POST', '/api/grants', { user_id: both.user.id, role: 'discipline', org_id: root.id }));
  const again = await srv.login(both.username, 'Operator#2026');
  assert.equal((await again.api('POST', `/api/recruitment/cases/${c.id}/steps`, early()[1])).status, 403);
  // A member account has no recruitment permission.
  const mem = await srv.actor({ role: 'member', org: branchA.id });
  assert.equal((await mem.api('GET', '/api/recruitment/cases')).status, 403);
});

test('happy path through the early steps with the vectors; blocking rules refused with their rule id', async () => {
  const c = await createCase({ application_date: '2023-09-01' });
  const id = c.id;
  // Order: step 3 before the talk is refused (steps are strictly ordered).
  expectBlocked(await step(id, { step: 3, date: '2023-10-01' }), 'R-D03');
  await recorded(id, early()[0]); // talk 2023-09-20, within a month
  await recorded(id, early()[1]); // activist 2024-03-10
  await recorded(id, early()[2]);
  // R-D06: 1-2 full members as 培养联系人 — three are refused, a 预备党员 is refused.
  expectBlocked(await step(id, { step: 5, date: '2024-03-20', people: [...contacts(), { member_id: full[2].id }] }), 'R-D06');
  const prob = await step(id, { step: 5, date: '2024-03-20', people: [{ member_id: probationary.id }] });
  expectBlocked(prob, 'R-D06');
  assert.match(prob.json.error.message, /预备党员戊/);
  const five = await recorded(id, early()[3]);
  assert.deepEqual(five.record.facts.people.map((p) => p.name), ['联系人甲', '联系人乙']);
  assert.deepEqual(five.record.facts.people.map((p) => p.category), ['full', 'full']);
  const six = await recorded(id, early()[4]);
  // R-D07: the second half-yearly assessment is due 2025-03-10.
  assert.ok(six.case.evaluation.overdue_items.some((d) => d.rule_id === 'R-D07' && d.due === '2025-03-10'), JSON.stringify(six.case.evaluation));
  // R-D10: activist 2024-03-10 → development target not before 2025-03-10.
  const tooEarly = await step(id, { step: 7, date: '2025-03-09' });
  expectBlocked(tooEarly, 'R-D10');
  assert.match(tooEarly.json.error.message, /2025-03-10/);
  const seven = await recorded(id, early()[5]);
  assert.equal(seven.case.current_step, 7);
  assert.equal(seven.case.stage, 3);
  await recorded(id, early()[6]);
  // R-D11: two full members as 入党介绍人.
  expectBlocked(await step(id, { step: 9, date: '2025-03-20', people: [{ member_id: full[2].id }] }), 'R-D11');
  expectBlocked(await step(id, { step: 9, date: '2025-03-20', people: [{ member_id: full[2].id }, { member_id: probationary.id }] }), 'R-D11');
  expectField(await step(id, { step: 9, date: '2025-03-20', people: [{ member_id: 987654 }, { member_id: full[3].id }] }), 422, 'people[0].member_id', 'member.not_found');
  await recorded(id, early()[7]);
  // A political review must state its conclusion.
  expectField(await step(id, { step: 10, date: '2025-04-01', documents: ['政治审查材料'] }), 422, 'passed', 'passed.required');
  // R-D12: a failed political review stops the case.
  const failed = await recorded(id, { step: 10, date: '2025-04-01', passed: false, documents: ['政治审查材料'] });
  assert.equal(failed.case.current_step, 9);
  expectBlocked(await step(id, { step: 11, date: '2025-04-10', training_days: 3 }), 'R-D12');
  // Correct the review (全程纪实: a new record naming the old one, with a reason).
  expectField(await step(id, { corrects: failed.record.id, date: '2025-04-01', passed: true }), 422, 'correction_reason', 'required');
  const fixed = await recorded(id, { corrects: failed.record.id, correction_reason: '录入错误，结论为合格', date: '2025-04-01', passed: true, documents: ['政治审查材料'] });
  assert.equal(fixed.record.step, 10);
  assert.equal(fixed.record.corrects, failed.record.id);
  assert.equal(fixed.case.current_step, 10);
  const old = fixed.case.records.find((r) => r.id === failed.record.id);
  assert.equal(old.superseded_by, fixed.record.id, 'the corrected record stays, marked');
  assert.equal(old.facts.passed, false);
  expectField(await step(id, { corrects: failed.record.id, correction_reason: '再改', date: '2025-04-01', passed: true }), 409, 'corrects', 'recruit.already_corrected');
  // R-D13: training (2 days, 20 学时) is not enough: step 12 refused unless a special-case reason is recorded.
  await recorded(id, { step: 11, date: '2025-04-10', training_days: 2, training_hours: 20 });
  const twelve = await step(id, { step: 12, date: '2025-04-20' });
  expectBlocked(twelve, 'R-D13');
  assert.match(twelve.json.error.message, /2天、20学时/);
  const special = await recorded(id, { step: 12, date: '2025-04-20', override_reason: '外派援疆，经党委同意集中补训' });
  const warn = special.findings.find((f) => f.rule_id === 'R-D13');
  assert.equal(warn.severity, 'WARN');
  assert.equal(warn.override_reason, '外派援疆，经党委同意集中补训');
  assert.equal(special.record.findings[0].rule_id, 'R-D13', 'warnings are stored with the record');
  // R-D14: pre-review 2025-05-01 with a departure on 2025-08-01 (within 3 months) → WARN, recorded.
  const pre = await recorded(id, { step: 13, date: '2025-05-01', documents: ['预审意见'], planned_departure: '2025-08-01' });
  assert.equal(pre.findings.find((f) => f.rule_id === 'R-D14').severity, 'WARN');
  // A completed step is not recorded twice: corrections only.
  expectField(await step(id, { step: 13, date: '2025-05-02', documents: ['预审意见'] }), 409, 'step', 'recruit.step_recorded');
  await recorded(id, early()[12]);
  // R-D15: N = 10, 5 present → no quorum (5 ≯ 5): refused.
  const noQuorum = await step(id, { step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 5 }, ballot: { yes: 5 } });
  expectBlocked(noQuorum, 'R-D15');
  // 5 present + 1 written opinion: still no quorum (written opinions do not make quorum by default).
  expectBlocked(await step(id, { step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 5, written: 1 }, ballot: { yes: 5, written_yes: 1 } }), 'R-D15');
  // 6 present, 4 yes + 2 written yes = 6 > 5: passed.
  const vote = await recorded(id, { step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 6, written: 2 }, ballot: { yes: 4, no: 2, written_yes: 2 } });
  assert.equal(vote.record.vote.outcome, 'passed');
  assert.equal(vote.record.vote.yes_total, 6);
  assert.equal(vote.record.vote.yes_needed, 6);
  assert.equal(vote.record.vote.quorum_needed, 6);
  const ev = vote.case.evaluation;
  assert.equal(ev.current_step, 15);
  assert.equal(ev.membership_start, '2025-06-20'); // R-D19
  assert.equal(ev.probation_end, '2026-06-20'); // R-D20
  // R-D17: approval within 3 months of the meeting (2025-09-20), hard limit 6 months.
  assert.ok(ev.overdue_items.some((d) => d.rule_id === 'R-D17' && d.due === '2025-09-20'), JSON.stringify(ev));
  // The list shows where the case stands.
  const list = await api('GET', `/api/recruitment/cases?org=${branchA.id}&stage=4&step=16&limit=500`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((i) => i.id === id && i.current_step === 15 && i.next_step === 16));
  assert.equal(vote.case.member_id, null, 'not a member before the approval');

  // R-D16 gate, then the upper committee's approval: R-D18 (a branch cannot approve), R-D17 hard
  // limit of 6 months (meeting 2025-06-20 → 2025-12-20).
  await recorded(id, { step: 16, date: '2025-07-01', people: [{ name: '党委组织员', role: '谈话人' }] });
  expectField(await step(id, { step: 17, date: '2025-07-15', passed: true }), 422, 'approver_org_id', 'approver_org_id.required');
  expectBlocked(await step(id, { step: 17, date: '2025-07-15', passed: true, approver_org_id: branchA.id }), 'R-D18');
  expectBlocked(await step(id, { step: 17, date: '2025-12-21', passed: true, approver_org_id: root.id }), 'R-D17');
  // Admission: approved within 3 months → a member record, 预备党员, 党籍 from the branch meeting.
  const approved = await recorded(id, { step: 17, date: '2025-07-15', passed: true, approver_org_id: root.id });
  assert.equal(approved.case.current_step, 17);
  assert.ok(approved.case.member_id, JSON.stringify(approved.case));
  const m = await api('GET', `/api/members/${approved.case.member_id}`);
  assert.equal(m.status, 200, m.text);
  assert.equal(m.json.category, 'probationary');
  assert.equal(m.json.join_date, '2025-06-20');
  assert.equal(m.json.application_date, '2023-09-01');
  assert.equal(m.json.org_id, branchA.id);
  assert.equal(m.json.id_number, maskId(c.full_id));
  // The person is a member now: no new case for that ID number.
  expectField(await api('POST', '/api/recruitment/cases', caseBody({ id_number: c.full_id })), 409, 'id_number', 'recruit.already_member');
  // The conversion is due at the end of probation (R-D20/R-D22).
  assert.ok(approved.case.evaluation.due.some((d) => d.step === 23 && d.due === '2026-06-20') ||
    approved.case.evaluation.overdue_items.some((d) => d.step === 23 && d.due === '2026-06-20'), JSON.stringify(approved.case.evaluation));
});

test('vote math: N is those who should attend; two candidates are voted separately', async () => {
  const a = await createCase({ name: '候选人甲' });
  const b = await createCase({ name: '候选人乙' });
  await advanceTo(a.id, 14);
  await advanceTo(b.id, 14);
  const meeting = { step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 } };
  const va = await recorded(a.id, { ...meeting, ballot: { yes: 6, no: 2 } });
  const vb = await recorded(b.id, { ...meeting, ballot: { yes: 5, no: 3 } });
  assert.equal(va.record.vote.outcome, 'passed');
  assert.equal(vb.record.vote.outcome, 'failed', 'yes 5 of N=10 is not more than half');
  assert.equal(vb.case.current_step, 14, 'a failed vote does not move the case on');
  assert.equal(vb.case.next_step, 15);
  assert.equal(va.case.evaluation.membership_start, '2025-06-20');
  assert.equal(vb.case.evaluation.membership_start, null);
  // 9 present, 5 yes: fail — the denominator is N (10), not those present.
  const c = await createCase({ name: '候选人丙' });
  await advanceTo(c.id, 14);
  const vc = await recorded(c.id, { step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 9 }, ballot: { yes: 5, no: 4 } });
  assert.equal(vc.record.vote.outcome, 'failed');
  // N = 7, 4 present, 4 yes: pass. N = 0: nobody can vote → refused.
  const d = await createCase({ name: '候选人丁' });
  await advanceTo(d.id, 14);
  expectBlocked(await step(d.id, { step: 15, date: '2025-06-20', attendance: { should_attend: 0, n_reason: '名册外人员（测试）', present: 0 }, ballot: {} }), 'R-D15');
  expectBlocked(await step(d.id, { step: 15, date: '2025-06-20', attendance: { should_attend: 7, n_reason: '名册外人员（测试）', present: 3 }, ballot: { yes: 3 } }), 'R-D15');
  const vd = await recorded(d.id, { step: 15, date: '2025-06-20', attendance: { should_attend: 7, n_reason: '名册外人员（测试）', present: 4 }, ballot: { yes: 4 } });
  assert.equal(vd.record.vote.outcome, 'passed');
  // A vote record needs attendance and ballot.
  const e = await createCase({ name: '候选人戊' });
  await advanceTo(e.id, 14);
  expectBlocked(await step(e.id, { step: 15, date: '2025-06-20' }), 'R-D15');
  expectField(await step(e.id, { step: 15, date: '2025-06-20', attendance: { should_attend: 'ten' }, ballot: {} }), 422, 'attendance.should_attend', 'invalid_type');
});

test('list: the one list shape, filters for overdue and due by month, keyset pages', async () => {
  const late = await createCase({ application_date: '2025-03-10' });
  const today = todayShanghai();
  const fresh = await createCase({ application_date: today });
  assert.equal(fresh.overdue, false);
  const overdue = await api('GET', `/api/recruitment/cases?org=${branchA.id}&overdue=true&limit=500`);
  assert.equal(overdue.status, 200, overdue.text);
  const ids = overdue.json.items.map((i) => i.id);
  assert.ok(ids.includes(late.id));
  assert.ok(!ids.includes(fresh.id));
  assert.ok(overdue.json.items.every((i) => i.overdue === true));
  const notOverdue = await api('GET', `/api/recruitment/cases?org=${branchA.id}&overdue=false&limit=500`);
  assert.ok(notOverdue.json.items.some((i) => i.id === fresh.id));
  assert.ok(!notOverdue.json.items.some((i) => i.id === late.id));
  // The fresh case's talk is due one month from today: due by the end of that month, not of this one.
  const due = fresh.next_due;
  assert.ok(due > today);
  const dueMonth = await api('GET', `/api/recruitment/cases?org=${branchA.id}&due_month=${due.slice(0, 7)}&limit=500`);
  assert.ok(dueMonth.json.items.some((i) => i.id === fresh.id));
  const [y, m] = today.split('-').map(Number);
  const before = `${y}-${String(m).padStart(2, '0')}`;
  if (before < due.slice(0, 7)) {
    const thisMonth = await api('GET', `/api/recruitment/cases?org=${branchA.id}&due_month=${before}&limit=500`);
    assert.ok(!thisMonth.json.items.some((i) => i.id === fresh.id));
    assert.ok(thisMonth.json.items.some((i) => i.id === late.id), 'overdue cases are due by any later month end');
  }
  // Upper level: overdue cases of the whole subtree.
  const upper = await api('GET', `/api/recruitment/cases?org=${root.id}&overdue=true&limit=500`);
  assert.ok(upper.json.items.some((i) => i.id === late.id && i.org_name === '发展一支部'));
  // Paging: limit 2 walks every case once.
  const all = await api('GET', `/api/recruitment/cases?org=${branchA.id}&limit=500`);
  const seen = [];
  let next = null;
  do {
    const r = await api('GET', `/api/recruitment/cases?org=${branchA.id}&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, all.json.total);
    seen.push(...r.json.items.map((i) => i.id));
    next = r.json.next;
  } while (next !== null);
  assert.deepEqual(seen, all.json.items.map((i) => i.id));
  for (const [q, field] of [['stage=9', 'stage'], ['step=0', 'step'], ['overdue=maybe', 'overdue'], ['due_month=2025-13', 'due_month'], ['state=open', 'state']]) {
    const r = await api('GET', `/api/recruitment/cases?${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.equal(r.json.error.field, field);
  }
});

test('rule packs: the built-in packs, inheritance down the tree, a subtree override, local/common R-D04', async () => {
  const packs = await api('GET', '/api/recruitment/packs');
  assert.equal(packs.status, 200, packs.text);
  assert.equal(packs.json.default_pack_id, 'recruit/2014细则');
  const p2014 = packs.json.packs.find((p) => p.id === 'recruit/2014细则');
  assert.equal(p2014.steps.length, 25);
  assert.equal(p2014.stages.length, 5);
  assert.ok(p2014.rules.some((r) => r.rule_id === 'R-D10' && r.severity === 'BLOCK'));
  assert.equal(packs.json.packs.find((p) => p.id === 'recruit/2026修订').status, 'unverified');
  assert.ok(packs.json.overlays.some((o) => o.id === 'local/common'));

  const top = await org({ code: 'RP-TOP', name: '规则包测试党委', kind: 'committee' });
  const mid = await org({ code: 'RP-MID', name: '规则包测试总支', kind: 'general_branch', parent_id: top.id });
  const leaf = await org({ code: 'RP-LEAF', name: '规则包测试支部', kind: 'branch', parent_id: mid.id });
  const other = await org({ code: 'RP-OTHER', name: '规则包测试另一支部', kind: 'branch', parent_id: top.id });
  const eff = async (o) => {
    const r = await api('GET', `/api/recruitment/orgs/${o.id}/pack`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  assert.equal((await eff(leaf)).pack_id, 'recruit/2014细则');
  assert.equal((await eff(leaf)).national_default, true);
  const put = await api('PUT', `/api/recruitment/orgs/${top.id}/pack`, { pack_id: 'recruit/2014细则', overlays: ['local/common'] });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.assigned_here, true);
  const inherited = await eff(leaf);
  assert.equal(inherited.pack_id, 'recruit/2014细则+local/common');
  assert.equal(inherited.inherited_from, top.id);
  assert.ok(inherited.pack.notes.length > 0);
  // The nearest ancestor wins: mid opts into the unverified 2026 pack, other stays with top's.
  await api('PUT', `/api/recruitment/orgs/${mid.id}/pack`, { pack_id: 'recruit/2026修订' });
  assert.equal((await eff(leaf)).pack_id, 'recruit/2026修订');
  assert.equal((await eff(other)).pack_id, 'recruit/2014细则+local/common');
  // Back to inheriting.
  await api('PUT', `/api/recruitment/orgs/${mid.id}/pack`, { pack_id: null });
  assert.equal((await eff(leaf)).pack_id, 'recruit/2014细则+local/common');
  // Invalid packs and overlays are field errors.
  expectField(await api('PUT', `/api/recruitment/orgs/${mid.id}/pack`, { pack_id: 'recruit/1990' }), 422, 'pack_id', 'pack.invalid');
  expectField(await api('PUT', `/api/recruitment/orgs/${mid.id}/pack`, { pack_id: 'recruit/2014细则', overlays: ['local/none'] }), 422, 'overlays', 'pack.invalid');
  // A worker may not choose packs; a case keeps the pack it started with.
  const worker = await srv.actor({ role: 'worker', org: top.id });
  assert.equal((await worker.api('PUT', `/api/recruitment/orgs/${leaf.id}/pack`, { pack_id: null })).status, 403);
  // local/common: R-D04 six months from application to activist, WARN (application 2024-09-15 → activist 2025-03-14).
  const c = await createCase({ org_id: leaf.id, application_date: '2024-09-15' });
  assert.equal(c.pack_id, 'recruit/2014细则+local/common');
  await recorded(c.id, { step: 2, date: '2024-09-30', people: [{ name: '支部书记' }] });
  const activist = await recorded(c.id, { step: 3, date: '2025-03-14' });
  const w = activist.findings.find((f) => f.rule_id === 'R-D04');
  assert.ok(w, JSON.stringify(activist.findings));
  assert.equal(w.severity, 'WARN');
  assert.equal(w.pack_id, 'recruit/2014细则+local/common');
  // The national default pack has no R-D04 check.
  const n = await createCase({ application_date: '2024-09-15' });
  await recorded(n.id, { step: 2, date: '2024-09-30', people: [{ name: '支部书记' }] });
  assert.ok(!(await recorded(n.id, { step: 3, date: '2025-03-14' })).findings.some((f) => f.rule_id === 'R-D04'));
});

test('calendar: a missing year is provisional; the whole-tree admin loads a year; bad data is refused', async () => {
  const missing = await api('GET', '/api/recruitment/calendar/2031');
  assert.equal(missing.status, 200, missing.text);
  assert.equal(missing.json.loaded, false);
  assert.equal(missing.json.provisional, true);
  const put = await api('PUT', '/api/recruitment/calendar/2025', y2025);
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.loaded, true);
  assert.equal(put.json.provisional, false);
  assert.deepEqual(put.json.working_weekends, y2025.working_weekends);
  const got = await api('GET', '/api/recruitment/calendar/2025');
  assert.deepEqual(got.json.days_off, [...y2025.days_off].sort());
  // A working weekend must be a Saturday or Sunday (2025-06-09 is a Monday).
  const bad = await api('PUT', '/api/recruitment/calendar/2025', { days_off: [], working_weekends: ['2025-06-09'] });
  assert.equal(bad.status, 422, bad.text);
  expectField(await api('PUT', '/api/recruitment/calendar/2025', { days_off: ['2025-13-01'] }), 422, 'days_off[0]', 'date.invalid');
  // Only a scope over the whole tree may change the national calendar.
  const sub = await srv.actor({ role: 'org_admin', org: root.id });
  assert.equal((await sub.api('PUT', '/api/recruitment/calendar/2025', y2025)).status, 403);
  const worker = await srv.actor({ role: 'worker', org: root.id });
  assert.equal((await worker.api('PUT', '/api/recruitment/calendar/2025', y2025)).status, 403);
  assert.equal((await worker.api('GET', '/api/recruitment/calendar/2025')).status, 200);
  const sysadmin = await srv.actor({ role: 'sysadmin' });
  assert.equal((await sysadmin.api('PUT', '/api/recruitment/calendar/2025', y2025)).status, 200);
});

test('公示 (local/common R-D29): 5 working days on the loaded 2025 calendar; provisional on a year without one', async () => {
  assert.equal((await api('PUT', '/api/recruitment/calendar/2025', y2025)).status, 200);
  const top = await org({ code: 'RN-TOP', name: '公示测试党委', kind: 'committee' });
  const br = await org({ code: 'RN-BR', name: '公示测试支部', kind: 'branch', parent_id: top.id });
  assert.equal((await api('PUT', `/api/recruitment/orgs/${top.id}/pack`, { pack_id: 'recruit/2014细则', overlays: ['local/common'] })).status, 200);
  // 发展对象 on Fri 2025-06-06, notice from Mon 2025-06-09 → ends Fri 2025-06-13; filing on 06-12 is early (WARN, kept).
  const a = await createCase({ org_id: br.id });
  await advanceTo(a.id, 6);
  await recorded(a.id, { step: 7, date: '2025-06-06', notice_start: '2025-06-09' });
  const filed = await recorded(a.id, { step: 8, date: '2025-06-12' });
  const n = filed.findings.find((f) => f.rule_id === 'R-D29');
  assert.ok(n, JSON.stringify(filed.findings));
  assert.equal(n.severity, 'WARN');
  assert.equal(n.due, '2025-06-13');
  assert.equal(n.provisional, false);
  // Notice from Mon 2025-09-29 → ends Sat 2025-10-11 (09-29, 09-30, 10-09, 10-10 and the 调休 Saturday 10-11).
  const b = await createCase({ org_id: br.id });
  await advanceTo(b.id, 6);
  await recorded(b.id, { step: 7, date: '2025-09-26', notice_start: '2025-09-29' });
  const early10 = await recorded(b.id, { step: 8, date: '2025-10-10' });
  assert.equal(early10.findings.find((f) => f.rule_id === 'R-D29')?.due, '2025-10-11');
  // Without a notice start the notice is counted from today, in a year with no calendar: provisional.
  const c = await createCase({ org_id: br.id });
  await advanceTo(c.id, 6);
  const t = await recorded(c.id, { step: 7, date: '2025-06-06' });
  const item = t.case.evaluation.not_before.find((d) => d.rule_id === 'R-D29');
  assert.ok(item, JSON.stringify(t.case.evaluation));
  assert.equal(item.step, 8);
  const cal = await api('GET', `/api/recruitment/calendar/${item.due.slice(0, 4)}`);
  assert.equal(item.provisional, !cal.json.loaded);
  assert.equal(t.case.evaluation.provisional, !cal.json.loaded);
});

test('audit: creating a case, recording a step, choosing a pack and loading a calendar are audited', async () => {
  const c = await createCase();
  const r = await step(c.id, early()[0]);
  assert.equal(r.status, 201, r.text);
  assert.equal((await api('PUT', `/api/recruitment/orgs/${branchB.id}/pack`, { pack_id: null })).status, 200);
  assert.equal((await api('PUT', '/api/recruitment/calendar/2024', { days_off: ['2024-10-01'] })).status, 200);
  const auditor = await srv.actor({ role: 'auditor' });
  const search = async (q) => {
    const res = await auditor.api('GET', `/api/audit?${new URLSearchParams(q)}`);
    assert.equal(res.status, 200, res.text);
    return res.json;
  };
  const made = await search({ entity: 'recruit_case', entity_id: String(c.id), action: 'recruit.create' });
  assert.equal(made.total, 1);
  assert.equal(made.items[0].org_id, branchA.id);
  assert.equal(made.items[0].after.id_number, maskId(c.full_id), 'only the masked ID number is audited');
  const stepped = await search({ entity: 'recruit_case', entity_id: String(c.id), action: 'recruit.step' });
  assert.equal(stepped.total, 1);
  assert.equal(stepped.items[0].after.step, 2);
  assert.equal(stepped.items[0].request_id, r.headers.get('x-request-id'));
  assert.ok((await search({ action: 'recruit.pack_assign' })).total >= 1);
  assert.ok((await search({ action: 'recruit.calendar' })).total >= 1);
  const verify = await auditor.api('GET', '/api/audit/verify');
  assert.equal(verify.json.ok, true, verify.text);
});

// Steps 15..21 for a case past step 14 (see early()): admitted by the branch on 2025-06-20,
// approved 2025-07-15, probation until 2026-06-20 (R-D20).
const admission = () => [
  { step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 }, ballot: { yes: 8 } },
  { step: 16, date: '2025-07-01', people: [{ name: '党委组织员', role: '谈话人' }] },
  { step: 17, date: '2025-07-15', passed: true, approver_org_id: root.id },
  { step: 18, date: '2025-07-25' },
  { step: 19, date: '2025-07-30' },
  { step: 20, date: '2025-08-10' },
  { step: 21, date: '2025-10-05' },
];
const conversionMeeting = (outcome) => ({
  step: 23, date: '2026-06-25', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 }, ballot: { yes: 8 }, conversion_outcome: outcome,
});

async function toProbationEnd(name) {
  const c = await createCase({ name, birth: '1996-03-03' });
  await advanceTo(c.id, 14);
  for (const s of admission()) await recorded(c.id, s);
  await recorded(c.id, { step: 22, date: '2026-06-20', documents: ['转正申请书'] });
  return c;
}

test('conversion: the approved on-time conversion makes the member 正式党员 from the end of probation (R-D26), once', async () => {
  const c = await toProbationEnd('转正人');
  await recorded(c.id, conversionMeeting('on_time'));
  const before = await api('GET', `/api/recruitment/cases/${c.id}`);
  const mid = before.json.member_id;
  assert.equal((await api('GET', `/api/members/${mid}`)).json.category, 'probationary', 'not before the approval');
  // The committee approves on 2026-07-10: the full date is still the end of probation.
  const approval = await recorded(c.id, { step: 24, date: '2026-07-10', passed: true, approver_org_id: root.id });
  let m = (await api('GET', `/api/members/${mid}`)).json;
  assert.equal(m.category, 'full');
  assert.equal(m.full_date, '2026-06-20');
  assert.equal(m.party_age, 0);
  // A correction of the approval (another date) does not convert twice.
  await recorded(c.id, { step: 24, date: '2026-07-11', passed: true, approver_org_id: root.id, corrects: approval.record.id, correction_reason: '日期笔误' });
  await recorded(c.id, { step: 25, date: '2026-07-20', documents: ['入党志愿书', '入党申请书', '政治审查材料', '转正申请书', '培养教育考察材料'] });
  const h = await api('GET', `/api/members/${mid}/history?limit=100`);
  const converts = h.json.items.filter((i) => i.action === 'convert');
  assert.equal(converts.length, 1, JSON.stringify(h.json.items));
  assert.equal(converts[0].effective_date, '2026-06-20');
  assert.equal(converts[0].before.category, 'probationary');
  assert.equal(converts[0].after.category, 'full');
  m = (await api('GET', `/api/members/${mid}`)).json;
  assert.equal(m.version, 2, 'created, converted: nothing else');
  assert.equal((await api('GET', `/api/recruitment/cases/${c.id}`)).json.state, 'completed');
});

test('conversion: an approved cancellation takes the member out as 取消预备党员资格 (R-D22, R-N06)', async () => {
  const c = await toProbationEnd('取消人');
  await recorded(c.id, conversionMeeting('cancel'));
  const mid = (await api('GET', `/api/recruitment/cases/${c.id}`)).json.member_id;
  const done = await recorded(c.id, { step: 24, date: '2026-07-10', passed: true, approver_org_id: root.id });
  assert.equal(done.case.state, 'cancelled');
  const m = (await api('GET', `/api/members/${mid}`)).json;
  assert.equal(m.status, 'expelled');
  assert.equal(m.category, 'probationary');
  const st = (await api('GET', `/api/members/${mid}/status`)).json;
  assert.equal(st.events.length, 1);
  assert.equal(st.events[0].kind, 'probation_cancelled');
  assert.equal(st.events[0].kind_label, '取消预备党员资格');
  assert.equal(st.events[0].effective_date, '2026-07-10');
  assert.equal(st.events[0].approver, root.name);
  assert.equal(st.events[0].source, 'recruit');
  // Correcting the approval again leaves one event.
  await recorded(c.id, { step: 24, date: '2026-07-12', passed: true, approver_org_id: root.id, corrects: done.record.id, correction_reason: '更正日期' });
  assert.equal((await api('GET', `/api/members/${mid}/status`)).json.events.length, 1);
});

test('branch meeting N: the roster on the meeting date decides it; a typed N that differs needs a reason (R-D15)', async () => {
  // Branch A on 2025-06-20: its full members (counted), the 预备党员 (never counted, R-N01); members
  // admitted by earlier tests are 预备 on that date too.
  const ro = await api('GET', `/api/recruitment/meetings/roster?org=${branchA.id}&date=2025-06-20`);
  assert.equal(ro.status, 200, ro.text);
  const N = ro.json.should_attend;
  assert.ok(N >= 4);
  assert.equal(N, ro.json.members.filter((m) => m.counted).length);
  const byId = new Map(ro.json.members.map((m) => [m.member_id, m]));
  for (const f of full) assert.equal(byId.get(f.id).counted, true);
  const p = byId.get(probationary.id);
  assert.equal(p.counted, false);
  assert.equal(p.attends, true);
  assert.equal(p.rule_id, 'R-N01');
  // Before the 预备党员 joined (2025-01-10) the roster does not list them at all.
  const early2024 = await api('GET', `/api/recruitment/meetings/roster?org=${branchA.id}&date=2024-12-31`);
  assert.equal(early2024.json.members.some((m) => m.member_id === probationary.id), false);

  const c = await createCase({ name: '名册表决人', birth: '1997-04-04' });
  await advanceTo(c.id, 14);
  const refused = await step(c.id, { step: 15, date: '2025-06-20', attendance: { should_attend: N + 5, present: N }, ballot: { yes: N } });
  expectField(refused, 422, 'attendance.should_attend', 'R-D15.roster');
  assert.match(refused.json.error.details.find((d) => d.code === 'R-D15.roster').message, new RegExp(`名册为${N}人`));
  // The roster's N needs nothing; it is stored with the record.
  const ok = await recorded(c.id, { step: 15, date: '2025-06-20', attendance: { should_attend: N, present: N }, ballot: { yes: N } });
  assert.equal(ok.record.facts.attendance.roster_n, N);
  assert.equal(ok.record.facts.attendance.n_reason, undefined);
  // A correction with another N states why; the reason is kept with the record.
  const corr = await recorded(c.id, {
    step: 15, date: '2025-06-20', attendance: { should_attend: N + 1, present: N, n_reason: '外单位转入党员组织关系尚未录入' }, ballot: { yes: N },
    corrects: ok.record.id, correction_reason: '补记应到人数',
  });
  assert.equal(corr.record.facts.attendance.should_attend, N + 1);
  assert.equal(corr.record.facts.attendance.roster_n, N);
  assert.equal(corr.record.facts.attendance.n_reason, '外单位转入党员组织关系尚未录入');
  assert.equal((await api('GET', `/api/recruitment/meetings/roster?org=${root.id}`)).status, 422, 'a committee holds no branch meeting');
  assert.equal((await api('GET', '/api/recruitment/meetings/roster')).status, 400);
});

test('conversion: a correction that withdraws the approved conversion reverts the member (R-D26), and one that withdraws a cancellation restores them (R-D22)', async () => {
  const c = await toProbationEnd('撤回转正人');
  await recorded(c.id, conversionMeeting('on_time'));
  const mid = (await api('GET', `/api/recruitment/cases/${c.id}`)).json.member_id;
  const approval = await recorded(c.id, { step: 24, date: '2026-07-10', passed: true, approver_org_id: root.id });
  assert.equal((await api('GET', `/api/members/${mid}`)).json.category, 'full');
  // The committee did not in fact approve: the correction says so, the member is 预备党员 again.
  await recorded(c.id, { step: 24, date: '2026-07-10', passed: false, approver_org_id: root.id, corrects: approval.record.id, correction_reason: '党委实际未同意转正' });
  let m = (await api('GET', `/api/members/${mid}`)).json;
  assert.equal(m.category, 'probationary');
  assert.equal(m.full_date ?? null, null);
  const h = (await api('GET', `/api/members/${mid}/history?limit=100`)).json.items;
  const rev = h.find((i) => i.action === 'convert_revert');
  assert.ok(rev, JSON.stringify(h));
  assert.equal(rev.before.category, 'full');
  assert.equal(rev.after.category, 'probationary');
  const auditor = await srv.actor({ role: 'auditor' });
  const audits = (await auditor.api('GET', `/api/audit?entity=member&entity_id=${mid}&action=member.convert_revert`)).json;
  assert.equal(audits.total, 1, JSON.stringify(audits));

  // Cancellation approved, then corrected to not approved: the member is current again.
  const d = await toProbationEnd('撤回取消人');
  await recorded(d.id, conversionMeeting('cancel'));
  const did = (await api('GET', `/api/recruitment/cases/${d.id}`)).json.member_id;
  const cancel = await recorded(d.id, { step: 24, date: '2026-07-10', passed: true, approver_org_id: root.id });
  assert.equal((await api('GET', `/api/members/${did}`)).json.status, 'expelled');
  await recorded(d.id, { step: 24, date: '2026-07-10', passed: false, approver_org_id: root.id, corrects: cancel.record.id, correction_reason: '党委实际未同意取消' });
  m = (await api('GET', `/api/members/${did}`)).json;
  assert.equal(m.status, 'normal');
  const st = (await api('GET', `/api/members/${did}/status`)).json;
  assert.deepEqual(st.events.map((e) => e.kind), ['probation_cancelled_withdrawn', 'probation_cancelled']);
  assert.equal(st.events[0].rule_id, 'R-D22');
  assert.equal(st.events[0].to_status, 'normal');
});
