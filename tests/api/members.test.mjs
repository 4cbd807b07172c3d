// Member registry: validation (GB 11643 ID numbers, dates, ages, categories), masking and reveal,
// lookup, list filters and keyset paging, optimistic locking, status changes and statistics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  makeIdNumber,
  breakChecksum,
  maskId,
  idCheckChar,
  walkPages,
  todayShanghai,
  completedYears,
  utf8Compare,
} from './harness.mjs';

let srv;
let api;
let root;
let branchA;
let branchB;

before(async () => {
  srv = await startServer();
  api = srv.api;
  root = await createOrg({ code: 'M-ROOT', name: '党员测试县委', kind: 'committee' });
  branchA = await createOrg({ code: 'M-A', name: '第一党支部', kind: 'branch', parent_id: root.id });
  branchB = await createOrg({ code: 'M-B', name: '第二党支部', kind: 'branch', parent_id: root.id });
});
after(async () => {
  await srv?.stop();
});

async function createOrg(body) {
  const r = await srv.api('POST', '/api/orgs', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

function memberBody(overrides = {}) {
  const { birth = '1980-05-12', gender = 'male', ...rest } = overrides;
  const body = {
    name: '王五',
    id_number: makeIdNumber({ birth, gender }),
    category: 'full',
    join_date: '2005-07-01',
    full_date: '2006-07-01',
    org_id: branchA.id,
    ...rest,
  };
  if (body.category === 'probationary' && !('full_date' in rest)) delete body.full_date;
  return body;
}

async function createMember(overrides = {}) {
  const body = memberBody(overrides);
  const r = await api('POST', '/api/members', body);
  assert.equal(r.status, 201, `${JSON.stringify(body)} -> ${r.status} ${r.text}`);
  return { ...r.json, full_id: body.id_number };
}

function expectFieldError(r, status, field, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status} ${r.text}`);
  assert.equal(r.json.error.field, field, r.text);
  assert.equal(r.json.error.code, code, r.text);
  if (status === 422) {
    assert.ok(
      r.json.error.details.some((d) => d.field === field && d.code === code),
      `details lack ${field}/${code}: ${r.text}`,
    );
  }
}

async function statsOf(id) {
  const r = await api('GET', `/api/orgs/${id}/stats`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const countOf = (arr, code) => {
  const e = arr.find((x) => x.code === code);
  assert.ok(e, `no ${code} in ${JSON.stringify(arr)}`);
  return e.count;
};

test('a valid member is created (201) with the ID number and mobile masked', async () => {
  const body = memberBody({ name: '李四', birth: '1979-08-23', gender: 'female', mobile: '13812345678', address: '某路1号' });
  const r = await api('POST', '/api/members', body);
  assert.equal(r.status, 201, r.text);
  const m = r.json;
  assert.equal(typeof m.id, 'number');
  assert.equal(m.name, '李四');
  assert.equal(m.org_id, branchA.id);
  assert.match(m.id_number, /^\d{4}\*{10}\d{3}[\dX]$/);
  assert.equal(m.id_number, maskId(body.id_number));
  assert.equal(m.mobile, '138****5678');
  // Derived from the ID number.
  assert.equal(m.gender, 'female');
  assert.equal(m.gender_label, '女');
  assert.equal(m.birth_date, '1979-08-23');
  assert.equal(m.age, completedYears('1979-08-23', todayShanghai()));
  assert.equal(m.category, 'full');
  assert.equal(m.status, 'normal');
  assert.equal(m.party_age, completedYears('2006-07-01', todayShanghai()));
  assert.equal(m.version, 1);
  assert.equal(m.has_address, true);
  // The full values appear nowhere in the answer.
  assert.ok(!r.text.includes(body.id_number), 'full ID number leaked');
  assert.ok(!r.text.includes('13812345678'), 'full mobile leaked');
  assert.ok(!r.text.includes('某路1号'), 'address leaked');

  const g = await api('GET', `/api/members/${m.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.json.id_number, m.id_number);
  assert.equal(g.json.mobile, '138****5678');
  assert.ok(!g.text.includes(body.id_number));

  const h = await api('GET', `/api/members/${m.id}/history`);
  assert.equal(h.status, 200);
  assert.equal(h.json.total, 1);
  assert.equal(h.json.items[0].action, 'create');
  assert.ok(!h.text.includes(body.id_number), 'history leaks the ID number');
});

