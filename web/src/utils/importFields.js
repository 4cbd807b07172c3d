// The columns of the CSV import (the server's import_columns): field name → Chinese header, and
// the aliases the server accepts, to map a preview error (field) onto a column of the file.
const MEMBER = [
  ['name', '姓名'], ['id_number', '公民身份号码', '公民身份证号', '身份证号', '公民身份证号码', '身份证号码'],
  ['gender', '性别'], ['ethnicity', '民族'], ['birth_date', '出生日期'], ['education', '学历'],
  ['category', '人员类别'], ['status', '党员状态', '党籍状态'], ['application_date', '申请入党日期'],
  ['join_date', '加入党组织日期', '入党日期'], ['full_date', '转为正式党员日期', '转正日期'],
  ['employment', '工作岗位'], ['position', '职务'], ['mobile', '手机号', '联系电话', '手机号码'],
  ['landline', '固定电话'], ['address', '家庭住址'], ['org_code', '所在党支部', '所在党组织', '党组织编码'],
  ['income_base', '月收入基数'],
];
const ORG = [
  ['code', '组织编码', '党组织编码'], ['name', '组织名称', '党组织名称'], ['kind', '组织类型', '组织类别'],
  ['parent_code', '上级组织编码', '上级党组织编码'], ['host_unit', '所在单位'], ['region_code', '行政区划代码'],
  ['established_date', '成立日期'], ['contact_name', '联系人'], ['contact_phone', '联系电话'],
];

const table = (kind) => (kind === 'orgs' ? ORG : MEMBER);

/** The Chinese column name of a field (file → 整个文件). */
export function fieldLabel(kind, field) {
  if (!field || field === 'file') return '整个文件';
  const row = table(kind).find((r) => r[0] === field);
  return row ? row[1] : field;
}

/** header text → field name, for the headers of one file. */
export function headerFields(kind, headers) {
  return headers.map((h) => {
    const t = String(h || '').trim();
    const row = table(kind).find((r) => r.slice(1).includes(t) || r[0] === t.toLowerCase());
    return row ? row[0] : null;
  });
}

/** Decodes the bytes of a CSV as the server would: UTF-8 (BOM or not), otherwise GB18030. */
export function decodeCsv(buffer) {
  const bytes = new Uint8Array(buffer);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A small RFC 4180 parser: rows of cells; quoted cells may hold commas, quotes and newlines. */
export function parseCsv(text, maxRows = 100000) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (rows.length >= maxRows) return rows;
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
