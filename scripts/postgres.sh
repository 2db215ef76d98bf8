#!/usr/bin/env bash
# Provisions DataPort's local PostgreSQL 15: installs it from Debian's packages if missing, keeps the
# cluster's data under the repo (.data/pg), runs the server as a non-root user on a loopback port, and
# creates the database. Safe to run again: it reuses a running cluster and clears a stale pid file.
#
#   scripts/postgres.sh            ensure the server is up; print the connection string
#   scripts/postgres.sh stop       stop the server (data is kept)
#
# Settings (environment): DATAPORT_PG_PORT (5433), DATAPORT_PG_PASSWORD (dataport), DATAPORT_DB (dataport),
# DATAPORT_PG_DATA (.data/pg: the cluster's folder; its log is written beside it).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
port=${DATAPORT_PG_PORT:-5433}
password=${DATAPORT_PG_PASSWORD:-dataport}
database=${DATAPORT_DB:-dataport}
role=dataport
pg_bin=/usr/lib/postgresql/15/bin
data=${DATAPORT_PG_DATA:-$repo/.data/pg}
log="$data.log"

say() { printf 'postgres: %s\n' "$*" >&2; }

# Runs a PostgreSQL server binary as a non-root user: `postgres` when we are root, ourselves otherwise.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_if_missing() {
  [ -x "$pg_bin/pg_ctl" ] && return
  [ "$(id -u)" = 0 ] || { say "PostgreSQL 15 is not installed; run: sudo apt-get install -y postgresql-15"; exit 1; }
  say "installing PostgreSQL 15 from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-15 postgresql-contrib >/dev/null
}

server_answers() { "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port"; }

init_cluster() {
  [ -f "$data/PG_VERSION" ] && return
  say "creating a cluster in $data"
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$(dirname "$data")"
  chmod 700 "$data"
  local pwfile
  pwfile=$(mktemp)
  printf '%s\n' "$password" >"$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  as_server_user "$pg_bin/initdb" -D "$data" -U "$role" --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  cat >>"$data/postgresql.conf" <<CONF
# DataPort: loopback only, TCP only (no socket path under the repo to outgrow the 107-byte limit).
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
fsync = on
log_min_duration_statement = 2000
CONF
}

# A pid file left by a killed server (or whose pid now belongs to another process) blocks the start.
clear_stale_pid_file() {
  local pidfile="$data/postmaster.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(head -n 1 "$pidfile")
  if [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && grep -q postgres "/proc/$pid/comm"; then
    return 0
  fi
  say "removing stale pid file (process $pid is gone)"
  rm -f "$pidfile"
}

start_server() {
  server_answers && return
  clear_stale_pid_file
  touch "$log"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$log"
  say "starting on 127.0.0.1:$port"
  as_server_user "$pg_bin/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null || {
    say "the server did not start; the end of $log says:"; tail -n 20 "$log" >&2; exit 1; }
}

create_database() {
  export PGPASSWORD="$password"
  local exists
  exists=$(psql -h 127.0.0.1 -p "$port" -U "$role" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")
  if [ "$exists" != 1 ]; then
    say "creating database $database"
    psql -q -h 127.0.0.1 -p "$port" -U "$role" -d postgres -c "CREATE DATABASE \"$database\""
  fi
}

case "${1:-up}" in
  up)
    install_if_missing
    init_cluster
    start_server
    create_database
    echo "Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=$database"
    ;;
  stop)
    if [ -f "$data/postmaster.pid" ]; then as_server_user "$pg_bin/pg_ctl" -D "$data" -m fast stop >/dev/null; say "stopped"; else say "not running"; fi
    ;;
  *) echo "usage: scripts/postgres.sh [up|stop]" >&2; exit 2 ;;
esac
