#!/usr/bin/env bash
# Runs the whole stack as the current user on 127.0.0.1: Redis, every
# program behind spawn-fcgi, and nginx with the production route table.
# Everything lives in RUNDIR (database, sockets, logs); deleting it starts
# from scratch. Stops everything on Ctrl-C or SIGTERM.
#   tools/devstack.sh --port 8080 --rundir run --bin build/release/bin \
#                     [--catalog bootstrap/catalog-test.yaml] [--no-redis]
#                     [--database PATH]  (default RUNDIR/status.db)
#                     [--rate-limits off]  (the tests' many quick requests)
#                     [--workers N]  (processes per program, default 1;
#                                     `make run` passes WORKERS, default 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=8080 rundir=run bin=build/release/bin catalog="" redis=1 workers=1 rate_limits=on database=""
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --rundir) rundir=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --catalog) catalog=$2; shift 2 ;;
    --no-redis) redis=0; shift ;;
    --workers) workers=$2; shift 2 ;;
    --rate-limits) rate_limits=$2; shift 2 ;;
    --database) database=$2; shift 2 ;;
    *) echo "devstack: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$rundir"
rundir=$(cd "$rundir" && pwd)
bin=$(cd "$bin" && pwd)
mkdir -p "$rundir/nginx" "$rundir/log"

export SDB_CONFIG=""
export SDB_DATABASE="${database:-$rundir/status.db}"
export SDB_TEMPLATE_DIR="$root/templates"
export SDB_CACHE_REDIS_URL="unix://$rundir/redis.sock"
# The API's token secret: SDB_SECRET_KEY from the environment, else a
# development secret generated once per RUNDIR and kept in RUNDIR/secret.
if [ -z "${SDB_SECRET_KEY:-}" ]; then
  if [ ! -s "$rundir/secret" ]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$rundir/secret")
  fi
  SDB_SECRET_KEY=$(cat "$rundir/secret")
fi
export SDB_SECRET_KEY
[ "$redis" = 1 ] || export SDB_CACHE_TYPE=none

pids=()
program_pids=()
stop() {
  trap - INT TERM EXIT
  [ -f "$rundir/nginx/nginx.pid" ] && kill "$(cat "$rundir/nginx/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$rundir"/*.sock
}
trap stop EXIT
trap 'exit 0' INT TERM

# The database: created and loaded with the catalog on first start.
new_db=0
[ -f "$SDB_DATABASE" ] || new_db=1
"$bin/sdb-admin" migrate
if [ "$new_db" = 1 ] && [ -n "$catalog" ]; then
  "$bin/sdb-admin" provision "$catalog"
fi

# Mail: unless SDB_SMTP_URL names a server, a local SMTP sink keeps every
# message the dashboard sends as RUNDIR/mail/NNNN.eml.
if [ -z "${SDB_SMTP_URL:-}" ]; then
  rm -f "$rundir/smtp.port"
  /usr/bin/python3 "$root/tools/smtp-sink.py" --port 0 --port-file "$rundir/smtp.port" \
    --dir "$rundir/mail" >>"$rundir/log/smtp-sink.log" 2>&1 &
  sink_pid=$!
  pids+=($!)
  for _ in $(seq 1 600); do
    [ -s "$rundir/smtp.port" ] && break
    if ! kill -0 "$sink_pid" 2>/dev/null; then
      echo "devstack: the SMTP sink did not start:" >&2
      tail -5 "$rundir/log/smtp-sink.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  [ -s "$rundir/smtp.port" ] || { echo "devstack: the SMTP sink did not start in 60 s" >&2; exit 1; }
  export SDB_SMTP_URL="smtp://127.0.0.1:$(cat "$rundir/smtp.port")"
  mail_note="Mail goes to the local SMTP sink ($SDB_SMTP_URL): every message is a file in $rundir/mail/"
else
  mail_note="Mail goes to $SDB_SMTP_URL"
fi

if [ "$redis" = 1 ]; then
  redis-server --port 0 --unixsocket "$rundir/redis.sock" --unixsocketperm 700 \
    --save '' --appendonly no --daemonize no --dir "$rundir" \
    --pidfile "$rundir/redis.pid" --logfile "$rundir/log/redis.log" &
  redis_pid=$!
  pids+=($!)
  # Up before the programs, so their first pages are cached (they would
  # carry on without it, but a Redis that cannot start is worth saying).
  for _ in $(seq 1 600); do
    redis-cli -s "$rundir/redis.sock" ping 2>/dev/null | grep -q PONG && break
    if ! kill -0 "$redis_pid" 2>/dev/null; then
      echo "devstack: Redis did not start:" >&2
      tail -5 "$rundir/log/redis.log" >&2
      exit 1
    fi
    sleep 0.1
  done
fi

