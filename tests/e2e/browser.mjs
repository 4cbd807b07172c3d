// End-to-end helpers: a lianxin server serving the built console (web/dist) through the API test
// harness, Debian's Chromium driven by playwright-core, axe-core for accessibility, screenshots
// kept under BUILD/e2e-artifacts/. playwright-core and axe-core come from web/node_modules
// (devDependencies of the console; scripts/build-web.sh installs them).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, ROOT, OPERATOR_PASSWORD, backendName } from '../api/harness.mjs';

export { OPERATOR_PASSWORD, backendName };

const requireWeb = createRequire(path.join(ROOT, 'web', 'package.json'));
const { chromium } = requireWeb('playwright-core');
const AXE_SOURCE = fs.readFileSync(requireWeb.resolve('axe-core/axe.min.js'), 'utf8');

export const DIST = path.join(ROOT, 'web', 'dist');
export const CHROMIUM = process.env.LIANXIN_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, process.env.BUILD || 'build', 'e2e-artifacts', backendName());

/** A server with the console, and a browser. Returns {srv, browser, newPage, close}. */
export async function startConsole() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html missing: run scripts/build-web.sh first`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install chromium`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const srv = await startServer({ extraArgs: ['--static-dir', DIST] });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  } catch (e) {
    await srv.stop();
    throw e;
  }
  const contexts = [];
  /**
   * A page in a fresh browser context (own cookies). page.problems collects uncaught errors and
   * CSP violations; assertNoProblems(page) fails the test on any.
   */
  async function newPage({ width = 1366, height = 800 } = {}) {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) page.problems.push(`csp: ${m.text()}`);
    });
    page.base = srv.base;
    return page;
  }
  async function close() {
    for (const c of contexts) await c.close().catch(() => {});
    await browser.close().catch(() => {});
    await srv.stop();
  }
  return { srv, browser, newPage, close };
}

/** Logs in through the login page; waits for the URL to leave /login. */
export async function loginUi(page, login, password, { path: start = '/login' } = {}) {
  await page.goto(page.base + start);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Waits until nothing on the page moves. Vue starts an enter transition one frame after inserting
 * the element, so two frames pass first; then no animation may be running; with `colours`, a
 * margin for the CSS colour transitions that are not all listed as animations. With
 * `keepPointer`, the mouse stays where it is (a hover state under test); otherwise it moves
 * away, so no hover colour is judged.
 */
export async function settle(page, { colours = false, keepPointer = false } = {}) {
  if (!keepPointer) await page.mouse.move(0, 0);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  if (colours) await page.waitForTimeout(350);
}

/**
 * axe-core on the settled page (settle with colours, unless `keepPointer`): the violations of
 * impact serious or critical. A message half-way through its fade-in has a lighter text colour
 * than the page will show, and judging it makes a test fail by chance.
 */
export async function axeSerious(page, { keepPointer = false } = {}) {
  await settle(page, { colours: true, keepPointer });
  // Evaluated through the DevTools protocol: a <script> tag with this content would be refused by
  // the page's CSP (script-src 'self'), as it should be.
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary}`),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Fails the test on any serious or critical axe-core violation of the settled page; the failure
 * names what was judged (`name`) and quotes the offending elements' HTML.
 */
export async function expectAccessible(page, name = page.url(), options = {}) {
  const serious = await axeSerious(page, options);
  if (!serious.length) return;
  const html = await page.evaluate((sels) => sels.map((sel) => {
    const el = document.querySelector(sel);
    return el ? `${el.outerHTML.slice(0, 200)} in ${el.parentElement?.outerHTML.slice(0, 200)}` : sel;
  }), serious.flatMap((v) => v.nodes.map((n) => n.split(' :: ')[0])));
  throw new assert.AssertionError({
    message: `${name}: ${JSON.stringify(serious, null, 2)}\n${html.join('\n')}`,
    actual: serious, expected: [], operator: 'deepStrictEqual',
  });
}

/** A full-page screenshot kept as a test artifact. */
export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export function assertNoProblems(assert, page) {
  assert.deepEqual(page.problems, [], 'uncaught errors or CSP violations in the page');
}
