// Login, sessions, cookies with CSRF, first-login password change, lockout — over HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeRequest, makeIdNumber, ADMIN_PASSWORD } from './harness.mjs';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await srv?.stop();
});

const cookieOf = (res) =>
  (res.headers.getSetCookie?.() || [])
    .map((c) => c.split(';')[0])
    .filter((c) => !c.endsWith('='))
    .join('; ');

test('login returns a token and sets an HttpOnly SameSite=Strict session cookie and a CSRF cookie', async () => {
  const r = await srv.anonymous('POST', '/api/auth/login', { json: { login: 'admin', password: ADMIN_PASSWORD } });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.token.length >= 43);
  assert.equal(r.json.user.username, 'admin');
  assert.deepEqual(r.json.user.grants.map((g) => g.role), ['sysadmin']);
  const cookies = r.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith('lx_session='));
  assert.match(session, /HttpOnly/);
  assert.match(session, /SameSite=Strict/);
  assert.doesNotMatch(session, /Secure/);  // plain HTTP here; cookie-secure=true adds it
  assert.ok(cookies.find((c) => c.startsWith('lx_csrf=')));
});

test('wrong password and unknown account get the same answer', async () => {
  const a = await srv.anonymous('POST', '/api/auth/login', { json: { login: 'auditor', password: 'nope' } });
  const b = await srv.anonymous('POST', '/api/auth/login', { json: { login: 'ghost', password: 'nope' } });
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.deepEqual(a.json, b.json);
  assert.equal(a.json.error.code, 'invalid_credentials');
});

test('missing fields are a 422 with the field named', async () => {
  const r = await srv.anonymous('POST', '/api/auth/login', { json: { login: 'admin' } });
  assert.ok([400, 422].includes(r.status), r.text);
  assert.equal(r.json.error.field, 'password');
});

test('routes need a session: 401 without one, 401 with a made-up token', async () => {
  assert.equal((await srv.anonymous('GET', '/api/members')).status, 401);
  const fake = makeRequest(srv.base, 'x'.repeat(43));
  const r = await fake('GET', '/api/auth/me');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'session_expired');
});

test('a cookie session needs the CSRF header on writes, a bearer token does not', async () => {
  const login = await srv.anonymous('POST', '/api/auth/login', { json: { login: 'operator', password: 'Operator#2026' } });
  const cookie = cookieOf(login);
  const csrf = login.json.user.csrf_token;
  const read = await srv.anonymous('GET', '/api/auth/me', { headers: { cookie } });
  assert.equal(read.status, 200);
  const body = { code: `CS${Date.now() % 100000}`, name: '校验测试党委', kind: 'committee' };
  const refused = await srv.anonymous('POST', '/api/orgs', { json: body, headers: { cookie } });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, 'csrf_failed');
  const wrong = await srv.anonymous('POST', '/api/orgs', { json: body, headers: { cookie, 'x-csrf-token': 'nope' } });
  assert.equal(wrong.status, 403);
  const ok = await srv.anonymous('POST', '/api/orgs', { json: body, headers: { cookie, 'x-csrf-token': csrf } });
  assert.equal(ok.status, 201, ok.text);
  const bearer = await srv.api('POST', '/api/orgs', { ...body, code: `${body.code}B` });
  assert.equal(bearer.status, 201, bearer.text);
});

test('logout ends the session and clears the cookies', async () => {
  const s = await srv.login('operator', 'Operator#2026');
  assert.equal((await s.api('GET', '/api/auth/me')).status, 200);
  const out = await s.api('POST', '/api/auth/logout');
  assert.equal(out.status, 204);
  assert.ok(out.headers.getSetCookie().every((c) => /Max-Age=0/.test(c)));
  assert.equal((await s.api('GET', '/api/auth/me')).status, 401);
});

test('a user lists their sessions and ends another one', async () => {
  const a = await srv.login('operator', 'Operator#2026');
  const b = await srv.login('operator', 'Operator#2026');
  const list = await a.api('GET', '/api/auth/sessions');
  assert.equal(list.status, 200);
  const current = list.json.items.filter((s) => s.current);
  assert.equal(current.length, 1);
  const other = list.json.items.find((s) => !s.current);
  const bMe = await b.api('GET', '/api/auth/sessions');
  const bId = bMe.json.items.find((s) => s.current).id;
  assert.equal((await a.api('DELETE', `/api/auth/sessions/${bId}`)).status, 204);
  assert.equal((await b.api('GET', '/api/auth/me')).status, 401);
  assert.ok(other);
  // Someone else's session is "not found" to me.
  const stranger = await srv.actor({ role: 'worker', org: null });
  const mine = (await stranger.api('GET', '/api/auth/sessions')).json.items[0].id;
  assert.equal((await a.api('DELETE', `/api/auth/sessions/${mine}`)).status, 404);
});

