#!/bin/sh
# Installs the Debian packages mingjing needs to build and test, when missing.
# Called by the Makefile; uses sudo only when not root. Pass "test" to also
# install what the tests use (LibreOffice, poppler, ...), "run" for the minimum,
# "bench" for the load test (wrk, curl).
set -e
want="build-essential pkg-config libsqlite3-dev libpq-dev libmicrohttpd-dev libjansson-dev \
libsodium-dev libutf8proc-dev libxxhash-dev libzip-dev libxml2-dev libxlsxwriter-dev sqlite3"
if [ "$1" = "test" ]; then
  want="$want libcmocka-dev clang zip unzip libreoffice-writer-nogui poppler-utils fonts-noto-cjk chromium"
  # node and npm for the browser tests (playwright-core); skip when a node
  # from elsewhere (e.g. nodesource, which bundles npm) is already installed
  command -v node >/dev/null 2>&1 || want="$want nodejs"
  command -v npm >/dev/null 2>&1 || want="$want npm"
fi
# "bench": the load test's client (make loadtest)
[ "$1" = "bench" ] && want="$want wrk curl"
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# The PostgreSQL server is for the tests only and optional: when it cannot be
# installed, the PostgreSQL tests print "skip - PostgreSQL unavailable".
optional=""
if [ "$1" = "test" ] && ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed" &&
   ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  optional="postgresql"
fi
[ -z "$missing" ] && [ -z "$optional" ] && exit 0
[ -n "$missing" ] && echo "正在安装缺少的软件包 (installing missing packages):$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || [ -z "$missing" ]
[ -n "$missing" ] && $SUDO apt-get install -y -qq --no-install-recommends $missing
if [ -n "$optional" ]; then
  echo "正在安装测试用的 PostgreSQL (installing postgresql for the tests)"
  $SUDO apt-get install -y -qq --no-install-recommends $optional || echo "warning: postgresql not installed; PostgreSQL tests will be skipped"
fi