test('a wrong check character is 422 id_number.checksum', async () => {
  const body = memberBody();
  body.id_number = breakChecksum(body.id_number);
  expectFieldError(await api('POST', '/api/members', body), 422, 'id_number', 'id_number.checksum');
});

test('other malformed ID numbers are 422 with their own codes', async () => {
  const good = makeIdNumber();
  expectFieldError(await api('POST', '/api/members', memberBody({ id_number: good.slice(0, 17) })), 422, 'id_number', 'id_number.length');
  expectFieldError(await api('POST', '/api/members', memberBody({ id_number: `${good.slice(0, 10)}A${good.slice(11)}` })), 422, 'id_number', 'id_number.chars');
  const badDate = '110105' + '19801332' + '123';
  expectFieldError(await api('POST', '/api/members', memberBody({ id_number: badDate + idCheckChar(badDate) })), 422, 'id_number', 'id_number.birth_date');
  expectFieldError(await api('POST', '/api/members', memberBody({ id_number: '' })), 422, 'id_number', 'id_number.required');
});

test('gender and birth date that disagree with the ID are 422 mismatch', async () => {
  // memberBody's gender/birth choose the ID number; the body's own gender is set explicitly.
  const wrongGender = memberBody({ gender: 'female' });
  wrongGender.gender = 'male';
  expectFieldError(await api('POST', '/api/members', wrongGender), 422, 'gender', 'gender.mismatch');
  const wrongLabel = memberBody({ gender: 'male' });
  wrongLabel.gender = '女';
  expectFieldError(await api('POST', '/api/members', wrongLabel), 422, 'gender', 'gender.mismatch');
  expectFieldError(
    await api('POST', '/api/members', memberBody({ birth: '1980-05-12', birth_date: '1980-05-13' })),
    422,
    'birth_date',
    'birth_date.mismatch',
  );
  // Agreeing values, the gender given as a Chinese label, are fine.
  const fem = memberBody({ gender: 'female', birth: '1981-01-02', birth_date: '1981-01-02' });
  fem.gender = '女';
  const r = await api('POST', '/api/members', fem);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.gender, 'female');
  assert.equal(r.json.birth_date, '1981-01-02');
});

test('joining before 18 is 422 join_date.age', async () => {
  expectFieldError(
    await api('POST', '/api/members', memberBody({ birth: '2000-01-01', join_date: '2017-06-01', full_date: '2018-06-01' })),
    422,
    'join_date',
    'join_date.age',
  );
  // The day of the 18th birthday is old enough.
  const r = await api('POST', '/api/members', memberBody({ birth: '2000-01-01', join_date: '2018-01-01', full_date: '2019-01-01' }));
  assert.equal(r.status, 201, r.text);
});

test('a full member needs full_date; a probationary one must not have it', async () => {
  const noFull = memberBody({ category: 'full' });
  delete noFull.full_date;
  expectFieldError(await api('POST', '/api/members', noFull), 422, 'full_date', 'full_date.required');
  expectFieldError(
    await api('POST', '/api/members', memberBody({ category: 'probationary', full_date: '2006-07-01' })),
    422,
    'full_date',
    'full_date.not_allowed',
  );
  expectFieldError(
    await api('POST', '/api/members', memberBody({ join_date: '2006-07-01', full_date: '2006-07-01' })),
    422,
    'full_date',
    'full_date.order',
  );
  const missing = await api('POST', '/api/members', { org_id: branchA.id });
  assert.equal(missing.status, 422);
  const fields = new Set(missing.json.error.details.map((d) => d.field));
  for (const f of ['name', 'id_number', 'category', 'join_date']) assert.ok(fields.has(f), `no error for ${f}: ${missing.text}`);
});

test('a registered ID number is 409 id_number.duplicate (also written with a lower-case x)', async () => {
  const first = await createMember({ name: '重复甲' });
  const dup = await api('POST', '/api/members', memberBody({ name: '重复乙', id_number: first.full_id, org_id: branchB.id }));
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.json.error.code, 'id_number.duplicate');
  assert.equal(dup.json.error.field, 'id_number');

  let idX;
  do idX = makeIdNumber({ birth: '1970-10-10' });
  while (!idX.endsWith('X'));
  const lower = await api('POST', '/api/members', memberBody({ name: '小写x', id_number: idX.toLowerCase(), birth: '1970-10-10' }));
  assert.equal(lower.status, 201, lower.text);
  assert.ok(lower.json.id_number.endsWith('X'), 'stored normalized with upper-case X');
  const upper = await api('POST', '/api/members', memberBody({ name: '大写X', id_number: idX }));
  assert.equal(upper.status, 409);
  assert.equal(upper.json.error.code, 'id_number.duplicate');
});

