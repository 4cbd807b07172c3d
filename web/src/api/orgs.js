import { api, getAll } from './client';

/** Without q: the roots of the caller's scope; with q: name contains q or code equals q. */
export const searchOrgs = (q, opts = {}) => api.get('/api/orgs', { q, limit: opts.limit ?? 50, after: opts.after });
export const scopeRoots = () => getAll('/api/orgs');
export const children = (id) => getAll(`/api/orgs/${id}/children`);
export const getOrg = (id) => api.get(`/api/orgs/${id}`);
export const ancestors = (id) => api.get(`/api/orgs/${id}/ancestors`);
export const stats = (id) => api.get(`/api/orgs/${id}/stats`);
export const warnings = (id) => api.get(`/api/orgs/${id}/warnings`);
