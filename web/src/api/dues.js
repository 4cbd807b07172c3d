import { api } from './client';
import { todayDate } from '@/utils/format';

/** 党费 ledger (issue #6). Amounts are integer fen. */
export const listPeriods = (query) => api.get('/api/dues/periods', query);
/** Opens a month for a branch ({org_id, month}) or every branch below ({subtree: true}); 409 when already open. */
export const openPeriod = (body) => api.post('/api/dues/periods', body);
export const getPeriod = (id) => api.get(`/api/dues/periods/${id}`);
export const listItems = (id, query) => api.get(`/api/dues/periods/${id}/items`, query);
export const closePeriod = (id, body = {}) => api.post(`/api/dues/periods/${id}/close`, body);
/** 422 code dues.findings (R-F05 warnings in details) until confirm_findings: true; R-F07 for org payers. */
export const recordPayment = (body) => api.post('/api/dues/payments', body);
export const memberDues = (id) => api.get(`/api/dues/members/${id}`);
export const listBases = (memberId) => api.get('/api/dues/bases', { member: memberId });
export const declareBase = (body) => api.post('/api/dues/bases', body);
/** Payroll CSV (身份证号, 月基数（元）, 首次领取月份[, 类别]): all rows or none; 422 details name the rows. */
export const importBases = (file) => api.post('/api/dues/bases/import', undefined, { body: file, headers: { 'content-type': 'text/csv' } });
export const listReductions = (query) => api.get('/api/dues/reductions', query);
export const proposeReduction = (body) => api.post('/api/dues/reductions', body);
export const approveReduction = (id, body) => api.post(`/api/dues/reductions/${id}/approve`, body);
export const rejectReduction = (id, body) => api.post(`/api/dues/reductions/${id}/reject`, body);
/** The member's own ledger, payments and online order. */
export const myDues = () => api.get('/api/auth/me/dues');
export const myDuesPayments = (query) => api.get('/api/auth/me/dues/payments', query);
export const startMyPayment = (body = {}) => api.post('/api/auth/me/dues/payments', body);

export const DUES_CATEGORIES = [
  { value: 'salaried', label: '按月领取工资' },
  { value: 'annual_salary', label: '年薪制' },
  { value: 'self_employed', label: '非按月取酬（个体等）' },
  { value: 'retired', label: '离退休' },
  { value: 'postgraduate', label: '有固定收入的研究生' },
  { value: 'farmer', label: '农民' },
  { value: 'student', label: '学生' },
  { value: 'unemployed', label: '下岗失业' },
  { value: 'relief', label: '依靠抚恤或救济生活、领取最低生活保障' },
];

export const ITEM_STATE_TYPES = { unpaid: 'danger', partial: 'warning', paid: 'success', exempt: 'info', no_base: 'info' };

/** "12.34" (yuan text) → fen, or null. */
export function yuanToFen(text) {
  const s = String(text ?? '').trim();
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(s)) return null;
  const [i, d = ''] = s.split('.');
  return Number(i) * 100 + Number(d.padEnd(2, '0'));
}

/** "YYYY-MM" of today in Asia/Shanghai, shifted by n months. */
export function monthOf(n = 0) {
  const [y, m] = todayDate().split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
