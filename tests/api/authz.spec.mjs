// How to call every route of the server for the authorization matrix (tests/api/authz.test.mjs).
//
// SPEC maps "METHOD PATTERN" (exactly as `lianxin routes` prints it) to one variant or a list of
// variants. A variant:
//   kind: 'target'     the call acts on objects of the organization tree; call() returns `orgs`,
//                      the organizations whose subtrees the caller's scope must contain, in the order
//                      the server checks them (the first one outside decides 403 or 404)
//         'collection' organization data without one target (lists, uploads): the permission
//                      anywhere is enough, the query itself is restricted to the scope
//         'global'     not about an organization (auth, users, audit, health): the permission alone
//   permission         optional: what the route must really require when it is stricter than the
//                      route table's entry (e.g. importing organizations needs org.import)
//   selfOutcome(who)   for "self" routes whose answer depends on the account (its own data)
//   call(fx, who)      -> {path, body (JSON) | raw: {bytes, type}, orgs?, token?}
//                      fx: the fixture tree (see authz.test.mjs); who: the caller ({anonymous,
//                      freshSession()}); `token` replaces the caller's token (a throwaway session).
// Calls that change state either act on a fresh object made for this one case (fx.freshOrg(),
// fx.freshMember(), fx.freshBatch()) or are idempotent, so cases never disturb each other.

import { createHmac } from 'node:crypto';
import { makeIdNumber } from './harness.mjs';

// The matrix server's dues-callback-secret: the callback case is signed (and its body incomplete:
// 400, logged), so every caller, anonymous included, reaches the handler.
export const DUES_CALLBACK_SECRET = 'authz-matrix-dues-secret';

const target = (call) => ({ kind: 'target', call });
const collection = (call) => ({ kind: 'collection', call });
const global = (call) => ({ kind: 'global', call });

