// The one way the console talks to the server: fetch with the session cookie, the CSRF header on
// writes, and every failure turned into an ApiError carrying the server's {code, message, field,
// details}. A 401 (session missing or expired) and a 403 password_change_required are handed to
// handlers installed by main.js (they route to the login and change-password pages).

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status (0 when the server could not be reached)
   * @param {{code?: string, message?: string, field?: string, details?: Array<{field:string,code:string,message:string}>}} body
   */
  constructor(status, body = {}) {
    super(body.message || defaultMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code || (status === 0 ? 'network' : `http_${status}`);
    this.field = body.field || '';
    this.details = Array.isArray(body.details) ? body.details : [];
  }

  /** Field → message for forms: every entry of details, plus the main field. */
  get fieldErrors() {
    const out = {};
    for (const d of this.details) if (d.field && !out[d.field]) out[d.field] = d.message;
    if (this.field && !out[this.field]) out[this.field] = this.message;
    return out;
  }
}

function defaultMessage(status) {
  if (status === 0) return '无法连接服务器，请检查网络后重试';
  if (status === 401) return '登录已过期，请重新登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '请求的内容不存在或无权查看';
  if (status === 413) return '上传的内容过大';
  if (status === 503) return '服务器繁忙，请稍后重试';
  return `服务器出错（HTTP ${status}），请稍后重试`;
}

let csrfToken = '';
const handlers = { unauthorized: null, passwordChangeRequired: null };

/** The CSRF token of the current session (from the login answer or GET /api/auth/me). */
export function setCsrfToken(token) {
  csrfToken = token || '';
}

function csrfFromCookie() {
  const m = document.cookie.match(/(?:^|;\s*)lx_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

/** onUnauthorized(err) for 401s; onPasswordChangeRequired(err) for 403 password_change_required. */
export function setAuthHandlers({ onUnauthorized, onPasswordChangeRequired }) {
  handlers.unauthorized = onUnauthorized || null;
  handlers.passwordChangeRequired = onPasswordChangeRequired || null;
}

function withQuery(path, query) {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, String(x)));
    else qs.append(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/**
 * request(method, path, {query, json, body, headers, raw, silent401})
 *  - json: sent as application/json; body: sent as is (FormData, Blob, string)
 *  - raw: resolve with the Response itself (downloads); otherwise the parsed JSON (null on 204)
 *  - silent401: do not call the unauthorized handler (the login page and the start-up probe)
 */
export async function request(method, path, opts = {}) {
  const { query, json, body, headers = {}, raw = false, silent401 = false, signal } = opts;
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers }, signal };
  if (WRITE_METHODS.has(method)) {
    const token = csrfToken || csrfFromCookie();
    if (token) init.headers['X-CSRF-Token'] = token;
  }
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  let res;
  try {
    res = await fetch(withQuery(path, query), init);
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new ApiError(0, {});
  }
  if (res.ok) {
    if (raw) return res;
    if (res.status === 204) return null;
    const type = res.headers.get('content-type') || '';
    return type.includes('application/json') ? res.json() : res.text();
  }
  let errBody = {};
  try {
    const parsed = await res.json();
    if (parsed && typeof parsed.error === 'object') errBody = parsed.error;
  } catch {
    // not JSON (a proxy's error page): keep the generic message
  }
  const err = new ApiError(res.status, errBody);
  if (res.status === 401 && !silent401 && handlers.unauthorized) handlers.unauthorized(err);
  if (res.status === 403 && err.code === 'password_change_required' && handlers.passwordChangeRequired) {
    handlers.passwordChangeRequired(err);
  }
  throw err;
}

export const api = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
  post: (path, json, opts = {}) => request('POST', path, { ...opts, json }),
  put: (path, json, opts = {}) => request('PUT', path, { ...opts, json }),
  patch: (path, json, opts = {}) => request('PATCH', path, { ...opts, json }),
  del: (path, opts = {}) => request('DELETE', path, opts),
};

/**
 * Every item of a list ({items, total, next}), following `next` cursors; stops after maxItems.
 */
export async function getAll(path, query = {}, { limit = 500, maxItems = 5000 } = {}) {
  const items = [];
  let after;
  for (;;) {
    const page = await api.get(path, { ...query, limit, after });
    items.push(...page.items);
    if (!page.next || items.length >= maxItems) return { items, total: page.total, truncated: !!page.next };
    after = page.next;
  }
}

function parseErrorText(status, text) {
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.error === 'object') return new ApiError(status, parsed.error);
  } catch {
    // not JSON
  }
  return new ApiError(status, {});
}

/**
 * Sends a file as the raw request body with upload progress (XMLHttpRequest: fetch reports none).
 * onProgress(fraction 0..1). Resolves with the parsed JSON answer; rejects with an ApiError.
 */
export function upload(path, { query, body, contentType = 'application/octet-stream', onProgress } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentType);
    const token = csrfToken || csrfFromCookie();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
    }
    xhr.onerror = () => reject(new ApiError(0, {}));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(xhr.responseText ? JSON.parse(xhr.responseText) : null);
        } catch {
          resolve(xhr.responseText);
        }
        return;
      }
      const err = parseErrorText(xhr.status, xhr.responseText);
      if (xhr.status === 401 && handlers.unauthorized) handlers.unauthorized(err);
      reject(err);
    };
    xhr.send(body);
  });
}

function filenameFrom(disposition, fallback) {
  if (!disposition) return fallback;
  const star = disposition.match(/filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through
    }
  }
  const plain = disposition.match(/filename\s*=\s*"?([^";]+)"?/i);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads a file (GET) with progress: onProgress(fraction 0..1, or null when the size is
 * unknown, with the bytes received). Saves it through a temporary blob link; returns
 * {filename, size}.
 */
export async function download(path, { query, fallbackName = 'download', onProgress, method = 'GET', json } = {}) {
  const res = await request(method, path, { query, json, raw: true, headers: { Accept: '*/*' } });
  const total = Number(res.headers.get('content-length')) || 0;
  const name = filenameFrom(res.headers.get('content-disposition'), fallbackName);
  let blob;
  if (res.body && onProgress) {
    const reader = res.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(total ? Math.min(1, received / total) : null, received);
    }
    blob = new Blob(chunks, { type: res.headers.get('content-type') || 'application/octet-stream' });
  } else {
    blob = await res.blob();
  }
  saveBlob(blob, name);
  return { filename: name, size: blob.size };
}

/** Offers a Blob to the user as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
