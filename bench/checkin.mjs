// QR check-ins per second, sustained, with durable commits (each check-in is one write
// transaction: the conditional UPDATE of the attendee row and its audit record).
// Usage: node bench/checkin.mjs [MEMBERS=200] [MEETINGS=10] [CONCURRENCY=32]
// A fresh server (SQLite, or PostgreSQL with LIANXIN_TEST_PG_ADMIN as in tests/api), one branch of
// MEMBERS members each with an account and a session, MEETINGS meetings of that branch; every
// member scans the QR code of every meeting, CONCURRENCY requests in flight. Prints the rate and
// checks that every meeting ends with exactly MEMBERS attendees present.
import { startServer } from '../tests/api/harness.mjs';

const [members = 200, meetings = 10, concurrency = 32] = process.argv.slice(2).map(Number);
const PW = 'Bench#Checkin2026';
let seq = 0;
const idNumber = () => {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first = `11010519800512${String(100 + (seq++ % 900)).padStart(3, '0')}`;
  const s = W.reduce((a, w, i) => a + w * Number(first[i]), 0);
  return first + '10X98765432'[s % 11];
};

const srv = await startServer({ extraArgs: ['--checkin-token-seconds', '600'] });
try {
  const { api } = srv;
  const post = async (p, b) => {
    const r = await api('POST', p, b);
    if (r.status !== 201) throw new Error(`${p}: ${r.status} ${r.text}`);
    return r.json;
  };
  const top = await post('/api/orgs', { code: 'BN-C', name: '压测党委', kind: 'committee' });
  const branch = await post('/api/orgs', { code: 'BN-1', name: '压测支部', kind: 'branch', parent_id: top.id });
  const sessions = [];
  for (let i = 0; i < members; i++) {
    seq = i; // distinct sequence numbers → distinct ID numbers
    const m = await post('/api/members', {
      name: `压测${i}`, id_number: idNumber(), org_id: branch.id, category: 'full', join_date: '2005-07-01', full_date: '2006-07-01',
    });
    srv.cli(['user', 'create', `bench${i}`, '--role', 'member', '--org', String(branch.id), '--member', String(m.id)], {
      LIANXIN_USER_PASSWORD: PW,
    });
    sessions.push(await srv.login(`bench${i}`, PW));
  }
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const ids = [];
  for (let k = 0; k < meetings; k++) {
    const m = await post('/api/meetings', {
      org_id: branch.id, types: ['member_meeting'], topic: `压测会议${k}`, starts_at: `${today}T00:00`, ends_at: `${today}T23:59`, place: '会议室',
    });
    ids.push(m.id);
  }
  const tokens = [];
  for (const id of ids) {
    const r = await srv.request('GET', `/api/meetings/${id}/checkin-qr`);
    tokens.push(new URL(r.headers.get('x-checkin-url')).searchParams.get('t'));
  }
  const jobs = [];
  for (const t of tokens) for (const s of sessions) jobs.push([s, t]);
  let next = 0;
  let failed = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) {
      const [s, token] = jobs[next++];
      const r = await s.api('POST', '/api/auth/me/meetings/checkin', { token });
      if (r.status !== 200 || r.json.already) failed++;
    }
  }));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const id of ids) {
    const d = (await api('GET', `/api/meetings/${id}`)).json;
    const present = d.attendees.filter((a) => a.status === 'present').length;
    if (present !== members) throw new Error(`meeting ${id}: ${present} present, expected ${members}`);
  }
  console.log(`checkin: ${jobs.length} check-ins (${members} members x ${meetings} meetings), concurrency ${concurrency}, ` +
    `${secs.toFixed(2)} s, ${(jobs.length / secs).toFixed(0)} check-ins/s, ${failed} failed; backend ${process.env.LIANXIN_TEST_PG_ADMIN ? 'postgresql' : 'sqlite'}`);
} finally {
  await srv.stop();
}