export const SPEC = {
  // ---- operations (public)
  'GET /healthz': global(() => ({ path: '/healthz' })),
  'GET /readyz': global(() => ({ path: '/readyz' })),
  'GET /metrics': global(() => ({ path: '/metrics' })),

  // ---- organizations
  'GET /api/orgs': [
    collection(() => ({ path: '/api/orgs' })),
    collection((fx) => ({ path: `/api/orgs?q=${encodeURIComponent(fx.A1.name)}` })),
    collection(() => ({ path: '/api/orgs?kind=branch,joint_branch' })),
  ],
  'POST /api/orgs': [
    { name: 'under parent_id', ...target((fx) => ({ path: '/api/orgs', body: fx.orgBody({ parent_id: fx.A1.id }), orgs: [fx.A1] })) },
    { name: 'under parent_code', ...target((fx) => ({ path: '/api/orgs', body: fx.orgBody({ parent_code: fx.A1.code }), orgs: [fx.A1] })) },
    // A new top-level organization widens the tree: only a caller whose scope is the whole tree.
    { name: 'new root', ...target((fx) => ({ path: '/api/orgs', body: fx.orgBody({ kind: 'committee' }), orgs: [fx.TOP] })) },
  ],
  'GET /api/orgs/{id}': target((fx) => ({ path: `/api/orgs/${fx.A1.id}`, orgs: [fx.A1] })),
  'PATCH /api/orgs/{id}': target((fx) => ({ path: `/api/orgs/${fx.A1.id}`, body: { contact_name: '李联络' }, orgs: [fx.A1] })),
  'POST /api/orgs/{id}/move': target(async (fx) => {
    const o = await fx.freshOrg(fx.A1);
    return { path: `/api/orgs/${o.id}/move`, body: { parent_id: fx.A2.id, reason: '调整' }, orgs: [o, fx.A2] };
  }),
  'POST /api/orgs/{id}/dissolve': target(async (fx) => {
    const o = await fx.freshOrg(fx.A1);
    return { path: `/api/orgs/${o.id}/dissolve`, body: { reason: '撤销' }, orgs: [o] };
  }),
  'GET /api/orgs/{id}/children': target((fx) => ({ path: `/api/orgs/${fx.A1.id}/children`, orgs: [fx.A1] })),
  'GET /api/orgs/{id}/subtree': target((fx) => ({ path: `/api/orgs/${fx.A1.id}/subtree`, orgs: [fx.A1] })),
  'GET /api/orgs/{id}/ancestors': target((fx) => ({ path: `/api/orgs/${fx.A1.id}/ancestors`, orgs: [fx.A1] })),
  'GET /api/orgs/{id}/history': target((fx) => ({ path: `/api/orgs/${fx.A1.id}/history`, orgs: [fx.A1] })),
  'GET /api/orgs/{id}/terms': target((fx) => ({ path: `/api/orgs/${fx.A1.id}/terms`, orgs: [fx.A1] })),
  'POST /api/orgs/{id}/terms': target((fx) => ({
    path: `/api/orgs/${fx.A1.id}/terms`, body: { elected_date: '2024-01-01' }, orgs: [fx.A1],
  })),
  'GET /api/orgs/{id}/warnings': target((fx) => ({ path: `/api/orgs/${fx.A1.id}/warnings`, orgs: [fx.A1] })),
  'GET /api/orgs/{id}/subtree/warnings': target((fx) => ({ path: `/api/orgs/${fx.A1.id}/subtree/warnings`, orgs: [fx.A1] })),
  'GET /api/orgs/{id}/stats': target((fx) => ({ path: `/api/orgs/${fx.A1.id}/stats`, orgs: [fx.A1] })),

  // ---- members
  'GET /api/members': [
    collection(() => ({ path: '/api/members' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/members?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'POST /api/members': [
    { name: 'org_id', ...target((fx) => ({ path: '/api/members', body: fx.memberBody({ org_id: fx.A1.id }), orgs: [fx.A1] })) },
    { name: 'org_code', ...target((fx) => ({ path: '/api/members', body: fx.memberBody({ org_code: fx.A1.code }), orgs: [fx.A1] })) },
  ],
  'GET /api/members/{id}': target((fx) => ({ path: `/api/members/${fx.m.id}`, orgs: [fx.A1] })),
  'PATCH /api/members/{id}': [
    target((fx) => ({ path: `/api/members/${fx.m.id}`, body: { position: '支部委员' }, orgs: [fx.A1] })),
    {
      name: 'move to A2',
      ...target(async (fx) => {
        const m = await fx.freshMember(fx.A1);
        return { path: `/api/members/${m.id}`, body: { org_id: fx.A2.id }, orgs: [fx.A1, fx.A2] };
      }),
    },
  ],
  'POST /api/members/{id}/status': target(async (fx) => {
    const m = await fx.freshMember(fx.A1);
    return { path: `/api/members/${m.id}/status`, body: { status: 'lost_contact', kind: '1', lost_since: '2026-01-05', reason: '多次联系未果' }, orgs: [fx.A1] };
  }),
  'POST /api/members/{id}/reveal': target((fx) => ({
    path: `/api/members/${fx.m.id}/reveal`, body: { field: 'id_number', reason: '核对' }, orgs: [fx.A1],
  })),
  'GET /api/members/{id}/history': target((fx) => ({ path: `/api/members/${fx.m.id}/history`, orgs: [fx.A1] })),
  'GET /api/members/{id}/status': target((fx) => ({ path: `/api/members/${fx.m.id}/status`, orgs: [fx.A1] })),
  'GET /api/members/status-reviews': [
    collection(() => ({ path: '/api/members/status-reviews' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/members/status-reviews?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'POST /api/members/lookup': target((fx) => ({ path: '/api/members/lookup', body: { id_number: fx.m.full_id }, orgs: [fx.A1] })),

  // ---- imports and exports
  'POST /api/imports': [
    // Rows outside the caller's scope become row errors ("org.not_found"); the upload itself only
    // needs the permission.
    collection((fx) => ({ path: '/api/imports?kind=members&policy=skip', raw: fx.membersCsv(fx.A1) })),
    { name: 'kind=orgs', permission: 'org.import', ...collection((fx) => ({ path: '/api/imports?kind=orgs&policy=skip', raw: fx.orgsCsv(fx.A1) })) },
  ],
  'GET /api/imports': collection(() => ({ path: '/api/imports' })),
  'GET /api/imports/{id}': target((fx) => ({ path: `/api/imports/${fx.batch.id}`, orgs: [fx.A1] })),
  'GET /api/imports/{id}/errors': target((fx) => ({ path: `/api/imports/${fx.batch.id}/errors`, orgs: [fx.A1] })),
  'POST /api/imports/{id}/commit': [
    target(async (fx) => {
      const b = await fx.freshBatch(fx.A1);
      return { path: `/api/imports/${b.id}/commit`, body: {}, orgs: [fx.A1] };
    }),
    {
      name: 'kind=orgs',
      permission: 'org.import',
      ...target(async (fx) => {
        const b = await fx.freshBatch(fx.A1, { kind: 'orgs' });
        return { path: `/api/imports/${b.id}/commit`, body: {}, orgs: [fx.A1] };
      }),
    },
  ],
  'POST /api/imports/{id}/rollback': [
    target(async (fx) => {
      const b = await fx.freshBatch(fx.A1, { commit: true });
      return { path: `/api/imports/${b.id}/rollback`, body: {}, orgs: [fx.A1] };
    }),
    {
      name: 'kind=orgs',
      permission: 'org.import',
      ...target(async (fx) => {
        const b = await fx.freshBatch(fx.A1, { kind: 'orgs', commit: true });
        return { path: `/api/imports/${b.id}/rollback`, body: {}, orgs: [fx.A1] };
      }),
    },
  ],
  'GET /api/exports/members': target((fx) => ({ path: `/api/exports/members?org=${fx.A1.id}&format=csv`, orgs: [fx.A1] })),
  'GET /api/exports/orgs': target((fx) => ({ path: `/api/exports/orgs?org=${fx.A1.id}&format=csv`, orgs: [fx.A1] })),

  // ---- accounts and sessions
  // Anonymous logs in for real; for everyone else an incomplete body (422, before any password
  // hashing: Argon2 costs ~0.1 s a call and the route is public either way).
  'POST /api/auth/login': global((fx, who) => ({
    path: '/api/auth/login',
    body: who.anonymous ? { login: fx.loginUser.name, password: fx.loginUser.password } : { login: fx.loginUser.name },
  })),
  'POST /api/auth/logout': global(async (fx, who) => {
    const s = await who.freshSession();
    return { path: '/api/auth/logout', body: {}, token: s.token };
  }),
  'GET /api/auth/me': global(() => ({ path: '/api/auth/me' })),
  // Without new_password: 422 proves authorization passed, changes nothing and hashes nothing.
  'POST /api/auth/password': global((fx, who) => ({ path: '/api/auth/password', body: { old_password: who.password ?? 'x' } })),
  'GET /api/auth/sessions': global(() => ({ path: '/api/auth/sessions' })),
  'DELETE /api/auth/sessions/{id}': global(async (fx, who) => {
    const s = await who.freshSession();
    return { path: `/api/auth/sessions/${s.id}` };
  }),
  'GET /api/auth/roles': global(() => ({ path: '/api/auth/roles' })),
  // Code tables and warning rules: reference data for any logged-in account.
  'GET /api/codes': global(() => ({ path: '/api/codes' })),
  // Self data: an account linked to a member record reads it; any other account has none (404).
  'GET /api/auth/me/member': {
    ...global(() => ({ path: '/api/auth/me/member' })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },

  // ---- account management (an account is inside a scope through its member's organization or
  // through a grant on an organization inside it; fx.account is the account of fx.m, in A1)
  'GET /api/users': [
    collection(() => ({ path: '/api/users' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/users?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/users/{id}': target((fx) => ({ path: `/api/users/${fx.account.id}`, orgs: [fx.A1] })),
  // A staff account belongs to no organization until a grant gives it one.
  'POST /api/users': global((fx) => ({ path: '/api/users', body: { username: fx.username('staff'), display_name: '矩阵职员' } })),
  // On a party group (no members): authorization is exercised without hashing a password per member.
  'POST /api/users/bulk': target((fx) => ({ path: '/api/users/bulk', body: { org_id: fx.A1G.id }, orgs: [fx.A1G] })),
  'PATCH /api/users/{id}': target((fx) => ({ path: `/api/users/${fx.account.id}`, body: { display_name: '矩阵党员' }, orgs: [fx.A1] })),
  'POST /api/users/{id}/reset-password': target(async (fx) => {
    const a = await fx.freshAccount(fx.A1);
    return { path: `/api/users/${a.id}/reset-password`, body: {}, orgs: [fx.A1] };
  }),
  'POST /api/users/{id}/revoke-sessions': target((fx) => ({ path: `/api/users/${fx.account.id}/revoke-sessions`, body: {}, orgs: [fx.A1] })),
  'POST /api/members/{id}/account': target(async (fx) => {
    const m = await fx.freshMember(fx.A1);
    return { path: `/api/members/${m.id}/account`, body: { username: fx.username('mem') }, orgs: [fx.A1] };
  }),
  'POST /api/members/{id}/account/reset-password': target(async (fx) => {
    const a = await fx.freshAccount(fx.A1);
    return { path: `/api/members/${a.member_id}/account/reset-password`, body: {}, orgs: [fx.A1] };
  }),

  // ---- grants and API keys
  'GET /api/grants': [
    collection(() => ({ path: '/api/grants' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/grants?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/users/{id}/grants': target((fx) => ({ path: `/api/users/${fx.account.id}/grants`, orgs: [fx.A1] })),
  'POST /api/grants': target(async (fx) => {
    const a = await fx.freshAccount(fx.A1);
    return { path: '/api/grants', body: { user_id: a.id, role: 'member', org_id: fx.A1.id }, orgs: [fx.A1] };
  }),
  'DELETE /api/grants/{id}': target(async (fx) => {
    const g = await fx.freshGrant(fx.A1);
    return { path: `/api/grants/${g.id}`, orgs: [fx.A1] };
  }),
  'GET /api/api-keys': [
    collection(() => ({ path: '/api/api-keys' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/api-keys?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'POST /api/api-keys': target((fx) => ({
    path: '/api/api-keys', body: { name: fx.username('key'), role: 'worker', org_id: fx.A1.id }, orgs: [fx.A1],
  })),
  'DELETE /api/api-keys/{id}': target(async (fx) => {
    const k = await fx.freshKey(fx.A1);
    return { path: `/api/api-keys/${k.id}`, orgs: [fx.A1] };
  }),

  // ---- audit trail
  'GET /api/audit': [
    global(() => ({ path: '/api/audit' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/audit?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/audit/export': global(() => ({ path: '/api/audit/export?format=csv&action=org.create' })),
  'GET /api/audit/verify': global(() => ({ path: '/api/audit/verify' })),

  // ---- recruitment (fx.rcase: a case in A1 at step 1)
  'GET /api/recruitment/cases': [
    collection(() => ({ path: '/api/recruitment/cases' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/recruitment/cases?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  // A new case each time (a fresh ID number: one open case per person).
  'POST /api/recruitment/cases': target((fx) => ({
    path: '/api/recruitment/cases',
    body: { org_id: fx.A1.id, name: '矩阵申请人', id_number: makeIdNumber({ birth: '1995-03-04' }), application_date: '2024-01-10' },
    orgs: [fx.A1],
  })),
  'GET /api/recruitment/cases/{id}': target((fx) => ({ path: `/api/recruitment/cases/${fx.rcase.id}`, orgs: [fx.A1] })),
  // Step 3 before the talk (step 2): refused by the engine (422) once authorization has passed; nothing changes.
  'POST /api/recruitment/cases/{id}/steps': target((fx) => ({
    path: `/api/recruitment/cases/${fx.rcase.id}/steps`, body: { step: 3, date: '2024-03-10' }, orgs: [fx.A1],
  })),
  'GET /api/recruitment/ledger': [
    collection(() => ({ path: '/api/recruitment/ledger?year=2025' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/recruitment/ledger?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/recruitment/ledger/export': [
    collection(() => ({ path: '/api/recruitment/ledger/export?year=2025' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/recruitment/ledger/export?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/recruitment/meetings/roster': target((fx) => ({ path: `/api/recruitment/meetings/roster?org=${fx.A1.id}&date=2025-06-20`, orgs: [fx.A1] })),
  // A meeting for the standing case at step 1: refused by the engine (422: steps 2..14 missing)
  // once authorization has passed; nothing is stored.
  'POST /api/recruitment/meetings': target((fx) => ({
    path: '/api/recruitment/meetings',
    body: { org_id: fx.A1.id, step: 15, date: '2025-06-20', attendance: { should_attend: 10, n_reason: '名册外人员（测试）', present: 8 }, candidates: [{ case_id: fx.rcase.id, ballot: { yes: 8 } }] },
    orgs: [fx.A1],
  })),
  'GET /api/recruitment/cases/{id}/attachments': target((fx) => ({ path: `/api/recruitment/cases/${fx.rcase.id}/attachments`, orgs: [fx.A1] })),
  // Each call adds a small PNG to the standing case's step-1 record (harmless).
  'POST /api/recruitment/cases/{id}/steps/{record_id}/attachments': target((fx) => ({
    path: `/api/recruitment/cases/${fx.rcase.id}/steps/${fx.rcase.records[0].id}/attachments?filename=scan.png`,
    raw: { bytes: fx.PNG, type: 'image/png' },
    orgs: [fx.A1],
  })),
  'GET /api/recruitment/cases/{id}/attachments/{att_id}': target((fx) => ({
    path: `/api/recruitment/cases/${fx.rcase.id}/attachments/${fx.rattach.id}`, orgs: [fx.A1],
  })),
  'DELETE /api/recruitment/cases/{id}/attachments/{att_id}': target(async (fx) => {
    const a = await fx.freshAttachment();
    return { path: `/api/recruitment/cases/${fx.rcase.id}/attachments/${a.id}`, orgs: [fx.A1] };
  }),
  'GET /api/recruitment/packs': global(() => ({ path: '/api/recruitment/packs' })),
  'GET /api/recruitment/orgs/{id}/pack': target((fx) => ({ path: `/api/recruitment/orgs/${fx.A1.id}/pack`, orgs: [fx.A1] })),
  // Inherit (no assignment on A1 anyway): idempotent.
  'PUT /api/recruitment/orgs/{id}/pack': target((fx) => ({ path: `/api/recruitment/orgs/${fx.A1.id}/pack`, body: { pack_id: null }, orgs: [fx.A1] })),
  'GET /api/recruitment/calendar/{year}': global(() => ({ path: '/api/recruitment/calendar/2030' })),
  // The national calendar: only a caller whose scope is the whole tree (the same year each time: idempotent).
  'PUT /api/recruitment/calendar/{year}': target((fx) => ({
    path: '/api/recruitment/calendar/2030', body: { days_off: ['2030-01-01'], working_weekends: [] }, orgs: [fx.TOP],
  })),
  // ---- transfers (fx.transfer: a standing request A1 → A2; fx.freshTransfer(state): a new one
  // for a fresh member of A1, 'draft' or approved 'issued'). The sending side acts on A1, the
  // receiving side on A2; reading needs either side.
  'GET /api/transfers': [
    collection(() => ({ path: '/api/transfers' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/transfers?org=${fx.A1.id}&direction=out`, orgs: [fx.A1] })) },
  ],
  'POST /api/transfers': target(async (fx) => {
    const m = await fx.freshMember(fx.A1);
    return { path: '/api/transfers', body: { member_id: m.id, to_org_id: fx.A2.id, reason: '矩阵转接' }, orgs: [fx.A1] };
  }),
  // A member's own transfers: an account linked to a member record (in A1) asks to move to A2
  // (again: 409 while its first request is open); any other account has none (404).
  // The member's own case (none for the fixture's linked member: {case: null}).
  'GET /api/auth/me/recruitment': {
    ...global(() => ({ path: '/api/auth/me/recruitment' })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  'GET /api/auth/me/transfers': {
    ...global(() => ({ path: '/api/auth/me/transfers' })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  'POST /api/auth/me/transfers': {
    ...global((fx) => ({ path: '/api/auth/me/transfers', body: { to_org_id: fx.A2.id, reason: '本人申请' } })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  // Receiving branches are searched over the whole instance: the permission alone.
  'GET /api/transfers/branches': global((fx) => ({ path: `/api/transfers/branches?q=${encodeURIComponent(fx.A2.name)}` })),
  'GET /api/auth/me/transfers/branches': {
    ...global((fx) => ({ path: `/api/auth/me/transfers/branches?q=${encodeURIComponent(fx.A2.name)}` })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  'GET /api/transfers/{id}': target((fx) => ({ path: `/api/transfers/${fx.transfer.id}`, orgs: [fx.A1] })),
  'POST /api/transfers/{id}/approve': target(async (fx) => {
    const t = await fx.freshTransfer('draft');
    return { path: `/api/transfers/${t.id}/approve`, body: {}, orgs: [fx.A1] };
  }),
  'POST /api/transfers/{id}/refuse': [
    { name: 'sender (draft)', ...target(async (fx) => {
      const t = await fx.freshTransfer('draft');
      return { path: `/api/transfers/${t.id}/refuse`, body: { reason: '材料不全' }, orgs: [fx.A1] };
    }) },
    { name: 'receiver (issued)', ...target(async (fx) => {
      const t = await fx.freshTransfer('issued');
      return { path: `/api/transfers/${t.id}/refuse`, body: { reason: '不属本支部' }, orgs: [fx.A2] };
    }) },
  ],
  'POST /api/transfers/{id}/accept': target(async (fx) => {
    const t = await fx.freshTransfer('issued');
    return { path: `/api/transfers/${t.id}/accept`, body: {}, orgs: [fx.A2] };
  }),
  // ---- letters across the instance boundary (fx.letters: a standing outgoing letter and incoming
  // case of A1; fx.freshLetter(kind): a new one). The local side (A1) acts and reads.
  // Multi-hop (逐级): the organization of the hop the case waits at decides (W, then A).
  'POST /api/transfers/{id}/forward': [
    { name: 'first hop', ...target(async (fx) => {
      const t = await fx.freshHopTransfer(0);
      return { path: `/api/transfers/${t.id}/forward`, body: {}, orgs: [fx.W] };
    }) },
    { name: 'second hop', ...target(async (fx) => {
      const t = await fx.freshHopTransfer(1);
      return { path: `/api/transfers/${t.id}/forward`, body: {}, orgs: [fx.A] };
    }) },
  ],
  'POST /api/transfers/{id}/return': target(async (fx) => {
    const t = await fx.freshHopTransfer(0);
    return { path: `/api/transfers/${t.id}/return`, body: { reason: '材料不全' }, orgs: [fx.W] };
  }),
  'GET /api/transfers/letter-settings': global(() => ({ path: '/api/transfers/letter-settings' })),
  'POST /api/transfers/outgoing': target(async (fx) => {
    const m = await fx.freshMember(fx.A1);
    return { path: '/api/transfers/outgoing', body: { member_id: m.id, to_org_name: '矩阵外部党委', dues_paid_to: '2026-01' }, orgs: [fx.A1] };
  }),
  'POST /api/transfers/incoming': target((fx) => ({
    path: '/api/transfers/incoming',
    body: fx.memberBody({ org_id: fx.A1.id, letter_no: '矩阵外字1号', from_org_name: '矩阵外部党委', dues_paid_to: '2026-01' }),
    orgs: [fx.A1],
  })),
  'POST /api/transfers/{id}/reissue': target(async (fx) => {
    const t = await fx.freshLetter('outgoing');
    return { path: `/api/transfers/${t.id}/reissue`, body: { reason: '遗失' }, orgs: [fx.A1] };
  }),
  'POST /api/transfers/{id}/cancel': target(async (fx) => {
    const t = await fx.freshLetter('outgoing');
    return { path: `/api/transfers/${t.id}/cancel`, body: { reason: '不再调动' }, orgs: [fx.A1] };
  }),
  'POST /api/transfers/{id}/receipt': [
    { name: 'outgoing (returned)', ...target(async (fx) => {
      const t = await fx.freshLetter('outgoing');
      return { path: `/api/transfers/${t.id}/receipt`, body: { org_name: '矩阵外部党委' }, orgs: [fx.A1] };
    }) },
    { name: 'incoming (sent back)', ...target(async (fx) => {
      const t = await fx.freshLetter('incoming');
      return { path: `/api/transfers/${t.id}/receipt`, body: {}, orgs: [fx.A1] };
    }) },
  ],
  // Prints the ID number: member.reveal (the route's permission), audited as a reveal.
  'GET /api/transfers/{id}/letter': target((fx) => ({ path: `/api/transfers/${fx.letters.outgoing.id}/letter`, orgs: [fx.A1] })),
  // ---- dues ledger (issue #6; fx.duesPeriod: a standing period of A1, fx.duesReduction: a
  // reduction proposed by the operator for fx.m; the deciding level of A1's proposals is A)
  'GET /api/dues/periods': [
    collection(() => ({ path: '/api/dues/periods' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/periods?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  // Opening the same month again is 409 (allowed): idempotent enough for the matrix.
  'POST /api/dues/periods': target((fx) => ({ path: '/api/dues/periods', body: { org_id: fx.A1.id, month: '2020-01' }, orgs: [fx.A1] })),
  'GET /api/dues/periods/{id}': target((fx) => ({ path: `/api/dues/periods/${fx.duesPeriod.id}`, orgs: [fx.A1] })),
  'GET /api/dues/periods/{id}/items': target((fx) => ({ path: `/api/dues/periods/${fx.duesPeriod.id}/items`, orgs: [fx.A1] })),
  'POST /api/dues/periods/{id}/close': target(async (fx) => {
    const p = await fx.freshDuesPeriod();
    return { path: `/api/dues/periods/${p.id}/close`, body: {}, orgs: [fx.A1] };
  }),
  'GET /api/dues/payments': [
    collection(() => ({ path: '/api/dues/payments' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/payments?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'POST /api/dues/payments': target((fx) => ({
    path: '/api/dues/payments', body: { member_id: fx.m.id, channel: 'cash', extra_fen: 100, from_month: fx.duesPeriod.month }, orgs: [fx.A1],
  })),
  'GET /api/dues/members/{id}': target((fx) => ({ path: `/api/dues/members/${fx.m.id}`, orgs: [fx.A1] })),
  'POST /api/dues/callbacks/{provider}': global(() => {
    const bytes = Buffer.from(JSON.stringify({ external_ref: 'matrix' }));
    const sig = `sha256=${createHmac('sha256', DUES_CALLBACK_SECRET).update(bytes).digest('hex')}`;
    return { path: '/api/dues/callbacks/gateway', raw: { bytes, type: 'application/json', headers: { 'x-lianxin-signature': sig } } };
  }),
  'GET /api/dues/bases': target((fx) => ({ path: `/api/dues/bases?member=${fx.m.id}`, orgs: [fx.A1] })),
  'POST /api/dues/bases': target((fx) => ({
    path: '/api/dues/bases', body: { member_id: fx.m.id, category: 'student', first_received: '2021-01' }, orgs: [fx.A1],
  })),
  'POST /api/dues/bases/import': collection((fx) => ({
    path: '/api/dues/bases/import',
    raw: { bytes: Buffer.from(`身份证号,月基数（元）,首次领取月份\r\n${fx.m.full_id},3000.00,2021-01\r\n`), type: 'text/csv' },
  })),
  'GET /api/dues/reductions': [
    collection(() => ({ path: '/api/dues/reductions' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/reductions?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'POST /api/dues/reductions': target((fx) => ({
    path: '/api/dues/reductions',
    body: { member_id: fx.m.id, kind: 'reduce', monthly_fen: 10, from_month: '2021-03', to_month: '2021-03', reason: '困难' },
    orgs: [fx.A1],
  })),
  'POST /api/dues/reductions/{id}/approve': target(async (fx) => {
    const r = await fx.freshReduction();
    return { path: `/api/dues/reductions/${r.id}/approve`, body: { approval_ref: '矩阵批复' }, orgs: [fx.A1, fx.A] };
  }),
  'POST /api/dues/reductions/{id}/reject': target(async (fx) => {
    const r = await fx.freshReduction();
    return { path: `/api/dues/reductions/${r.id}/reject`, body: { note: '不符合条件' }, orgs: [fx.A1, fx.A] };
  }),
  'GET /api/auth/me/dues': {
    ...global(() => ({ path: '/api/auth/me/dues' })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  'GET /api/auth/me/dues/payments': {
    ...global(() => ({ path: '/api/auth/me/dues/payments' })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  'POST /api/auth/me/dues/payments': {
    ...global(() => ({ path: '/api/auth/me/dues/payments', body: { extra_fen: 100 } })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  'POST /api/auth/me/dues/bases': {
    ...global(() => ({ path: '/api/auth/me/dues/bases', body: { category: 'student', first_received: '2021-01' } })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },

  // ---- mobile members (fx.mobile: a standing active outflow of a member of A1, no host branch in
  // the instance; fx.freshMobile(): a new one). Outflows act on the home branch A1, inflows on the
  // host branch A1.
  'GET /api/mobile-members': [
    collection(() => ({ path: '/api/mobile-members' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/mobile-members?org=${fx.A1.id}&direction=out`, orgs: [fx.A1] })) },
  ],
  'POST /api/mobile-members': target(async (fx) => {
    const m = await fx.freshMember(fx.A1);
    return { path: '/api/mobile-members', body: fx.mobileBody({ member_id: m.id }), orgs: [fx.A1] };
  }),
  'POST /api/mobile-members/inflow': target((fx) => ({
    path: '/api/mobile-members/inflow',
    body: fx.mobileBody({ host_org_id: fx.A1.id, name: '矩阵流入', id_number: makeIdNumber(), home_org_name: '外省党支部' }),
    orgs: [fx.A1],
  })),
  'GET /api/mobile-members/{id}': target((fx) => ({ path: `/api/mobile-members/${fx.mobile.id}`, orgs: [fx.A1] })),
  'POST /api/mobile-members/{id}/contacts': target((fx) => ({
    path: `/api/mobile-members/${fx.mobile.id}/contacts`, body: { contact_on: '2026-01-15', way: '电话' }, orgs: [fx.A1],
  })),
  'POST /api/mobile-members/{id}/return': target(async (fx) => {
    const r = await fx.freshMobile();
    return { path: `/api/mobile-members/${r.id}/return`, body: { card_checked: true }, orgs: [fx.A1] };
  }),
  'POST /api/mobile-members/{id}/reveal': target((fx) => ({
    path: `/api/mobile-members/${fx.mobile.id}/reveal`, body: { field: 'contact_phone', reason: '核对' }, orgs: [fx.A1],
  })),
  // ---- dues reports (no ledger rows in the fixture: empty reports; a remittance adds a row each call)
  'GET /api/dues/arrears': [
    collection(() => ({ path: '/api/dues/arrears' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/arrears?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/dues/arrears/orgs': [
    collection(() => ({ path: '/api/dues/arrears/orgs' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/arrears/orgs?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/dues/unpaid-flags': [
    collection(() => ({ path: '/api/dues/unpaid-flags' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/unpaid-flags?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/dues/reports/month': [
    collection(() => ({ path: '/api/dues/reports/month?month=2026-01' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/reports/month?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/dues/reports/year': [
    collection(() => ({ path: '/api/dues/reports/year?year=2025' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/reports/year?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/dues/reports/statement': target((fx) => ({ path: `/api/dues/reports/statement?org=${fx.A1.id}&year=2025`, orgs: [fx.A1] })),
  'GET /api/dues/reports/register/export': [
    collection(() => ({ path: '/api/dues/reports/register/export?year=2025' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/reports/register/export?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/dues/reports/summary/export': [
    collection(() => ({ path: '/api/dues/reports/summary/export?year=2025' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/reports/summary/export?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/dues/remittance': target((fx) => ({ path: `/api/dues/remittance?org=${fx.A1.id}&year=2025`, orgs: [fx.A1] })),
  'POST /api/dues/remittances': target((fx) => ({
    path: '/api/dues/remittances', body: { org_id: fx.A1.id, year: 2025, amount_fen: 100, remitted_on: '2026-01-15' }, orgs: [fx.A1],
  })),
  'GET /api/dues/reconciliation': [
    collection(() => ({ path: '/api/dues/reconciliation' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/dues/reconciliation?org=${fx.A1.id}&pending_hours=12`, orgs: [fx.A1] })) },
  ],
  // ---- organisational-life compliance (a held 党员大会 record of A1 made by SQL: fx.sql)
  'GET /api/meetings/compliance': [
    collection(() => ({ path: '/api/meetings/compliance' })),
    { name: '?org= branch', ...target((fx) => ({ path: `/api/meetings/compliance?org=${fx.A1.id}`, orgs: [fx.A1] })) },
    { name: '?org= upper', ...target((fx) => ({ path: `/api/meetings/compliance?org=${fx.A.id}`, orgs: [fx.A] })) },
  ],
  'GET /api/meetings/compliance/branches': [
    collection(() => ({ path: '/api/meetings/compliance/branches' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/meetings/compliance/branches?org=${fx.A.id}&colour=yellow`, orgs: [fx.A] })) },
  ],
  'GET /api/meetings/reminders': [
    collection(() => ({ path: '/api/meetings/reminders' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/meetings/reminders?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'GET /api/meetings/absence-flags': [
    collection(() => ({ path: '/api/meetings/absence-flags' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/meetings/absence-flags?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  // The reviewer needs meeting.write over the parent of the meeting's branch: A1's own grant sees
  // the meeting but may not review it (403), hence A as a pseudo target (403 or 404 accepted).
  'POST /api/meetings/{id}/review': target((fx) => ({
    path: `/api/meetings/${heldMeetingOf(fx)}/review`, body: { action: 'reject', reason: '矩阵审核：记录流于形式' },
    orgs: [fx.A1, { ...fx.A, pseudo: true }],
  })),
  'GET /api/meetings/org-settings/{id}': target((fx) => ({ path: `/api/meetings/org-settings/${fx.A1.id}`, orgs: [fx.A1] })),
  'PUT /api/meetings/org-settings/{id}': target((fx) => ({
    path: `/api/meetings/org-settings/${fx.A1.id}`, body: { theme_day: 15 }, orgs: [fx.A1],
  })),
  // ---- organisational-life meetings (fx.meeting: a planned 党员大会 of A1 with its attendees;
  // fx.mfile: a PNG on it). Calls on the standing meeting are idempotent or refused by its state.
  'GET /api/meetings': [
    collection(() => ({ path: '/api/meetings' })),
    { name: '?org=', ...target((fx) => ({ path: `/api/meetings?org=${fx.A1.id}`, orgs: [fx.A1] })) },
  ],
  'POST /api/meetings': target((fx) => ({ path: '/api/meetings', body: fx.meetingBody(), orgs: [fx.A1] })),
  'GET /api/meetings/{id}': target((fx) => ({ path: `/api/meetings/${fx.meeting.id}`, orgs: [fx.A1] })),
  'PATCH /api/meetings/{id}': target((fx) => ({ path: `/api/meetings/${fx.meeting.id}`, body: { host: '矩阵书记' }, orgs: [fx.A1] })),
  'POST /api/meetings/{id}/cancel': target(async (fx) => {
    const mt = await fx.freshMeeting();
    return { path: `/api/meetings/${mt.id}/cancel`, body: { reason: '改期' }, orgs: [fx.A1] };
  }),
  'GET /api/meetings/{id}/checkin-qr': target((fx) => ({ path: `/api/meetings/${fx.meeting.id}/checkin-qr`, orgs: [fx.A1] })),
  // On-site meeting: 409 (no link) once past the permission check.
  'GET /api/meetings/{id}/checkin-link': target((fx) => ({ path: `/api/meetings/${fx.meeting.id}/checkin-link`, orgs: [fx.A1] })),
  // Present already after the first call: 409.
  'POST /api/meetings/{id}/attendees/{attendee_id}/checkin': target((fx) => ({
    path: `/api/meetings/${fx.meeting.id}/attendees/${fx.meeting.attendees[0].id}/checkin`, body: { reason: '代签' }, orgs: [fx.A1],
  })),
  // No leave requested: 409.
  'POST /api/meetings/{id}/attendees/{attendee_id}/leave': target((fx) => ({
    path: `/api/meetings/${fx.meeting.id}/attendees/${fx.meeting.attendees[0].id}/leave`, body: { approve: true }, orgs: [fx.A1],
  })),
  'POST /api/meetings/{id}/record': target(async (fx) => {
    const mt = await fx.freshMeeting();
    return { path: `/api/meetings/${mt.id}/record`, body: { minutes: '矩阵测试会议记录' }, orgs: [fx.A1] };
  }),
  // The standing meeting is not held: 409.
  'POST /api/meetings/{id}/votes': target((fx) => ({
    path: `/api/meetings/${fx.meeting.id}/votes`, body: { item: '事项', yes: 0, no: 0, abstain: 0 }, orgs: [fx.A1],
  })),
  'POST /api/meetings/{id}/files': target((fx) => ({
    path: `/api/meetings/${fx.meeting.id}/files?filename=photo.png`, raw: { bytes: fx.PNG, type: 'image/png' }, orgs: [fx.A1],
  })),
  'GET /api/meetings/{id}/files/{file_id}': target((fx) => ({ path: `/api/meetings/${fx.meeting.id}/files/${fx.mfile.id}`, orgs: [fx.A1] })),
  'DELETE /api/meetings/{id}/files/{file_id}': target(async (fx) => {
    const f = await fx.freshMeetingFile();
    return { path: `/api/meetings/${fx.meeting.id}/files/${f.id}`, orgs: [fx.A1] };
  }),
  'GET /api/auth/me/meetings': {
    ...global(() => ({ path: '/api/auth/me/meetings' })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  // A code this server never issued: 400 for a member, 404 without a member record.
  'POST /api/auth/me/meetings/checkin': {
    ...global(() => ({ path: '/api/auth/me/meetings/checkin', body: { token: 'not-a-token' } })),
    selfOutcome: (who) => (who.memberId ? 'allowed' : 404),
  },
  // A meeting nobody is expected at: 404 for everyone (existence is not revealed).
  'POST /api/auth/me/meetings/{id}/leave': {
    ...global(() => ({ path: '/api/auth/me/meetings/999999999/leave', body: { reason: '出差' } })),
    selfOutcome: () => 404,
  },
};

// One held 党员大会 record of A1, inserted as migration 11 describes (the meeting workflow's routes
// are not needed); a repeated rejection only replaces the note, so every case may use it.
let heldMeeting = null;
function heldMeetingOf(fx) {
  if (heldMeeting === null) {
    const ts = '2026-01-10T12:00:00Z';
    const out = fx.sql(`INSERT INTO meetings (org_id, primary_type, topic, starts_at, meeting_date, state, defects, `
      + `held_recorded_at, created_by_name, created_at, updated_at) VALUES (${fx.A1.id}, 'member_meeting', '矩阵会议', `
      + `'2026-01-10T09:00:00+08:00', '2026-01-10', 'held', '[]', '${ts}', 'matrix', '${ts}', '${ts}') RETURNING id`);
    heldMeeting = Number(out.trim().split('\n')[0]);
    fx.sql(`INSERT INTO meeting_types (meeting_id, type, org_id, meeting_date, held) VALUES (${heldMeeting}, `
      + `'member_meeting', ${fx.A1.id}, '2026-01-10', 1)`);
  }
  return heldMeeting;
}

/** The variants of a spec entry as a list. */
export function variantsOf(entry) {
  return Array.isArray(entry) ? entry : [entry];
}
