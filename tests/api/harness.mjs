// Black-box API test harness: starts build/lianxin on a free loopback port with a fresh database,
// and gives tests a small fetch wrapper and synthetic (valid, never real) ID numbers.
//
// Database selection, per server start:
//   LIANXIN_TEST_PG_ADMIN=postgresql://user@host:port/db  -> CREATE DATABASE lx_<random> through
//       psql on that admin URL, pass --db <same URL with the new db>, DROP it on stop.
//   LIANXIN_TEST_DB_URL=postgresql://...                   -> use that database as given.
//   neither                                                -> SQLite in the server's temp data dir.
// LIANXIN_BIN overrides the binary (default: <repo>/build/lianxin).
// No npm dependencies: node:* modules and the global fetch only (Node 20).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.LIANXIN_BIN || path.join(ROOT, 'build', 'lianxin');

// Passwords of the accounts every test server has: the three system accounts (admin, secadmin,
// auditor; LIANXIN_ADMIN_PASSWORD) and `operator`, an organization admin over the whole tree
// created from the shell before the server starts. Tests act as `operator` unless they log in as
// someone else.
export const ADMIN_PASSWORD = 'Sys-Admin#2026';
export const OPERATOR_PASSWORD = 'Operator#2026';

/** A TCP port nobody listens on right now (the kernel picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function psql(adminUrl, sql) {
  execFileSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// A fresh PostgreSQL database for one server start, or null when none is configured.
function createPgDatabase() {
  const admin = process.env.LIANXIN_TEST_PG_ADMIN;
  if (!admin) return null;
  const name = `lx_${randomBytes(6).toString('hex')}`;
  psql(admin, `CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop() {
      try {
        psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (e) {
        process.stderr.write(`harness: could not drop ${name}: ${e.message}\n`);
      }
    },
  };
}

/** The backend the tests run against, for test names and messages. */
export function backendName() {
  if (process.env.LIANXIN_TEST_PG_ADMIN || process.env.LIANXIN_TEST_DB_URL) return 'postgresql';
  return 'sqlite';
}

/**
 * Starts the server. Options: extraArgs (appended to the command line), readyTimeoutMs.
 * Returns {base, port, api, request, stop, logs, dataDir}.
 */
