#!/usr/bin/env bash
# A private PostgreSQL + PostGIS server for the tests, in its own data folder on its own port.
#
#   scripts/pg-test-cluster.sh start DIR [PORT]   # prints the connection URL on stdout
#   scripts/pg-test-cluster.sh stop DIR
#
# Needs Debian's postgresql and postgresql-15-postgis-3. Run as root, the server runs as the
# `postgres` user (PostgreSQL refuses to run as root). The superuser `chronomap` has a password,
# so that the tests can check a wrong one; the URL carries it for the tests only.
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?start or stop}
dir=${2:?a folder for the cluster}
port=${3:-55432}
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  pw="chronomap-test-$$"
  printf '%s\n' "$pw" > "$dir/pw"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir/pw"
  as_owner "$BIN/initdb" -D "$dir/data" -U chronomap --pwfile="$dir/pw" -E UTF8 \
    --auth-host=scram-sha-256 --auth-local=trust >"$dir/initdb.log" 2>&1
  rm -f "$dir/pw"
  as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
  as_owner "$BIN/psql" -q -h "$dir" -p "$port" -U chronomap -d postgres \
    -c "CREATE DATABASE chronomap_test" >/dev/null
  as_owner "$BIN/psql" -q -h "$dir" -p "$port" -U chronomap -d chronomap_test \
    -c "CREATE EXTENSION postgis" >/dev/null
  echo "postgresql://chronomap:$pw@127.0.0.1:$port/chronomap_test"
  ;;
stop)
  as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR [PORT]" >&2
  exit 2
  ;;
esac
