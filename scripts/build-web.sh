#!/usr/bin/env bash
# Builds the web console into web/dist (served by `lianxin serve --static-dir web/dist`):
#   1. `npm ci` only when web/package-lock.json changed since the last install (a stamp file in
#      web/node_modules remembers its hash), or node_modules is missing;
#   2. `vite build` (hashed file names under dist/assets/);
#   3. gzip -k -9 of every .js/.css/.svg/.html so the server can send the precompressed file.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v npm >/dev/null; then
  echo "build-web: npm not found (scripts/install-deps.sh installs nodejs and npm)" >&2
  exit 1
fi

# Vite 8 needs Node.js 20.19 or newer. Debian bookworm's own nodejs is 18.19; the machines lianxin
# is built on carry the NodeSource nodejs 20 package, which apt installs instead.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "build-web: Node.js $(node --version) is too old; the web build needs Node.js >= 20.19 (NodeSource nodejs 20)" >&2
  exit 1
fi

STAMP=node_modules/.lianxin-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat "$STAMP" 2>/dev/null || true)
if [[ ! -d node_modules || "$want" != "$have" ]]; then
  echo "build-web: npm ci"
  start=$(date +%s)
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$STAMP"
  echo "build-web: npm ci took $(( $(date +%s) - start )) s"
fi

npx --no-install vite build --logLevel warn
find dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.html' \) -print0 |
  xargs -0 -r gzip -k -9 -f
echo "build-web: web/dist ($(du -sh dist | cut -f1)), $(find dist -name '*.gz' | wc -l) files precompressed"
