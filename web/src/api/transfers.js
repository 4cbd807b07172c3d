import { api } from './client';

// 组织关系转接 inside the instance (the out-of-instance letters have their own module).

/**
 * One page of cases inside the instance (org, direction in|out, state, overdue, member, limit, after);
 * the body adds `overdue`, the count. Letters across the instance boundary share the table but not
 * these queues (an outgoing letter is 'issued' with both sides the branch): kind=internal keeps them out.
 */
export const listTransfers = (query) => api.get('/api/transfers', { kind: 'internal', ...query });
/** Requests a transfer for a member: {member_id, to_org_id, reason, requested_by?}. */
export const createTransfer = (body) => api.post('/api/transfers', body);
/** The case with its timeline. */
export const getTransfer = (id) => api.get(`/api/transfers/${id}`);
export const approveTransfer = (id, body = {}) => api.post(`/api/transfers/${id}/approve`, body);
/** {version?, reason_code, reason}: a reason is required (R-T05). */
export const refuseTransfer = (id, body) => api.post(`/api/transfers/${id}/refuse`, body);
/** Multi-hop (逐级, R-T10): the current hop's organization passes the case on ({version?, reason?: a note}) ... */
export const forwardTransfer = (id, body = {}) => api.post(`/api/transfers/${id}/forward`, body);
/** ... or returns it ({version?, reason_code, reason}: a reason is required, R-T05). */
export const returnTransfer = (id, body) => api.post(`/api/transfers/${id}/return`, body);
/**
 * The sizes of the queues of an organization's subtree (the caller's scope without org):
 * {approve: cases waiting for its approval or its hop (逐级), receive: issued cases sent to it,
 * overdue: R-T13, from the list body}.
 */
export async function queueCounts(org) {
  const [a, r, all] = await Promise.all([
    listTransfers({ org, awaiting: 'approve', limit: 1 }),
    listTransfers({ org, awaiting: 'accept', limit: 1 }),
    listTransfers({ org, limit: 1 }),
  ]);
  return { approve: a.total, receive: r.total, overdue: all.overdue };
}
export const acceptTransfer = (id, body = {}) => api.post(`/api/transfers/${id}/accept`, body);
/** Branches that may receive a transfer, over the whole instance ({items: [{id, code, name, kind, kind_label}]}). */
export const searchReceivingBranches = (q, opts = {}) => api.get('/api/transfers/branches', { q, limit: opts.limit ?? 20 });

// ---- the member's own account ----
export const myTransfers = (query) => api.get('/api/auth/me/transfers', query);
export const requestMyTransfer = (body) => api.post('/api/auth/me/transfers', body);
export const searchMyReceivingBranches = (q, opts = {}) => api.get('/api/auth/me/transfers/branches', { q, limit: opts.limit ?? 20 });