test('a 15-digit legacy ID number is upgraded: same person as its 18-digit form', async () => {
  const full = makeIdNumber({ birth: '1965-04-03', gender: 'male' });
  const legacy = full.slice(0, 6) + full.slice(8, 17); // no century, no check character
  assert.equal(legacy.length, 15);
  const m = await createMember({ name: '旧号码', id_number: full, birth: '1965-04-03' });
  const found = await api('POST', '/api/members/lookup', { id_number: legacy });
  assert.equal(found.status, 200, found.text);
  assert.equal(found.json.id, m.id);
  const dup = await api('POST', '/api/members', memberBody({ name: '旧号码二', id_number: legacy }));
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.json.error.code, 'id_number.duplicate');
});

test('a member outside a 党支部 is 422 on org_id', async () => {
  expectFieldError(await api('POST', '/api/members', memberBody({ org_id: root.id })), 422, 'org_id', 'org.not_branch');
  expectFieldError(await api('POST', '/api/members', memberBody({ org_id: 987654 })), 422, 'org_id', 'org.not_found');
  const noOrg = memberBody();
  delete noOrg.org_id;
  expectFieldError(await api('POST', '/api/members', noOrg), 422, 'org_id', 'org_id.required');
  // org_code works as an alternative.
  const byCode = memberBody({ org_code: 'M-B' });
  delete byCode.org_id;
  const r = await api('POST', '/api/members', byCode);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.org_id, branchB.id);
});

test('reveal returns the full value of one field', async () => {
  const m = await createMember({ name: '揭示', mobile: '139 0000 1111', address: '幸福路8号' });
  const idr = await api('POST', `/api/members/${m.id}/reveal`, { field: 'id_number', reason: '核对身份' });
  assert.equal(idr.status, 200, idr.text);
  assert.deepEqual(idr.json, { id: m.id, field: 'id_number', value: m.full_id });
  const mob = await api('POST', `/api/members/${m.id}/reveal`, { field: 'mobile' });
  assert.equal(mob.json.value, '13900001111');
  const addr = await api('POST', `/api/members/${m.id}/reveal`, { field: 'address' });
  assert.equal(addr.json.value, '幸福路8号');
  assert.equal((await api('POST', `/api/members/${m.id}/reveal`, { field: 'landline' })).status, 404);
  const bad = await api('POST', `/api/members/${m.id}/reveal`, { field: 'name' });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.field, 'field');
  assert.equal((await api('POST', `/api/members/${m.id}/reveal`, {})).status, 422);
  assert.equal((await api('POST', '/api/members/987654/reveal', { field: 'id_number' })).status, 404);
});

