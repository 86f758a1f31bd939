#!/usr/bin/env bash
# What the test suite needs besides npm packages: Debian's Chromium, PostgreSQL server binaries,
# Prometheus (with promtool) and prometheus-postgres-exporter for the monitoring tests, and running
# PostgreSQL (5432), MariaDB (3306) and Redis (6379) on loopback.
# Installs and starts what is missing when it can (as root, on Debian), else says what to do.
set -euo pipefail

say() { printf '[prerequisites] %s\n' "$*" >&2; }

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v pg_recvlogical >/dev/null || missing+=(postgresql-client)
command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
{ command -v prometheus >/dev/null && command -v promtool >/dev/null; } || missing+=(prometheus)
command -v prometheus-postgres-exporter >/dev/null || missing+=(prometheus-postgres-exporter)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing: ${missing[*]} — install them (Debian: apt-get install ${missing[*]})"
    exit 1
  fi
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  say "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -1)" main start || true
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  say "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
if ! mysqladmin -h 127.0.0.1 -u root ping >/dev/null 2>&1; then
  say "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi

for i in $(seq 1 60); do
  pg=$(pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo ok || echo no)
  redis=$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && echo ok || echo no)
  maria=$(mysqladmin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && echo ok || echo no)
  [ "$pg$redis$maria" = okokok ] && exit 0
  [ "$i" = 60 ] && {
    say "not reachable: PostgreSQL 127.0.0.1:5432=$pg Redis 127.0.0.1:6379=$redis MariaDB 127.0.0.1:3306=$maria"
    exit 1
  }
  sleep 1
done
