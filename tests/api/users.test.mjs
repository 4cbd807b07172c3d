// Account management through the API: member accounts by organization admins within their scope,
// first-login password change, bulk creation (JSON and CSV), grant rules, revocation effective on
// the next request, API keys as Bearer tokens, disabling and resets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, ADMIN_PASSWORD } from './harness.mjs';

let srv;
let api;
let R;
let A;
let B;
let adminA; // 组织部管理员 of branch A
let sysadmin;
let secadmin;
const mobileA = '13911112222';
const idA = makeIdNumber({ birth: '1985-04-05' });
let mA;
let mB;

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const member = (org, extra = {}) =>
  created(api('POST', '/api/members', {
    name: '账号测试党员', id_number: makeIdNumber(), category: 'full', join_date: '2005-07-01', full_date: '2006-07-01',
    org_id: org.id, ...extra,
  }));

const NEW_PASSWORD = 'Changed#2026!';
/** The generated username of a member's account. */
const memberUsername = (id) => `m${String(id).padStart(6, '0')}`;

/** Logs in with a one-time password and replaces it; returns the session after the change. */
async function firstLogin(name, oneTime) {
  const s = await srv.login(name, oneTime);
  const r = await s.api('POST', '/api/auth/password', { old_password: oneTime, new_password: NEW_PASSWORD });
  assert.equal(r.status, 204, r.text);
  return s;
}

before(async () => {
  srv = await startServer();
  api = srv.api;
  R = await created(api('POST', '/api/orgs', { code: 'US-R', name: '账号测试县委', kind: 'committee' }));
  A = await created(api('POST', '/api/orgs', { code: 'US-A', name: '账号甲支部', kind: 'branch', parent_id: R.id }));
  B = await created(api('POST', '/api/orgs', { code: 'US-B', name: '账号乙支部', kind: 'branch', parent_id: R.id }));
  mA = await member(A, { name: '甲党员', mobile: mobileA, id_number: idA });
  mB = await member(B, { name: '乙党员' });
  adminA = await srv.actor({ role: 'org_admin', org: A.id });
  sysadmin = await srv.login('admin', ADMIN_PASSWORD);
  secadmin = await srv.login('secadmin', ADMIN_PASSWORD);
});
after(async () => {
  await srv?.stop();
});

test('an org admin creates accounts for members of its branch only; the first login must change the password', async () => {
  const made = await created(adminA.api('POST', `/api/members/${mA.id}/account`, {}));
  assert.equal(made.username, memberUsername(mA.id));
  assert.equal(made.display_name, '甲党员');
  assert.equal(made.must_change_password, true);
  assert.ok(!('password_hash' in made));
  const other = await adminA.api('POST', `/api/members/${mB.id}/account`, {});
  assert.equal(other.status, 404, other.text);
  assert.equal((await adminA.api('POST', `/api/members/${mA.id}/account`, {})).status, 409);
  // 系统管理员 creates staff accounts, not member accounts (no party data: 三员分立).
  assert.equal((await sysadmin.api('POST', `/api/members/${mA.id}/account`, {})).status, 403);

  // Login by phone number: everything but the self routes is refused until the password changes.
  const s = await srv.login(mobileA, made.password);
  const blocked = await s.api('GET', '/api/orgs');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.error.code, 'password_change_required');
  assert.equal((await s.api('GET', '/api/auth/me')).status, 200);
  const ch = await s.api('POST', '/api/auth/password', { old_password: made.password, new_password: NEW_PASSWORD });
  assert.equal(ch.status, 204, ch.text);
  const after = await s.api('GET', '/api/orgs');
  assert.equal(after.status, 403);
  assert.equal(after.json.error.code, 'permission_denied'); // a member without grants: no registry access
  // And by ID number.
  const byId = await srv.login(idA, NEW_PASSWORD);
  assert.equal(byId.user.username, memberUsername(mA.id));
});