test('lookup by ID number finds the member (POST /api/members/lookup)', async () => {
  const m = await createMember({ name: '查找' });
  const r = await api('POST', '/api/members/lookup', { id_number: m.full_id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, m.id);
  assert.equal(r.json.name, '查找');
  assert.equal(r.json.id_number, maskId(m.full_id));
  const spaced = await api('POST', '/api/members/lookup', { id_number: `  ${m.full_id} ` });
  assert.equal(spaced.json?.id, m.id);
  const none = await api('POST', '/api/members/lookup', { id_number: makeIdNumber() });
  assert.equal(none.status, 404);
  assert.equal(none.json.error.code, 'not_found');
  assert.equal((await api('POST', '/api/members/lookup', {})).status, 422);
});

// ---- list filters and paging, on a branch of its own ----

const PEOPLE = [
  { name: '赵一', gender: 'female', birth: '1960-03-15', category: 'full' },
  { name: '赵二', gender: 'male', birth: '1975-07-01', category: 'probationary', join_date: '2025-07-01' },
  { name: '钱一', gender: 'male', birth: '1990-01-10', category: 'full' },
  { name: '钱二', gender: 'female', birth: '2000-02-02', category: 'probationary', join_date: '2024-12-01' },
  { name: '孙一', gender: 'male', birth: '1985-11-11', category: 'full' },
  { name: '孙二', gender: 'female', birth: '1968-04-04', category: 'full' },
  { name: '李一', gender: 'male', birth: '1955-09-09', category: 'full' },
  { name: '赵三', gender: 'female', birth: '1995-06-06', category: 'full' },
  { name: '周一', gender: 'male', birth: '1972-12-12', category: 'full' },
  { name: '赵一', gender: 'male', birth: '1982-02-20', category: 'full' },
  { name: '吴一', gender: 'female', birth: '1978-08-08', category: 'probationary', join_date: '2025-03-01' },
];
let listBranch;
let listed = [];

test('list filters: category, gender, age_min/age_max, name prefix, status=all; total = filtered count', async () => {
  listBranch = await createOrg({ code: 'M-L', name: '名单党支部', kind: 'branch', parent_id: root.id });
  listed = [];
  for (const p of PEOPLE) {
    const m = await createMember({
      name: p.name,
      gender: p.gender,
      birth: p.birth,
      category: p.category,
      join_date: p.join_date ?? '2020-07-01',
      full_date: p.category === 'full' ? '2021-07-01' : undefined,
      org_id: listBranch.id,
    });
    listed.push({ ...p, id: m.id });
  }
  // One record leaves the current roll.
  const gone = listed.find((p) => p.name === '周一');
  const st = await api('POST', `/api/members/${gone.id}/status`, { status: 'expelled', kind: 'withdrawal', approver: '党员测试县委', reason: '本人申请退党', effective_date: '2025-05-05' });
  assert.equal(st.status, 200, st.text);
  gone.status = 'expelled';

  const today = todayShanghai();
  const current = listed.filter((p) => p.status !== 'expelled');
  const base = `/api/members?org=${listBranch.id}`;
  const cases = [
    ['', current],
    ['&category=probationary', current.filter((p) => p.category === 'probationary')],
    ['&category=' + encodeURIComponent('正式党员'), current.filter((p) => p.category === 'full')],
    ['&gender=female', current.filter((p) => p.gender === 'female')],
    ['&age_min=40', current.filter((p) => completedYears(p.birth, today) >= 40)],
    ['&age_max=40', current.filter((p) => completedYears(p.birth, today) <= 40)],
    ['&age_min=35&age_max=55', current.filter((p) => completedYears(p.birth, today) >= 35 && completedYears(p.birth, today) <= 55)],
    ['&name=' + encodeURIComponent('赵'), current.filter((p) => p.name.startsWith('赵'))],
    ['&name=' + encodeURIComponent('赵一'), current.filter((p) => p.name === '赵一')],
    ['&gender=male&category=full', current.filter((p) => p.gender === 'male' && p.category === 'full')],
    ['&status=all', listed],
    ['&status=expelled', listed.filter((p) => p.status === 'expelled')],
    ['&status=all&gender=male', listed.filter((p) => p.gender === 'male')],
  ];
  for (const [q, expected] of cases) {
    assert.ok(expected.length > 0 || q.includes('expelled'), `case ${q} selects something`);
    const walk = await walkPages(api, `${base}${q}&limit=2`);
    const ids = walk.items.map((m) => m.id).sort((a, b) => a - b);
    assert.deepEqual(ids, expected.map((p) => p.id).sort((a, b) => a - b), `filter ${q}`);
    assert.ok(walk.totals.every((t) => t === expected.length), `total for ${q}: ${walk.totals} vs ${expected.length}`);
    assert.ok(walk.items.every((m) => m.org_name === '名单党支部'), `org_name for ${q}`);
  }
  // Without org: every current member in scope, the list branch's included.
  const all = await api('GET', '/api/members?limit=500');
  assert.ok(current.every((p) => all.json.items.some((m) => m.id === p.id)));
  assert.ok(!all.json.items.some((m) => m.id === gone.id));
  assert.equal(all.json.total, all.json.items.length);
  // Name prefixes over the whole registry, where two or more characters are searched through the
  // name index and one character by a scan: the same members as filtering the full list.
  for (const prefix of ['赵', '赵一', '钱二', '周一']) {
    const walk = await walkPages(api, `/api/members?name=${encodeURIComponent(prefix)}&limit=2`);
    const expected = all.json.items.filter((m) => m.name.startsWith(prefix)).map((m) => m.id).sort((a, b) => a - b);
    assert.ok(expected.length > 0 || prefix === '周一', `prefix ${prefix} selects something`);
    assert.deepEqual(walk.items.map((m) => m.id).sort((a, b) => a - b), expected, `name=${prefix}`);
    assert.ok(walk.totals.every((t) => t === expected.length), `total for name=${prefix}: ${walk.totals}`);
  }
});

test('list parameters are checked: 400 naming the parameter', async () => {
  for (const [q, field] of [
    ['gender=x', 'gender'],
    ['category=member', 'category'],
    ['status=gone', 'status'],
    ['age_min=abc', 'age_min'],
    ['age_max=-1', 'age_max'],
    ['age_max=151', 'age_max'],
    ['sort=age', 'sort'],
    ['order=up', 'order'],
    ['org=abc', 'org'],
  ]) {
    const r = await api('GET', `/api/members?${q}`);
    assert.equal(r.status, 400, `${q}: ${r.status} ${r.text}`);
    assert.equal(r.json.error.field, field, q);
  }
  assert.equal((await api('GET', '/api/members?org=987654')).status, 404);
});

test('sort=name pages with the cursor, stable across pages, in both orders', async () => {
  const current = listed.filter((p) => p.status !== 'expelled');
  const byName = (a, b) => utf8Compare(a.name, b.name) || a.id - b.id;
  const expected = [...current].sort(byName).map((p) => p.id);

  const asc = await walkPages(api, `/api/members?org=${listBranch.id}&sort=name&limit=3`);
  assert.equal(asc.pages, Math.ceil(current.length / 3));
  assert.deepEqual(asc.items.map((m) => m.id), expected);
  assert.equal(new Set(asc.items.map((m) => m.id)).size, current.length);
  assert.ok(asc.totals.every((t) => t === current.length));

  const desc = await walkPages(api, `/api/members?org=${listBranch.id}&sort=name&order=desc&limit=4`);
  assert.deepEqual(desc.items.map((m) => m.id), [...expected].reverse());

  const byBirth = await walkPages(api, `/api/members?org=${listBranch.id}&sort=birth_date&limit=2`);
  const births = byBirth.items.map((m) => m.birth_date);
  assert.deepEqual(births, [...births].sort());
  assert.equal(byBirth.items.length, current.length);

  const byId = await walkPages(api, `/api/members?org=${listBranch.id}&limit=5`);
  assert.deepEqual(byId.items.map((m) => m.id), current.map((p) => p.id).sort((a, b) => a - b));

  // Masking holds in lists too.
  assert.ok(asc.items.every((m) => /^\d{4}\*{10}\d{3}[\dX]$/.test(m.id_number)));
});

test('PATCH of masked optional fields: absent keeps, null or "" clears (what the edit form\'s 「清除」 sends)', async () => {
  const m = await createMember({ name: '清除测试', mobile: '13600001111', landline: '010-88886666', address: '长安街1号', income_base: '5000' });
  assert.equal(m.mobile, '136****1111');
  const get = async () => (await api('GET', `/api/members/${m.id}`)).json;

  // The form sends no key for a masked field left empty: the stored value stays.
  const kept = await api('PATCH', `/api/members/${m.id}`, { position: '组织委员' });
  assert.equal(kept.status, 200, kept.text);
  assert.equal(kept.json.mobile, '136****1111');
  assert.equal(kept.json.landline, m.landline);

  // null clears: the masked phone and its lookup hash are gone.
  const cleared = await api('PATCH', `/api/members/${m.id}`, { mobile: null, address: null });
  assert.equal(cleared.status, 200, cleared.text);
  let now = await get();
  assert.equal(now.mobile, null);
  assert.equal(now.has_address, false);
  assert.equal(now.landline, m.landline, 'fields not named are kept');
  const reveal = await api('POST', `/api/members/${m.id}/reveal`, { field: 'mobile', reason: '核对清除' });
  assert.ok(reveal.status === 200 ? !reveal.json.value : reveal.status === 404, reveal.text);

  // An empty string is the same as null for these optional fields.
  const empty = await api('PATCH', `/api/members/${m.id}`, { landline: '', income_base: '' });
  assert.equal(empty.status, 200, empty.text);
  now = await get();
  assert.equal(now.landline, null);
  assert.equal(now.has_income_base ?? false, false);
  // The history records that the phone changed without showing it.
  const h = await api('GET', `/api/members/${m.id}/history?limit=5`);
  assert.ok(!h.text.includes('13600001111'));
  // The ID number is required: it cannot be cleared.
  expectFieldError(await api('PATCH', `/api/members/${m.id}`, { id_number: null }), 422, 'id_number', 'id_number.required');
});

test('PATCH updates with optimistic locking: a stale version is 409', async () => {
  const m = await createMember({ name: '修改前', mobile: '13700000000' });
  const ok = await api('PATCH', `/api/members/${m.id}`, { name: '修改后', version: m.version, effective_date: '2025-02-03' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.name, '修改后');
  assert.equal(ok.json.version, m.version + 1);
  assert.equal(ok.json.mobile, '137****0000', 'untouched fields keep their values');

  const stale = await api('PATCH', `/api/members/${m.id}`, { name: '过期修改', version: m.version });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.code, 'version_conflict');
  assert.equal((await api('GET', `/api/members/${m.id}`)).json.name, '修改后');

  const h = await api('GET', `/api/members/${m.id}/history`);
  assert.equal(h.json.items[0].action, 'update');
  assert.equal(h.json.items[0].effective_date, '2025-02-03');
  assert.equal(h.json.total, 2);

  // null clears an optional field.
  const cleared = await api('PATCH', `/api/members/${m.id}`, { mobile: null });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json.mobile, null);
  // A patch is validated as a whole record.
  expectFieldError(await api('PATCH', `/api/members/${m.id}`, { full_date: null }), 422, 'full_date', 'full_date.required');
  // Status goes through the status route; moving is PATCH org_id (history "move").
  const st = await api('PATCH', `/api/members/${m.id}`, { status: 'mobile' });
  assert.equal(st.status, 400);
  assert.equal(st.json.error.field, 'status');
  const mv = await api('PATCH', `/api/members/${m.id}`, { org_id: branchB.id });
  assert.equal(mv.status, 200, mv.text);
  assert.equal(mv.json.org_id, branchB.id);
  const moved = (await api('GET', `/api/members/${m.id}/history`)).json.items[0];
  assert.equal(moved.action, 'move');
  // the history names both organizations as they were on the day
  assert.equal(moved.before.org_name, branchA.name);
  assert.equal(moved.after.org_name, branchB.name);
  expectFieldError(await api('PATCH', `/api/members/${m.id}`, { org_id: root.id }), 422, 'org_id', 'org.not_branch');
  assert.equal((await api('PATCH', '/api/members/987654', { name: 'x' })).status, 404);
});

