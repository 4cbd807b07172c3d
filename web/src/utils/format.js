// One way to show dates and money everywhere: dates as YYYY-MM-DD (times as YYYY-MM-DD HH:mm, in
// the platform's time zone, Asia/Shanghai), amounts as ¥1,234.50.

const pad = (n) => String(n).padStart(2, '0');

function parse(value) {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value;
  const s = String(value);
  // A plain date stays a calendar date: no time zone shift.
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { plain: s };
  // "2025-03-01 08:00:00" without a zone is UTC as the server writes it.
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(s) ? `${s.replace(' ', 'T')}Z` : s;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

// Shift to UTC+8 and read the UTC fields, independent of the browser's zone.
function shanghaiParts(d) {
  const t = new Date(d.getTime() + 8 * 3600 * 1000);
  return {
    y: t.getUTCFullYear(), m: pad(t.getUTCMonth() + 1), d: pad(t.getUTCDate()),
    h: pad(t.getUTCHours()), min: pad(t.getUTCMinutes()),
  };
}

/** 2025-03-01 (or '—' when empty). */
export function formatDate(value) {
  const d = parse(value);
  if (!d) return '—';
  if (d.plain) return d.plain;
  const p = shanghaiParts(d);
  return `${p.y}-${p.m}-${p.d}`;
}

/** A YYYY-MM-DD date plus whole years, as the server counts terms: 29 February becomes 28 February in a common year. */
export function addYears(date, years) {
  const [y, m, d] = date.split('-').map(Number);
  const ny = y + years;
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  return `${ny}-${pad(m)}-${pad(m === 2 && d === 29 && !leap ? 28 : d)}`;
}

/** 2025-03-01 14:05 (or '—' when empty). */
export function formatDateTime(value) {
  const d = parse(value);
  if (!d) return '—';
  if (d.plain) return d.plain;
  const p = shanghaiParts(d);
  return `${p.y}-${p.m}-${p.d} ${p.h}:${p.min}`;
}

/** ¥1,234.50; accepts yuan as a number or a numeric string (or '—' when empty). */
export function formatMoney(yuan) {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const n = Number(yuan);
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  const [int, dec] = Math.abs(n).toFixed(2).split('.');
  return `${sign}¥${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

/** ¥ from an integer number of fen (分). */
export const formatFen = (fen) => (fen === null || fen === undefined ? '—' : formatMoney(Number(fen) / 100));

/** 12,345 */
export const formatCount = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));

/** Today in the platform's time zone (Asia/Shanghai) as YYYY-MM-DD. */
export function todayDate() {
  const p = shanghaiParts(new Date());
  return `${p.y}-${p.m}-${p.d}`;
}
