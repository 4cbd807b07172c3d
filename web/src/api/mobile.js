import { api } from './client';

/** One page of mobile-member records (org, direction out|in, state, contact_overdue, member, limit, after). */
export const listMobile = (query) => api.get('/api/mobile-members', query);
/** The record with its contact log. */
export const getMobile = (id) => api.get(`/api/mobile-members/${id}`);
/** 流出登记; 422 with code R-T02 on expected_months when a transfer is required instead. */
export const registerOutflow = (body) => api.post('/api/mobile-members', body);
/** 流入登记 of a member from outside the instance. */
export const registerInflow = (body) => api.post('/api/mobile-members/inflow', body);
export const addContact = (id, body) => api.post(`/api/mobile-members/${id}/contacts`, body);
export const returnMobile = (id, body) => api.post(`/api/mobile-members/${id}/return`, body);