test('lists show only accounts in the caller scope', async () => {
  await created(api('POST', `/api/members/${mB.id}/account`, {}));
  const mine = await adminA.api('GET', '/api/users?limit=500');
  assert.equal(mine.status, 200, mine.text);
  const names = mine.json.items.map((u) => u.username);
  assert.ok(names.includes(memberUsername(mA.id)));
  assert.ok(!names.includes(memberUsername(mB.id)));
  const all = await sysadmin.api('GET', `/api/users?q=${memberUsername(mB.id)}`);
  assert.deepEqual(all.json.items.map((u) => u.username), [memberUsername(mB.id)]);
  const hidden = await adminA.api('GET', `/api/users/${all.json.items[0].id}`);
  assert.equal(hidden.status, 404);
  assert.equal((await adminA.api('GET', `/api/users?org=${B.id}`)).status, 404);
});

test('bulk creation gives every member without an account one, as JSON and as CSV, once', async () => {
  const fresh = [await member(A, { name: '批量一' }), await member(A, { name: '批量二' })];
  const r = await created(adminA.api('POST', '/api/users/bulk', { org_id: A.id }));
  assert.deepEqual(r.items.map((i) => i.member_id).sort(), fresh.map((m) => m.id).sort());
  assert.equal(r.created, 2);
  const s = await firstLogin(r.items[0].username, r.items[0].password);
  assert.equal((await s.api('GET', '/api/auth/me')).json.must_change_password, false);
  assert.equal((await created(adminA.api('POST', '/api/users/bulk', { org_id: A.id }))).created, 0);

  const third = await member(A, { name: '批量三' });
  const csv = await adminA.request('POST', '/api/users/bulk?format=csv', { json: { org_id: R.id, include_subtree: true } });
  assert.equal(csv.status, 404, 'R lies above the admin of A');
  const own = await adminA.request('POST', '/api/users/bulk?format=csv', { json: { org_id: A.id, include_subtree: true } });
  assert.equal(own.status, 201, own.text);
  assert.match(own.headers.get('content-type'), /text\/csv/);
  const lines = own.text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.equal(lines[0], '用户名,姓名,党员ID,初始密码');
  assert.equal(lines.length, 2);
  const [username, name, memberId, password] = lines[1].split(',');
  assert.equal(name, '批量三');
  assert.equal(Number(memberId), third.id);
  await firstLogin(username, password);
});

test('grant rules: not to oneself, not wider than one\'s own scope, system roles exclusive and only from the security officer', async () => {
  const me = adminA.user.id;
  const self = await adminA.api('POST', '/api/grants', { user_id: me, role: 'worker', org_id: A.id });
  assert.equal(self.status, 403, self.text);
  const target = (await api('GET', `/api/users?q=${memberUsername(mA.id)}`)).json.items[0];
  const wider = await adminA.api('POST', '/api/grants', { user_id: target.id, role: 'worker', org_id: R.id });
  assert.ok([403, 404].includes(wider.status), wider.text);
  const whole = await adminA.api('POST', '/api/grants', { user_id: target.id, role: 'worker', org_id: null });
  assert.equal(whole.status, 403, whole.text);
  const g = await created(adminA.api('POST', '/api/grants', { user_id: target.id, role: 'worker', org_id: A.id }));
  assert.equal(g.org_id, A.id);
  assert.equal((await adminA.api('POST', '/api/grants', { user_id: target.id, role: 'worker', org_id: A.id })).status, 409);

  // An organization admin of the whole tree still grants no system role.
  const staff = await created(sysadmin.api('POST', '/api/users', { username: 'staffgrant', display_name: '工作人员' }));
  const bySys = await api('POST', '/api/grants', { user_id: staff.id, role: 'auditor', org_id: null });
  assert.equal(bySys.status, 403, bySys.text);
  await created(secadmin.api('POST', '/api/grants', { user_id: staff.id, role: 'auditor', org_id: null }));
  const second = await secadmin.api('POST', '/api/grants', { user_id: staff.id, role: 'sysadmin', org_id: null });
  assert.equal(second.status, 422, second.text);
  assert.equal(second.json.error.code, 'role.exclusive');
  const withOrg = await secadmin.api('POST', '/api/grants', { user_id: staff.id, role: 'secadmin', org_id: A.id });
  assert.equal(withOrg.status, 422, withOrg.text);
  const audit = await srv.login('auditor', ADMIN_PASSWORD);
  const recs = await audit.api('GET', `/api/audit?action=grant.create&entity_id=${g.id}`);
  assert.equal(recs.json.total, 1);
});

