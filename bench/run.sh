#!/usr/bin/env bash
# lianxin benchmarks. Usage: bench/run.sh [import|read-instructions|read-cpu|http|list-filters|stats|warnings|compliance|dues-open|dues|checkin|all] [MEMBERS]
#   checkin: QR meeting check-ins per second with durable commits (bench/checkin.mjs)
#   import: 1M-member CSV import (rows/s) beside sqlite3 .import of the same rows into the same schema
#   read-instructions: user-space instructions per member read under callgrind (load-independent)
#   read-cpu: member reads beside nginx in alternating rounds: req/s and server CPU per request
#   http:   GET /api/members/{id} and a 20-row list under wrk, beside nginx serving a static file of
#           the same size in the same run; server RSS after the runs
#   list-filters: GET /api/members at the root with each filter and sort, one request at a time
#   stats:  GET /api/orgs/{root}/stats latency at the given size
#   dues-open: POST /api/dues/periods {subtree: true} from the root: one month opened for every branch
#           of the demo tree (one dues_items row per owing member), on a copy of the demo database
#   warnings: GET /api/orgs/{root}/subtree/warnings?limit=20 latency at the given size (the first
#           page of the dashboard's warning list: the whole subtree is evaluated for `total`)
#   dues:   the dues reports at the root (arrears list and per-organization totals, the R-F11 flag
#           list, a month report) on a copy of the demo with 6 closed months + the open one of
#           dues_items filled by SQL (opening periods is the ledger's job, not in the demo)
#   compliance: org-life compliance at the root (roll-up, drill-down page, reminders, six-month
#           flags) on a copy of the demo with a year of meetings seeded by SQL
# Results go to bench/out/<name>.txt; docs/performance.md quotes them with the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:-all}
N=${2:-1000000}
BIN=${BENCH_BIN:-$PWD/build/lianxin}  # BENCH_BIN: another build, for before/after figures
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

start_server() {  # $1 data dir, $2 port, [$3 binary, [$4 extra serve flags]]
  # shellcheck disable=SC2086  # $4 is a list of flags
  LIANXIN_ADMIN_PASSWORD=$BENCH_PASSWORD "${3:-$BIN}" serve --data "$1" --listen "127.0.0.1:$2" --log-level warn \
    ${4:-} > "$W/serve.log" 2>&1 &
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
  # Read the database once so the first run does not pay for pages the kernel evicted meanwhile
  # (this VM's DAMON reclaim pages out file pages idle for a few seconds; see docs/performance.md).
  cat "$src"/lianxin.db* > /dev/null
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
    MAX_ID=$max_id PREFIX="/member.json?id=" wrk_run "nginx static file of the same size, same script and headers" \
      "http://127.0.0.1:18182" bench/wrk_members.lua "${auth[@]}"
    wrk_run "lianxin GET /api/members?limit=20 (with a session)" "http://127.0.0.1:18181/api/members?limit=20" "" \
      "${auth[@]}"
    wrk_run "nginx static file of the same size, same headers" "http://127.0.0.1:18182/list.json" "" "${auth[@]}"
    echo "== lianxin RSS after the runs: $(awk '/VmRSS/{print $2, $3}' /proc/$SERVER_PID/status); peak $(awk '/VmHWM/{print $2, $3}' /proc/$SERVER_PID/status)"
  } | tee "$OUT/http-$N.txt"
  kill "$SERVER_PID" "$NGINX_PID"; wait || true
  trap - EXIT
}