test('status change records history "status" with its effective date', async () => {
  const m = await createMember({ name: '状态' });
  const r = await api('POST', `/api/members/${m.id}/status`, { status: 'lost_contact', effective_date: '2025-08-08', reason: '多次联系未果', kind: '1', lost_since: '2025-02-01' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'lost_contact');
  assert.equal(r.json.status_label, '失联');
  const h = await api('GET', `/api/members/${m.id}/history`);
  assert.equal(h.json.items[0].action, 'status');
  assert.equal(h.json.items[0].effective_date, '2025-08-08');
  assert.equal(h.json.items[0].reason, '多次联系未果');
  assert.equal(h.json.items[0].before.status, 'normal');
  assert.equal(h.json.items[0].after.status, 'lost_contact');

  const same = await api('POST', `/api/members/${m.id}/status`, { status: '失联', kind: '1', lost_since: '2025-02-01' });
  assert.equal(same.status, 409);
  assert.equal(same.json.error.code, 'status.unchanged');
  expectFieldError(await api('POST', `/api/members/${m.id}/status`, { status: 'retired' }), 422, 'status', 'status.invalid');
  const future = await api('POST', `/api/members/${m.id}/status`, { status: 'normal', effective_date: '2999-01-01' });
  assert.equal(future.status, 422);
  assert.equal(future.json.error.field, 'effective_date');
  assert.equal((await api('GET', `/api/members/${m.id}`)).json.status, 'lost_contact');
  // 流动 follows the 流动党员 record: by hand it is refused and the message says where to do it.
  const other = await createMember({ name: '流动手改' });
  const mobile = await api('POST', `/api/members/${other.id}/status`, { status: 'mobile', reason: '外出务工' });
  expectFieldError(mobile, 422, 'status', 'STATUS-FLOW');
  assert.match(mobile.json.error.message, /流出登记/);
  assert.equal((await api('GET', `/api/members/${other.id}`)).json.status, 'normal');
});

test('stats at the root reflect members; expelled leaves the count but shows in by_status', async () => {
  const top = await createOrg({ code: 'ST', name: '统计测试县委', kind: 'committee' });
  const mid = await createOrg({ code: 'ST-Z', name: '统计测试总支', kind: 'general_branch', parent_id: top.id });
  const br = await createOrg({ code: 'ST-Z-1', name: '统计测试党支部', kind: 'branch', parent_id: mid.id });
  const s0 = await statsOf(top.id);
  assert.equal(s0.members, 0);
  assert.equal(s0.organizations, 3);

  const a = await createMember({ name: '统计甲', join_date: '2015-07-01', full_date: '2016-07-01', gender: 'male', birth: '1970-01-05', org_id: br.id, education: '本科' });
  await createMember({ name: '统计乙', join_date: '2015-07-01', full_date: '2016-07-01', gender: 'male', birth: '1990-01-05', org_id: br.id });
  await createMember({ name: '统计丙', join_date: '2015-07-01', full_date: '2016-07-01', gender: 'female', birth: '1985-01-05', org_id: br.id, ethnicity: '回族' });
  await createMember({ name: '统计丁', gender: 'female', birth: '1995-01-05', org_id: br.id, category: 'probationary', join_date: '2025-06-01' });

  const s = await statsOf(top.id);
  assert.equal(s.org_id, top.id);
  assert.equal(s.members, 4);
  assert.equal(countOf(s.by_category, 'full'), 3);
  assert.equal(countOf(s.by_category, 'probationary'), 1);
  assert.equal(countOf(s.by_gender, 'male'), 2);
  assert.equal(countOf(s.by_gender, 'female'), 2);
  assert.equal(countOf(s.by_status, 'normal'), 4);
  assert.equal(countOf(s.by_education, 'bachelor'), 1);
  assert.equal(countOf(s.by_ethnicity, 'minority'), 1);
  assert.equal(s.by_age_band.reduce((n, b) => n + b.count, 0), 4);
  assert.equal(countOf(s.orgs_by_kind, 'branch'), 1);
  assert.equal(countOf(s.orgs_by_kind, 'general_branch'), 1);

  const x = await api('POST', `/api/members/${a.id}/status`, { status: '出党', kind: '开除党籍', approver: '统计测试县委', reason: '党纪处分', effective_date: '2025-09-09' });
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.status, 'expelled');

  const s2 = await statsOf(top.id);
  assert.equal(s2.members, 3);
  assert.equal(countOf(s2.by_category, 'full'), 2);
  assert.equal(countOf(s2.by_gender, 'male'), 1);
  assert.equal(countOf(s2.by_status, 'expelled'), 1);
  assert.equal(countOf(s2.by_status, 'normal'), 3);
  assert.equal(countOf(s2.by_education, 'bachelor'), 0);
  assert.equal(s2.by_age_band.reduce((n, b) => n + b.count, 0), 3);

  // The same numbers at the 党总支 and live at the branch.
  for (const id of [mid.id, br.id]) {
    const sb = await statsOf(id);
    assert.equal(sb.org_id, id);
    assert.equal(sb.members, 3, `org ${id}`);
    assert.equal(countOf(sb.by_status, 'expelled'), 1, `org ${id}`);
    assert.equal(countOf(sb.by_gender, 'female'), 2, `org ${id}`);
  }
  // And the list agrees.
  assert.equal((await api('GET', `/api/members?org=${top.id}`)).json.total, 3);
  assert.equal((await api('GET', `/api/members?org=${top.id}&status=all`)).json.total, 4);
  // 出党 is final (the status table has no way back): refused with its rule, the counts unchanged.
  const back = await api('POST', `/api/members/${a.id}/status`, { status: 'normal', approver: '统计测试县委', reason: '恢复' });
  assert.equal(back.status, 422, back.text);
  assert.equal(back.json.error.code, 'STATUS-FLOW');
  const s3 = await statsOf(top.id);
  assert.equal(s3.members, 3);
  assert.equal(countOf(s3.by_status, 'expelled'), 1);
});

test('unknown and non-numeric member ids are 404', async () => {
  for (const p of ['/api/members/987654', '/api/members/abc', '/api/members/0', '/api/members/987654/history']) {
    const r = await api('GET', p);
    assert.equal(r.status, 404, p);
    assert.equal(r.json.error.code, 'not_found', p);
  }
  assert.equal((await api('POST', '/api/members/987654/status', { status: 'normal' })).status, 404);
});
