import { api, upload, download } from './client';

/** 发展党员台账: counts per child organization of `org` and a total row ({org, year}). */
export const getLedger = (query) => api.get('/api/recruitment/ledger', query);
/** The ledger as XLSX, one row per case of the subtree. */
export const exportLedger = ({ org, year }, onProgress) =>
  download('/api/recruitment/ledger/export', { query: { org, year }, fallbackName: `发展党员台账-${year}.xlsx`, onProgress });

/** Scans attached to the case's step records. */
export const listAttachments = (caseId) => api.get(`/api/recruitment/cases/${caseId}/attachments`);
/** Uploads a PDF/JPEG/PNG file as the raw body to one step record. */
export const uploadAttachment = (caseId, recordId, file, onProgress) =>
  upload(`/api/recruitment/cases/${caseId}/steps/${recordId}/attachments`, {
    query: { filename: file.name },
    body: file,
    contentType: file.type || 'application/octet-stream',
    onProgress,
  });
export const downloadAttachment = (caseId, att) =>
  download(`/api/recruitment/cases/${caseId}/attachments/${att.id}`, { fallbackName: att.file_name });
export const deleteAttachment = (caseId, attId) => api.del(`/api/recruitment/cases/${caseId}/attachments/${attId}`);

/** The signed-in member's own case ({case: null} when there is none). */
export const getOwnRecruitment = () => api.get('/api/auth/me/recruitment');

/** One 支部大会 with several candidates (step 15 or 23): {org_id, step, date, attendance, candidates}. */
export const recordMeeting = (body) => api.post('/api/recruitment/meetings', body);

/** Who counts in N (应到会有表决权的正式党员) at a branch meeting on `date` (R-D15, R-M01): {should_attend, members}. */
export const getMeetingRoster = (org, date) => api.get('/api/recruitment/meetings/roster', { org, ...(date ? { date } : {}) });