# Member reads beside nginx in alternating 8 s rounds (wrk -t2 -c32, ids within READ_MAX_ID, default
# 50,000, so that every read is from memory): req/s and the server's CPU time per request (utime +
# stime from /proc, which the host's steal time distorts less than req/s). BASELINE_BIN adds an
# earlier build to every round, on the same database; BASELINE_FLAGS gives it extra `serve` flags
# (e.g. BASELINE_BIN=build/lianxin BASELINE_FLAGS="--worker-scheduling normal" compares a setting).
bench_read_cpu() {
  local src; src=$(demo_db)
  local max_id=${READ_MAX_ID:-50000}
  trap 'kill $SERVER_PID 2>/dev/null || true; kill $NGINX_PID 2>/dev/null || true' EXIT
  start_server "$src" 18187
  login_bench "$src" 18187
  mkdir -p "$W/static"
  curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18187/api/members/$((max_id / 2))" > "$W/static/member.json"
  kill "$SERVER_PID"; wait "$SERVER_PID" || true
  start_nginx "$W/static" 18182
  local nginx_worker; nginx_worker=$(pgrep -P "$NGINX_PID" | head -1)
  cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
  per_request() {  # label requests cpu0 cpu1
    python3 -c "import sys; n,c0,c1=map(float,sys.argv[2:]); print(f'{sys.argv[1]:>8} {n/8:8.0f} req/s {(c1-c0)/$(getconf CLK_TCK)/n*1e6:6.1f} us CPU per request')" "$@"
  }
  one_server() {  # label binary [serve flags]
    start_server "$src" 18187 "$2" "${3:-}"
    local auth=(-H "Authorization: Bearer $TOKEN") c0 c1 n
    MAX_ID=$max_id wrk -t2 -c32 -d2s -s bench/wrk_members.lua "${auth[@]}" http://127.0.0.1:18187 >/dev/null
    c0=$(cpu_of "$SERVER_PID")
    n=$(MAX_ID=$max_id wrk -t2 -c32 -d8s -s bench/wrk_members.lua "${auth[@]}" http://127.0.0.1:18187 | awk '/requests in/{print $1}')
    c1=$(cpu_of "$SERVER_PID")
    kill "$SERVER_PID"; wait "$SERVER_PID" || true
    per_request "$1" "$n" "$c0" "$c1"
  }
  {
    echo "member JSON $(stat -c %s "$W/static/member.json") bytes; ids within $max_id; $(nproc) cores"
    for round in $(seq "${ROUNDS:-4}"); do
      echo "== round $round"
      [[ -n ${BASELINE_BIN:-} ]] && one_server baseline "$BASELINE_BIN" "${BASELINE_FLAGS:-}"
      one_server lianxin "$BIN"
      local c0 c1 n
      c0=$(cpu_of "$nginx_worker")
      n=$(MAX_ID=$max_id PREFIX="/member.json?id=" wrk -t2 -c32 -d8s -s bench/wrk_members.lua \
        -H "Authorization: Bearer $TOKEN" http://127.0.0.1:18182 | awk '/requests in/{print $1}')
      c1=$(cpu_of "$nginx_worker")
      per_request nginx "$n" "$c0" "$c1"
    done
  } | tee "$OUT/read-cpu.txt"
  kill "$NGINX_PID"; wait || true
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

# The member list at the root with each filter and sort the console offers, one request at a time
# (a user waiting for a page): the median of five requests after one to warm up, with total and
# the number of items returned.
bench_list_filters() {
  local src; src=$(demo_db)
  start_server "$src" 18188
  trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
  login_bench "$src" 18188
  cat "$src"/lianxin.db > /dev/null  # the file in the page cache, as on a server that has run a while
  local wang wangli wangxiao
  wang=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("王"))')
  wangli=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("王丽"))')
  wangxiao=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("王小"))')
  {
    echo "members: $N; GET /api/members?... as an organization admin over the whole tree; median of 5 (ms), total, items"
    for q in "limit=20" "limit=20&sort=name" "limit=20&sort=join_date&order=desc" "limit=20&sort=birth_date" \
      "limit=20&gender=female" "limit=20&category=probationary" "limit=20&status=mobile" "limit=20&status=all" \
      "limit=20&age_min=30&age_max=40" "limit=20&age_min=30&age_max=40&gender=female" \
      "limit=20&name=$wang" "limit=20&name=$wangli" "limit=20&name=$wangxiao" "limit=20&name=$wangli&sort=name" \
      "limit=20&name=$wang&sort=name" "limit=500" "limit=20&org=159" "limit=20&org=159&name=$wang"; do
      local url="http://127.0.0.1:18188/api/members?$q"
      curl -s -o "$W/list.json" -H "Authorization: Bearer $TOKEN" "$url"
      local times=()
      for _ in 1 2 3 4 5; do times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$url")"); done
      python3 - "$q" "$W/list.json" "${times[@]}" <<'PY'
import json, statistics, sys, urllib.parse
q, body, times = sys.argv[1], json.load(open(sys.argv[2])), sorted(float(t) * 1000 for t in sys.argv[3:])
print(f"{statistics.median(times):9.1f} ms  total {body['total']:>8}  items {len(body['items']):>3}  {urllib.parse.unquote(q)}")
PY
    done
  } | tee "$OUT/list-filters-$N.txt"
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

