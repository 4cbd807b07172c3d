// Organisational life through the meeting routes only, judged by compliance (issue #6): a branch's
// 党员大会 with members checking in by the QR code's token, recorded, turns R-L01 green; a 主题党日
// whose minutes copy an earlier meeting's is recorded but defective (yellow); the upper level's
// rejection turns the green one yellow with its reason and clearing it turns it back; meetings of
// the past six months entered now keep their dates and are marked late (a closed month stays red);
// and the member who attended none of them is on the six-month list while those who came are not.
// No fixture rows: compliance.test.mjs covers the colour table with rows made by SQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, todayShanghai } from './harness.mjs';

const PW = 'Operator#2026';
let srv;
let api;
let county;
let branch;
const people = []; // four full members; the last never attends
const accounts = [];
let today;

async function ok(promise, status = 200) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.json;
}
function monthsAgo(n) {
  const [y, m] = today.split('-').map(Number);
  const t = y * 12 + (m - 1) - n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
const MINUTES = '会议传达学习了上级文件精神，全体党员结合工作实际进行了认真讨论，支部书记作了总结讲话，提出了下一步工作要求，并对近期重点工作作出安排部署。';
const plan = (types, date, topic) => ok(api('POST', '/api/meetings', {
  org_id: branch.id, types, topic, starts_at: `${date}T00:00`, ends_at: `${date}T23:59`, place: '党员活动室',
  host: '王书记', recorder: '李委员',
}), 201);
const obligation = (view, rule) => view.obligations.find((o) => o.rule_id === rule);

before(async () => {
  srv = await startServer();
  api = srv.api;
  today = todayShanghai();
  county = await ok(api('POST', '/api/orgs', { code: 'OY-C', name: '组织生活县委', kind: 'committee' }), 201);
  branch = await ok(api('POST', '/api/orgs', { code: 'OY-B', name: '组织生活支部', kind: 'branch', parent_id: county.id }), 201);
  for (const name of ['出席甲', '出席乙', '出席丙', '缺席丁']) {
    const m = await ok(api('POST', '/api/members', {
      name, id_number: makeIdNumber(), org_id: branch.id, category: 'full', join_date: '2003-07-01', full_date: '2004-07-01',
    }), 201);
    people.push(m);
    const username = `oy${people.length}x${Date.now() % 100000}`;
    srv.cli(['user', 'create', username, '--role', 'member', '--org', String(branch.id), '--member', String(m.id)], {
      LIANXIN_USER_PASSWORD: PW,
    });
    accounts.push(await srv.login(username, PW));
  }
});
after(async () => {
  await srv?.stop();
});

test('a 党员大会 with QR check-in, recorded, makes R-L01 green; copied minutes make a defective 主题党日', async () => {
  const m = await plan(['member_meeting'], today, '学习党章');
  assert.equal(m.voting_n, 4);
  const qr = await api('GET', `/api/meetings/${m.id}/checkin-qr`);
  assert.equal(qr.status, 200, qr.text);
  const token = new URL(qr.headers.get('x-checkin-url')).searchParams.get('t');
  for (const acct of accounts.slice(0, 3)) {
    const r = await ok(acct.api('POST', '/api/auth/me/meetings/checkin', { token }));
    assert.equal(r.already, false);
  }
  const held = await ok(api('POST', `/api/meetings/${m.id}/record`, { minutes: MINUTES, resolutions: '通过' }));
  assert.deepEqual([held.state, held.present, held.quorate, held.defects], ['held', 3, true, []]);

  const view = await ok(api('GET', `/api/meetings/compliance?org=${branch.id}`));
  const l01 = obligation(view, 'R-L01');
  assert.deepEqual([l01.colour, l01.count], ['green', 1], JSON.stringify(l01));
  assert.deepEqual(l01.meetings.map((x) => [x.id, x.complete]), [[m.id, true]]);

  const theme = await plan(['theme_day'], today, '主题党日');
  await ok(api('POST', `/api/meetings/${theme.id}/record`, { minutes: MINUTES }));
  const after = await ok(api('GET', `/api/meetings/compliance?org=${branch.id}`));
  const l05 = obligation(after, 'R-L05');
  assert.equal(l05.colour, 'yellow', JSON.stringify(l05));
  assert.equal(l05.meetings[0].complete, false);
  assert.ok(l05.meetings[0].defects.length > 0);

  // The county's roll-up counts this branch where its own page puts it.
  const roll = await ok(api('GET', `/api/meetings/compliance?org=${county.id}`));
  assert.equal(roll.kind, 'rollup');
  assert.equal(obligation(roll, 'R-L01').counts.green, 1);
  assert.equal(obligation(roll, 'R-L05').counts.yellow, 1);

  // The upper level rejects the 党员大会's record: yellow with the reason; clearing restores green.
  const rejected = await ok(api('POST', `/api/meetings/${m.id}/review`, { action: 'reject', reason: '记录过于简单' }));
  const yellow = obligation(await ok(api('GET', `/api/meetings/compliance?org=${branch.id}`)), 'R-L01');
  assert.equal(yellow.colour, 'yellow');
  assert.match(yellow.reason, /记录过于简单/);
  await ok(api('POST', `/api/meetings/${m.id}/review`, { action: 'clear', version: rejected.version }));
  assert.equal(obligation(await ok(api('GET', `/api/meetings/compliance?org=${branch.id}`)), 'R-L01').colour, 'green');
});

test('six past months entered now are late (a closed month stays red) and the absent member is flagged', async () => {
  for (let n = 6; n >= 1; n--) {
    const date = `${monthsAgo(n)}-10`;
    const m = await plan(['theme_day'], date, `${date} 主题党日`);
    for (const p of people.slice(0, 3)) {
      const a = m.attendees.find((x) => x.member_id === p.id);
      await ok(api('POST', `/api/meetings/${m.id}/attendees/${a.id}/checkin`, { reason: '会后补录签到' }));
    }
    const rec = await ok(api('POST', `/api/meetings/${m.id}/record`, { minutes: `${date}：${MINUTES}` }));
    assert.equal(rec.late, true, `${date} is recorded after its month`);
  }
  const past = await ok(api('GET', `/api/meetings/compliance?org=${branch.id}&date=${monthsAgo(2)}-15`));
  const l05 = obligation(past, 'R-L05');
  assert.deepEqual([l05.colour, l05.count], ['red', 0], JSON.stringify(l05));
  assert.equal(l05.meetings.filter((x) => x.late).length, 1);

  const flags = await ok(api('GET', `/api/meetings/absence-flags?org=${branch.id}`));
  assert.deepEqual(flags.items.map((f) => f.member_id ?? f.member?.id), [people[3].id], JSON.stringify(flags));
});
