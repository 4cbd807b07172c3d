// GET /api/codes: the code tables and the organization warning rules, for any logged-in account,
// generated from the server's own tables (what it publishes is what it accepts), with an ETag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeIdNumber } from './harness.mjs';

let srv;
before(async () => {
  srv = await startServer({ extraArgs: ['--org.election_reminder_lead', '3', '--org.term_years.branch', '4'] });
});
after(async () => {
  await srv?.stop();
});

const TABLES = ['org_kinds', 'org_categories', 'member_categories', 'member_statuses', 'genders', 'educations',
  'ethnicities', 'employment_categories'];

test('every code table with code and Chinese label; org kinds carry branch/elected', async () => {
  const r = await srv.api('GET', '/api/codes');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json.tables).sort(), [...TABLES].sort());
  for (const name of TABLES) {
    const t = r.json.tables[name];
    assert.match(t.title, /\p{Script=Han}/u, name);
    assert.ok(t.items.length > 0, name);
    for (const it of t.items) {
      assert.equal(typeof it.code, 'string');
      assert.match(it.label, /\p{Script=Han}/u, `${name} ${it.code}`);
    }
    assert.equal(new Set(t.items.map((x) => x.code)).size, t.items.length, `${name}: codes unique`);
  }
  const eth = r.json.tables.ethnicities.items;
  assert.equal(eth.length, 56);
  assert.deepEqual(eth[0], { code: '01', label: '汉族' });
  const kinds = Object.fromEntries(r.json.tables.org_kinds.items.map((k) => [k.code, k]));
  // term lengths as configured (org.term_years.branch=4), the village rule beside them
  assert.deepEqual(kinds.branch,
    { code: 'branch', label: '党支部', branch: true, elected: true, term_years: 4, term_years_village: 5 });
  assert.deepEqual(kinds.party_group,
    { code: 'party_group', label: '党小组', branch: false, elected: false, term_years: null, term_years_village: null });
  assert.equal(kinds.basic_committee.term_years, 5);
  assert.equal(kinds.general_branch.term_years, 3);
  assert.equal(kinds.general_branch.elected, true);
  assert.equal(kinds.temporary_branch.branch, true);
  assert.equal(kinds.temporary_branch.elected, false);
});

test('the server accepts what it publishes: a member built from the published codes is created', async () => {
  const { tables } = (await srv.api('GET', '/api/codes')).json;
  const kind = tables.org_kinds.items.find((k) => k.code === 'basic_committee');
  const org = await srv.api('POST', '/api/orgs', {
    code: 'CODES-1', name: '代码表测试党委', kind: kind.label, category: tables.org_categories.items[0].label,
  });
  assert.equal(org.status, 201, org.text);
  assert.equal(org.json.kind, 'basic_committee');
  assert.equal(org.json.category, tables.org_categories.items[0].code);
  const br = await srv.api('POST', '/api/orgs', { code: 'CODES-2', name: '代码表测试党支部', kind: 'branch', parent_id: org.json.id });
  assert.equal(br.status, 201, br.text);
  const female = tables.genders.items.find((g) => g.label === '女');
  const m = await srv.api('POST', '/api/members', {
    name: '代码表', id_number: makeIdNumber({ birth: '1990-01-01', gender: 'female' }), gender: female.code,
    ethnicity: tables.ethnicities.items[4].code, education: tables.educations.items[1].code,
    employment: tables.employment_categories.items[0].code, category: tables.member_categories.items[1].code,
    join_date: '2024-06-01', org_id: br.json.id,
  });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.ethnicity, tables.ethnicities.items[4].code);
  assert.equal(m.json.ethnicity_label, tables.ethnicities.items[4].label);
  assert.equal(m.json.category, 'probationary');
});

test('organization rules: id, severity, title and explanation, thresholds from the settings', async () => {
  const { org_rules: rules } = (await srv.api('GET', '/api/codes')).json;
  assert.deepEqual(rules.map((x) => x.rule_id), ['R-O01', 'R-O03', 'R-O06', 'R-O09', 'R-O11', 'R-O12']);
  for (const x of rules) {
    assert.ok(['WARN', 'REMIND', 'BLOCK'].includes(x.severity), x.rule_id);
    assert.match(x.title, /\p{Script=Han}/u);
    assert.match(x.explanation, /\p{Script=Han}/u);
    assert.ok(['branch', 'term'].includes(x.applies_to));
  }
  assert.match(rules.find((x) => x.rule_id === 'R-O03').explanation, /50名/);
  const r12 = rules.find((x) => x.rule_id === 'R-O12');
  assert.equal(r12.severity, 'REMIND');
  assert.match(r12.explanation, /3个月/, 'the configured reminder lead, not the default 6');
  // A warning the server raises carries the severity and code its rule publishes.
  const br = (await srv.api('GET', '/api/orgs?q=CODES-2')).json.items[0];
  const w = (await srv.api('GET', `/api/orgs/${br.id}/warnings`)).json.items;
  const r01 = w.find((x) => x.rule_id === 'R-O01');
  assert.ok(r01, JSON.stringify(w));
  const rule = rules.find((x) => x.rule_id === 'R-O01');
  assert.equal(r01.severity, rule.severity);
  assert.equal(r01.code, rule.code);
});

test('any logged-in account may read it (also a member without grants); anonymous is 401', async () => {
  const top = (await srv.api('GET', '/api/orgs?q=CODES-1')).json.items[0];
  const member = await srv.actor({ role: 'member', org: top.id });
  const auditor = await srv.actor({ role: 'auditor' });
  for (const who of [auditor, member]) {
    const r = await who.api('GET', '/api/codes');
    assert.equal(r.status, 200, r.text);
  }
  const anon = await srv.anonymous('GET', '/api/codes');
  assert.equal(anon.status, 401);
  assert.ok(anon.json.error.code);
});

test('ETag: the same body has the same tag, If-None-Match answers 304 without a body', async () => {
  const a = await srv.request('GET', '/api/codes');
  const etag = a.headers.get('etag');
  assert.match(etag, /^"codes-[0-9a-f]{16}"$/);
  assert.equal(a.headers.get('cache-control'), 'private, no-cache');
  const b = await srv.request('GET', '/api/codes', { headers: { 'if-none-match': etag } });
  assert.equal(b.status, 304);
  assert.equal(b.text, '');
  const c = await srv.request('GET', '/api/codes', { headers: { 'if-none-match': '"codes-0000000000000000"' } });
  assert.equal(c.status, 200);
  assert.equal(c.headers.get('etag'), etag);
  assert.equal(c.text, a.text);
});
