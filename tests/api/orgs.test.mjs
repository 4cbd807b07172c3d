// Organization tree: create/placement rules, warnings, rename history, pagination of children,
// subtree and search, move, dissolve, terms, parameter errors and 404s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber, walkPages, todayShanghai, addYears } from './harness.mjs';

let srv;
let api;
before(async () => {
  srv = await startServer();
  api = srv.api;
});
after(async () => {
  await srv?.stop();
});

async function createOrg(body) {
  const r = await api('POST', '/api/orgs', body);
  assert.equal(r.status, 201, `create ${JSON.stringify(body)} -> ${r.status} ${r.text}`);
  return r.json;
}

async function getOrg(id) {
  const r = await api('GET', `/api/orgs/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function stats(id) {
  const r = await api('GET', `/api/orgs/${id}/stats`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const countOf = (arr, code) => {
  const e = arr.find((x) => x.code === code);
  assert.ok(e, `no entry ${code} in ${JSON.stringify(arr)}`);
  return e.count;
};

async function addMember(orgId, { name = '张三', gender = 'male', birth = '1980-05-12', category = 'full' } = {}) {
  const body = {
    name,
    id_number: makeIdNumber({ birth, gender }),
    category,
    join_date: '2005-07-01',
    org_id: orgId,
  };
  if (category === 'full') body.full_date = '2006-07-01';
  const r = await api('POST', '/api/members', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

function expectFieldError(r, status, field, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status} ${r.text}`);
  assert.equal(r.json.error.field, field, r.text);
  if (code) assert.equal(r.json.error.code, code, r.text);
}

// The shared tree: 县委 (committee) → 基层党委 → 党支部 → 党小组.
let county;
let basic;
let branch;
let group;

test('create 县委 → basic_committee → branch → party_group with paths and depths', async () => {
  county = await createOrg({ code: 'XW', name: '某某县委', kind: 'committee' });
  assert.equal(county.kind, 'committee');
  assert.equal(county.kind_label, '党委');
  assert.equal(county.parent_id, null);
  assert.equal(county.depth, 0);
  assert.equal(county.path, `/${county.id}/`);
  assert.equal(county.can_approve_probationary, true);
  assert.equal(county.dissolved, false);
  assert.equal(county.version, 1);

  basic = await createOrg({ code: 'XW-01', name: '城关镇党委', kind: 'basic_committee', parent_id: county.id });
  assert.equal(basic.parent_id, county.id);
  assert.equal(basic.depth, 1);
  assert.equal(basic.path, `${county.path}${basic.id}/`);

  // A Chinese label is accepted for the kind and stored as the code.
  branch = await createOrg({ code: 'XW-01-01', name: '城关镇机关党支部', kind: '党支部', parent_id: basic.id });
  assert.equal(branch.kind, 'branch');
  assert.equal(branch.depth, 2);
  assert.equal(branch.path, `${basic.path}${branch.id}/`);
  assert.equal(branch.can_approve_probationary, false);

  // parent_code works as well as parent_id.
  group = await createOrg({ code: 'XW-01-01-1', name: '第一党小组', kind: 'party_group', parent_code: 'XW-01-01' });
  assert.equal(group.parent_id, branch.id);
  assert.equal(group.depth, 3);
  assert.equal(group.path, `${branch.path}${group.id}/`);
});

test('a duplicate code is refused on field code', async () => {
  const r = await api('POST', '/api/orgs', { code: 'XW', name: '另一个县委', kind: 'committee' });
  assert.ok(r.status === 409 || r.status === 422, `status ${r.status}`);
  assert.equal(r.json.error.field, 'code');
  assert.equal(r.json.error.code, 'code.duplicate');
});

test('invalid kind, bad placement and missing fields are 422 with the field', async () => {
  expectFieldError(await api('POST', '/api/orgs', { code: 'K1', name: '甲', kind: 'club' }), 422, 'kind', 'kind.invalid');
  // 党小组 only under a 党支部.
  expectFieldError(
    await api('POST', '/api/orgs', { code: 'K2', name: '乙', kind: 'party_group', parent_id: basic.id }),
    422,
    'kind',
    'kind.placement',
  );
  // Nothing under a 党小组; under a 党支部 only 党小组.
  expectFieldError(
    await api('POST', '/api/orgs', { code: 'K3', name: '丙', kind: 'branch', parent_id: group.id }),
    422,
    'kind',
    'kind.placement',
  );
  expectFieldError(
    await api('POST', '/api/orgs', { code: 'K4', name: '丁', kind: 'general_branch', parent_id: branch.id }),
    422,
    'kind',
    'kind.placement',
  );
  expectFieldError(await api('POST', '/api/orgs', { code: 'K5', kind: 'committee' }), 422, 'name', 'name.required');
  expectFieldError(await api('POST', '/api/orgs', { name: '戊', kind: 'committee' }), 422, 'code', 'code.required');
  expectFieldError(await api('POST', '/api/orgs', { code: 'a b', name: '己', kind: 'committee' }), 422, 'code', 'code.invalid');
  // Every error is listed in details.
  const many = await api('POST', '/api/orgs', { kind: 'nope' });
  assert.equal(many.status, 422);
  const fields = many.json.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, ['code', 'kind', 'name']);
  // An unknown parent id: the parent is looked up first.
  const np = await api('POST', '/api/orgs', { code: 'K6', name: '庚', kind: 'branch', parent_id: 987654 });
  assert.ok(np.status === 404 || np.status === 422, `status ${np.status}`);
  if (np.status === 422) assert.equal(np.json.error.field, 'parent_id');
  // Nothing was created by the failures.
  for (const code of ['K1', 'K2', 'K3', 'K4', 'K6']) {
    const s = await api('GET', `/api/orgs?q=${code}`);
    assert.equal(s.json.total, 0, `${code} exists`);
  }
});

