#!/usr/bin/env bash
# Installs (when missing) and starts the local services the app needs: PostgreSQL, FerretDB
# (MongoDB wire protocol) and Redis, with their data under .data/. Idempotent: a service that
# already answers is left alone, and a URL that points at another host starts nothing.
#   scripts/services.sh [start|stop|status]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env

FERRETDB_VERSION=v1.24.2
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$DATA_DIR" "$RUN_DIR" "$LOG_DIR"

# Commands that PostgreSQL insists on running as a non-root user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# The cluster lives in .data/postgres; when the postgres user cannot reach the project folder
# (a checkout under a private directory), it lives under /var/lib/postgresql with a link here.
pg_data_dir() {
  local dir="$DATA_DIR/postgres"
  if [ -L "$dir" ] || [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$DATA_DIR"; then
    echo "$dir"; return
  fi
  local outside
  outside="/var/lib/postgresql/alephdraad-$(printf '%s' "$PROJECT_ROOT" | sha1sum | cut -c1-12)"
  mkdir -p "$outside" && chown postgres: "$outside" && ln -sfn "$outside" "$dir"
  echo "$dir"
}

start_postgres() {
  local url=$DATABASE_URL
  if ! is_local_url "$url"; then log "DATABASE_URL points at $(url_part "$url" hostname): no local PostgreSQL"; return; fi
  local host port user password db
  host=$(url_part "$url" hostname); port=$(url_part "$url" port); port=${port:-5432}
  user=$(url_part "$url" username); password=$(url_part "$url" password); db=$(url_part "$url" pathname)
  [ -n "$(pg_bin_dir)" ] || apt_install postgresql
  local bin data
  bin=$(pg_bin_dir); data=$(pg_data_dir)
  local sock="$RUN_DIR/pg"
  mkdir -p "$sock" "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$sock" "$data" "$(readlink -f "$data")"; touch "$LOG_DIR/postgres.log"; chown postgres: "$LOG_DIR/postgres.log"; fi

  if port_open "$host" "$port"; then
    if [ ! -S "$sock/.s.PGSQL.$port" ]; then
      log "PostgreSQL already answers on $host:$port (not started by this project); using it as it is"
      return
    fi
  else
    if [ ! -f "$data/PG_VERSION" ]; then
      log "creating the PostgreSQL cluster in $data"
      as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 || die "initdb failed: see $LOG_DIR/initdb.log"
    fi
    log "starting PostgreSQL on $host:$port"
    as_postgres "$bin/pg_ctl" -D "$data" -l "$LOG_DIR/postgres.log" -w -t 60 \
      -o "-p $port -k $sock -c listen_addresses=$host -c fsync=off -c max_connections=200" start >/dev/null \
      || die "PostgreSQL did not start: see $LOG_DIR/postgres.log"
  fi

  # Roles and database of the app; the role may create databases so each test run gets its own.
  as_postgres "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres -d postgres \
    -v role="$user" -v pass="$password" -v db="$db" >/dev/null <<'SQL' || die "could not create the PostgreSQL role and database"
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pass')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pass') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

ferretdb_bin() { echo "$DATA_DIR/bin/ferretdb"; }

build_ferretdb() {
  local bin; bin=$(ferretdb_bin)
  [ -x "$bin" ] && return
  command -v go >/dev/null || die "Go is needed to build FerretDB $FERRETDB_VERSION (https://go.dev/dl); or set MONGODB_URL to a MongoDB server"
  log "building FerretDB $FERRETDB_VERSION from the Go module proxy (about a minute)"
  # 'go install pkg@version' also asks the proxy for the module's version list, which some
  # proxies refuse; downloading the exact version and building it avoids that request.
  local src
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})') \
    || die "could not download FerretDB $FERRETDB_VERSION"
  local work; work=$(mktemp -d)
  cp -r "$src/." "$work/" && chmod -R u+w "$work"
  # The module archive lacks the generated version file the binary refuses to start without.
  echo "$FERRETDB_VERSION" > "$work/build/version/version.txt"
  mkdir -p "$(dirname "$bin")"
  (cd "$work" && go build -trimpath -o "$bin.tmp" ./cmd/ferretdb) >"$LOG_DIR/ferretdb-build.log" 2>&1 \
    || die "FerretDB build failed: see $LOG_DIR/ferretdb-build.log"
  mv "$bin.tmp" "$bin"; rm -rf "$work"
}

start_ferretdb() {
  local url=$MONGODB_URL
  if ! is_local_url "$url"; then log "MONGODB_URL points at $(url_part "$url" hostname): no local FerretDB"; return; fi
  local host port
  host=$(url_part "$url" hostname); port=$(url_part "$url" port); port=${port:-27017}
  build_ferretdb
  if port_open "$host" "$port"; then return; fi
  log "starting FerretDB on $host:$port"
  mkdir -p "$DATA_DIR/ferretdb/data"
  setsid "$(ferretdb_bin)" --handler=sqlite --sqlite-url="file:$DATA_DIR/ferretdb/data/" \
    --state-dir="$DATA_DIR/ferretdb" --listen-addr="$host:$port" --debug-addr=- \
    --telemetry=disable --log-level=warn </dev/null >>"$LOG_DIR/ferretdb.log" 2>&1 &
  echo $! > "$RUN_DIR/ferretdb.pid"
  wait_port "$host" "$port" FerretDB
}

start_redis() {
  local url=${REDIS_URL:-}
  if [ -z "$url" ]; then log "REDIS_URL is empty: caches and rate limits stay in memory"; return; fi
  if ! is_local_url "$url"; then log "REDIS_URL points at $(url_part "$url" hostname): no local Redis"; return; fi
  local host port
  host=$(url_part "$url" hostname); port=$(url_part "$url" port); port=${port:-6379}
  command -v redis-server >/dev/null || apt_install redis-server
  if port_open "$host" "$port"; then return; fi
  log "starting Redis on $host:$port"
  mkdir -p "$DATA_DIR/redis"
  redis-server --daemonize yes --bind "$host" --port "$port" --save "" --appendonly no \
    --dir "$DATA_DIR/redis" --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" >/dev/null
  wait_port "$host" "$port" Redis
}

stop_all() {
  local bin data
  bin=$(pg_bin_dir); data="$DATA_DIR/postgres"
  if [ -n "$bin" ] && [ -f "$data/postmaster.pid" ]; then as_postgres "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null || true; fi
  for name in ferretdb redis; do
    if [ -f "$RUN_DIR/$name.pid" ]; then kill "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null || true; rm -f "$RUN_DIR/$name.pid"; fi
  done
  log "local services stopped"
}

status_all() {
  for pair in "PostgreSQL $DATABASE_URL 5432" "MongoDB $MONGODB_URL 27017" "Redis ${REDIS_URL:-none} 6379"; do
    set -- $pair
    if [ "$2" = none ]; then echo "$1: not configured"; continue; fi
    local host port; host=$(url_part "$2" hostname); port=$(url_part "$2" port); port=${port:-$3}
    if port_open "$host" "$port"; then echo "$1: up ($host:$port)"; else echo "$1: down ($host:$port)"; fi
  done
}

case "${1:-start}" in
  start) start_postgres; start_ferretdb; start_redis ;;
  stop) stop_all ;;
  status) status_all ;;
  *) die "usage: scripts/services.sh [start|stop|status]" ;;
esac
