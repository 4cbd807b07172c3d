// docs/openapi.yaml describes exactly the routes the binary registers, each with the permission
// the route code requires. No YAML library: a line reader of the `paths:` section is enough for
// the way the document is written (path keys at indent 2, methods at indent 4, x-permission at 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, ROOT } from './harness.mjs';

const SPEC = path.join(ROOT, 'docs', 'openapi.yaml');
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Routes from `lianxin routes`: Map "METHOD PATTERN" -> permission. */
function binaryRoutes() {
  const out = execFileSync(BIN, ['routes'], { encoding: 'utf8' });
  const routes = new Map();
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const parts = line.trim().split(/\s+/);
    assert.equal(parts.length, 3, `unexpected routes line: ${JSON.stringify(line)}`);
    const [method, pattern, permission] = parts;
    const key = `${method.toUpperCase()} ${pattern}`;
    assert.ok(!routes.has(key), `route listed twice: ${key}`);
    routes.set(key, permission);
  }
  return routes;
}

const indentOf = (line) => line.length - line.trimStart().length;
const unquote = (s) => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/**
 * Operations from the spec's `paths:` section: Map "METHOD /path" -> x-permission (or null when
 * the operation has none).
 */
export function specOperations(text) {
  const ops = new Map();
  let inPaths = false;
  let currentPath = null;
  let currentOp = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/\s+$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = indentOf(line);
    if (indent === 0) {
      inPaths = /^paths:\s*$/.test(line);
      currentPath = null;
      currentOp = null;
      continue;
    }
    if (!inPaths) continue;
    const m = line.trim().match(/^(['"]?[^'":]+['"]?|'[^']*'|"[^"]*"):(.*)$/);
    if (indent === 2) {
      currentOp = null;
      currentPath = null;
      if (m && unquote(m[1]).startsWith('/')) currentPath = unquote(m[1]);
      continue;
    }
    if (indent === 4 && currentPath) {
      currentOp = null;
      if (m && METHODS.has(unquote(m[1]).toLowerCase())) {
        currentOp = `${unquote(m[1]).toUpperCase()} ${currentPath}`;
        assert.ok(!ops.has(currentOp), `operation twice in the spec: ${currentOp}`);
        ops.set(currentOp, null);
      }
      continue;
    }
    if (indent === 6 && currentOp && m && unquote(m[1]) === 'x-permission') {
      ops.set(currentOp, unquote(m[2]));
    }
  }
  return ops;
}

test('the line reader understands the document shape (self-check)', () => {
  const sample = [
    'openapi: 3.0.3',
    'paths:',
    '  /a/{id}:',
    '    parameters:',
    '      - $ref: x',
    '    get:',
    '      summary: s',
    '      x-permission: a.read',
    '    post:',
    '      x-permission: "a.write"',
    "  '/b':",
    '    delete:',
    '      summary: no permission',
    'components:',
    '  /c:',
    '    get:',
    '      x-permission: nope',
  ].join('\n');
  const ops = specOperations(sample);
  assert.deepEqual([...ops.entries()], [
    ['GET /a/{id}', 'a.read'],
    ['POST /a/{id}', 'a.write'],
    ['DELETE /b', null],
  ]);
});

test('docs/openapi.yaml has exactly the routes of `lianxin routes`', () => {
  const routes = binaryRoutes();
  assert.ok(routes.size >= 10, `only ${routes.size} routes listed`);
  const ops = specOperations(fs.readFileSync(SPEC, 'utf8'));
  const missing = [...routes.keys()].filter((k) => !ops.has(k)).sort();
  const extra = [...ops.keys()].filter((k) => !routes.has(k)).sort();
  assert.deepEqual(
    { missing, extra },
    { missing: [], extra: [] },
    `missing from the spec:\n  ${missing.join('\n  ') || '-'}\nin the spec but not served:\n  ${extra.join('\n  ') || '-'}`,
  );
});

test('every operation has x-permission equal to the route permission', () => {
  const routes = binaryRoutes();
  const ops = specOperations(fs.readFileSync(SPEC, 'utf8'));
  const wrong = [];
  for (const [key, permission] of routes) {
    if (!ops.has(key)) continue; // reported by the completeness test
    if (ops.get(key) !== permission) wrong.push(`${key}: spec ${ops.get(key)}, route ${permission}`);
  }
  for (const [key, permission] of ops) {
    if (permission === null && !routes.has(key)) wrong.push(`${key}: no x-permission`);
  }
  assert.deepEqual(wrong, [], wrong.join('\n'));
});

test('the spec declares OpenAPI 3.0.3 and the shared Error and Page components', () => {
  const text = fs.readFileSync(SPEC, 'utf8');
  assert.match(text, /^openapi: 3\.0\.3$/m);
  assert.match(text, /^ {4}Error:$/m);
  assert.match(text, /^ {4}Page:$/m);
  for (const ref of text.matchAll(/\$ref: '#\/components\/(schemas|parameters|responses)\/([A-Za-z0-9_]+)'/g)) {
    const [, section, name] = ref;
    const sectionStart = text.indexOf(`\n  ${section}:\n`);
    assert.ok(sectionStart >= 0, `no components/${section}`);
    assert.match(text.slice(sectionStart), new RegExp(`\\n {4}${name}:\\n`), `dangling $ref ${section}/${name}`);
  }
});