test('a branch with fewer than 3 full members carries warning R-O01', async () => {
  const o = await getOrg(branch.id);
  assert.ok(Array.isArray(o.warnings));
  const w = o.warnings.find((x) => x.rule_id === 'R-O01');
  assert.ok(w, `warnings: ${JSON.stringify(o.warnings)}`);
  assert.equal(w.code, 'branch.too_few_full_members');
  assert.equal(w.data.full_members, 0);
  assert.equal(o.current_term, null);

  const list = await api('GET', `/api/orgs/${branch.id}/warnings`);
  assert.equal(list.status, 200);
  assert.equal(list.json.total, list.json.items.length);
  assert.equal(list.json.next, null);
  assert.ok(list.json.items.some((x) => x.rule_id === 'R-O01'));

  // Three full members clear it; a probationary one does not count.
  const b2 = await createOrg({ code: 'WARN-B', name: '提醒测试党支部', kind: 'branch', parent_id: basic.id });
  for (let i = 0; i < 2; i++) await addMember(b2.id, { name: `正式${i}` });
  await addMember(b2.id, { name: '预备甲', category: 'probationary' });
  assert.ok((await getOrg(b2.id)).warnings.some((x) => x.rule_id === 'R-O01'));
  await addMember(b2.id, { name: '正式2' });
  const after3 = await getOrg(b2.id);
  assert.ok(!after3.warnings.some((x) => x.rule_id === 'R-O01'), JSON.stringify(after3.warnings));
  // A committee has no branch warnings.
  assert.ok(!(await getOrg(county.id)).warnings.some((x) => x.rule_id === 'R-O01'));
});

test('subtree warnings: every organization\'s warnings with its organization, path order, paged', async () => {
  // A subtree of its own: 基层党委 (no term: R-O09) → three branches without members or terms
  // (R-O01 + R-O09 each) and a 党小组 (no warnings); a dissolved branch has none.
  const top = await createOrg({ code: 'SW-TOP', name: '子树提醒党委', kind: 'basic_committee', parent_id: county.id });
  const bs = [];
  for (let i = 1; i <= 3; i++) bs.push(await createOrg({ code: `SW-B${i}`, name: `子树提醒第${i}党支部`, kind: 'branch', parent_id: top.id }));
  await createOrg({ code: 'SW-G', name: '子树提醒党小组', kind: 'party_group', parent_id: bs[0].id });
  const gone = await createOrg({ code: 'SW-X', name: '子树提醒撤销党支部', kind: 'branch', parent_id: top.id });
  assert.equal((await api('POST', `/api/orgs/${gone.id}/dissolve`, { reason: '撤销' })).status, 200);

  // The expected list, from the per-organization endpoint.
  const want = [];
  for (const o of [top, ...bs].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    for (const w of (await api('GET', `/api/orgs/${o.id}/warnings`)).json.items) want.push(`${o.code} ${w.rule_id} ${w.message}`);
  }
  assert.equal(want.length, 7);

  const all = await api('GET', `/api/orgs/${top.id}/subtree/warnings?limit=500`);
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.total, 7);
  assert.equal(all.json.next, null);
  assert.deepEqual(all.json.items.map((w) => `${w.org.code} ${w.rule_id} ${w.message}`), want);
  const first = all.json.items[0];
  assert.deepEqual(Object.keys(first.org).sort(), ['code', 'id', 'kind', 'kind_label', 'name', 'path']);
  assert.equal(first.org.kind_label, '基层党委');
  assert.equal(first.severity, 'REMIND');

  const paged = await walkPages(api, `/api/orgs/${top.id}/subtree/warnings?limit=2`);
  assert.equal(paged.pages, 4);
  assert.deepEqual(paged.items.map((w) => `${w.org.code} ${w.rule_id} ${w.message}`), want);

  // Members change the counts the rules read: three full members clear R-O01 of the first branch.
  for (let i = 0; i < 3; i++) await addMember(bs[0].id, { name: `子树${i}`, birth: `1970-0${i + 1}-15` });
  const after3 = await api('GET', `/api/orgs/${top.id}/subtree/warnings?limit=500`);
  assert.equal(after3.json.total, 6);
  assert.ok(!after3.json.items.some((w) => w.org.id === bs[0].id && w.rule_id === 'R-O01'));

  // A branch's subtree is itself (and its 党小组); a cursor of another list is 400.
  const one = await api('GET', `/api/orgs/${bs[1].id}/subtree/warnings`);
  assert.deepEqual(one.json.items.map((w) => w.rule_id), ['R-O01', 'R-O09']);
  const wrong = await api('GET', `/api/orgs/${top.id}/subtree/warnings?after=WzEsMl0`); // [1,2]
  expectFieldError(wrong, 400, 'after');
  expectFieldError(await api('GET', `/api/orgs/${top.id}/subtree/warnings?limit=501`), 400, 'limit');
  assert.equal((await api('GET', '/api/orgs/99999999/subtree/warnings')).status, 404);
});

