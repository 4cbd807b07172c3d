// 组织生活合规 (issue #6; org-life.md §1, §3): the read side of the meeting records. Meetings are
// inserted with srv.sql() as migration 11's design notes describe them (meetings.state 'held',
// one meeting_types row per type with held = 1, defects as a JSON list, held_recorded_at,
// meeting_attendees with status / leave_state), so these tests do not depend on the meeting
// workflow's routes. Colours of a branch over a year, the roll-up against its drill-down, a
// rejected record turning yellow, the six-month absence flag (an approved leave is a reason).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, walkPages, todayShanghai } from './harness.mjs';

let srv;
let api;
let county;
let branch;
let branch2;
let group;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const org = (body) => created(api('POST', '/api/orgs', body));
const member = (o, extra = {}) =>
  created(api('POST', '/api/members', {
    name: '合规党员', id_number: makeIdNumber(), org_id: o.id, category: 'full', join_date: '2005-07-01',
    full_date: '2006-07-01', ...extra,
  }));

/** A held meeting of `o` counting as `types`, dated `date`; returns its id. */
function meeting(o, types, date, { defects = '[]', quorate = 'NULL', recordedAt = `${date}T12:00:00Z` } = {}) {
  const out = srv.sql(`INSERT INTO meetings (org_id, primary_type, topic, starts_at, meeting_date, state, minutes_chars, `
    + `defects, quorate, held_recorded_at, created_by_name, created_at, updated_at) VALUES (${o.id}, '${types[0]}', `
    + `'学习', '${date}T09:00:00+08:00', '${date}', 'held', 80, '${defects}', ${quorate}, '${recordedAt}', 'test', `
    + `'${recordedAt}', '${recordedAt}') RETURNING id`);
  const id = Number(out.trim().split('\n')[0]);
  for (const t of types) {
    srv.sql(`INSERT INTO meeting_types (meeting_id, type, org_id, meeting_date, held) VALUES (${id}, '${t}', ${o.id}, '${date}', 1)`);
  }
  return id;
}
function attend(meetingId, m, date, status, leave = null) {
  srv.sql(`INSERT INTO meeting_attendees (meeting_id, member_id, name, role, voting, status, meeting_date, leave_state) `
    + `VALUES (${meetingId}, ${m.id}, '${m.name}', 'member', 1, '${status}', '${date}', ${leave ? `'${leave}'` : 'NULL'})`);
}

