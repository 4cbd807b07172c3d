import { api } from './client';

/** One page of the member list (filters as in the API; `after` is the previous page's `next`). */
export const listMembers = (query) => api.get('/api/members', query);
export const getMember = (id) => api.get(`/api/members/${id}`);
export const createMember = (body) => api.post('/api/members', body);
export const updateMember = (id, body) => api.patch(`/api/members/${id}`, body);
export const changeStatus = (id, body) => api.post(`/api/members/${id}/status`, body);
/** The full value of one field (id_number, mobile, landline, address); audited by the server. */
export const revealField = (id, field, reason) => api.post(`/api/members/${id}/reveal`, { field, reason });
export const memberHistory = (id, query = {}) => api.get(`/api/members/${id}/history`, query);
/** 党籍状态: status, events newest first, review flags, the changes the rules allow next. */
export const memberStatus = (id) => api.get(`/api/members/${id}/status`);
/** Members of the subtree whose 停止党籍 / 除名 review is due (org, kind, limit, after). */
export const statusReviews = (query) => api.get('/api/members/status-reviews', query);