test('PATCH rename records history "rename"; other edits "update"; stale version 409', async () => {
  const o = await createOrg({ code: 'REN', name: '旧名称党支部', kind: 'branch', parent_id: basic.id });
  const r = await api('PATCH', `/api/orgs/${o.id}`, { name: '新名称党支部', version: o.version, effective_date: '2025-01-02' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, '新名称党支部');
  assert.equal(r.json.version, o.version + 1);
  assert.equal(r.json.code, 'REN');

  const h = await api('GET', `/api/orgs/${o.id}/history`);
  assert.equal(h.status, 200);
  assert.equal(h.json.items[0].action, 'rename');
  assert.equal(h.json.items[0].effective_date, '2025-01-02');
  assert.equal(h.json.items[0].before.name, '旧名称党支部');
  assert.equal(h.json.items[0].after.name, '新名称党支部');
  assert.equal(h.json.items.at(-1).action, 'create');
  assert.equal(h.json.total, 2);

  const u = await api('PATCH', `/api/orgs/${o.id}`, { host_unit: '县机关事务局' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.host_unit, '县机关事务局');
  const h2 = await api('GET', `/api/orgs/${o.id}/history?limit=1`);
  assert.equal(h2.json.items.length, 1);
  assert.equal(h2.json.items[0].action, 'update');
  assert.equal(h2.json.total, 3);
  assert.notEqual(h2.json.next, null);

  const stale = await api('PATCH', `/api/orgs/${o.id}`, { name: '再改', version: o.version });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.code, 'version_conflict');
  assert.equal((await getOrg(o.id)).name, '新名称党支部');

  const mv = await api('PATCH', `/api/orgs/${o.id}`, { parent_id: county.id });
  assert.equal(mv.status, 400);
  assert.equal(mv.json.error.field, 'parent_id');

  const empty = await api('PATCH', `/api/orgs/${o.id}`, { name: '' });
  expectFieldError(empty, 422, 'name', 'name.required');
});

test('children and subtree paginate with the next cursor: 25 branches, limit 10 → 3 pages', async () => {
  const parent = await createOrg({ code: 'PG', name: '分页测试党委', kind: 'basic_committee', parent_id: county.id });
  const codes = [];
  for (let i = 1; i <= 25; i++) codes.push(`PG-${String(i).padStart(2, '0')}`);
  // Created out of order: the list is ordered by code, not by id.
  const order = [...codes].reverse();
  for (const code of order) await createOrg({ code, name: `分页党支部${code}`, kind: 'branch', parent_id: parent.id });

  const first = await api('GET', `/api/orgs/${parent.id}/children?limit=10`);
  assert.equal(first.status, 200);
  assert.equal(first.json.items.length, 10);
  assert.equal(first.json.total, 25);
  assert.equal(typeof first.json.next, 'string');

  const walk = await walkPages(api, `/api/orgs/${parent.id}/children?limit=10`);
  assert.equal(walk.pages, 3);
  assert.deepEqual(walk.totals, [25, 25, 25]);
  const got = walk.items.map((o) => o.code);
  assert.equal(new Set(got).size, 25, 'no duplicates');
  assert.deepEqual(got, codes, 'all 25 in code order');
  assert.ok(walk.items.every((o) => o.parent_id === parent.id));

  // Default limit 20: 2 pages.
  const dflt = await walkPages(api, `/api/orgs/${parent.id}/children`);
  assert.equal(dflt.pages, 2);
  assert.equal(dflt.items.length, 25);

  // Subtree: the root itself plus 25 → 26 over 3 pages of 10; path order, relative depths.
  const sub = await walkPages(api, `/api/orgs/${parent.id}/subtree?limit=10`);
  assert.equal(sub.pages, 3);
  assert.deepEqual(sub.totals, [26, 26, 26]);
  assert.equal(sub.items.length, 26);
  assert.equal(new Set(sub.items.map((o) => o.id)).size, 26);
  assert.equal(sub.items[0].id, parent.id);
  assert.equal(sub.items[0].relative_depth, 0);
  assert.ok(sub.items.slice(1).every((o) => o.relative_depth === 1));
  const paths = sub.items.map((o) => o.path);
  assert.deepEqual(paths, [...paths].sort());

  // The county subtree holds everything, including the 党小组 at relative depth 3.
  const all = await walkPages(api, `/api/orgs/${county.id}/subtree?limit=7`);
  const g = all.items.find((o) => o.id === group.id);
  assert.ok(g);
  assert.equal(g.relative_depth, 3);
  assert.equal(new Set(all.items.map((o) => o.id)).size, all.items.length);
  assert.equal(all.items.length, all.totals[0]);
});

test('ancestors list the chain from the root down to the org itself', async () => {
  const r = await api('GET', `/api/orgs/${group.id}/ancestors`);
  assert.equal(r.status, 200);
  assert.deepEqual(
    r.json.items.map((o) => o.id),
    [county.id, basic.id, branch.id, group.id],
  );
  assert.equal(r.json.total, 4);
  assert.equal(r.json.next, null);
  assert.equal(r.json.items[0].name, '某某县委');
  const root = await api('GET', `/api/orgs/${county.id}/ancestors`);
  assert.deepEqual(root.json.items.map((o) => o.id), [county.id]);
});

test('move a subtree: paths follow, history "move", stats of old and new parents updated', async () => {
  const top = await createOrg({ code: 'MV', name: '移动测试县委', kind: 'committee' });
  const a = await createOrg({ code: 'MV-A', name: '甲镇党委', kind: 'basic_committee', parent_id: top.id });
  const b = await createOrg({ code: 'MV-B', name: '乙镇党委', kind: 'basic_committee', parent_id: top.id });
  const x = await createOrg({ code: 'MV-A-X', name: '甲镇某党支部', kind: 'branch', parent_id: a.id });
  const xg = await createOrg({ code: 'MV-A-X-1', name: '甲镇某党支部第一党小组', kind: 'party_group', parent_id: x.id });
  await addMember(x.id, { name: '移动甲', gender: 'female', birth: '1985-03-03' });
  await addMember(x.id, { name: '移动乙' });

  const sa0 = await stats(a.id);
  assert.equal(sa0.members, 2);
  assert.equal(countOf(sa0.orgs_by_kind, 'branch'), 1);
  assert.equal(countOf(sa0.orgs_by_kind, 'party_group'), 1);
  const st0 = await stats(top.id);

  const r = await api('POST', `/api/orgs/${x.id}/move`, { parent_id: b.id, effective_date: '2025-06-01', reason: '区划调整' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.parent_id, b.id);
  assert.equal(r.json.path, `${b.path}${x.id}/`);
  assert.equal(r.json.depth, 2);
  const g = await getOrg(xg.id);
  assert.equal(g.path, `${b.path}${x.id}/${xg.id}/`);
  assert.equal(g.depth, 3);

  const h = await api('GET', `/api/orgs/${x.id}/history`);
  const mv = h.json.items[0];
  assert.equal(mv.action, 'move');
  assert.equal(mv.effective_date, '2025-06-01');
  assert.equal(mv.reason, '区划调整');
  assert.equal(mv.before.parent_id, a.id);
  assert.equal(mv.after.parent_id, b.id);
  // the parents' names as of the move, so a history reads "from 甲镇党委 to 乙镇党委"
  assert.equal(mv.before.parent_name, a.name);
  assert.equal(mv.after.parent_name, b.name);

  const sa = await stats(a.id);
  assert.equal(sa.members, 0);
  assert.equal(countOf(sa.orgs_by_kind, 'branch'), 0);
  assert.equal(countOf(sa.orgs_by_kind, 'party_group'), 0);
  assert.equal(sa.organizations, 1);
  const sb = await stats(b.id);
  assert.equal(sb.members, 2);
  assert.equal(countOf(sb.by_gender, 'female'), 1);
  assert.equal(countOf(sb.orgs_by_kind, 'branch'), 1);
  assert.equal(countOf(sb.orgs_by_kind, 'party_group'), 1);
  assert.equal(sb.organizations, 3);
  const st = await stats(top.id);
  assert.equal(st.members, st0.members);
  assert.equal(st.organizations, st0.organizations);

  // The children lists moved too.
  assert.equal((await api('GET', `/api/orgs/${a.id}/children`)).json.total, 0);
  assert.deepEqual((await api('GET', `/api/orgs/${b.id}/children`)).json.items.map((o) => o.id), [x.id]);
  // The members' list of the new parent's subtree finds them.
  assert.equal((await api('GET', `/api/members?org=${b.id}`)).json.total, 2);
  assert.equal((await api('GET', `/api/members?org=${a.id}`)).json.total, 0);

  // Moving a whole 基层党委 (a rollup holder) under another keeps its own numbers.
  const m2 = await api('POST', `/api/orgs/${b.id}/move`, { parent_id: a.id });
  assert.equal(m2.status, 200, m2.text);
  assert.equal((await stats(b.id)).members, 2);
  assert.equal((await stats(a.id)).members, 2);
  assert.equal((await stats(top.id)).members, st0.members);
  assert.equal((await getOrg(xg.id)).path, `${a.path}${b.id}/${x.id}/${xg.id}/`);
  // Back, for the tests below.
  const m3 = await api('POST', `/api/orgs/${b.id}/move`, { parent_id: top.id });
  assert.equal(m3.status, 200, m3.text);
  assert.equal((await stats(a.id)).members, 0);
});

test('moving under itself or its own descendant is 422 parent.cycle; bad placement 422', async () => {
  const top = await createOrg({ code: 'CY', name: '循环测试县委', kind: 'committee' });
  const a = await createOrg({ code: 'CY-A', name: '循环甲党委', kind: 'basic_committee', parent_id: top.id });
  const a1 = await createOrg({ code: 'CY-A-1', name: '循环甲一党委', kind: 'basic_committee', parent_id: a.id });
  const br = await createOrg({ code: 'CY-B', name: '循环党支部', kind: 'branch', parent_id: top.id });

  expectFieldError(await api('POST', `/api/orgs/${a.id}/move`, { parent_id: a1.id }), 422, 'parent_id', 'parent.cycle');
  expectFieldError(await api('POST', `/api/orgs/${a.id}/move`, { parent_id: a.id }), 422, 'parent_id', 'parent.cycle');
  expectFieldError(await api('POST', `/api/orgs/${a1.id}/move`, { parent_id: a.id }), 422, 'parent_id', 'parent.same');
  expectFieldError(await api('POST', `/api/orgs/${a.id}/move`, { parent_id: br.id }), 422, 'parent_id', 'kind.placement');
  const missing = await api('POST', `/api/orgs/${a.id}/move`, {});
  expectFieldError(missing, 422, 'parent_id');
  const unknown = await api('POST', `/api/orgs/${a.id}/move`, { parent_id: 987654 });
  assert.ok(unknown.status === 404 || unknown.status === 422, `status ${unknown.status}`);
  // Nothing moved.
  assert.equal((await getOrg(a.id)).parent_id, top.id);
  assert.equal((await getOrg(a1.id)).path, `${top.path}${a.id}/${a1.id}/`);
});

test('dissolve: non-empty is 409, empty works and leaves the children list', async () => {
  const top = await createOrg({ code: 'DS', name: '撤销测试县委', kind: 'committee' });
  const full = await createOrg({ code: 'DS-F', name: '有下级党委', kind: 'basic_committee', parent_id: top.id });
  await createOrg({ code: 'DS-F-1', name: '有下级党委下的支部', kind: 'branch', parent_id: full.id });
  const withMember = await createOrg({ code: 'DS-M', name: '有党员党支部', kind: 'branch', parent_id: top.id });
  await addMember(withMember.id, { name: '撤销甲' });
  const empty = await createOrg({ code: 'DS-E', name: '空党支部', kind: 'branch', parent_id: top.id });

  const r1 = await api('POST', `/api/orgs/${full.id}/dissolve`, { reason: '合并' });
  assert.equal(r1.status, 409);
  assert.equal(r1.json.error.code, 'org.not_empty');
  const r2 = await api('POST', `/api/orgs/${withMember.id}/dissolve`, { reason: '合并' });
  assert.equal(r2.status, 409);
  assert.equal(r2.json.error.code, 'org.not_empty');
  expectFieldError(await api('POST', `/api/orgs/${empty.id}/dissolve`, {}), 422, 'reason');

  const before = await api('GET', `/api/orgs/${top.id}/children`);
  assert.equal(before.json.total, 3);
  const orgsBefore = (await stats(top.id)).organizations;

  const d = await api('POST', `/api/orgs/${empty.id}/dissolve`, { reason: '单位撤并', date: '2025-09-30' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.dissolved, true);
  assert.equal(d.json.dissolved_date, '2025-09-30');
  assert.equal(d.json.dissolve_reason, '单位撤并');

  const afterList = await api('GET', `/api/orgs/${top.id}/children`);
  assert.equal(afterList.json.total, 2);
  assert.ok(!afterList.json.items.some((o) => o.id === empty.id));
  assert.equal((await stats(top.id)).organizations, orgsBefore - 1);
  const sub = await api('GET', `/api/orgs/${top.id}/subtree`);
  assert.ok(!sub.json.items.some((o) => o.id === empty.id));
  const subAll = await api('GET', `/api/orgs/${top.id}/subtree?include_dissolved=true`);
  assert.ok(subAll.json.items.some((o) => o.id === empty.id));
  assert.equal(subAll.json.total, sub.json.total + 1);
  // Still readable by id, with its history; no warnings once dissolved.
  const o = await getOrg(empty.id);
  assert.equal(o.dissolved, true);
  assert.deepEqual(o.warnings, []);
  const h = await api('GET', `/api/orgs/${empty.id}/history`);
  assert.equal(h.json.items[0].action, 'dissolve');

  const again = await api('POST', `/api/orgs/${empty.id}/dissolve`, { reason: '再次' });
  assert.equal(again.status, 409);
  // A dissolved org cannot be edited, receive children or members.
  assert.equal((await api('PATCH', `/api/orgs/${empty.id}`, { name: '复活' })).status, 409);
  expectFieldError(
    await api('POST', '/api/orgs', { code: 'DS-E-1', name: '撤销后的小组', kind: 'party_group', parent_id: empty.id }),
    422,
    'parent_id',
    'parent.dissolved',
  );
});

test('terms: default years by kind, due = elected + years, 6 years is 422', async () => {
  const br = await createOrg({ code: 'TM-B', name: '任期测试党支部', kind: 'branch', parent_id: basic.id });
  assert.ok((await getOrg(br.id)).warnings.some((w) => w.rule_id === 'R-O09'), 'term.missing before any term');

  const r = await api('POST', `/api/orgs/${br.id}/terms`, { elected_date: '2024-03-15', secretary: '李书记' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.term_years, 3);
  assert.equal(r.json.elected_date, '2024-03-15');
  assert.equal(r.json.due_date, addYears('2024-03-15', 3));
  assert.equal(r.json.due_date, '2027-03-15');

  const o = await getOrg(br.id);
  assert.equal(o.current_term.id, r.json.id);
  assert.equal(o.current_term.due_date, '2027-03-15');
  assert.equal(o.current_term.secretary, '李书记');
  assert.ok(!o.warnings.some((w) => w.rule_id === 'R-O09'), JSON.stringify(o.warnings));

  expectFieldError(
    await api('POST', `/api/orgs/${br.id}/terms`, { elected_date: '2024-03-15', term_years: 6 }),
    422,
    'term_years',
    'term_years.range',
  );
  expectFieldError(
    await api('POST', `/api/orgs/${br.id}/terms`, { elected_date: '2024-03-15', term_years: 2 }),
    422,
    'term_years',
    'term_years.range',
  );
  expectFieldError(await api('POST', `/api/orgs/${br.id}/terms`, {}), 422, 'elected_date');
  expectFieldError(
    await api('POST', `/api/orgs/${br.id}/terms`, { elected_date: addYears(todayShanghai(), 1) }),
    422,
    'elected_date',
    'elected_date.future',
  );

  // Explicit 5 years is allowed; a basic committee defaults to 5, a village branch to 5.
  const five = await api('POST', `/api/orgs/${br.id}/terms`, { elected_date: '2025-01-10', term_years: 5 });
  assert.equal(five.status, 201, five.text);
  assert.equal(five.json.due_date, '2030-01-10');
  const bc = await api('POST', `/api/orgs/${basic.id}/terms`, { elected_date: '2023-05-20' });
  assert.equal(bc.status, 201, bc.text);
  assert.equal(bc.json.term_years, 5);
  assert.equal(bc.json.due_date, '2028-05-20');
  const village = await createOrg({
    code: 'TM-V', name: '某村党支部', kind: 'branch', parent_id: basic.id, village_or_community: true,
  });
  const vt = await api('POST', `/api/orgs/${village.id}/terms`, { elected_date: '2021-02-28' });
  assert.equal(vt.status, 201, vt.text);
  assert.equal(vt.json.term_years, 5);
  assert.equal(vt.json.due_date, '2026-02-28');
  // The village term is overdue: R-O11.
  assert.ok((await getOrg(village.id)).warnings.some((w) => w.rule_id === 'R-O11'));

  // A 党小组 has no terms.
  expectFieldError(await api('POST', `/api/orgs/${group.id}/terms`, { elected_date: '2024-01-01' }), 422, 'kind', 'term.not_applicable');

  const list = await api('GET', `/api/orgs/${br.id}/terms`);
  assert.equal(list.status, 200);
  assert.equal(list.json.total, 2);
  assert.deepEqual(list.json.items.map((t) => t.id), [five.json.id, r.json.id]);
  const paged = await walkPages(api, `/api/orgs/${br.id}/terms?limit=1`);
  assert.equal(paged.pages, 2);
  assert.deepEqual(paged.items.map((t) => t.id), [five.json.id, r.json.id]);
  // The term is in the history.
  const h = await api('GET', `/api/orgs/${br.id}/history`);
  assert.equal(h.json.items[0].action, 'term');
});

test('search by name fragment and by exact code; no q lists the roots', async () => {
  await createOrg({ code: 'SRCH-ZX', name: '找寻专用党支部', kind: 'branch', parent_id: basic.id });
  const byName = await api('GET', `/api/orgs?q=${encodeURIComponent('寻专用')}`);
  assert.equal(byName.status, 200);
  assert.equal(byName.json.total, 1);
  assert.equal(byName.json.items[0].code, 'SRCH-ZX');

  // Latin letters in a name match in either case, on SQLite and on PostgreSQL alike.
  await createOrg({ code: 'SRCH-IT', name: 'IT服务中心党支部', kind: 'branch', parent_id: basic.id });
  for (const q of ['it服务', 'IT服务', 'It服务']) {
    const r = await api('GET', `/api/orgs?q=${encodeURIComponent(q)}`);
    assert.deepEqual(r.json.items.map((o) => o.code), ['SRCH-IT'], q);
  }

  const byCode = await api('GET', '/api/orgs?q=SRCH-ZX');
  assert.equal(byCode.json.total, 1);
  assert.equal(byCode.json.items[0].name, '找寻专用党支部');
  // A code prefix is not a code match (and no name contains it).
  assert.equal((await api('GET', '/api/orgs?q=SRCH-Z')).json.total, 0);

  // Several hits, sorted by name, paged.
  const hits = await walkPages(api, `/api/orgs?q=${encodeURIComponent('分页党支部')}&limit=4`);
  assert.equal(hits.items.length, 25);
  assert.equal(hits.pages, 7);
  assert.equal(new Set(hits.items.map((o) => o.id)).size, 25);
  const names = hits.items.map((o) => o.name);
  assert.deepEqual(names, [...names].sort());

  const roots = await api('GET', '/api/orgs?limit=500');
  assert.equal(roots.status, 200);
  assert.ok(roots.json.items.length >= 1);
  assert.ok(roots.json.items.every((o) => o.parent_id === null), 'only roots');
  assert.ok(roots.json.items.some((o) => o.id === county.id));
  assert.equal(roots.json.total, roots.json.items.length);
});

test('search by kind: one or several codes (or labels), alone or with q; unknown kind is 400', async () => {
  const gb = await createOrg({ code: 'KIND-GB', name: '按类型查询党总支', kind: 'general_branch', parent_id: basic.id });
  await createOrg({ code: 'KIND-B1', name: '按类型查询第一党支部', kind: 'branch', parent_id: gb.id });
  await createOrg({ code: 'KIND-J1', name: '按类型查询联合党支部', kind: 'joint_branch', parent_id: gb.id });

  // kind alone: every organization of that kind in the scope, not only the roots.
  const gbs = await walkPages(api, '/api/orgs?kind=general_branch&limit=3');
  assert.ok(gbs.items.some((o) => o.code === 'KIND-GB'));
  assert.ok(gbs.items.every((o) => o.kind === 'general_branch'), JSON.stringify(gbs.items.map((o) => o.kind)));
  const all = await api('GET', '/api/orgs?kind=general_branch&limit=500');
  assert.equal(all.json.total, all.json.items.length);
  assert.equal(all.json.total, gbs.items.length);

  // Several kinds (codes or labels), with a name fragment.
  const q = encodeURIComponent('按类型查询');
  const branches = await api('GET', `/api/orgs?q=${q}&kind=branch,${encodeURIComponent('联合党支部')}&limit=500`);
  assert.equal(branches.status, 200, branches.text);
  assert.deepEqual(branches.json.items.map((o) => o.code).sort(), ['KIND-B1', 'KIND-J1']);
  assert.equal(branches.json.total, 2);
  const one = await api('GET', `/api/orgs?q=${q}&kind=joint_branch`);
  assert.deepEqual(one.json.items.map((o) => o.code), ['KIND-J1']);
  const none = await api('GET', `/api/orgs?q=${q}&kind=party_group`);
  assert.equal(none.json.total, 0);

  const bad = await api('GET', '/api/orgs?kind=branch,nonsense');
  expectFieldError(bad, 400, 'kind', 'bad_parameter');
  assert.match(bad.json.error.message, /nonsense/);
});

test('search treats % and _ in q as text, not as wildcards', async () => {
  await createOrg({ code: 'PCT', name: '百分之百%党支部', kind: 'branch', parent_id: basic.id });
  const pct = await api('GET', `/api/orgs?q=${encodeURIComponent('%')}&limit=500`);
  assert.equal(pct.status, 200);
  assert.deepEqual(pct.json.items.map((o) => o.code), ['PCT'], 'q=% matches only names containing %');
  const under = await api('GET', `/api/orgs?q=${encodeURIComponent('_')}&limit=500`);
  assert.equal(under.json.total, 0, 'no name contains _');
  const both = await api('GET', `/api/orgs?q=${encodeURIComponent('之_%')}`);
  assert.equal(both.json.total, 0);
});

test('limit outside 1..500 is 400 on field limit', async () => {
  for (const bad of ['0', '501', '-1', 'abc', '10x', '']) {
    const r = await api('GET', `/api/orgs/${county.id}/children?limit=${bad}`);
    assert.equal(r.status, 400, `limit=${bad}: ${r.status} ${r.text}`);
    assert.equal(r.json.error.field, 'limit', `limit=${bad}`);
  }
  for (const p of ['/api/orgs?limit=0', `/api/orgs/${county.id}/subtree?limit=501`, '/api/members?limit=0']) {
    const r = await api('GET', p);
    assert.equal(r.status, 400, p);
    assert.equal(r.json.error.field, 'limit', p);
  }
  assert.equal((await api('GET', `/api/orgs/${county.id}/children?limit=1`)).status, 200);
  assert.equal((await api('GET', `/api/orgs/${county.id}/children?limit=500`)).status, 200);
});

const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');

test('a cursor that is not base64url JSON is 400 on field after', async () => {
  for (const bad of ['!!!', 'not-a-cursor', b64url('not json'), b64url('{"a":1}'), b64url('[{"a":1}]'), b64url('"x"')]) {
    for (const p of [`/api/orgs/${county.id}/children`, `/api/orgs/${county.id}/subtree`, '/api/orgs', '/api/members']) {
      const r = await api('GET', `${p}${p.includes('?') ? '&' : '?'}after=${encodeURIComponent(bad)}`);
      assert.equal(r.status, 400, `${p} after=${bad}: ${r.status} ${r.text}`);
      assert.equal(r.json.error.field, 'after', `${p} after=${bad}`);
    }
  }
});

test('a well-formed cursor of the wrong shape is 400 on field after, never 500', async () => {
  // Each list issues one key shape; any other JSON array is "not a cursor we issued".
  const TEXT = [b64url('[]'), b64url('[1]'), b64url('[true,null]'), b64url('[null]')];
  const INT = [b64url('[]'), b64url('["x"]'), b64url('[true,null]'), b64url('[null]')];
  const TEXT_INT = [b64url('[]'), b64url('[1]'), b64url('["x"]'), b64url('[1,"x"]'), b64url('["x","y"]')];
  const lists = [
    [`/api/orgs/${county.id}/children`, TEXT], // [code]
    [`/api/orgs/${county.id}/subtree`, TEXT], // [path]
    ['/api/orgs?q=x', TEXT_INT], // [name, id]
    [`/api/orgs/${county.id}/history`, INT], // [id]
    [`/api/orgs/${county.id}/terms`, INT], // [id]
    ['/api/members', INT], // [id]
    ['/api/members?sort=name', TEXT_INT], // [name, id]
    ['/api/members?sort=birth_date', TEXT_INT], // [birth_date, id]
  ];
  const wrong = [];
  for (const [p, cursors] of lists) {
    for (const bad of cursors) {
      const r = await api('GET', `${p}${p.includes('?') ? '&' : '?'}after=${bad}`);
      if (r.status !== 400 || r.json?.error?.field !== 'after') {
        wrong.push(`GET ${p} after=${Buffer.from(bad, 'base64url').toString()}: ${r.status} ${(r.json?.error?.code ?? r.text).slice(0, 80)}`);
      }
    }
  }
  assert.deepEqual(wrong, [], `wrong answers:\n${wrong.join('\n')}`);
});

test('unknown and non-numeric ids are 404 with the JSON error', async () => {
  for (const p of [
    '/api/orgs/987654',
    '/api/orgs/abc',
    '/api/orgs/-1',
    '/api/orgs/0',
    '/api/orgs/1.5',
    '/api/orgs/987654/children',
    '/api/orgs/987654/subtree',
    '/api/orgs/987654/ancestors',
    '/api/orgs/987654/history',
    '/api/orgs/987654/terms',
    '/api/orgs/987654/warnings',
    '/api/orgs/987654/stats',
    '/api/orgs/abc/stats',
  ]) {
    const r = await api('GET', p);
    assert.equal(r.status, 404, `${p}: ${r.status}`);
    assert.equal(r.json.error.code, 'not_found', p);
  }
  assert.equal((await api('PATCH', '/api/orgs/987654', { name: 'x' })).status, 404);
  assert.equal((await api('POST', '/api/orgs/987654/move', { parent_id: county.id })).status, 404);
  assert.equal((await api('POST', '/api/orgs/987654/dissolve', { reason: 'x' })).status, 404);
  assert.equal((await api('POST', '/api/orgs/987654/terms', { elected_date: '2024-01-01' })).status, 404);
});

test('include_dissolved takes only true/false/1/0', async () => {
  const r = await api('GET', `/api/orgs/${county.id}/subtree?include_dissolved=maybe`);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'include_dissolved');
});