async function compliance(o, query = '') {
  const r = await api('GET', `/api/meetings/compliance?org=${o.id}${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const item = (v, rule) => v.obligations.find((o) => o.rule_id === rule);
const colours = (v) => Object.fromEntries(v.obligations.map((o) => [o.rule_id, o.colour]));

before(async () => {
  srv = await startServer();
  api = srv.api;
  county = await org({ code: 'HG-C', name: '合规测试县委', kind: 'committee' });
  branch = await org({ code: 'HG-1', name: '合规第一支部', kind: 'branch', parent_id: county.id });
  branch2 = await org({ code: 'HG-2', name: '合规第二支部', kind: 'branch', parent_id: county.id });
  group = await org({ code: 'HG-1A', name: '合规第一党小组', kind: 'party_group', parent_id: branch.id });
  const t = await api('POST', `/api/orgs/${branch.id}/terms`, { elected_date: '2024-03-01', has_committee: true });
  assert.equal(t.status, 201, t.text);
});
after(async () => {
  await srv?.stop();
});

test('a branch over a year: each obligation green, yellow, red or none as org-life.md §3 says', async () => {
  const members = [];
  for (let i = 0; i < 4; i++) members.push(await member(branch, { name: `年度党员${i}` }));
  const s = await api('PUT', `/api/meetings/org-settings/${branch.id}`, { theme_day: 15 });
  assert.equal(s.status, 200, s.text);
  // 2025: member meetings in Q1–Q3 (none in Q4), a committee meeting every month but October,
  // the 党小组 every month, theme days every month but October, 3 lectures, a combined
  // 组织生活会 + 民主评议 in December, talks with 3 of 4 members.
  for (const q of ['02-10', '05-10', '08-20']) meeting(branch, ['member_meeting'], `2025-${q}`);
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    if (m !== 10) meeting(branch, ['committee'], `2025-${mm}-05`);
    meeting(group, ['group'], `2025-${mm}-08`);
    if (m !== 10) meeting(branch, ['theme_day'], `2025-${mm}-15`);
  }
  for (const d of ['2025-03-01', '2025-06-01', '2025-09-01']) meeting(branch, ['lecture'], d);
  meeting(branch, ['life_meeting', 'appraisal'], '2025-12-10');
  const talk = meeting(branch, ['talk'], '2025-04-02');
  for (const m of members.slice(0, 3)) attend(talk, m, '2025-04-02', 'present');

  // September, judged on the 25th: R-L01 done for Q3; R-L06/07 not yet (year window 30 days away).
  const sep = await compliance(branch, '&as_of=2025-09-25');
  assert.equal(sep.kind, 'branch');
  assert.equal(sep.theme_day, 15);
  assert.deepEqual(colours(sep), {
    'R-L01': 'green', 'R-L02': 'green', 'R-L03': 'green', 'R-L04': 'none', 'R-L05': 'green', 'R-L06': 'none',
    'R-L07': 'none', 'R-L08': 'none',
  });
  // 20 October: no committee yet with 11 days left → none; the theme day (15th) has passed → yellow.
  const oct = await compliance(branch, '&as_of=2025-10-20');
  assert.equal(item(oct, 'R-L05').colour, 'yellow');
  assert.match(item(oct, 'R-L05').reason, /15日/);
  assert.equal(item(oct, 'R-L02').colour, 'none');
  // October closed: committee and theme day red, shown by picking the month with date=.
  const octClosed = await compliance(branch, '&date=2025-10-10');
  assert.equal(item(octClosed, 'R-L02').colour, 'red');
  assert.equal(item(octClosed, 'R-L05').colour, 'red');
  assert.equal(item(octClosed, 'R-L02').period.label, '2025-10');
  // The year closed: Q4 has no 党员大会 (red), 3 of 4 lectures (red), talks 3/4 (red), the
  // combined December meeting counts for R-L06 and R-L07.
  const year = await compliance(branch, '&date=2025-12-31&as_of=2026-01-05');
  assert.deepEqual(colours(year), {
    'R-L01': 'red', 'R-L02': 'green', 'R-L03': 'green', 'R-L04': 'red', 'R-L05': 'green', 'R-L06': 'green',
    'R-L07': 'green', 'R-L08': 'red',
  });
  assert.equal(item(year, 'R-L04').count, 3);
  assert.equal(item(year, 'R-L04').required, 4);
  assert.equal(item(year, 'R-L08').covered, 3);
  assert.equal(item(year, 'R-L08').population, 4);
  assert.match(item(year, 'R-L08').reason, /3\/4/);
  // The 党小组 is listed under R-L03.
  assert.equal(item(year, 'R-L03').groups[0].org.id, group.id);
  // A 党小组 itself is not a compliance target.
  const g = await api('GET', `/api/meetings/compliance?org=${group.id}`);
  assert.equal(g.status, 400, g.text);
  assert.equal(g.json.error.field, 'org');
});

test('a late record keeps its date, is marked, and a closed red period stays red', async () => {
  const id = meeting(branch2, ['member_meeting'], '2024-05-10', { recordedAt: '2024-07-03T02:00:00Z' });
  const q2 = await compliance(branch2, '&date=2024-05-15');
  const l01 = item(q2, 'R-L01');
  assert.equal(l01.colour, 'red');
  assert.equal(l01.late, 1);
  assert.equal(l01.meetings[0].id, id);
  assert.equal(l01.meetings[0].late, true);
  assert.match(l01.reason, /补录/);
});

test('a reviewer of the upper level rejects a perfunctory record: yellow with the reason, then clears it', async () => {
  const id = meeting(branch2, ['member_meeting'], '2024-08-20');
  assert.equal(item(await compliance(branch2, '&as_of=2024-09-01'), 'R-L01').colour, 'green');
  // The branch's own worker may not review its own record.
  const own = await srv.actor({ role: 'worker', org: branch2.id });
  const refused = await own.api('POST', `/api/meetings/${id}/review`, { action: 'reject', reason: '自审' });
  assert.equal(refused.status, 403, refused.text);
  assert.equal(refused.json.error.code, 'meeting.review_scope');
  const upper = await srv.actor({ role: 'worker', org: county.id });
  const noReason = await upper.api('POST', `/api/meetings/${id}/review`, { action: 'reject' });
  assert.equal(noReason.status, 422, noReason.text);
  const r = await upper.api('POST', `/api/meetings/${id}/review`, { action: 'reject', reason: '会议记录照抄文件，流于形式' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.review_state, 'rejected');
  const after = item(await compliance(branch2, '&as_of=2024-09-01'), 'R-L01');
  assert.equal(after.colour, 'yellow');
  assert.match(after.reason, /流于形式/);
  assert.equal(after.meetings[0].review_state, 'rejected');
  const clear = await upper.api('POST', `/api/meetings/${id}/review`, { action: 'clear' });
  assert.equal(clear.status, 200, clear.text);
  assert.equal(item(await compliance(branch2, '&as_of=2024-09-01'), 'R-L01').colour, 'green');
  const again = await upper.api('POST', `/api/meetings/${id}/review`, { action: 'clear' });
  assert.equal(again.status, 409, again.text);
  const audit = srv.sql("SELECT count(*) FROM audit_log WHERE action IN ('meeting.review_reject', 'meeting.review_clear')");
  assert.equal(Number(audit.trim()), 2);
});

test('the roll-up counts equal the drill-down, per obligation and colour', async () => {
  const roll = await compliance(county, '&as_of=2025-09-25');
  assert.equal(roll.kind, 'rollup');
  assert.equal(roll.branches, 2);
  for (const o of roll.obligations) {
    const sum = Object.values(o.counts).reduce((a, b) => a + b, 0);
    assert.equal(sum, 2, o.rule_id);
    for (const [c, n] of Object.entries(o.counts)) {
      const { items, totals } = await walkPages(api,
        `/api/meetings/compliance/branches?org=${county.id}&as_of=2025-09-25&rule=${o.rule_id}&colour=${c}&limit=1`);
      assert.equal(items.length, n, `${o.rule_id} ${c}`);
      assert.equal(totals[0], n, `${o.rule_id} ${c}`);
      for (const it of items) assert.equal(it.colours[o.rule_id], c);
    }
  }
  // branch2 has no committee term: R-L02 does not apply there.
  assert.equal(item(roll, 'R-L02').counts.na, 1);
  assert.equal(item(roll, 'R-L02').counts.green, 1);
  const bad = await api('GET', `/api/meetings/compliance/branches?org=${county.id}&colour=purple`);
  assert.equal(bad.status, 400, bad.text);
  // Another county's worker sees none of it.
  const other = await org({ code: 'HG-X', name: '合规外县委', kind: 'committee' });
  const stranger = await srv.actor({ role: 'worker', org: other.id });
  const hidden = await stranger.api('GET', `/api/meetings/compliance?org=${county.id}`);
  assert.equal(hidden.status, 404, hidden.text);
});

test('reminders: the yellow items now and the red items of the periods just closed', async () => {
  const r = await api('GET', `/api/meetings/reminders?org=${branch2.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'branch');
  // branch2 holds nothing now: last month's theme day and last quarter's 党员大会 are red.
  const red = r.json.items.filter((i) => i.when === 'previous').map((i) => i.rule_id);
  assert.ok(red.includes('R-L05') && red.includes('R-L01'), r.text);
  assert.equal(r.json.red, red.length);
  for (const i of r.json.items) assert.ok(i.colour === (i.when === 'previous' ? 'red' : 'yellow'));
  const up = await api('GET', `/api/meetings/reminders?org=${county.id}`);
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json.kind, 'rollup');
  assert.equal(up.json.red, 2);
});

