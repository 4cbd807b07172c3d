import { api, getAll } from './client';

/**
 * Without q and kind: the roots of the caller's scope; otherwise organizations whose name contains q
 * or whose code equals q (when q is given) and whose kind is one of opts.kind (codes, when given).
 */
export const searchOrgs = (q, opts = {}) =>
  api.get('/api/orgs', { q, kind: opts.kind?.length ? opts.kind.join(',') : undefined, limit: opts.limit ?? 50, after: opts.after });
export const scopeRoots = () => getAll('/api/orgs');
export const children = (id) => getAll(`/api/orgs/${id}/children`);
export const getOrg = (id) => api.get(`/api/orgs/${id}`);
export const ancestors = (id) => api.get(`/api/orgs/${id}/ancestors`);
export const stats = (id) => api.get(`/api/orgs/${id}/stats`);
export const warnings = (id) => api.get(`/api/orgs/${id}/warnings`);
/** Warnings of every organization of the subtree, one page ({limit, after}); {items: [{org, rule_id, severity, code, message, data}], total, next}. */
export const subtreeWarnings = (id, query = {}) => api.get(`/api/orgs/${id}/subtree/warnings`, query);

// ---- organization management (Organizations page) ----
export const createOrg = (body) => api.post('/api/orgs', body);
export const updateOrg = (id, body) => api.patch(`/api/orgs/${id}`, body);
export const moveOrg = (id, body) => api.post(`/api/orgs/${id}/move`, body);
export const dissolveOrg = (id, body) => api.post(`/api/orgs/${id}/dissolve`, body);
/** One page of the subtree; `total` is the number of organizations in it (itself included). */
export const subtree = (id, query = {}) => api.get(`/api/orgs/${id}/subtree`, query);
export const history = (id, query = {}) => api.get(`/api/orgs/${id}/history`, query);
export const terms = (id, query = {}) => api.get(`/api/orgs/${id}/terms`, query);
export const addTerm = (id, body) => api.post(`/api/orgs/${id}/terms`, body);
