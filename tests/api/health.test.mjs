// Health, readiness, metrics and the HTTP layer's common behaviour (request ids, 404/405/413).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, backendName } from './harness.mjs';

let srv;
before(async () => {
  srv = await startServer({ extraArgs: ['--max-body', '1024'] });
});
after(async () => {
  await srv?.stop();
});

test('GET /healthz answers 200 {"status":"ok"}', async () => {
  const r = await srv.api('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
});

test('GET /readyz answers 200 ready with a positive schema_version', async () => {
  const r = await srv.api('GET', '/readyz');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ready');
  assert.equal(typeof r.json.schema_version, 'number');
  assert.ok(r.json.schema_version >= 1, `schema_version ${r.json.schema_version}`);
  // The harness really runs the backend it was asked for.
  const expected = backendName() === 'postgresql' ? /^postgres(ql)?:\/\// : /^sqlite:/;
  assert.match(r.json.database, expected);
});

test('GET /metrics is Prometheus text with lianxin_http_requests_total', async () => {
  await srv.api('GET', '/healthz');
  const r = await srv.api('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.text, /^# TYPE lianxin_http_requests_total counter$/m);
  assert.match(r.text, /^lianxin_http_requests_total\{[^}]*route="\/healthz"[^}]*\} [1-9]/m);
});

test('every response carries X-Request-Id; a valid incoming one is echoed', async () => {
  const seen = new Set();
  for (const [method, path] of [
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/metrics'],
    ['GET', '/api/orgs'],
    ['GET', '/api/nope'],
    ['DELETE', '/api/orgs'],
    ['GET', '/api/orgs/999999'],
  ]) {
    const r = await srv.api(method, path);
    const rid = r.headers.get('x-request-id');
    assert.ok(rid && rid.length > 0, `${method} ${path}: no X-Request-Id`);
    seen.add(rid);
  }
  assert.equal(seen.size, 7, 'request ids are unique per request');
  const echoed = await srv.request('GET', '/healthz', { headers: { 'X-Request-Id': 'test-req-123' } });
  assert.equal(echoed.headers.get('x-request-id'), 'test-req-123');
});

test('an unknown route is 404 with the JSON error body', async () => {
  const r = await srv.api('GET', '/api/no-such-thing');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /application\/json/);
  assert.equal(r.json.error.code, 'not_found');
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
  assert.equal(r.json.error.field, '');
});

test('a known path with the wrong method is 405 with Allow', async () => {
  const r = await srv.api('DELETE', '/api/orgs');
  assert.equal(r.status, 405);
  assert.equal(r.json.error.code, 'method_not_allowed');
  const allow = r.headers.get('allow') || '';
  assert.match(allow, /\bGET\b/);
  assert.match(allow, /\bPOST\b/);
  const r2 = await srv.api('PUT', '/api/members/1');
  assert.equal(r2.status, 405);
  assert.match(r2.headers.get('allow') || '', /\bPATCH\b/);
});

test('a body over --max-body is 413 payload_too_large', async () => {
  const big = { name: 'x'.repeat(2048), code: 'BIG', kind: 'committee' };
  const r = await srv.api('POST', '/api/orgs', big);
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'payload_too_large');
  assert.ok(r.headers.get('x-request-id'));
  // The limit is about size only: a small body still goes through afterwards.
  const ok = await srv.api('POST', '/api/orgs', { name: '小组织', code: 'SMALL', kind: 'committee' });
  assert.equal(ok.status, 201);
});

test('a body that is not a JSON object is 400 bad_json', async () => {
  const r = await srv.request('POST', '/api/orgs', { body: '{not json', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'bad_json');
  const arr = await srv.request('POST', '/api/orgs', { body: '[1,2]', headers: { 'content-type': 'application/json' } });
  assert.equal(arr.status, 400);
  assert.equal(arr.json.error.code, 'bad_json');
});

// Last: it stops the server.
test('SIGTERM drains and exits with status 0', async () => {
  const exited = await srv.stop();
  assert.deepEqual(exited, { code: 0, signal: null });
  await assert.rejects(fetch(`${srv.base}/healthz`));
});