# A copy of the demo (never the shared one) with 2026's meetings seeded by SQL as migration 11
# describes them: every branch a 支委会 and a 主题党日 each month, a 党员大会 each quarter, 3 党课, a
# 组织生活会, a 谈心谈话 with 9 of 10 members present; every 党小组 a 党小组会 each month; one in 13
# skipped and one in 11 without minutes, so every colour occurs.
compliance_db() {
  local src; src=$(demo_db)
  local dir=$W/compliance-$N
  if [[ ! -f $dir/done ]]; then
    rm -rf "$dir"; cp -r "$src" "$dir"; rm -f "$dir/done"
    "$BIN" migrate --data "$dir" >&2
    log "seeding meetings"
    sqlite3 "$dir/lianxin.db" <<'SQL'
WITH RECURSIVE months(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM months WHERE m < 11),
plan(kind, type, m, d) AS (
  SELECT 'b', 'committee', m, printf('2026-%02d-05', m) FROM months
  UNION ALL SELECT 'b', 'theme_day', m, printf('2026-%02d-15', m) FROM months
  UNION ALL SELECT 'b', 'member_meeting', m, printf('2026-%02d-20', m) FROM months WHERE m IN (2, 5, 8, 11)
  UNION ALL SELECT 'b', 'lecture', m, printf('2026-%02d-25', m) FROM months WHERE m IN (3, 6, 9)
  UNION ALL SELECT 'b', 'life_meeting', 6, '2026-06-18'
  UNION ALL SELECT 'b', 'talk', 4, '2026-04-10'
  UNION ALL SELECT 'g', 'group', m, printf('2026-%02d-08', m) FROM months)
INSERT INTO meetings (org_id, primary_type, topic, starts_at, meeting_date, state, minutes_chars, defects,
                      held_recorded_at, created_by_name, created_at, updated_at)
SELECT o.id, p.type, '学习', p.d || 'T09:00:00+08:00', p.d, 'held', 80,
       CASE WHEN (o.id + p.m) % 11 = 0 THEN '["没有会议记录"]' ELSE '[]' END,
       p.d || 'T12:00:00Z', 'bench', p.d || 'T12:00:00Z', p.d || 'T12:00:00Z'
FROM orgs o JOIN plan p ON p.kind = CASE WHEN o.kind = 'party_group' THEN 'g' ELSE 'b' END
WHERE o.kind IN ('branch', 'joint_branch', 'temporary_branch', 'party_group') AND (o.id * 7 + p.m) % 13 <> 0;
INSERT INTO meeting_types (meeting_id, type, org_id, meeting_date, held)
SELECT id, primary_type, org_id, meeting_date, 1 FROM meetings;
INSERT INTO meeting_attendees (meeting_id, member_id, name, role, voting, status, meeting_date)
SELECT m.id, mem.id, mem.name, 'member', 1, CASE WHEN mem.id % 10 = 0 THEN 'absent' ELSE 'present' END, m.meeting_date
FROM meetings m JOIN members mem ON mem.org_id = m.org_id WHERE m.primary_type = 'talk';
ANALYZE;
SQL
    touch "$dir/done"
  fi
  echo "$dir"
}

