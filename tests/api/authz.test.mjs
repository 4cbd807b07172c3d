// The authorization matrix (issue #3): every route of `lianxin routes` × every role of
// GET /api/auth/roles × where the role is granted relative to the target (on the target's
// organization, on an ancestor, on a sibling subtree, on a descendant, system-wide) plus anonymous.
// The expected outcome of each case is computed from the role table and the tree, never written
// per case: anonymous → 401 (unless public); "self" → allowed for any account; a role without the
// permission → 403; with it but the target outside every subtree where it holds → 403 when the
// caller sees the target through some grant, 404 when it sees nothing of it; otherwise allowed
// (any status but 401/403/404, and never a 5xx). How each route is called: authz.spec.mjs.
// Also here: CSRF on cookie sessions and the security headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startServer, makeIdNumber, makeRequest, BIN, OPERATOR_PASSWORD, backendName, assertPagesMatchOnePage } from './harness.mjs';
import { SPEC, variantsOf, DUES_CALLBACK_SECRET } from './authz.spec.mjs';

const CONCURRENCY = 8;

let srv;
let api;
let roles; // code -> {system, org_scoped, permissions: Set}
let fx; // the fixture tree
let callers; // [{label, role, position, grants: [{role, org}], anonymous, token, ...}]
let timing = '';
let results; // per variant: [{caller, expected, actual, status, text}]
const routeTable = readRouteTable();

/** `lianxin routes`: [{method, pattern, permission, key}] */
function readRouteTable() {
  const out = execFileSync(BIN, ['routes'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [method, pattern, permission] = l.split(/\s+/);
      return { method, pattern, permission, key: `${method} ${pattern}` };
    });
}

async function created(promise) {
  const r = await promise;
  assert.equal(r.status, 201, r.text);
  return r.json;
}

let seq = 0;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32, 7)]);
const uniq = () => `${++seq}${randomBytes(2).toString('hex')}`;

function memberBody(extra) {
  return { name: '矩阵党员', id_number: makeIdNumber(), category: 'full', join_date: '2005-07-01', full_date: '2006-07-01', ...extra };
}

