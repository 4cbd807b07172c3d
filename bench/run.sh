#!/usr/bin/env bash
# lianxin benchmarks. Usage: bench/run.sh [import|http|stats|warnings|checkin|all] [MEMBERS]
#   checkin: QR meeting check-ins per second with durable commits (bench/checkin.mjs)
#   import: 1M-member CSV import (rows/s) beside sqlite3 .import of the same rows into the same schema
#   http:   GET /api/members/{id} and a 20-row list under wrk, beside nginx serving a static file of
#           the same size in the same run; server RSS after the runs
#   stats:  GET /api/orgs/{root}/stats latency at the given size
#   warnings: GET /api/orgs/{root}/subtree/warnings?limit=20 latency at the given size (the first
#           page of the dashboard's warning list: the whole subtree is evaluated for `total`)
# Results go to bench/out/<name>.txt; docs/performance.md quotes them with the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:-all}
N=${2:-1000000}
BIN=$PWD/build/lianxin
OUT=$PWD/bench/out
W=${BENCH_WORK:-/tmp/lianxin-bench}
mkdir -p "$OUT" "$W"
export LIANXIN_LOG_LEVEL=warn

log() { echo "[bench] $*" >&2; }

# A demo database of N members, generated once and reused.
demo_db() {
  local dir=$W/demo-$N
  if [[ ! -f $dir/done ]]; then
    rm -rf "$dir"
    log "generating $N demo members"
    /usr/bin/time -v "$BIN" demo --data "$dir" --members "$N" --seed 1 2> "$dir.time" >&2 || { cat "$dir.time" >&2; exit 1; }
    touch "$dir/done"
  fi
  echo "$dir"
}

bench_import() {
  local src; src=$(demo_db)
  local csvdir=$W/csv-$N
  mkdir -p "$csvdir"
  if [[ ! -f $csvdir/members.csv ]]; then
    "$BIN" export --data "$src" --kind orgs --format csv --out "$csvdir/orgs.csv" >&2
    "$BIN" export --data "$src" --kind members --reveal --format csv --out "$csvdir/members.csv" >&2
  fi
  local dst=$W/import-$N
  rm -rf "$dst"
  "$BIN" import "$csvdir/orgs.csv" --kind orgs --data "$dst" >&2
  log "importing $(($(wc -l < "$csvdir/members.csv") - 1)) members"
  local t0 t1
  t0=$(date +%s.%N)
  "$BIN" import "$csvdir/members.csv" --kind members --policy fail --data "$dst" > "$OUT/import-lianxin.txt"
  t1=$(date +%s.%N)
  cat "$OUT/import-lianxin.txt"
  # Baseline: the same member rows as stored (already encrypted), loaded by sqlite3's .import
  # into an empty copy of the same schema and indexes.
  local base=$W/baseline-$N
  rm -rf "$base"
  "$BIN" import "$csvdir/orgs.csv" --kind orgs --data "$base" >/dev/null
  sqlite3 -csv "$dst/lianxin.db" "SELECT * FROM members" > "$W/members-rows.csv"
  local b0 b1
  b0=$(date +%s.%N)
  sqlite3 "$base/lianxin.db" ".mode csv" ".import $W/members-rows.csv members"
  b1=$(date +%s.%N)
  local rows; rows=$(sqlite3 "$base/lianxin.db" "SELECT count(*) FROM members")
  python3 - "$t0" "$t1" "$b0" "$b1" "$rows" <<'PY' | tee "$OUT/import.txt"
import sys
t0, t1, b0, b1, rows = map(float, sys.argv[1:])
print(f"lianxin import (parse, validate, encrypt, insert, rollups), whole command: {rows:.0f} rows in {t1-t0:.2f} s = {rows/(t1-t0):,.0f} rows/s")
print(f"sqlite3 .import of the same rows into the same schema:            {rows:.0f} rows in {b1-b0:.2f} s = {rows/(b1-b0):,.0f} rows/s")
PY
}

BENCH_PASSWORD='Bench#Login2026'

start_server() {  # $1 data dir, $2 port, [$3 binary]
  LIANXIN_ADMIN_PASSWORD=$BENCH_PASSWORD "${3:-$BIN}" serve --data "$1" --listen "127.0.0.1:$2" --log-level warn \
    > "$W/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/readyz" >/dev/null && return; sleep 0.2; done
  cat "$W/serve.log" >&2; exit 1
}

# A session of `bench`, an organization admin over the whole tree: every request is authenticated
# and authorized exactly as a real one. Sets TOKEN.
login_bench() {  # $1 data dir, $2 port
  LIANXIN_USER_PASSWORD=$BENCH_PASSWORD "$BIN" user create bench --role org_admin --data "$1" >/dev/null 2>&1 || true
  TOKEN=$(curl -sf -X POST "http://127.0.0.1:$2/api/auth/login" -d "{\"login\":\"bench\",\"password\":\"$BENCH_PASSWORD\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}

start_nginx() {  # $1 root dir, $2 port
  cat > "$W/nginx.conf" <<NGX
worker_processes 1;
daemon off;
user root;
pid $W/nginx.pid;
error_log $W/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$2; root $1; location / { default_type application/json; } }
}
NGX
  nginx -c "$W/nginx.conf" &
  NGINX_PID=$!
  sleep 1
}