bench_compliance() {
  local dir; dir=$(compliance_db)
  start_server "$dir" 18186
  trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
  login_bench "$dir" 18186
  local base="http://127.0.0.1:18186/api/meetings"
  {
    echo "members: $N; branches: $(sqlite3 "$dir/lianxin.db" "SELECT count(*) FROM orgs WHERE kind LIKE '%branch'"); meeting_types rows: $(sqlite3 "$dir/lianxin.db" "SELECT count(*) FROM meeting_types")"
    curl -s -H "Authorization: Bearer $TOKEN" "$base/compliance?org=1" |
      python3 -c 'import json,sys; b=json.load(sys.stdin); print("roll-up", b["branches"], "branches;", "; ".join(o["rule_id"] + " " + json.dumps(o["counts"]) for o in b["obligations"][:2]))'
    for q in "compliance?org=1" "compliance?org=1&date=2026-10-15" "compliance/branches?org=1&rule=R-L02&colour=red&date=2026-10-15&limit=20" \
             "reminders?org=1" "absence-flags?org=1&limit=20"; do
      for i in 1 2 3; do  # wall time (the machine is shared) and the server's CPU time for the request
        local c0 c1 w
        c0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
        w=$(curl -s -o /dev/null -w "%{http_code} %{time_total}" -H "Authorization: Bearer $TOKEN" "$base/$q")
        c1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
        echo "GET /api/meetings/$q: $w s wall, $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) )) ms server CPU"
      done
    done
  } | tee "$OUT/compliance-$N.txt"
  kill "$SERVER_PID"; wait || true
  trap - EXIT
}

bench_dues_open() {
  local src; src=$(demo_db)
  copy=$W/dues-open-$N  # global: the EXIT trap removes it
  rm -rf "$copy"; cp -r "$src" "$copy"
  # A port nobody listens on (fixed ports may be taken by other runs on a shared machine).
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  start_server "$copy" "$port"
  trap 'kill $SERVER_PID 2>/dev/null || true; rm -rf "$copy"' EXIT
  login_bench "$copy" "$port"
  local month; month=$(TZ=Asia/Shanghai date +%Y-%m)
  {
    echo "members: $N; month $month opened for every branch under org 1 in one request (SQLite, one transaction)"
    curl -s --max-time 900 -o "$W/dues-open.json" -w 'one request: %{time_total} s, HTTP %{http_code}\n' \
      -H "Authorization: Bearer $TOKEN" -X POST "http://127.0.0.1:$port/api/dues/periods" \
      -d "{\"org_id\":1,\"month\":\"$month\",\"subtree\":true}"
    python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); print({k: b.get(k) for k in ("periods", "members", "due_fen")})' "$W/dues-open.json"
    echo "items stored: $(sqlite3 "$copy/lianxin.db" "SELECT count(*) FROM dues_items")"
    echo "== lianxin RSS after: $(awk '/VmRSS/{print $2, $3}' /proc/$SERVER_PID/status); peak $(awk '/VmHWM/{print $2, $3}' /proc/$SERVER_PID/status)"
  } | tee "$OUT/dues-open-$N.txt"
  kill "$SERVER_PID"; wait || true
  rm -rf "$copy"
  trap - EXIT
}

