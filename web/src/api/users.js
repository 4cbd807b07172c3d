import { api, download } from './client';

export const listUsers = (query) => api.get('/api/users', query);
export const getUser = (id) => api.get(`/api/users/${id}`);
export const createStaff = (body) => api.post('/api/users', body);
export const updateUser = (id, body) => api.patch(`/api/users/${id}`, body);
export const resetPassword = (id) => api.post(`/api/users/${id}/reset-password`);
export const revokeSessions = (id) => api.post(`/api/users/${id}/revoke-sessions`);
export const userGrants = (id) => api.get(`/api/users/${id}/grants`);
export const createMemberAccount = (memberId, body = {}) => api.post(`/api/members/${memberId}/account`, body);
export const resetMemberPassword = (memberId) => api.post(`/api/members/${memberId}/account/reset-password`);
export const bulkMemberAccounts = (orgId, includeSubtree) =>
  api.post('/api/users/bulk', { org_id: orgId, include_subtree: !!includeSubtree });
export const searchMembers = (q, org) => api.get('/api/members', { q, org, limit: 20 });

export const listGrants = (query) => api.get('/api/grants', query);
export const createGrant = (body) => api.post('/api/grants', body);
export const revokeGrant = (id) => api.del(`/api/grants/${id}`);

export const listApiKeys = (query) => api.get('/api/api-keys', query);
export const createApiKey = (body) => api.post('/api/api-keys', body);
export const revokeApiKey = (id) => api.del(`/api/api-keys/${id}`);

export { download };
