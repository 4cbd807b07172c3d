#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests.
#   scripts/pg-temp.sh start   -> starts it (or reuses the running one) and prints its URL on stdout
#   scripts/pg-temp.sh url     -> prints the URL of the running cluster
#   scripts/pg-temp.sh stop    -> stops it and removes its folder
# Runs as root on Debian bookworm with postgresql-15 installed; the server itself runs as the
# postgres user (PostgreSQL refuses root). It listens on 127.0.0.1 only, with trust auth and
# fsync=off: test data, never anything worth keeping. Logs go to stderr so that
# `LIANXIN_TEST_PG=$(scripts/pg-temp.sh start)` captures only the URL.
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin
STATE=/tmp/lianxin-pg-temp.state
DBNAME=lianxin_test
PG_USER=postgres

log() { echo "pg-temp: $*" >&2; }
die() { log "$*"; exit 1; }
as_pg() { (cd / && runuser -u "$PG_USER" -- "$@"); }  # cd /: postgres cannot enter root's home

load_state() {
  DIR="" PORT=""
  [[ -f $STATE ]] || return 1
  # shellcheck disable=SC1090
  source "$STATE"
  [[ -n $DIR && -n $PORT ]]
}

is_running() {
  load_state && [[ -d $DIR/data ]] && as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

print_url() { echo "postgresql://${PG_USER}@127.0.0.1:${PORT}/${DBNAME}"; }

port_in_use() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# A port nobody listens on. python3 asks the kernel; without it, walk a range and ask ss.
free_port() {
  if command -v python3 >/dev/null 2>&1 &&
     python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null; then
    return 0
  fi
  local p
  for p in $(seq 54320 54999); do
    if ! port_in_use "$p"; then echo "$p"; return 0; fi
  done
  die "no free port in 54320-54999"
}

check_prereqs() {
  [[ $(id -u) -eq 0 ]] || die "run as root (the server is started as user $PG_USER via runuser)"
  [[ -x $BIN/initdb ]] || die "$BIN/initdb missing: apt-get install postgresql-15"
  getent passwd "$PG_USER" >/dev/null || die "user $PG_USER missing: apt-get install postgresql-15"
}

write_config() {
  cat >>"$DIR/data/postgresql.conf" <<EOF

# lianxin pg-temp: throwaway test cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
}

start() {
  check_prereqs
  if is_running; then print_url; return 0; fi
  stop_quietly  # leftovers of a crashed run
  DIR=$(mktemp -d /tmp/lianxin-pg.XXXXXX)
  PORT=$(free_port)
  chown "$PG_USER": "$DIR"
  chmod 700 "$DIR"
  # Record the state before anything can fail, so that `stop` always cleans up.
  printf 'DIR=%q\nPORT=%q\n' "$DIR" "$PORT" >"$STATE"
  log "initdb in $DIR (port $PORT)"
  as_pg "$BIN/initdb" -D "$DIR/data" -U "$PG_USER" -A trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 ||
    { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  write_config
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 start >/dev/null ||
    { cat "$DIR/server.log" >&2; die "pg_ctl start failed"; }
  as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$PG_USER" "$DBNAME"
  print_url
}

stop_quietly() {
  load_state || { rm -f "$STATE"; return 0; }
  if [[ -d $DIR/data ]]; then
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  # Only remove what this script created.
  [[ $DIR == /tmp/lianxin-pg.* ]] && rm -rf -- "$DIR"
  rm -f "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly; log "stopped" ;;
  url) is_running || die "not running (scripts/pg-temp.sh start)"; print_url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