for program in "$bin"/*; do
  name=$(basename "$program")
  [ "$name" = sdb-admin ] && continue
  rm -f "$rundir/$name.sock"
  # spawn-fcgi opens the socket and execs multiwatch (Debian's FastCGI
  # supervisor), which keeps $workers processes accepting on it and starts a
  # new one as soon as one dies; the socket stays open all the while, so
  # nginx never sees a refused connection. A process that dies within
  # 250 ms of its start five times in a row is broken (a bad setting, an old
  # schema): multiwatch gives up on it, and exits when none is left.
  spawn-fcgi -n -s "$rundir/$name.sock" -M 0600 -- /usr/bin/multiwatch \
    -f "$workers" -r 5 -t 250 -s TERM -- "$program" 2>>"$rundir/log/$name.log" &
  pids+=($!)
  program_pids+=("$!:$name")
done
# A program that cannot start (a bad setting, an old schema) says why at
# once: each answers /healthz once as a CGI program first, which runs the
# same start-up checks as under multiwatch.
preflight=()
for entry in "${program_pids[@]}"; do
  name=${entry#*:}
  ( REQUEST_METHOD=GET DOCUMENT_URI=/healthz REQUEST_URI=/healthz SCRIPT_NAME=/healthz \
      "$bin/$name" </dev/null 2>&1 | grep -q '^Status: 200' ) &
  preflight+=("$!:$name")
done
for entry in "${preflight[@]}"; do
  if ! wait "${entry%%:*}"; then
    name=${entry#*:}
    echo "devstack: $name did not start:" >&2
    (REQUEST_METHOD=GET DOCUMENT_URI=/healthz "$bin/$name" </dev/null 2>&1 || true) | tail -5 >&2
    exit 1
  fi
done

# nginx: the production route table with the paths of this run.
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
localize() {
  sed -e "s#/run/status-dashboard#$rundir#g" \
      -e "s#^root /usr/share/status-dashboard;#root $root;#" \
      -e "s#/var/cache/nginx/status-dashboard#$rundir/nginx/cache#" \
      -e "s#include fastcgi_params;#include /etc/nginx/fastcgi_params;#" \
      -e "s#include snippets/#include $rundir/nginx/#" "$1"
}
for f in "$root"/nginx/snippets/*.conf "$root"/nginx/conf.d/*.conf; do
  localize "$f" > "$rundir/nginx/$(basename "$f")"
done
# The shipped rate limits, or (--rate-limits off) limits no test reaches.
if [ "$rate_limits" = off ]; then
  sed -i -e 's#rate=[0-9]*r/s#rate=100000r/s#' "$rundir/nginx/status-dashboard-edge.conf"
fi
cat > "$rundir/nginx/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $rundir/nginx/nginx.pid;
error_log $rundir/log/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  include $rundir/nginx/status-dashboard-edge.conf;
  access_log $rundir/log/nginx-access.log sdb_combined;
  client_body_temp_path $rundir/nginx/body;
  fastcgi_temp_path $rundir/nginx/fastcgi;
  proxy_temp_path $rundir/nginx/proxy;
  uwsgi_temp_path $rundir/nginx/uwsgi;
  scgi_temp_path $rundir/nginx/scgi;
  include $rundir/nginx/status-dashboard-cache.conf;
  server {
    listen 127.0.0.1:$port;
    server_name localhost;
    include $rundir/nginx/status-dashboard.conf;
  }
}
CONF
nginx -p "$rundir/nginx" -c "$rundir/nginx/nginx.conf" -e "$rundir/log/nginx-error.log" &
nginx_pid=$!
pids+=($!)

up=0
for _ in $(seq 1 600); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/static/style.css" 2>/dev/null; then up=1; break; fi
  kill -0 "$nginx_pid" 2>/dev/null || break
  sleep 0.1
done
if [ "$up" != 1 ]; then
  echo "devstack: nginx did not come up on 127.0.0.1:$port:" >&2
  tail -5 "$rundir/log/nginx-error.log" >&2
  exit 1
fi
echo "API secret (SDB_SECRET_KEY): $SDB_SECRET_KEY"
token=$("$bin/sdb-admin" token devstack)
echo "API token: $token"
echo "  curl -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' \\"
echo "    -d '{\"name\": \"NAME\", \"impact\": 2}' http://127.0.0.1:$port/v1/component_status"
echo "$mail_note (try: SDB_CONFIG= SDB_SMTP_URL=$SDB_SMTP_URL $bin/sdb-admin mail-test you@example.com)"
echo "Status Dashboard is running at http://127.0.0.1:$port/ (Ctrl-C stops it; data in $rundir)"
# Redis may stop (the programs carry on without it); a program that dies is
# restarted by its multiwatch at once, and nginx answers from its microcache
# meanwhile; nginx ending ends the run.
wait "$nginx_pid" || true
echo "devstack: nginx exited; stopping" >&2