wrk_run() {  # label, url, [script], [extra wrk args...]
  local label=$1 url=$2 script=${3:-}
  shift 3 2>/dev/null || shift $#
  local args=(-t2 -c32 -d15s --latency "$@")
  [[ -n $script ]] && args+=(-s "$script")
  echo "== $label: wrk ${args[*]} $url"
  wrk "${args[@]}" "$url"
}

# BASELINE_BIN=/path/to/lianxin (a build of an earlier commit, e.g. the last one before accounts
# existed) adds its member read on a copy of the same data to the same run, for before/after figures.
baseline_http() {  # $1 demo dir, $2 max id
  local copy=$W/baseline-http-$N
  if [[ ! -f $copy/done ]]; then rm -rf "$copy"; cp -r "$1" "$copy"; touch "$copy/done"; fi
  start_server "$copy" 18184 "$BASELINE_BIN"
  MAX_ID=$2 wrk_run "baseline $("$BASELINE_BIN" version) GET /api/members/{id} (random ids, no accounts)" \
    "http://127.0.0.1:18184" bench/wrk_members.lua
  kill "$SERVER_PID"; wait "$SERVER_PID" || true
}

bench_http() {
  local src; src=$(demo_db)
  local max_id; max_id=$(sqlite3 "$src/lianxin.db" "SELECT max(id) FROM members")
  trap 'kill $SERVER_PID 2>/dev/null || true; kill $NGINX_PID 2>/dev/null || true' EXIT
  local base_out=""
  [[ -n ${BASELINE_BIN:-} ]] && base_out=$(baseline_http "$src" "$max_id")
  start_server "$src" 18181
  login_bench "$src" 18181
  local auth=(-H "Authorization: Bearer $TOKEN")
  mkdir -p "$W/static"
  curl -s "${auth[@]}" "http://127.0.0.1:18181/api/members/$((max_id / 2))" > "$W/static/member.json"
  curl -s "${auth[@]}" "http://127.0.0.1:18181/api/members?limit=20" > "$W/static/list.json"
  start_nginx "$W/static" 18182
  {
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; members: $N; member JSON $(stat -c %s "$W/static/member.json") bytes, list $(stat -c %s "$W/static/list.json") bytes"
    [[ -n $base_out ]] && echo "$base_out"
    MAX_ID=$max_id wrk_run "lianxin GET /api/members/{id} (random ids, with a session)" "http://127.0.0.1:18181" \
      bench/wrk_members.lua "${auth[@]}"
    wrk_run "nginx static file of the same size" "http://127.0.0.1:18182/member.json"
    wrk_run "lianxin GET /api/members?limit=20 (with a session)" "http://127.0.0.1:18181/api/members?limit=20" "" \
      "${auth[@]}"
    wrk_run "nginx static file of the same size" "http://127.0.0.1:18182/list.json"
    echo "== lianxin RSS after the runs: $(awk '/VmRSS/{print $2, $3}' /proc/$SERVER_PID/status); peak $(awk '/VmHWM/{print $2, $3}' /proc/$SERVER_PID/status)"
  } | tee "$OUT/http-$N.txt"
  kill "$SERVER_PID" "$NGINX_PID"; wait || true
  trap - EXIT
}

bench_stats() {
  local src; src=$(demo_db)
  start_server "$src" 18183
  trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
  login_bench "$src" 18183
  {
    echo "members: $N"
    curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18183/api/orgs/1/stats" | head -c 300; echo
    wrk -t1 -c1 -d10s --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18183/api/orgs/1/stats"
  } | tee "$OUT/stats-$N.txt"
  kill "$SERVER_PID"; wait || true
  trap - EXIT
}

bench_warnings() {
  local src; src=$(demo_db)
  start_server "$src" 18185
  trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
  login_bench "$src" 18185
  local url="http://127.0.0.1:18185/api/orgs/1/subtree/warnings?limit=20"
  {
    echo "members: $N"
    curl -s -H "Authorization: Bearer $TOKEN" "$url" | python3 -c 'import json,sys; b=json.load(sys.stdin); print("total", b["total"], "items", len(b["items"]), "first", b["items"][0]["org"]["name"], b["items"][0]["rule_id"])'
    curl -s -o /dev/null -w 'one request: %{time_total} s\n' -H "Authorization: Bearer $TOKEN" "$url"
    wrk -t1 -c1 -d10s --latency -H "Authorization: Bearer $TOKEN" "$url"
  } | tee "$OUT/warnings-$N.txt"
  kill "$SERVER_PID"; wait || true
  trap - EXIT
}

# QR check-ins per second (durable commits): bench/checkin.mjs with CHECKIN_MEMBERS members x
# CHECKIN_MEETINGS meetings, CHECKIN_CONCURRENCY requests in flight (PostgreSQL with LIANXIN_TEST_PG_ADMIN).
bench_checkin() {
  node bench/checkin.mjs "${CHECKIN_MEMBERS:-200}" "${CHECKIN_MEETINGS:-10}" "${CHECKIN_CONCURRENCY:-32}" | tee "$OUT/checkin.txt"
}

case $WHAT in
  import) bench_import ;;
  checkin) bench_checkin ;;
  http) bench_http ;;
  stats) bench_stats ;;
  warnings) bench_warnings ;;
  all) bench_import; bench_http; bench_stats ;;
  *) echo "usage: bench/run.sh [import|http|stats|warnings|checkin|all] [MEMBERS]" >&2; exit 2 ;;
esac