test('a revoked grant stops working on the very next request', async () => {
  const m = await member(A, { name: '授权党员' });
  const made = await created(adminA.api('POST', `/api/members/${m.id}/account`, {}));
  const s = await firstLogin(made.username, made.password);
  assert.equal((await s.api('GET', `/api/members?org=${A.id}`)).status, 403);
  const g = await created(adminA.api('POST', '/api/grants', { user_id: made.id, role: 'worker', org_id: A.id }));
  assert.equal((await s.api('GET', `/api/members?org=${A.id}`)).status, 200);
  const listed = await adminA.api('GET', `/api/users/${made.id}/grants`);
  assert.deepEqual(listed.json.items.map((x) => x.role), ['worker']);
  assert.equal((await adminA.api('DELETE', `/api/grants/${g.id}`)).status, 204);
  assert.equal((await s.api('GET', `/api/members?org=${A.id}`)).status, 403);
});

test('an API key works as a Bearer token within its org and stops at once when revoked', async () => {
  const sys = await adminA.api('POST', '/api/api-keys', { name: '系统角色', role: 'auditor', org_id: null });
  assert.equal(sys.status, 422, sys.text);
  const k = await created(adminA.api('POST', '/api/api-keys', { name: '对接系统', role: 'worker', org_id: A.id }));
  assert.match(k.key, /^lxk_/);
  const asKey = (method, p) => srv.anonymous(method, p, { headers: { authorization: `Bearer ${k.key}` } });
  assert.equal((await asKey('GET', `/api/members?org=${A.id}`)).status, 200);
  assert.equal((await asKey('GET', `/api/members?org=${B.id}`)).status, 404);
  const listed = await adminA.api('GET', '/api/api-keys');
  assert.ok(listed.json.items.some((x) => x.id === k.id && !('key' in x) && x.last_used_at));
  assert.equal((await adminA.api('DELETE', `/api/api-keys/${k.id}`)).status, 204);
  assert.equal((await asKey('GET', `/api/members?org=${A.id}`)).status, 401);
});

test('a disabled account cannot log in and its sessions end; nobody disables or resets themselves', async () => {
  const staff = await created(sysadmin.api('POST', '/api/users', { username: 'staffoff', display_name: '将停用' }));
  const s = await firstLogin('staffoff', staff.password);
  assert.equal((await s.api('GET', '/api/auth/me')).status, 200);
  const off = await sysadmin.api('PATCH', `/api/users/${staff.id}`, { disabled: true });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.json.disabled, true);
  assert.equal((await s.api('GET', '/api/auth/me')).status, 401);
  const login = await srv.anonymous('POST', '/api/auth/login', { json: { login: 'staffoff', password: NEW_PASSWORD } });
  assert.equal(login.status, 401);

  const selfId = sysadmin.user.id;
  assert.equal((await sysadmin.api('PATCH', `/api/users/${selfId}`, { disabled: true })).status, 403);
  assert.equal((await sysadmin.api('POST', `/api/users/${selfId}/reset-password`)).status, 403);
  const sec = secadmin.user.id;
  assert.equal((await sysadmin.api('POST', `/api/users/${sec}/reset-password`)).status, 403); // 三员: not from here
});

test('resets: an org admin resets a member account in scope; the new password must be changed', async () => {
  const m = await member(A, { name: '重置党员' });
  const made = await created(adminA.api('POST', `/api/members/${m.id}/account`, {}));
  await firstLogin(made.username, made.password);
  const r = await adminA.api('POST', `/api/members/${m.id}/account/reset-password`);
  assert.equal(r.status, 200, r.text);
  const s = await srv.login(made.username, r.json.password);
  assert.equal(s.user.must_change_password, true);
  assert.equal((await adminA.api('POST', `/api/members/${mB.id}/account/reset-password`)).status, 404);
  const revoked = await sysadmin.api('POST', `/api/users/${made.id}/revoke-sessions`);
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.json.revoked, 1);
  assert.equal((await s.api('GET', '/api/auth/me')).status, 401);
});
