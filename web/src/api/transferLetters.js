// Introduction letters across the instance boundary (转出本系统 / 接收外来组织关系): the cases are
// /api/transfers rows with kind outgoing | incoming.
import { api } from './client';

export const letterSettings = () => api.get('/api/transfers/letter-settings');
/** One page of letters: query {kind: 'outgoing' | 'incoming', org, state, receipt_overdue, limit, after}. */
export const listLetters = (query) => api.get('/api/transfers', query);
export const getTransfer = (id) => api.get(`/api/transfers/${id}`);
export const issueLetter = (body) => api.post('/api/transfers/outgoing', body);
export const reissueLetter = (id, body) => api.post(`/api/transfers/${id}/reissue`, body);
export const cancelLetter = (id, body) => api.post(`/api/transfers/${id}/cancel`, body);
export const recordReceipt = (id, body) => api.post(`/api/transfers/${id}/receipt`, body);
/** The print data of the three parts; the ID number is decrypted and the read audited. */
export const letterPrintData = (id) => api.get(`/api/transfers/${id}/letter`);
export const registerIncoming = (body) => api.post('/api/transfers/incoming', body);

export const CHANNELS = [
  { code: 'carried', label: '党员本人携带' },
  { code: 'confidential', label: '机要交通（机要邮政）' },
];