# dues_items for the demo: the ledger (which opens periods) is not part of the demo generator, so a
# copy of the demo gets 7 months of periods and items by INSERT ... SELECT from members: the six
# closed months before this one and the open current month. Every 20th member has paid nothing
# (flagged, R-F11), every 7th owes the last two closed months, everybody else has paid.
dues_db() {
  local src; src=$(demo_db)
  local dir=$W/dues-$N
  if [[ ! -f $dir/done ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    cp "$src/lianxin.db" "$src/lianxin.key" "$dir/"
    "$BIN" migrate --data "$dir" >&2
    local cur m2 months="" i
    cur=$(TZ=Asia/Shanghai date +%Y-%m)
    m2=$(TZ=Asia/Shanghai date -d "$(date +%Y-%m-15) -2 month" +%Y-%m)
    for i in 6 5 4 3 2 1 0; do
      months+="${months:+,}('$(TZ=Asia/Shanghai date -d "$(date +%Y-%m-15) -$i month" +%Y-%m)')"
    done
    log "filling dues_periods and dues_items for months $months"
    local t0; t0=$(date +%s)
    sqlite3 "$dir/lianxin.db" >&2 <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH mo(month) AS (VALUES $months)
INSERT INTO dues_periods(org_id, month, state, pack_id, members, due_fen, opened_at, opened_by_name, closed_at, closed_by_name)
SELECT m.org_id, mo.month, CASE WHEN mo.month < '$cur' THEN 'closed' ELSE 'open' END, 'dues/2008规定', COUNT(*),
       SUM(500 + (m.id % 5) * 1000), '2026-01-01T00:00:00Z', 'bench', NULL, NULL
FROM members m CROSS JOIN mo WHERE m.status IN ('normal', 'mobile', 'lost_contact') GROUP BY m.org_id, mo.month;
INSERT INTO dues_items(period_id, org_id, month, member_id, category, base_fen, rate_bp, standard_fen, due_fen, rule_id,
                       basis, paid_fen, state)
SELECT period_id, org_id, month, member_id, 'salaried', 300000, 50, due, due, 'R-F13', 'bench', paid,
       CASE WHEN paid >= due THEN 'paid' ELSE 'unpaid' END
FROM (SELECT p.id AS period_id, m.org_id, p.month, m.id AS member_id, 500 + (m.id % 5) * 1000 AS due,
             CASE WHEN m.id % 20 = 0 OR p.month >= '$cur' OR (m.id % 7 = 0 AND p.month >= '$m2') THEN 0
                  ELSE 500 + (m.id % 5) * 1000 END AS paid
      FROM dues_periods p JOIN members m ON m.org_id = p.org_id
      WHERE m.status IN ('normal', 'mobile', 'lost_contact') ORDER BY m.id, p.month);
COMMIT;
SQL
    log "filled $(sqlite3 "$dir/lianxin.db" "SELECT COUNT(*) FROM dues_items") items in $(($(date +%s) - t0)) s"
    touch "$dir/done"
  fi
  echo "$dir"
}

bench_dues() {
  local dir; dir=$(dues_db)
  start_server "$dir" 18196
  trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
  login_bench "$dir" 18196
  local last; last=$(TZ=Asia/Shanghai date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
  local base="http://127.0.0.1:18196"
  # a 镇党委 below the root (the first child with a few hundred members): the small-subtree path
  local town; town=$(sqlite3 "$dir/lianxin.db" "SELECT org_id FROM org_stats WHERE key = 'members' AND n BETWEEN 300 AND 2000 ORDER BY org_id LIMIT 1")
  {
    echo "members: $N; dues_items: $(sqlite3 "$dir/lianxin.db" "SELECT COUNT(*) FROM dues_items"); unpaid items: $(sqlite3 "$dir/lianxin.db" "SELECT COUNT(*) FROM dues_items WHERE state IN ('unpaid', 'partial')")"
    for path in "/api/dues/arrears?org=1&limit=20" "/api/dues/arrears/orgs?org=1" "/api/dues/unpaid-flags?org=1&limit=20" \
                "/api/dues/reports/month?org=1&month=$last" "/api/dues/unpaid-flags?org=$town&limit=20" \
                "/api/dues/arrears?org=$town&limit=20"; do
      echo "== GET $path"
      curl -s -o "$W/dues-body.json" -H "Authorization: Bearer $TOKEN" "$base$path"; head -c 400 "$W/dues-body.json"; echo
      # wall time and the server's CPU time (utime + stime from /proc): on a shared, busy machine
      # the CPU time is the stable figure
      for _ in 1 2 3; do
        local c0 c1 wall
        c0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
        wall=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$base$path")
        c1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
        echo "one request: wall $wall s, server CPU $(python3 -c "print(($c1 - $c0) / $(getconf CLK_TCK))") s"
      done
    done
  } | tee "$OUT/dues-$N.txt"
  kill "$SERVER_PID"; wait || true
  trap - EXIT
}

# QR check-ins per second (durable commits): bench/checkin.mjs with CHECKIN_MEMBERS members x
# CHECKIN_MEETINGS meetings, CHECKIN_CONCURRENCY requests in flight (PostgreSQL with LIANXIN_TEST_PG_ADMIN).
bench_checkin() {
  node bench/checkin.mjs "${CHECKIN_MEMBERS:-200}" "${CHECKIN_MEETINGS:-10}" "${CHECKIN_CONCURRENCY:-32}" | tee "$OUT/checkin.txt"
}

# User-space instructions per GET /api/members/{id} under callgrind (all threads; steal time and
# page eviction do not change them): a session is opened first, then counters are zeroed, wrk runs
# -t1 -c4 for 20 s over ids within 50,000 (in memory), and the dump is divided by the requests.
bench_read_instructions() {
  local src; src=$(demo_db)
  start_server "$src" 18186
  login_bench "$src" 18186
  kill "$SERVER_PID"; wait "$SERVER_PID" || true  # the session stays valid: no Argon2 under valgrind
  rm -f "$W"/callgrind.out.*
  LIANXIN_ADMIN_PASSWORD=$BENCH_PASSWORD valgrind --tool=callgrind --callgrind-out-file="$W/callgrind.out.%p" \
    "$BIN" serve --data "$src" --listen 127.0.0.1:18186 --log-level warn > "$W/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:18186/readyz" >/dev/null && break; sleep 0.3; done
  local auth=(-H "Authorization: Bearer $TOKEN")
  MAX_ID=50000 wrk -t1 -c4 -d5s -s bench/wrk_members.lua "${auth[@]}" http://127.0.0.1:18186 >/dev/null
  callgrind_control -z "$SERVER_PID" >/dev/null
  local n; n=$(MAX_ID=50000 wrk -t1 -c4 -d20s -s bench/wrk_members.lua "${auth[@]}" http://127.0.0.1:18186 |
    awk '/requests in/{print $1}')
  callgrind_control -d "$SERVER_PID" >/dev/null
  kill "$SERVER_PID"; wait "$SERVER_PID" || true
  local total; total=$(cat "$W"/callgrind.out.*.1 | awk '/^summary:/{s += $2} END {print s}')
  echo "GET /api/members/{id}: $n requests, $total instructions, $((total / n)) per request" | tee "$OUT/read-instructions.txt"
}

case $WHAT in
  import) bench_import ;;
  read-instructions) bench_read_instructions ;;
  read-cpu) bench_read_cpu ;;
  checkin) bench_checkin ;;
  http) bench_http ;;
  stats) bench_stats ;;
  warnings) bench_warnings ;;
  list-filters) bench_list_filters ;;
  compliance) bench_compliance ;;
  dues-open) bench_dues_open ;;
  dues) bench_dues ;;
  all) bench_import; bench_http; bench_stats ;;
  *) echo "usage: bench/run.sh [import|read-instructions|read-cpu|http|list-filters|stats|warnings|compliance|dues-open|dues|checkin|all] [MEMBERS]" >&2; exit 2 ;;
esac