async function buildFixture() {
  const org = (body) => created(api('POST', '/api/orgs', body));
  const R = await org({ code: 'AZ-R', name: '矩阵县委', kind: 'committee' });
  const A = await org({ code: 'AZ-A', name: '矩阵甲党委', kind: 'committee', parent_id: R.id });
  const B = await org({ code: 'AZ-B', name: '矩阵乙党委', kind: 'committee', parent_id: R.id });
  const A1 = await org({ code: 'AZ-A1', name: '矩阵甲一支部', kind: 'branch', parent_id: A.id });
  const A2 = await org({ code: 'AZ-A2', name: '矩阵甲二支部', kind: 'branch', parent_id: A.id });
  const A1G = await org({ code: 'AZ-A1G', name: '矩阵甲一小组', kind: 'party_group', parent_id: A1.id });
  const B1 = await org({ code: 'AZ-B1', name: '矩阵乙一支部', kind: 'branch', parent_id: B.id });
  const addMember = async (o) => {
    const body = memberBody({ org_id: o.id, mobile: '13912345678' });
    return { ...(await created(api('POST', '/api/members', body))), full_id: body.id_number };
  };
  const m = await addMember(A1);
  const mLinked = await addMember(A1); // the record of the linked member account (a caller)
  for (let i = 0; i < 3; i++) await addMember(A1);
  for (let i = 0; i < 3; i++) await addMember(B1);

  const membersCsv = (o) => {
    const header = ['姓名', '公民身份号码', '人员类别', '加入党组织日期', '转为正式党员日期', '所在党支部'];
    const row = ['导入党员', makeIdNumber({ birth: '1983-02-03' }), '正式党员', '2008-07-01', '2009-07-01', o.code];
    return { bytes: Buffer.from(`${header.join(',')}\r\n${row.join(',')}\r\n`), type: 'text/csv' };
  };
  const orgsCsv = (o) => {
    const header = ['组织编码', '组织名称', '组织类型', '上级组织编码'];
    const row = [`AZ-I${uniq()}`, '导入小组', '党小组', o.code];
    return { bytes: Buffer.from(`${header.join(',')}\r\n${row.join(',')}\r\n`), type: 'text/csv' };
  };
  const upload = async (file, kind) => {
    const r = await srv.request('POST', `/api/imports?kind=${kind}&policy=skip`, {
      body: file.bytes, headers: { 'content-type': file.type },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.error_rows, 0, r.text);
    return r.json;
  };
  const batch = await upload(membersCsv(A1), 'members');
  // Standing objects handed out instead of fresh ones to callers refused before any handler runs
  // (anonymous, or a role without the permission): nothing to create, nothing that may change.
  const spare = {
    org: await org({ code: 'AZ-SPARE', name: '矩阵备用小组', kind: 'party_group', parent_id: A1.id }),
    member: await addMember(A1),
    members: await upload(membersCsv(A1), 'members'),
    orgs: await upload(orgsCsv(A1), 'orgs'),
  };
  for (const kind of ['members', 'orgs']) {
    spare[`${kind}-committed`] = await upload(kind === 'orgs' ? orgsCsv(A1) : membersCsv(A1), kind);
    const c = await api('POST', `/api/imports/${spare[`${kind}-committed`].id}/commit`, {});
    assert.equal(c.status, 200, c.text);
  }
  const makeAccount = async (member) => created(api('POST', `/api/members/${member.id}/account`, { username: `mem${uniq()}` }));
  const freshAccount = async (o) => makeAccount(await addMember(o));
  const freshGrant = async (o) => {
    const a = await freshAccount(o);
    return created(api('POST', '/api/grants', { user_id: a.id, role: 'member', org_id: o.id }));
  };
  const freshKey = (o) => created(api('POST', '/api/api-keys', { name: `key${uniq()}`, role: 'worker', org_id: o.id }));
  // Accounts, grants and keys, where the server has their routes.
  const has = (key) => routeTable.some((r) => r.key === key);
  const account = has('POST /api/members/{id}/account') ? await makeAccount(m) : null;
  if (account) spare.account = await freshAccount(A1);
  if (account && has('POST /api/grants')) spare.grant = await freshGrant(A1);
  if (has('POST /api/api-keys')) spare.key = await freshKey(A1);
  const loginUser = { name: (await srv.actor({ role: 'member', org: A1.id })).username, password: OPERATOR_PASSWORD };
  // A recruitment case in A1, where the server has the route.
  const rcase = has('POST /api/recruitment/cases')
    ? await created(api('POST', '/api/recruitment/cases', {
      org_id: A1.id, name: '矩阵申请人', id_number: makeIdNumber({ birth: '1996-06-06' }), application_date: '2024-01-10',
    }))
    : null;
  // Transfers of fresh members of A1 to A2, where the server has the routes: 'draft', or
  // approved by the sender ('issued').
  const freshTransfer = async (state = 'draft') => {
    const tm = await addMember(A1);
    const t = await created(api('POST', '/api/transfers', { member_id: tm.id, to_org_id: A2.id, reason: '矩阵转接' }));
    if (state === 'issued') {
      const r = await api('POST', `/api/transfers/${t.id}/approve`, {});
      assert.equal(r.status, 200, r.text);
      return r.json;
    }
    return t;
  };
  const transfer = has('POST /api/transfers') ? await freshTransfer('draft') : null;
  // Multi-hop (逐级, R-T10): a 基层党委 without approval power (W) under A, its branch W1; a case
  // W1 → A2 goes W (forwards) → A (forwards) → A2 (accepts). `forwarded` times forwarded first.
  const hopTree = has('POST /api/transfers/{id}/forward')
    ? await (async () => {
      const W = await org({ code: 'AZ-W', name: '矩阵无权党委', kind: 'basic_committee', parent_id: A.id, can_approve_probationary: false });
      return { W, W1: await org({ code: 'AZ-W1', name: '矩阵无权支部', kind: 'branch', parent_id: W.id }) };
    })()
    : null;
  const freshHopTransfer = async (forwarded = 0) => {
    const tm = await addMember(hopTree.W1);
    let t = await created(api('POST', '/api/transfers', { member_id: tm.id, to_org_id: A2.id, reason: '矩阵逐级转接' }));
    for (let i = 0; i < forwarded; i++) {
      const r = await api('POST', `/api/transfers/${t.id}/forward`, {});
      assert.equal(r.status, 200, r.text);
      t = r.json;
    }
    return t;
  };
  const hopTransfer = hopTree ? await freshHopTransfer(0) : null;
  // Letters across the instance boundary, where the server has the routes: an outgoing letter for
  // a fresh member of A1, or an incoming member registered in A1 awaiting its receipt.
  const freshLetter = async (kind = 'outgoing') => {
    if (kind === 'incoming') {
      return created(api('POST', '/api/transfers/incoming', memberBody({
        org_id: A1.id, letter_no: `外${uniq()}`, from_org_name: '矩阵外部党委', dues_paid_to: '2026-01',
      })));
    }
    const lm = await addMember(A1);
    return created(api('POST', '/api/transfers/outgoing', {
      member_id: lm.id, to_org_name: '矩阵外部党委', dues_paid_to: '2026-01',
    }));
  };
  const letters = has('POST /api/transfers/outgoing')
    ? { outgoing: await freshLetter('outgoing'), incoming: await freshLetter('incoming') }
    : null;
  // Active outflows of fresh members of A1 (no host branch in the instance), where the server has the route.
  const mobileBody = (extra) => ({
    destination: '矩阵外出地', reason: '外出务工', start_date: '2026-01-10', expected_months: 3,
    card_no: `AZ-LD-${uniq()}`, card_issued_on: '2026-01-05', contact_phone: '13812345678', ...extra,
  });
  const freshMobile = async () =>
    created(api('POST', '/api/mobile-members', mobileBody({ member_id: (await addMember(A1)).id })));
  const mobile = has('POST /api/mobile-members') ? await freshMobile() : null;
  // An attachment (a PNG) on the case's step-1 record, where the server has the route.
  const freshAttachment = async () => created(srv.request('POST',
    `/api/recruitment/cases/${rcase.id}/steps/${rcase.records[0].id}/attachments?filename=scan.png`,
    { body: PNG, headers: { 'content-type': 'image/png' } }));
  const rattach = rcase && has('POST /api/recruitment/cases/{id}/steps/{record_id}/attachments') ? await freshAttachment() : null;
  // Dues (issue #6): a standing period of A1, fresh ones (a month of their own) to close, and
  // reductions proposed by the operator for a member of A1 (decided by the callers).
  let duesMonth = 0;
  const freshDuesPeriod = async () => (await created(api('POST', '/api/dues/periods', {
    org_id: A1.id, month: `19${String(50 + Math.floor(duesMonth / 12)).padStart(2, '0')}-${String((duesMonth++ % 12) + 1).padStart(2, '0')}`,
  }))).period;
  const freshReduction = async () => created(api('POST', '/api/dues/reductions', {
    member_id: m.id, kind: 'exempt', from_month: '2021-01', to_month: '2021-02', reason: '矩阵困难',
  }));
  const duesPeriod = has('POST /api/dues/periods') ? await freshDuesPeriod() : null;
  const duesReduction = has('POST /api/dues/reductions') ? await freshReduction() : null;
  // A planned meeting of A1 (its members are the attendees) and a photo on it, where the server has the routes.
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const meetingBody = () => ({
    org_id: A1.id, types: ['member_meeting'], topic: '矩阵会议', starts_at: `${today}T00:00`, ends_at: `${today}T23:59`, place: '会议室',
  });
  const freshMeeting = async () => created(api('POST', '/api/meetings', meetingBody()));
  const meeting = has('POST /api/meetings') ? await freshMeeting() : null;
  const freshMeetingFile = async () => created(srv.request('POST', `/api/meetings/${meeting.id}/files?filename=photo.png`,
    { body: PNG, headers: { 'content-type': 'image/png' } }));
  const mfile = meeting ? await freshMeetingFile() : null;
  return {
    duesPeriod, freshDuesPeriod, duesReduction, freshReduction,
    R, A, B, A1, A2, A1G, B1, m, mLinked, batch, loginUser, spare, account, rcase, transfer, freshTransfer,
    ...hopTree, hopTransfer, freshHopTransfer,
    mobile, freshMobile, mobileBody, rattach, freshAttachment, PNG, letters, freshLetter,
    meeting, meetingBody, freshMeeting, mfile, freshMeetingFile,
    username: (prefix) => `${prefix}${uniq()}`,
    sql: (statement) => srv.sql(statement), // rows no route makes yet (a held meeting record)
    freshAccount,
    freshGrant,
    freshKey,
    // A new top-level organization: inside no grant's subtree.
    TOP: { id: null, name: '(new root)', path: '/', pseudo: true },
    orgBody: (extra) => ({ code: `AZ-N${uniq()}`, name: '矩阵新组织', kind: 'party_group', ...extra }),
    memberBody,
    membersCsv,
    orgsCsv,
    freshOrg: (parent) => org({ code: `AZ-F${uniq()}`, name: '矩阵临时小组', kind: 'party_group', parent_id: parent.id }),
    freshMember: (o) => addMember(o),
    async freshBatch(o, { kind = 'members', commit = false } = {}) {
      const b = await upload(kind === 'orgs' ? orgsCsv(o) : membersCsv(o), kind);
      if (commit) {
        const c = await api('POST', `/api/imports/${b.id}/commit`, {});
        assert.equal(c.status, 200, c.text);
      }
      return b;
    },
  };
}

// Where a grant sits, by organization: the matrix puts each org-scoped role on each of these.
const POSITIONS = ['A1', 'A', 'R', 'B', 'A1G'];

async function makeCallers() {
  const list = [];
  const withSessions = (c) => ({
    ...c,
    password: OPERATOR_PASSWORD,
    async freshSession() {
      const s = await srv.login(c.username, OPERATOR_PASSWORD);
      const me = await s.request('GET', '/api/auth/sessions');
      const current = me.json.items.find((i) => i.current);
      return { token: s.token, id: current.id };
    },
  });
  const jobs = [];
  for (const [code, role] of Object.entries(roles)) {
    if (!role.org_scoped) {
      jobs.push(async () => {
        const a = await srv.actor({ role: code });
        list.push(withSessions({ ...a, role: code, position: 'system', grants: [{ role: code, org: null, path: null }] }));
      });
      continue;
    }
    for (const pos of POSITIONS) {
      jobs.push(async () => {
        const o = fx[pos];
        const a = await srv.actor({ role: code, org: o.id });
        list.push(withSessions({ ...a, role: code, position: pos, grants: [{ role: code, org: o.id, path: o.path }] }));
      });
    }
  }
  // A member's own account, linked to its record (the member role on its branch).
  jobs.push(async () => {
    const name = `memberlinked${uniq()}`;
    srv.cli(['user', 'create', name, '--role', 'member', '--org', String(fx.A1.id), '--member', String(fx.mLinked.id)], {
      LIANXIN_USER_PASSWORD: OPERATOR_PASSWORD,
    });
    const a = await srv.login(name, OPERATOR_PASSWORD);
    list.push(withSessions({
      ...a, username: name, role: 'member', position: 'A1+linked', memberId: fx.mLinked.id,
      grants: [{ role: 'member', org: fx.A1.id, path: fx.A1.path }],
    }));
  });
  // Two grants: the discipline officer of A who is also the worker of B. Inside A it sees
  // everything and may change nothing: a write on A1 is 403 there, not 404.
  if (routeTable.some((r) => r.key === 'POST /api/grants')) jobs.push(async () => {
    const a = await srv.actor({ role: 'worker', org: fx.B.id });
    await created(api('POST', '/api/grants', { user_id: a.user.id, role: 'discipline', org_id: fx.A.id }));
    const again = await srv.login(a.username, OPERATOR_PASSWORD);
    list.push(withSessions({
      ...a, ...again, role: 'worker+discipline', position: 'B+A',
      grants: [{ role: 'worker', org: fx.B.id, path: fx.B.path }, { role: 'discipline', org: fx.A.id, path: fx.A.path }],
    }));
  });
  // actor() creates the account from the shell (synchronously); logins overlap.
  await Promise.all(jobs.map((j) => j()));
  list.push({
    anonymous: true, role: 'anonymous', position: '-', grants: [], token: null, password: null,
    async freshSession() {
      return { token: null, id: 1 };
    },
  });
  list.sort((x, y) => `${x.role}/${x.position}`.localeCompare(`${y.role}/${y.position}`));
  return list;
}

const holders = (caller, permission) => caller.grants.filter((g) => roles[g.role]?.permissions.has(permission));
const under = (g, o) => g.path === null || o.path.startsWith(g.path);

/** Where the scope of `holding` grants leaves the targets: 'allowed', 403, 404 or 'denied'. */
function scopeOutcome(caller, holding, orgs) {
  for (const o of orgs) {
    if (holding.some((g) => under(g, o))) continue;
    if (o.pseudo) return 'denied';
    return caller.grants.some((g) => under(g, o)) ? 403 : 404;
  }
  return 'allowed';
}

/**
 * 'allowed' | 401 | 403 | 404 | 'denied' (403 or 404), from the role table and the tree.
 * `permission` is the variant's (stricter) one when it has one, else the route table's.
 */
function expectedOutcome(variant, permission, caller, orgs, routePermission = permission) {
  if (permission === 'public') return 'allowed';
  if (caller.anonymous) return 401;
  if (permission === 'self') return variant.selfOutcome ? variant.selfOutcome(caller) : 'allowed';
  const holding = holders(caller, permission);
  if (holding.length === 0) {
    // The authorizer refuses on the route table's permission (403); a stricter permission is the
    // handler's to check, after or before the scope: 403 inside the scope, 403 or 404 outside.
    if (routePermission === permission || variant.kind !== 'target') return 403;
    const route = holders(caller, routePermission);
    if (route.length === 0) return 403;
    return scopeOutcome(caller, route, orgs) === 'allowed' ? 403 : 'denied';
  }
  if (variant.kind !== 'target') return 'allowed';
  return scopeOutcome(caller, holding, orgs);
}

function outcomeOf(status) {
  return status === 401 || status === 403 || status === 404 ? status : 'allowed';
}

function matches(expected, status) {
  if (status >= 500) return false;
  const got = outcomeOf(status);
  if (expected === 'denied') return got === 403 || got === 404;
  return got === expected;
}

/** The grant's place relative to the (first) target: own, ancestor, descendant, sibling, system. */
function relation(caller, orgs) {
  if (caller.anonymous) return 'anonymous';
  const g = caller.grants[0];
  if (g.path === null) return 'system';
  const t = orgs?.[0];
  if (!t) return `on ${caller.position}`;
  if (t.pseudo) return `on ${caller.position}`;
  if (t.path === g.path) return 'own';
  if (t.path.startsWith(g.path)) return 'ancestor';
  if (g.path.startsWith(t.path)) return 'descendant';
  return 'sibling';
}

/** fx for a caller refused before the handler: the fresh-object makers hand out standing ones. */
function standingFixture() {
  return {
    ...fx,
    freshOrg: async () => fx.spare.org,
    freshMember: async () => fx.spare.member,
    freshBatch: async (o, { kind = 'members', commit = false } = {}) => fx.spare[commit ? `${kind}-committed` : kind],
    freshAccount: async () => fx.spare.account,
    freshGrant: async () => fx.spare.grant,
    freshKey: async () => fx.spare.key,
    freshTransfer: async () => fx.transfer,
    freshHopTransfer: async () => fx.hopTransfer,
    freshLetter: async (kind = 'outgoing') => fx.letters[kind],
    freshMobile: async () => fx.mobile,
    freshAttachment: async () => fx.rattach,
    freshDuesPeriod: async () => fx.duesPeriod,
    freshReduction: async () => fx.duesReduction,
    freshMeeting: async () => fx.meeting,
    freshMeetingFile: async () => fx.mfile,
  };
}

async function runCase(route, variant, caller) {
  const permission = variant.permission ?? route.permission;
  // Refused by the authorizer, which checks the route table's permission (a variant's stricter
  // permission is the handler's business, so those callers still get fresh objects).
  const refusedEarly = [401, 403].includes(expectedOutcome({ kind: 'collection' }, route.permission, caller, []));
  const call = await variant.call(refusedEarly ? standingFixture() : fx, caller);
  const token = call.token !== undefined ? call.token : caller.token;
  const request = makeRequest(srv.base, token);
  const opts = {};
  if (call.raw) opts.body = call.raw.bytes, (opts.headers = { 'content-type': call.raw.type, ...call.raw.headers });
  else if (call.body !== undefined) opts.json = call.body;
  const r = await request(route.method, call.path, opts);
  const expected = expectedOutcome(variant, permission, caller, call.orgs ?? [], route.permission);
  if (variant.kind === 'target') assert.ok(call.orgs?.length, `${route.key}: a target call must name its orgs`);
  return {
    caller, expected, status: r.status, ok: matches(expected, r.status), where: relation(caller, call.orgs),
    text: r.text.slice(0, 200), path: call.path,
  };
}

async function pool(jobs, n) {
  const out = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

before(async () => {
  srv = await startServer({ extraArgs: ['--dues-callback-secret', DUES_CALLBACK_SECRET] });
  api = srv.api;
  const r = await api('GET', '/api/auth/roles');
  assert.equal(r.status, 200, r.text);
  roles = Object.fromEntries(
    r.json.roles.map((x) => [x.code, { system: x.system, org_scoped: x.org_scoped, permissions: new Set(x.permissions) }]),
  );
  const t0 = Date.now();
  fx = await buildFixture();
  const t1 = Date.now();
  callers = await makeCallers();
  const t2 = Date.now();
  const jobs = [];
  const slots = [];
  for (const route of routeTable) {
    if (!SPEC[route.key]) continue;
    for (const variant of variantsOf(SPEC[route.key])) {
      const slot = { route, variant, name: variant.name ? `${route.key} [${variant.name}]` : route.key, cases: [] };
      slots.push(slot);
      for (const caller of callers) {
        jobs.push(async () => {
          try {
            const t = Date.now();
            slot.cases.push(await runCase(route, variant, caller));
            slot.ms = (slot.ms ?? 0) + Date.now() - t;
          } catch (e) {
            slot.cases.push({ caller, expected: '?', status: 'error', ok: false, where: '?', text: e.stack, path: '' });
          }
        });
      }
    }
  }
  await pool(jobs, CONCURRENCY);
  results = slots;
  timing = `fixture ${t1 - t0} ms, ${callers.length - 1} actors ${t2 - t1} ms, ${jobs.length} cases ${Date.now() - t2} ms`;
});
after(async () => {
  await srv?.stop();
});

test('every route of `lianxin routes` has a matrix entry, and every entry is a route', () => {
  assert.ok(routeTable.length > 0, 'lianxin routes printed nothing');
  const keys = new Set(routeTable.map((r) => r.key));
  const missing = [...keys].filter((k) => !(k in SPEC));
  const stale = Object.keys(SPEC).filter((k) => !keys.has(k));
  assert.deepEqual(missing, [], `routes without an entry in tests/api/authz.spec.mjs: ${missing.join(', ')}`);
  assert.deepEqual(stale, [], `entries of tests/api/authz.spec.mjs naming no route: ${stale.join(', ')}`);
});

test('every permission a route needs is one the role table knows', () => {
  const known = new Set(['public', 'self']);
  for (const role of Object.values(roles)) for (const p of role.permissions) known.add(p);
  const unknown = routeTable.filter((r) => !known.has(r.permission)).map((r) => `${r.key} ${r.permission}`);
  // A permission no role holds makes a route nobody can call: worth knowing, not necessarily wrong.
  assert.deepEqual(unknown, [], `routes needing a permission no role carries: ${unknown.join(', ')}`);
});

test('the role table has the seven roles of issue #3', () => {
  assert.deepEqual(Object.keys(roles).sort(), ['auditor', 'discipline', 'member', 'org_admin', 'secadmin', 'sysadmin', 'worker']);
  for (const code of ['sysadmin', 'secadmin', 'auditor']) assert.equal(roles[code].org_scoped, false, code);
});

test('the matrix: route × role × position of the grant, plus anonymous', async (t) => {
  let cases = 0;
  const failures = [];
  for (const slot of results) {
    cases += slot.cases.length;
    for (const c of slot.cases) {
      if (c.ok) continue;
      failures.push(
        `${slot.name} ${c.path} | ${c.caller.role}@${c.caller.position} (${c.where}): expected ${c.expected}, got ${c.status} ${c.text}`,
      );
    }
  }
  const routes = new Set(results.map((s) => s.route.key)).size;
  t.diagnostic(
    `${backendName()}: ${cases} cases = ${results.length} route variants (${routes} routes) × ${callers.length} callers ` +
      `(${callers.length - 1} role×position actors + anonymous); ${failures.length} failed`,
  );
  t.diagnostic(timing);
  if (process.env.AUTHZ_PROFILE) for (const s of [...results].sort((a, b) => b.ms - a.ms).slice(0, 12)) t.diagnostic(`${s.ms} ms ${s.name}`);
  console.log(`# authz matrix (${backendName()}): ${cases} route × role × position cases, ${failures.length} failed`);
  assert.equal(failures.length, 0, `${failures.length} of ${cases} cases failed:\n${failures.join('\n')}`);
});

// ---- lists: restricted to the scope by the query itself

// What a list must show to a caller whose scope holds A1 and hide from one whose scope does not:
// [path, the id of an object in A1].
function listProbes() {
  return [
    [`/api/orgs?q=${encodeURIComponent(fx.A1.name)}`, fx.A1.id],
    ['/api/members?limit=500', fx.m.id],
    ['/api/imports?limit=500', fx.batch.id],
    ['/api/users?limit=500', fx.account?.id],
    ['/api/grants?limit=500', fx.spare.grant?.id],
    ['/api/api-keys?limit=500', fx.spare.key?.id],
    ['/api/recruitment/cases?limit=500', fx.rcase?.id],
  ].filter(([, id]) => id !== undefined);
}

test('lists show what lies in the scope and nothing outside it', async () => {
  const failures = [];
  let checked = 0;
  for (const caller of callers) {
    if (caller.anonymous) continue;
    for (const [p, id] of listProbes()) {
      const route = routeTable.find((r) => r.method === 'GET' && r.pattern === p.split('?')[0]);
      if (!route || !SPEC[route.key]) continue;
      const holding = holders(caller, route.permission);
      if (holding.length === 0) continue; // refused outright: the matrix covers it
      const inScope = holding.some((g) => under(g, fx.A1));
      const r = await makeRequest(srv.base, caller.token)('GET', p);
      checked++;
      if (r.status !== 200) {
        failures.push(`${caller.role}@${caller.position} GET ${p}: ${r.status} ${r.text.slice(0, 120)}`);
        continue;
      }
      const ids = (r.json.items ?? []).map((i) => i.id);
      if (ids.length >= 500) continue; // the page may have cut it off
      if (ids.includes(id) !== inScope)
        failures.push(`${caller.role}@${caller.position} GET ${p}: object ${id} of A1 ${inScope ? 'missing' : 'listed outside the scope'}`);
    }
  }
  assert.ok(checked > 0);
  assert.equal(failures.length, 0, `${failures.length} of ${checked} list checks failed:\n${failures.join('\n')}`);
});

// The lists of the fixture, walked one item per page: the keyset cursor of each (db::after_key)
// gives back exactly its one page of up to 500.
test('lists of accounts, grants, keys, cases and audit records page through their cursors', async () => {
  const sys = api; // the bootstrap system administrator: accounts, grants, keys and the audit log
  const orgAdmin = (await srv.actor({ role: 'org_admin', org: fx.A.id })).api;
  const walked = {};
  for (const [who, p] of [[sys, '/api/users'], [sys, '/api/grants'], [sys, '/api/api-keys'],
    [orgAdmin, '/api/recruitment/cases'], [orgAdmin, `/api/orgs/${fx.A.id}/children`]]) {
    walked[p] = await assertPagesMatchOnePage(who, p);
  }
  for (const [p, n] of Object.entries(walked)) assert.ok(n >= 2, `${p}: ${n} item(s), too few to page`);
});

// ---- CSRF

function cookieOf(res) {
  const all = res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')];
  const jar = {};
  for (const c of all) {
    const [kv] = c.split(';');
    const i = kv.indexOf('=');
    jar[kv.slice(0, i).trim()] = kv.slice(i + 1);
  }
  return jar;
}

test('CSRF: a cookie-session write needs X-CSRF-Token; a bearer token needs none', async () => {
  const a = await srv.actor({ role: 'org_admin', org: fx.A.id });
  const r = await srv.anonymous('POST', '/api/auth/login', { json: { login: a.username, password: OPERATOR_PASSWORD } });
  assert.equal(r.status, 200, r.text);
  const jar = cookieOf(r);
  assert.ok(jar.lx_session, 'the session cookie is set');
  assert.equal(jar.lx_csrf, r.json.user.csrf_token, 'the CSRF cookie carries the token');
  const cookie = `lx_session=${jar.lx_session}; lx_csrf=${jar.lx_csrf}`;
  const body = { contact_name: 'CSRF测试' };
  const patch = (headers) => srv.anonymous('PATCH', `/api/orgs/${fx.A1.id}`, { json: body, headers: { cookie, ...headers } });

  const refused = await patch({});
  assert.equal(refused.status, 403, refused.text);
  assert.equal(refused.json.error.code, 'csrf_failed');
  const wrong = await patch({ 'x-csrf-token': 'not-the-token' });
  assert.equal(wrong.status, 403, wrong.text);
  assert.equal(wrong.json.error.code, 'csrf_failed');
  const ok = await patch({ 'x-csrf-token': r.json.user.csrf_token });
  assert.equal(ok.status, 200, ok.text);

  // A POST and a DELETE are writes too; a GET with the cookie alone is fine.
  const post = await srv.anonymous('POST', `/api/orgs/${fx.A1.id}/terms`, { json: { elected_date: '2024-01-01' }, headers: { cookie } });
  assert.equal(post.status, 403);
  assert.equal(post.json.error.code, 'csrf_failed');
  const del = await srv.anonymous('DELETE', '/api/auth/sessions/1', { headers: { cookie } });
  assert.equal(del.status, 403);
  assert.equal(del.json.error.code, 'csrf_failed');
  const get = await srv.anonymous('GET', `/api/orgs/${fx.A1.id}`, { headers: { cookie } });
  assert.equal(get.status, 200, get.text);

  // Bearer: no CSRF header needed.
  const bearer = await makeRequest(srv.base, r.json.token)('PATCH', `/api/orgs/${fx.A1.id}`, { json: body });
  assert.equal(bearer.status, 200, bearer.text);
  // The CSRF check does not outrank authentication: no session, no CSRF question.
  const none = await srv.anonymous('PATCH', `/api/orgs/${fx.A1.id}`, { json: body, headers: { cookie: 'lx_session=bogus' } });
  assert.equal(none.status, 401, none.text);
});

// ---- security headers

function checkSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy`);
  const directives = Object.fromEntries(
    csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name, ...values] = d.split(/\s+/);
      return [name.toLowerCase(), values];
    }),
  );
  const scriptSrc = directives['script-src'] ?? directives['default-src'];
  assert.ok(scriptSrc, `${what}: CSP has script-src or default-src: ${csp}`);
  assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${what}: no 'unsafe-inline' scripts: ${csp}`);
  assert.ok(!scriptSrc.includes("'unsafe-eval'"), `${what}: no 'unsafe-eval': ${csp}`);
  assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${what}: frame-ancestors 'none': ${csp}`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.ok(res.headers.get('referrer-policy'), `${what}: Referrer-Policy`);
}

test('security headers on an API response, an error, a 401 and /healthz', async () => {
  const ok = await api('GET', `/api/orgs/${fx.A1.id}`);
  assert.equal(ok.status, 200);
  checkSecurityHeaders(ok, 'GET /api/orgs/{id} 200');
  const missing = await api('GET', '/api/orgs/987654');
  assert.equal(missing.status, 404);
  checkSecurityHeaders(missing, 'GET /api/orgs/987654 404');
  const anon = await srv.anonymous('GET', '/api/auth/me');
  assert.equal(anon.status, 401);
  checkSecurityHeaders(anon, 'anonymous 401');
  const health = await srv.anonymous('GET', '/healthz');
  assert.equal(health.status, 200);
  checkSecurityHeaders(health, '/healthz');
});
