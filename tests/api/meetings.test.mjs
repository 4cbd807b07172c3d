// 组织生活 meetings (issue #6; org-life.md): plan with expected attendees computed from the branch
// (full members vote, probationary members attend without a vote, a hosted 流动党员 attends
// without a vote) → leave request and decision → QR check-in once (a second scan answers 已签到,
// two at once make one check-in) → expired and forged tokens → manual check-in needs a reason →
// record (identical minutes flagged, late/defects) → 党员大会 votes (inquorate: void). The server
// runs with checkin-token-seconds = 5 so that an expired code can be tested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, todayShanghai, backendName, assertPagesMatchOnePage } from './harness.mjs';

let srv;
let api;
let branch;
let other;
const today = todayShanghai();
const PW = 'Operator#2026';

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const org = (body) => created(api('POST', '/api/orgs', body));
const member = (o, extra = {}) =>
  created(api('POST', '/api/members', {
    name: '参会党员', id_number: makeIdNumber(), org_id: o.id, category: 'full', join_date: '2005-07-01',
    full_date: '2006-07-01', ...extra,
  }));
let seq = 0;
async function memberAccount(m) {
  const name = `mtg${++seq}x${Date.now() % 100000}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(m.org_id), '--member', String(m.id)], {
    LIANXIN_USER_PASSWORD: PW,
  });
  return srv.login(name, PW);
}
const plan = (extra = {}) =>
  api('POST', '/api/meetings', {
    org_id: branch.id, types: ['member_meeting'], topic: '学习党的二十届三中全会精神', starts_at: `${today}T00:00`,
    ends_at: `${today}T23:59`, place: '党员活动室', host: '王书记', recorder: '李委员', ...extra,
  });
async function qrToken(id, caller = api) {
  const r = await caller('GET', `/api/meetings/${id}/checkin-qr`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /image\/svg\+xml/);
  assert.match(r.text, /^<svg[^>]*viewBox="0 0 \d+ \d+"/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const url = new URL(r.headers.get('x-checkin-url'));
  assert.equal(url.pathname, '/checkin');
  return url.searchParams.get('t');
}

let full1; let full2; let full3; let prob; let hosted; let acct1; let acct2; let acctProb;

before(async () => {
  srv = await startServer({ extraArgs: ['--checkin-token-seconds', '5'] });
  api = srv.api;
  const top = await org({ code: 'MT-C', name: '会议测试县委', kind: 'committee' });
  branch = await org({ code: 'MT-1', name: '会议第一支部', kind: 'branch', parent_id: top.id });
  other = await org({ code: 'MT-2', name: '会议第二支部', kind: 'branch', parent_id: top.id });
  full1 = await member(branch, { name: '正式甲' });
  full2 = await member(branch, { name: '正式乙' });
  full3 = await member(branch, { name: '正式丙' });
  prob = await member(branch, { name: '预备丁', category: 'probationary', full_date: null, join_date: '2026-01-10' });
  // A member of the other branch, hosted here with a 流动党员活动证.
  hosted = await member(other, { name: '流入戊' });
  const r = await api('POST', '/api/mobile-members', {
    member_id: hosted.id, host_org_id: branch.id, destination: '本县', reason: '务工', start_date: '2026-01-10',
    expected_months: 5, card_no: `MT-${process.pid}`, card_issued_on: '2026-01-05', card_issuer: '县委',
  });
  assert.equal(r.status, 201, r.text);
  acct1 = await memberAccount(full1);
  acct2 = await memberAccount(full2);
  acctProb = await memberAccount(prob);
});
after(async () => {
  await srv?.stop();
});

test(`plan: attendees from the branch, voting only for full members, hosted card holder without a vote (${backendName()})`, async () => {
  const bad = await plan({ types: ['lecture'], place: '', online: false });
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, ['lecturer', 'place']);
  const grp = await plan({ types: ['group'] });
  assert.equal(grp.status, 422, grp.text);
  assert.equal(grp.json.error.code, 'types.group_needs_group');

  const m = await created(plan({ types: ['member_meeting', 'lecture', 'theme_day'], lecturer: '张讲师' }));
  assert.equal(m.state, 'planned');
  assert.deepEqual(m.types, ['member_meeting', 'lecture', 'theme_day']);
  assert.equal(m.meeting_date, today);
  const byName = Object.fromEntries(m.attendees.map((a) => [a.name, a]));
  assert.deepEqual(Object.keys(byName).sort(), ['正式丙', '正式乙', '正式甲', '流入戊', '预备丁'].sort());
  assert.equal(byName['正式甲'].voting, true);
  assert.equal(byName['预备丁'].voting, false);
  assert.equal(byName['预备丁'].role, 'probationary');
  assert.equal(byName['流入戊'].voting, false);
  assert.equal(byName['流入戊'].role, 'mobile_guest');
  assert.equal(m.expected, 5);
  assert.equal(m.voting_n, 3);

  // Edit while planned (stale version 409), list with filters, cancel with a reason.
  const stale = await api('PATCH', `/api/meetings/${m.id}`, { topic: '新主题', version: m.version + 5 });
  assert.equal(stale.status, 409, stale.text);
  const ed = await api('PATCH', `/api/meetings/${m.id}`, { topic: '新主题', version: m.version });
  assert.equal(ed.status, 200, ed.text);
  assert.equal(ed.json.topic, '新主题');
  const list = await api('GET', `/api/meetings?org=${branch.id}&type=lecture&from=${today}&to=${today}`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((i) => i.id), [m.id]);
  assert.equal((await api('GET', `/api/meetings?org=${other.id}`)).json.total, 0);
  assert.equal((await api('POST', `/api/meetings/${m.id}/cancel`, {})).status, 422);
  const cancelled = await api('POST', `/api/meetings/${m.id}/cancel`, { reason: '改期' });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.state, 'cancelled');
  assert.equal((await api('PATCH', `/api/meetings/${m.id}`, { topic: 'x' })).json.error.code, 'meeting.not_planned');
});

test('leave: the member asks with a reason, the secretary approves', async () => {
  const m = await created(plan());
  const a2 = m.attendees.find((a) => a.member_id === full2.id);
  assert.equal((await acct2.api('POST', `/api/auth/me/meetings/${m.id}/leave`, {})).status, 422);
  const req = await acct2.api('POST', `/api/auth/me/meetings/${m.id}/leave`, { reason: '出差' });
  assert.equal(req.status, 200, req.text);
  assert.equal(req.json.leave_state, 'requested');
  // Not on the list: 404.
  const outsider = await memberAccount(await member(other, { name: '外支部' }));
  assert.equal((await outsider.api('POST', `/api/auth/me/meetings/${m.id}/leave`, { reason: 'x' })).status, 404);
  const ok = await api('POST', `/api/meetings/${m.id}/attendees/${a2.id}/leave`, { approve: true });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'leave');
  assert.equal(ok.json.leave_state, 'approved');
  const again = await api('POST', `/api/meetings/${m.id}/attendees/${a2.id}/leave`, { approve: false });
  assert.equal(again.status, 409, again.text);
  const own = await acct2.api('GET', '/api/auth/me/meetings');
  assert.equal(own.status, 200, own.text);
  assert.ok(own.json.upcoming.some((u) => u.id === m.id && u.status === 'leave'));
  await api('POST', `/api/meetings/${m.id}/cancel`, { reason: '测试结束' });
});

test('QR check-in: once per member, two scans at once make one check-in, only expected attendees', async () => {
  const m = await created(plan());
  const token = await qrToken(m.id);
  const [a, b] = await Promise.all([
    acct1.api('POST', '/api/auth/me/meetings/checkin', { token }),
    acct1.api('POST', '/api/auth/me/meetings/checkin', { token }),
  ]);
  assert.equal(a.status, 200, a.text);
  assert.equal(b.status, 200, b.text);
  assert.deepEqual([a.json.already, b.json.already].sort(), [false, true]);
  const second = await acct1.api('POST', '/api/auth/me/meetings/checkin', { token });
  assert.equal(second.json.already, true);
  assert.equal(second.json.message, '已签到');
  const d = (await api('GET', `/api/meetings/${m.id}`)).json;
  const mine = d.attendees.filter((x) => x.member_id === full1.id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].status, 'present');
  assert.equal(mine[0].checkin_via, 'qr');
  // The probationary member attends too.
  assert.equal((await acctProb.api('POST', '/api/auth/me/meetings/checkin', { token })).json.already, false);
  // Not expected: 403 with a code; an account without a member record: 404.
  const outsider = await memberAccount(await member(other, { name: '旁听者' }));
  const no = await outsider.api('POST', '/api/auth/me/meetings/checkin', { token });
  assert.equal(no.status, 403, no.text);
  assert.equal(no.json.error.code, 'checkin.not_expected');
  assert.equal((await api('POST', '/api/auth/me/meetings/checkin', { token })).status, 404);
  // Forged: a flipped character.
  const forged = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
  const f = await acct2.api('POST', '/api/auth/me/meetings/checkin', { token: forged });
  assert.equal(f.status, 400, f.text);
  assert.equal(f.json.error.code, 'checkin.token_invalid');
  assert.equal((await acct2.api('POST', '/api/auth/me/meetings/checkin', { token: 'garbage' })).json.error.code,
    'checkin.token_invalid');
  // Expired (the server's codes live 5 s here).
  await new Promise((r) => setTimeout(r, 6500));
  const ex = await acct2.api('POST', '/api/auth/me/meetings/checkin', { token });
  assert.equal(ex.status, 410, ex.text);
  assert.equal(ex.json.error.code, 'checkin.token_expired');
  // Online meetings: a link valid for the meeting's duration; on-site meetings have none.
  assert.equal((await api('GET', `/api/meetings/${m.id}/checkin-link`)).status, 409);
  const online = await created(plan({ online: true, place: null }));
  const link = await api('GET', `/api/meetings/${online.id}/checkin-link`);
  assert.equal(link.status, 200, link.text);
  const lr = await acct2.api('POST', '/api/auth/me/meetings/checkin', { token: new URL(link.json.url).searchParams.get('t') });
  assert.equal(lr.status, 200, lr.text);
  assert.equal(lr.json.attendee.checkin_via, 'link');
});

test('manual check-in needs a reason; record flags identical minutes; inquorate 党员大会 votes are void', async () => {
  const minutes = '会议传达学习了上级文件精神，全体党员结合工作实际进行了讨论，支部书记作了总结讲话，提出了下一步工作要求，并对近期重点工作作出安排部署。';
  const m1 = await created(plan());
  const att = (m, id) => m.attendees.find((a) => a.member_id === id);
  const noReason = await api('POST', `/api/meetings/${m1.id}/attendees/${att(m1, full1.id).id}/checkin`, {});
  assert.equal(noReason.status, 422, noReason.text);
  assert.equal(noReason.json.error.field, 'reason');
  for (const id of [full1.id, full2.id]) {
    const r = await api('POST', `/api/meetings/${m1.id}/attendees/${att(m1, id).id}/checkin`, { reason: '手机没电，现场核验' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.checkin_via, 'manual');
    assert.equal(r.json.checkin_reason, '手机没电，现场核验');
  }
  assert.equal((await api('POST', `/api/meetings/${m1.id}/record`, { minutes: '  ' })).status, 422);
  const rec1 = await api('POST', `/api/meetings/${m1.id}/record`, { minutes, resolutions: '通过' });
  assert.equal(rec1.status, 200, rec1.text);
  assert.equal(rec1.json.state, 'held');
  assert.equal(rec1.json.present, 2);
  assert.equal(rec1.json.expected, 5);
  assert.equal(rec1.json.voting_n, 3);
  assert.equal(rec1.json.quorate, true);
  assert.equal(rec1.json.late, false);
  assert.deepEqual(rec1.json.defects, []);
  assert.equal(att(rec1.json, full3.id).status, 'absent');
  const v1 = await api('POST', `/api/meetings/${m1.id}/votes`, { item: '推荐优秀党员', yes: 2, no: 0, abstain: 0 });
  assert.equal(v1.status, 201, v1.text);
  assert.equal(v1.json.quorate, true);
  assert.equal(v1.json.passed, true);
  assert.match(v1.json.explanation, /通过/);
  const tooMany = await api('POST', `/api/meetings/${m1.id}/votes`, { item: 'x', yes: 3, no: 0, abstain: 0 });
  assert.equal(tooMany.status, 422, tooMany.text);
  assert.equal((await api('POST', `/api/meetings/${m1.id}/record`, { minutes })).status, 409);

  // Same minutes (re-spaced) in a second meeting: accepted and flagged; only one of three voting
  // members present: inquorate, a vote is void.
  const m2 = await created(plan({ topic: '第二次会议' }));
  await api('POST', `/api/meetings/${m2.id}/attendees/${att(m2, full1.id).id}/checkin`, { reason: '代签' });
  const rec2 = await api('POST', `/api/meetings/${m2.id}/record`, { minutes: minutes.replace('，', ' ，\n') });
  assert.equal(rec2.status, 200, rec2.text);
  assert.equal(rec2.json.quorate, false);
  assert.ok(rec2.json.defects.some((d) => d.includes('相同') || d.includes('重复')), rec2.text);
  assert.ok(rec2.json.defects.some((d) => d.includes('法定人数')), rec2.text);
  const v2 = await api('POST', `/api/meetings/${m2.id}/votes`, { item: '接收预备党员', kind: 'admission', yes: 1, no: 0, abstain: 0 });
  assert.equal(v2.status, 201, v2.text);
  assert.equal(v2.json.quorate, false);
  assert.equal(v2.json.passed, false);
  assert.match(v2.json.explanation, /无效/);
  const v3 = await api('POST', `/api/meetings/${m2.id}/votes`, { item: '一般事项', yes: 1, no: 0, abstain: 0 });
  assert.equal(v3.json.passed, false);
  assert.match(v3.json.explanation, /无效/);
  const d2 = (await api('GET', `/api/meetings/${m2.id}`)).json;
  assert.equal(d2.votes.length, 2);

  // The member's attendance record by month.
  const own = (await acct1.api('GET', '/api/auth/me/meetings')).json;
  const month = own.attendance.find((x) => x.month === today.slice(0, 7));
  assert.ok(month.present >= 2, JSON.stringify(own));
  const own3 = (await (await memberAccount(full3)).api('GET', '/api/auth/me/meetings')).json;
  assert.ok(own3.attendance[0].absent >= 2, JSON.stringify(own3));
});

test('files: upload a photo, download it, delete it; not an image or PDF is refused', async () => {
  const m = await created(plan({ topic: '附件' }));
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('meeting-photo')]);
  const up = await srv.request('POST', `/api/meetings/${m.id}/files?filename=${encodeURIComponent('会场.png')}`, {
    body: PNG, headers: { 'content-type': 'image/png' },
  });
  assert.equal(up.status, 201, up.text);
  const file = JSON.parse(up.text);
  assert.equal(file.kind, 'photo');
  const bad = await srv.request('POST', `/api/meetings/${m.id}/files?filename=a.gif`, {
    body: Buffer.from('GIF89a....'), headers: { 'content-type': 'image/gif' },
  });
  assert.equal(bad.status, 415, bad.text);
  const dl = await srv.request('GET', `/api/meetings/${m.id}/files/${file.id}`);
  assert.equal(dl.status, 200);
  assert.deepEqual(dl.bytes, PNG);
  assert.equal((await api('GET', `/api/meetings/${m.id}`)).json.files.length, 1);
  assert.equal((await api('DELETE', `/api/meetings/${m.id}/files/${file.id}`)).status, 204);
  assert.equal((await srv.request('GET', `/api/meetings/${m.id}/files/${file.id}`)).status, 404);
});

// Meetings list newest first by date, then by id: two on one day and one the day before, walked
// one per page, come back in exactly the order of the single page.
test('the meeting list pages by date and id, newest first', async () => {
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
  await created(plan({ topic: '分页一' }));
  await created(plan({ topic: '分页二' }));
  await created(plan({ topic: '分页三', starts_at: `${yesterday}T09:00`, ends_at: `${yesterday}T10:00` }));
  const one = (await api('GET', `/api/meetings?org=${branch.id}&limit=500`)).json.items;
  const dates = one.map((i) => i.meeting_date);
  assert.deepEqual(dates, [...dates].sort().reverse());
  assert.ok(dates.includes(yesterday) && dates.filter((d) => d === today).length >= 2, dates.join());
  assert.equal(await assertPagesMatchOnePage(api, `/api/meetings?org=${branch.id}`), one.length);
});
