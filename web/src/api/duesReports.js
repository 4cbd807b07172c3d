import { api, download } from './client';

/** 党费报表 (read side of the dues ledger): arrears, the R-F11 flag, reports, remittance, reconciliation. */
export const listArrears = (query) => api.get('/api/dues/arrears', query);
export const arrearsByOrg = (query) => api.get('/api/dues/arrears/orgs', query);
export const listUnpaidFlags = (query) => api.get('/api/dues/unpaid-flags', query);
export const monthReport = (query) => api.get('/api/dues/reports/month', query);
export const yearReport = (query) => api.get('/api/dues/reports/year', query);
export const getStatement = (query) => api.get('/api/dues/reports/statement', query);
export const getRemittance = (query) => api.get('/api/dues/remittance', query);
/** {org_id, year, amount_fen, remitted_on, reference} */
export const recordRemittance = (body) => api.post('/api/dues/remittances', body);
export const getReconciliation = (query) => api.get('/api/dues/reconciliation', query);
export const exportRegister = ({ org, year }) =>
  download('/api/dues/reports/register/export', { query: { org, year }, fallbackName: `党费收缴登记表-${year}.xlsx` });
export const exportSummary = ({ org, year }) =>
  download('/api/dues/reports/summary/export', { query: { org, year }, fallbackName: `党费收缴汇总表-${year}.xlsx` });