test('six months without attending are flagged for the branch; an approved leave is a reason', async () => {
  const b = await org({ code: 'HG-3', name: '合规第三支部', kind: 'branch', parent_id: county.id });
  const absent = await member(b, { name: '缺席者' });
  const excused = await member(b, { name: '请假者' });
  const present = await member(b, { name: '出席者' });
  // One meeting a month, the six complete months before the current one.
  const today = todayShanghai();
  let [y, m] = today.split('-').map(Number);
  for (let k = 1; k <= 6; k++) {
    m -= 1;
    if (m === 0) { m = 12; y -= 1; }
    const d = `${y}-${String(m).padStart(2, '0')}-10`;
    const id = meeting(b, ['theme_day'], d);
    attend(id, absent, d, 'absent');
    attend(id, excused, d, k === 3 ? 'leave' : 'absent', k === 3 ? 'approved' : null);
    attend(id, present, d, k === 2 ? 'present' : 'expected');
  }
  const r = await api('GET', `/api/meetings/absence-flags?org=${county.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, 1, r.text);
  assert.equal(r.json.items[0].member.id, absent.id);
  assert.equal(r.json.items[0].org.id, b.id);
  assert.equal(r.json.items[0].last_attended, null);
  assert.equal(r.json.window.months, 6);
  // A requested (not approved) leave does not excuse.
  srv.sql(`UPDATE meeting_attendees SET leave_state = 'requested' WHERE member_id = ${excused.id} AND status = 'leave'`);
  const again = await api('GET', `/api/meetings/absence-flags?org=${b.id}`);
  assert.deepEqual(again.json.items.map((i) => i.member.id).sort(), [absent.id, excused.id].sort());
});