test('a one-time password must be changed before anything else', async () => {
  const out = srv.cli(['user', 'create', 'newcomer', '--role', 'worker']);
  const pw = out.match(/初始密码: ([\x21-\x7e]+)/)[1];
  const s = await srv.login('newcomer', pw);
  assert.equal(s.user.must_change_password, true);
  const blocked = await s.api('GET', '/api/orgs');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.error.code, 'password_change_required');
  const weak = await s.api('POST', '/api/auth/password', { old_password: pw, new_password: 'newcomer' });
  assert.equal(weak.status, 422);
  assert.equal(weak.json.error.field, 'password');
  const same = await s.api('POST', '/api/auth/password', { old_password: pw, new_password: 'Newcomer' });
  assert.equal(same.status, 422);
  const good = await s.api('POST', '/api/auth/password', { old_password: pw, new_password: 'Fresh#Start9' });
  assert.equal(good.status, 204, good.text);
  assert.equal((await s.api('GET', '/api/orgs')).status, 200);
  assert.equal((await s.api('GET', '/api/auth/me')).json.must_change_password, false);
});

test('five failures lock the account, and the right password is refused while locked', async () => {
  srv.cli(['user', 'create', 'victim', '--role', 'worker'], { LIANXIN_USER_PASSWORD: 'Victim#2026x' });
  const statuses = [];
  for (let i = 0; i < 5; i++) {
    const r = await srv.anonymous('POST', '/api/auth/login', {
      json: { login: 'victim', password: `bad${i}` },
      headers: { 'x-forwarded-for': 'ignored' },
    });
    statuses.push(r.status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 423]);
  const locked = await srv.anonymous('POST', '/api/auth/login', { json: { login: 'victim', password: 'Victim#2026x' } });
  assert.equal(locked.status, 423);
  assert.equal(locked.json.error.code, 'account_locked');
  // The shell recovers it: a new one-time password, the lock lifted.
  const out = srv.cli(['user', 'reset-password', 'victim']);
  const pw = out.match(/新密码: ([\x21-\x7e]+)/)[1];
  assert.equal((await srv.anonymous('POST', '/api/auth/login', { json: { login: 'victim', password: pw } })).status, 200);
});

test('the role catalogue lists the three separated system roles', async () => {
  const r = await srv.api('GET', '/api/auth/roles');
  assert.equal(r.status, 200);
  const system = r.json.roles.filter((x) => x.system).map((x) => x.code).sort();
  assert.deepEqual(system, ['auditor', 'secadmin', 'sysadmin']);
  const sysadmin = r.json.roles.find((x) => x.code === 'sysadmin');
  assert.ok(!sysadmin.permissions.some((p) => p.startsWith('member.')), 'the system administrator sees no party data');
});

test('a member reads their own record and nothing else of the registry', async () => {
  const org = await srv.api('POST', '/api/orgs', { code: `ME${Date.now() % 100000}`, name: '本人测试支部', kind: 'branch' });
  assert.equal(org.status, 201, org.text);
  const person = (name, birth, gender) => ({
    org_id: org.json.id, name, id_number: makeIdNumber({ birth, gender }), gender, birth_date: birth,
    category: 'full', join_date: '2010-07-01', full_date: '2011-07-01',
  });
  const me = await srv.api('POST', '/api/members', person('李本人', '1985-03-04', 'female'));
  assert.equal(me.status, 201, me.text);
  const other = await srv.api('POST', '/api/members', person('王他人', '1986-03-04', 'male'));
  assert.equal(other.status, 201, other.text);
  const name = `self${Date.now() % 100000}`;
  srv.cli(['user', 'create', name, '--role', 'member', '--org', String(org.json.id), '--member', String(me.json.id)],
    { LIANXIN_USER_PASSWORD: 'Member#2026x' });
  const s = await srv.login(name, 'Member#2026x');
  const mine = await s.api('GET', '/api/auth/me/member');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.id, me.json.id);
  assert.match(mine.json.id_number, /\*{4}/);  // masked like everywhere else
  assert.equal(mine.json.org.id, org.json.id);
  assert.equal(mine.json.org.name, '本人测试支部');
  // The branch is visible to a member (their grant is on it), the registry is not theirs to read.
  assert.equal((await s.api('GET', `/api/members/${other.json.id}`)).status, 403);
  assert.equal((await s.api('GET', '/api/members')).status, 403);
  // An account without a member record has none to read.
  assert.equal((await srv.api('GET', '/api/auth/me/member')).status, 404);
});
