import { api, download } from './client';

export const searchAudit = (query) => api.get('/api/audit', query);
export const verifyAudit = () => api.get('/api/audit/verify');
export const exportAudit = (query, format, onProgress) =>
  download('/api/audit/export', { query: { ...query, format }, fallbackName: `审计日志.${format}`, onProgress });
