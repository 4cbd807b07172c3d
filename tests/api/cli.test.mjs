// The command line refuses what it does not know, so a typo never starts a server on defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './harness.mjs';

function run(args) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lianxin-cli-'));
  try {
    return spawnSync(BIN, [...args, '--data', dir], { encoding: 'utf8', timeout: 20000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a misspelt flag is refused with exit code 2 and names the flag', () => {
  const r = run(['serve', '--lisen', '127.0.0.1:1']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown flag --lisen/);
});

test('a flag of another command is refused', () => {
  const r = run(['migrate', '--members', '10']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown flag --members/);
});

test('an unknown command is refused', () => {
  const r = run(['servee']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command 'servee'/);
});

test('a rule setting outside the allowed range stops the start with the rule explained', () => {
  const r = run(['migrate', '--org.term_years.branch', '7']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /org\.term_years\.branch/);
});

test('dues and org-life settings are validated by their rule packs at start', () => {
  const farmer = run(['migrate', '--dues.flat.farmer', '1.50']);
  assert.equal(farmer.status, 1);
  assert.match(farmer.stderr, /dues\.flat\.farmer/);
  const minutes = run(['migrate', '--orglife.minutes_min_chars', 'many']);
  assert.equal(minutes.status, 1);
  assert.match(minutes.stderr, /orglife\.minutes_min_chars/);
  assert.equal(run(['migrate', '--dues.flat.farmer', '0.50', '--orglife.warn_days.month', '10']).status, 0);
});

test('migrate applies the schema and reports its version', () => {
  const r = run(['migrate']);
  assert.equal(r.status, 0, r.stderr);
  // Whatever the latest version is, migrate reaches it.
  assert.match(r.stdout, /schema version (\d+) \(latest \1\)/);
});
