import { api, request } from './client';

export const login = (loginName, password) =>
  request('POST', '/api/auth/login', { json: { login: loginName, password }, silent401: true });
export const logout = () => request('POST', '/api/auth/logout', { silent401: true });
export const me = () => request('GET', '/api/auth/me', { silent401: true });
export const myMember = () => api.get('/api/auth/me/member');
export const changePassword = (oldPassword, newPassword) =>
  api.post('/api/auth/password', { old_password: oldPassword, new_password: newPassword });
export const sessions = () => api.get('/api/auth/sessions');
export const revokeSession = (id) => api.del(`/api/auth/sessions/${id}`);
export const roles = () => api.get('/api/auth/roles');
