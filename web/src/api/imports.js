import { api, upload, download } from './client';

/** Uploads the raw bytes of a CSV (the server detects UTF-8 / GBK) and returns the preview report. */
export const previewImport = (file, { kind, policy }, onProgress) =>
  upload('/api/imports', { query: { kind, policy, filename: file.name }, body: file, contentType: 'text/csv', onProgress });
export const listImports = (query) => api.get('/api/imports', query);
export const getImport = (id) => api.get(`/api/imports/${id}`);
export const commitImport = (id, skipInvalid) => api.post(`/api/imports/${id}/commit`, { skip_invalid: !!skipInvalid });
export const rollbackImport = (id) => api.post(`/api/imports/${id}/rollback`);
export const downloadErrors = (id, onProgress) =>
  download(`/api/imports/${id}/errors`, { fallbackName: `导入错误清单-${id}.csv`, onProgress });

/** kind: members | orgs; format: xlsx | csv */
export const exportFile = (kind, org, format, onProgress) =>
  download(`/api/exports/${kind}`, {
    query: { org, format },
    fallbackName: `${kind === 'members' ? '党员名册' : '组织名册'}.${format}`,
    onProgress,
  });