export async function startServer({ extraArgs = [], readyTimeoutMs = 30000 } = {}) {
  if (!fs.existsSync(BIN)) throw new Error(`server binary not found: ${BIN} (cmake --build build)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-api-'));
  const port = await freePort();
  const pg = createPgDatabase();
  const dbArgs = ['--data', dataDir];
  if (pg) dbArgs.push('--db', pg.url);
  else if (process.env.LIANXIN_TEST_DB_URL) dbArgs.push('--db', process.env.LIANXIN_TEST_DB_URL);
  const args = ['serve', '--listen', `127.0.0.1:${port}`, ...dbArgs, ...extraArgs];

  // Keep the child's settings ours: LIANXIN_* variables would otherwise configure the server.
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LIANXIN_')) env[k] = v;
  env.LIANXIN_ADMIN_PASSWORD = ADMIN_PASSWORD;
  /** Runs `lianxin ARGS` on this server's database (synchronously); returns stdout. */
  const cli = (cliArgs, extraEnv = {}) =>
    execFileSync(BIN, [...cliArgs, ...dbArgs], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  cli(['user', 'create', 'operator', '--role', 'org_admin'], { LIANXIN_USER_PASSWORD: OPERATOR_PASSWORD });
  const child = spawn(BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 200000) output = output.slice(-100000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const base = `http://127.0.0.1:${port}`;
  const cleanup = () => {
    if (pg) pg.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  let lastError = '';
  for (;;) {
    if (exited) {
      cleanup();
      throw new Error(`server exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const r = await fetch(`${base}/readyz`);
      await r.arrayBuffer();
      if (r.status === 200) break;
      lastError = `readyz ${r.status}`;
    } catch (e) {
      lastError = e.message;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exitPromise;
      cleanup();
      throw new Error(`server not ready after ${readyTimeoutMs} ms (${lastError}):\n${output}`);
    }
    await sleep(50);
  }

  let stopped = false;
  async function stop() {
    if (stopped) return exited;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exitPromise;
      clearTimeout(timer);
    }
    cleanup();
    return exited;
  }

  const anonymous = makeRequest(base);
  /** Logs in through the API; returns {token, user, csrf, request, api} acting as that account. */
  async function login(loginName, password) {
    const r = await anonymous('POST', '/api/auth/login', { json: { login: loginName, password } });
    if (r.status !== 200) throw new Error(`login ${loginName}: ${r.status} ${r.text}`);
    const request = makeRequest(base, r.json.token);
    return { token: r.json.token, user: r.json.user, csrf: r.json.user.csrf_token, request, api: makeApi(request) };
  }
  let actorSeq = 0;
  /**
   * A fresh account holding one grant, logged in: actor({role, org}) with org an organization id,
   * or null/undefined for a system-wide grant. Created from the shell, like an operator would.
   */
  async function actor({ role, org = null, username = null }) {
    const name = username || `${role.replace(/_/g, '')}${++actorSeq}x${randomBytes(2).toString('hex')}`;
    const cliArgs = ['user', 'create', name, '--role', role];
    if (org !== null && org !== undefined) cliArgs.push('--org', String(org));
    cli(cliArgs, { LIANXIN_USER_PASSWORD: OPERATOR_PASSWORD });
    return { username: name, ...(await login(name, OPERATOR_PASSWORD)) };
  }
  let operator;
  try {
    operator = await login('operator', OPERATOR_PASSWORD);
  } catch (e) {
    await stop();
    throw e;
  }
  /**
   * Runs one SQL statement directly on this server's database (sqlite3 or psql), for states no API
   * makes — a case waiting since a date long past — and for tampering tests. Returns stdout.
   */
  const sql = (statement) => {
    const url = pg?.url || process.env.LIANXIN_TEST_DB_URL;
    const [bin, args] = url
      ? ['psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-At', '-c', statement]]
      : ['sqlite3', [path.join(dataDir, 'lianxin.db'), statement]];
    return execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  };
  return {
    base, port, dataDir, request: operator.request, api: operator.api, anonymous, operator, login, actor, cli, sql, stop,
    logs: () => output,
  };
}

/**
 * request(method, path, {json, body, headers}) -> {status, headers, text, json, bytes}, sent with
 * `Authorization: Bearer <token>` when a token is given (and the caller set no Authorization header).
 * `json` is parsed when the response says application/json (null otherwise or when unparsable).
 */
export function makeRequest(base, token = null) {
  return async function request(method, p, { json, body, headers = {} } = {}) {
    const init = { method, headers: { ...headers } };
    if (token && !Object.keys(init.headers).some((h) => h.toLowerCase() === 'authorization')) {
      init.headers.authorization = `Bearer ${token}`;
    }
    if (json !== undefined) {
      init.body = JSON.stringify(json);
      init.headers['content-type'] = 'application/json';
    } else if (body !== undefined) {
      init.body = body;
    }
    const r = await fetch(base + p, init);
    const bytes = Buffer.from(await r.arrayBuffer());
    const text = bytes.toString('utf8');
    let parsed = null;
    if ((r.headers.get('content-type') || '').includes('application/json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    return { status: r.status, headers: r.headers, text, json: parsed, bytes };
  };
}

/** api(method, path, body) with a JSON body (omitted when undefined) -> {status, json, headers, text}. */
export function makeApi(request) {
  return (method, p, body) => request(method, p, body === undefined ? {} : { json: body });
}

// ---- synthetic ID numbers (GB 11643-1999) ----

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check character for 17 digits. */
export function idCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return '10X98765432'[sum % 11];
}

let seqCounter = 0;
const REGIONS = ['110105', '310104', '440106', '510107', '330106', '320102', '420102', '610113'];

/**
 * A valid ID number with a sequence never handed out before in this process.
 * birth: 'YYYY-MM-DD'; gender: 'male' (odd sequence) | 'female' (even).
 */
export function makeIdNumber({ birth = '1980-05-12', gender = 'male', region } = {}) {
  const n = seqCounter++;
  const reg = region || REGIONS[Math.floor(n / 500) % REGIONS.length];
  const seq = ((n % 500) * 2 + (gender === 'male' ? 1 : 0)).toString().padStart(3, '0');
  if (Math.floor(n / 500) >= REGIONS.length && !region) throw new Error('makeIdNumber: out of sequences');
  const first17 = reg + birth.replaceAll('-', '') + seq;
  return first17 + idCheckChar(first17);
}

/** The same ID number with a wrong check character. */
export function breakChecksum(id) {
  const good = id[17];
  const wrong = '0123456789X'.split('').find((c) => c !== good);
  return id.slice(0, 17) + wrong;
}

/** The expected mask: first 4, 10 stars, last 4. */
export function maskId(id) {
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

// ---- dates in the platform's time zone (Asia/Shanghai) ----

/** Today as YYYY-MM-DD in UTC+8, as the server sees it. */
export function todayShanghai() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Completed years between two YYYY-MM-DD dates. */
export function completedYears(from, to) {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  let y = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) y--;
  return y;
}

/** YYYY-MM-DD plus whole years (Feb 29 -> Feb 28 when needed). */
export function addYears(date, years) {
  const [y, m, d] = date.split('-').map(Number);
  const ny = y + years;
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(ny).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Byte-wise (UTF-8) comparison, the order the server's keyset pagination uses for text. */
export function utf8Compare(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Follows `next` cursors from `firstPath` (which must already carry its query) and returns
 * {items, pages, totals}. Stops after maxPages to never loop forever on a broken cursor.
 */
export async function walkPages(api, firstPath, { maxPages = 100 } = {}) {
  const items = [];
  const totals = [];
  let pages = 0;
  let next = null;
  const sep = firstPath.includes('?') ? '&' : '?';
  do {
    const p = next === null ? firstPath : `${firstPath}${sep}after=${encodeURIComponent(next)}`;
    const r = await api('GET', p);
    if (r.status !== 200) throw new Error(`GET ${p} -> ${r.status} ${r.text}`);
    items.push(...r.json.items);
    totals.push(r.json.total);
    next = r.json.next;
    pages++;
    if (pages > maxPages) throw new Error(`more than ${maxPages} pages from ${firstPath}`);
  } while (next !== null);
  return { items, pages, totals };
}

/**
 * Walks `path` (which carries its query) one item per page and checks that the pages, joined, are
 * exactly the list's single page of up to 500: same items, same order, the same total on every
 * page. Returns the number of items, so a caller can insist that there were several.
 */
export async function assertPagesMatchOnePage(api, path) {
  const sep = path.includes('?') ? '&' : '?';
  const whole = await api('GET', `${path}${sep}limit=500`);
  if (whole.status !== 200) throw new Error(`GET ${path} -> ${whole.status} ${whole.text}`);
  assert.equal(whole.json.next, null, `${path}: more than 500 items`);
  const walk = await walkPages(api, `${path}${sep}limit=1`, { maxPages: 501 });
  const key = (i) => JSON.stringify(i.id ?? i);
  assert.deepEqual(walk.items.map(key), whole.json.items.map(key), `${path}: pages differ from the one page`);
  assert.ok(walk.totals.every((t) => t === whole.json.total), `${path}: totals ${walk.totals} vs ${whole.json.total}`);
  return whole.json.items.length;
}

/** The entry of error.details for a field (or undefined). */
export function detailFor(json, field) {
  return json?.error?.details?.find((d) => d.field === field);
}
