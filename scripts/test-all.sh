#!/usr/bin/env bash
# Every test, on both storage backends: unit tests (SQLite, and the storage tests again on a
# real PostgreSQL), then the black-box API tests against the built binary on SQLite and on
# PostgreSQL, then the browser tests of the web console on both. The PostgreSQL cluster is
# created in a temporary folder and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}

PG_URL=$(scripts/pg-temp.sh start)
trap 'scripts/pg-temp.sh stop >/dev/null 2>&1 || true' EXIT

echo "== unit tests (SQLite; storage tests also on PostgreSQL)"
LIANXIN_TEST_PG="$PG_URL" ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)"

echo "== API tests on SQLite"
node --test tests/api/

echo "== API tests on PostgreSQL"
LIANXIN_TEST_PG_ADMIN="$PG_URL" node --test tests/api/

# The web console in Debian's Chromium (playwright-core, axe-core); screenshots in $BUILD/e2e-artifacts/.
# The console under test is the one the sources describe: built when missing or older than a source.
if [[ ! -f web/dist/index.html ]] ||
   [[ -n $(find web/src web/public web/index.html web/vite.config.* web/package-lock.json -newer web/dist/index.html -print -quit 2>/dev/null) ]]; then
  scripts/build-web.sh
fi
echo "== browser tests on SQLite"
node --test tests/e2e/

echo "== browser tests on PostgreSQL"
LIANXIN_TEST_PG_ADMIN="$PG_URL" node --test tests/e2e/
