#!/bin/sh
# Runs a command against a throwaway PostgreSQL cluster:
#
#   sh scripts/pg-test.sh COMMAND [ARGS...]
#
# Finds initdb/pg_ctl (PATH, then /usr/lib/postgresql/*/bin), installing the
# Debian package `postgresql` when missing and we may (root, or sudo without
# a password). Creates a temporary directory, runs initdb in it (as the
# `postgres` system user when we are root: the server refuses to run as root),
# starts the server with its Unix socket in that directory and no TCP at all
# (listen_addresses=''), creates the database `mjtest`, and runs COMMAND with
#
#   MJ_TEST_PG   postgresql:///mjtest?host=DIR&user=mjtest   (a libpq URL)
#   MJ_PG_BIN    the directory of initdb, psql, createdb, pg_dump ...
#   MJ_PG_HOST   DIR (the socket directory), MJ_PG_USER mjtest
#
# MJ_PG_OPTS adds server options (e.g. "-c shared_buffers=512MB" for bench/).
#
# then stops the server and removes the directory, whatever COMMAND did, and
# exits with COMMAND's status. When PostgreSQL cannot be had at all it prints
# one line "skip - PostgreSQL unavailable: REASON" (counted by tests/run.sh)
# and exits 0.
set -u
skip() { echo "skip - PostgreSQL unavailable: $1"; exit 0; }

find_bin() {
  PGBIN=""
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && PGBIN=$d
  done
  if [ -z "$PGBIN" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PGBIN=$(dirname "$(command -v initdb)")
  fi
}

find_bin
if [ -z "$PGBIN" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || skip "initdb not found and cannot install postgresql (not root, no sudo)"
    SUDO="sudo -n"
  fi
  echo "# installing postgresql" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 ||
    { $SUDO apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1; } ||
    skip "apt-get install postgresql failed"
  find_bin
  [ -n "$PGBIN" ] || skip "postgresql installed but initdb not found"
fi

DIR=$(mktemp -d /tmp/mjpg.XXXXXX) || skip "cannot create a temporary directory"
AS=""
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres 2>/dev/null ||
    { rm -rf "$DIR"; skip "running as root and no unprivileged 'postgres' user"; }
  chown postgres "$DIR"
  AS="runuser -u postgres --"
fi
started=0
cleanup() {
  [ "$started" -eq 1 ] && $AS "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! $AS "$PGBIN/initdb" -D "$DIR/data" -U mjtest --auth=trust --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1; then
  echo "skip - PostgreSQL unavailable: initdb failed: $(tail -1 "$DIR/initdb.log")"
  exit 0
fi
if ! $AS "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
     -o "-c listen_addresses='' -c unix_socket_directories=$DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 ${MJ_PG_OPTS:-}" \
     start >/dev/null 2>&1; then
  echo "skip - PostgreSQL unavailable: server did not start: $(tail -1 "$DIR/server.log" 2>/dev/null)"
  exit 0
fi
started=1
"$PGBIN/createdb" -h "$DIR" -U mjtest mjtest || { echo "not ok - createdb mjtest failed"; exit 1; }

export MJ_TEST_PG="postgresql:///mjtest?host=$DIR&user=mjtest"
export MJ_PG_BIN="$PGBIN" MJ_PG_HOST="$DIR" MJ_PG_USER=mjtest
"$@"
rc=$?
exit $rc
