// Client-side checks that mirror the server's rules, for messages while the user types. The server
// checks again and its field errors are shown the same way.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

function validDate(y, m, d) {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** The GB 11643 check character of the first 17 characters. */
export function idCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * '' when the ID number (18 characters, or an old 15-digit one) is valid, else the Chinese reason.
 * Returns also the birth date and gender it encodes: {error, birthDate, gender}.
 */
export function checkIdNumber(raw) {
  const v = String(raw || '').trim().toUpperCase();
  if (!v) return { error: '请输入公民身份号码' };
  if (v.length !== 18 && v.length !== 15) return { error: `公民身份号码应为18位（当前${v.length}位）` };
  if (v.length === 15) {
    if (!/^\d{15}$/.test(v)) return { error: '15位公民身份号码应全部为数字' };
    const y = 1900 + Number(v.slice(6, 8));
    const m = Number(v.slice(8, 10));
    const d = Number(v.slice(10, 12));
    if (!validDate(y, m, d)) return { error: '公民身份号码中的出生日期无效' };
    return { error: '', birthDate: `${y}-${v.slice(8, 10)}-${v.slice(10, 12)}`, gender: Number(v[14]) % 2 ? 'male' : 'female' };
  }
  if (!/^\d{17}[\dX]$/.test(v)) return { error: '公民身份号码前17位应为数字，最后一位为数字或X' };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  if (!validDate(y, m, d) || y < 1900) return { error: '公民身份号码中的出生日期无效' };
  const birthDate = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  if (birthDate > new Date().toISOString().slice(0, 10)) return { error: '公民身份号码中的出生日期晚于今天' };
  if (idCheckChar(v) !== v[17]) return { error: '公民身份号码校验位错误，请核对后重新输入' };
  return { error: '', birthDate, gender: Number(v[16]) % 2 ? 'male' : 'female' };
}

/** '' or the message: 11 digits starting 1[3-9]; spaces, hyphens and +86 allowed as the server does. */
export function checkMobile(raw) {
  let v = String(raw || '').replace(/[\s-]/g, '');
  if (!v) return '';
  if (v.startsWith('+86')) v = v.slice(3);
  return /^1[3-9]\d{9}$/.test(v) ? '' : '手机号应为1开头的11位数字';
}

/** '' or the message: 区号-号码 or 区号-号码-分机号. */
export function checkLandline(raw) {
  const v = String(raw || '').trim();
  if (!v) return '';
  return /^0\d{2,3}-\d{7,8}(-\d{1,6})?$/.test(v) ? '' : '固定电话格式应为“区号-号码”或“区号-号码-分机号”';
}

/** el-form rule objects built from the checks above (trigger 'change' runs as the user types). */
export const rules = {
  required: (label) => ({ required: true, message: `请填写${label}`, trigger: ['change', 'blur'] }),
  requiredSelect: (label) => ({ required: true, message: `请选择${label}`, trigger: ['change', 'blur'] }),
  idNumber: (optional = false) => ({
    trigger: ['change', 'blur'],
    validator: (_r, value, cb) => {
      if (optional && !value) return cb();
      const { error } = checkIdNumber(value);
      return error ? cb(new Error(error)) : cb();
    },
  }),
  mobile: () => ({
    trigger: ['change', 'blur'],
    validator: (_r, value, cb) => {
      const e = checkMobile(value);
      return e ? cb(new Error(e)) : cb();
    },
  }),
  landline: () => ({
    trigger: ['change', 'blur'],
    validator: (_r, value, cb) => {
      const e = checkLandline(value);
      return e ? cb(new Error(e)) : cb();
    },
  }),
};
