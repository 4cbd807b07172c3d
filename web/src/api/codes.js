import { api } from './client';

/** Code tables and organization warning rules (GET /api/codes): {tables: {name: {title, items}}, org_rules}. */
export const codes = () => api.get('/api/codes');
