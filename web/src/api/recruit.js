import { api } from './client';

/** One page of recruitment cases (org, state, stage, step, overdue, due_month, limit, after). */
export const listCases = (query) => api.get('/api/recruitment/cases', query);
export const createCase = (body) => api.post('/api/recruitment/cases', body);
/** The case, all its records (corrected ones too) and the engine's evaluation as of today. */
export const getCase = (id) => api.get(`/api/recruitment/cases/${id}`);
/** Records a step, or corrects a record with {corrects, correction_reason}; 422 lists blocking rules in details. */
export const recordStep = (id, body) => api.post(`/api/recruitment/cases/${id}/steps`, body);
/** Built-in packs (stages, steps, rules) and overlays. */
export const listPacks = () => api.get('/api/recruitment/packs');
export const getOrgPack = (orgId) => api.get(`/api/recruitment/orgs/${orgId}/pack`);
export const putOrgPack = (orgId, body) => api.put(`/api/recruitment/orgs/${orgId}/pack`, body);
export const getCalendar = (year) => api.get(`/api/recruitment/calendar/${year}`);
export const putCalendar = (year, body) => api.put(`/api/recruitment/calendar/${year}`, body);
