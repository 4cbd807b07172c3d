import { api } from './client';

/** A branch's obligations (kind=branch) or the roll-up of an upper organization (kind=rollup). {org, date, as_of} */
export const getCompliance = (query) => api.get('/api/meetings/compliance', query);
/** One page of the roll-up's branches {org, date, as_of, colour, rule, limit, after}. */
export const listComplianceBranches = (query) => api.get('/api/meetings/compliance/branches', query);
/** Due soon (yellow, now) and overdue (red, last closed periods) for the dashboard card. */
export const getReminders = (org) => api.get('/api/meetings/reminders', { org });
/** One page of members flagged by the six-month rule {org, date, limit, after}. */
export const listAbsenceFlags = (query) => api.get('/api/meetings/absence-flags', query);
/** {action: reject|clear, reason} by the upper level. */
export const reviewMeeting = (id, body) => api.post(`/api/meetings/${id}/review`, body);
export const getOrgLifeSettings = (orgId) => api.get(`/api/meetings/org-settings/${orgId}`);
export const setThemeDay = (orgId, themeDay) => api.put(`/api/meetings/org-settings/${orgId}`, { theme_day: themeDay });
