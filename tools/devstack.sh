#!/usr/bin/env bash
# Runs the whole stack as the current user on 127.0.0.1: Redis, every
# program behind spawn-fcgi, and nginx with the production route table.
# Everything lives in RUNDIR (database, sockets, logs); deleting it starts
# from scratch. Stops everything on Ctrl-C or SIGTERM.
#   tools/devstack.sh --port 8080 --rundir run --bin build/release/bin \
#                     [--catalog bootstrap/catalog-test.yaml] [--no-redis]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=8080 rundir=run bin=build/release/bin catalog="" redis=1
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --rundir) rundir=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --catalog) catalog=$2; shift 2 ;;
    --no-redis) redis=0; shift ;;
    *) echo "devstack: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$rundir"
rundir=$(cd "$rundir" && pwd)
bin=$(cd "$bin" && pwd)
mkdir -p "$rundir/nginx" "$rundir/log"

export SDB_CONFIG=""
export SDB_DATABASE="$rundir/status.db"
export SDB_TEMPLATE_DIR="$root/templates"
export SDB_CACHE_REDIS_URL="unix://$rundir/redis.sock"
[ "$redis" = 1 ] || export SDB_CACHE_TYPE=none

pids=()
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

if [ "$redis" = 1 ]; then
  redis-server --port 0 --unixsocket "$rundir/redis.sock" --unixsocketperm 700 \
    --save '' --appendonly no --daemonize no --dir "$rundir" \
    --pidfile "$rundir/redis.pid" --logfile "$rundir/log/redis.log" &
  redis_pid=$!
  pids+=($!)
fi

for program in "$bin"/*; do
  name=$(basename "$program")
  [ "$name" = sdb-admin ] && continue
  rm -f "$rundir/$name.sock"
  spawn-fcgi -n -s "$rundir/$name.sock" -M 0600 -- "$program" 2>>"$rundir/log/$name.log" &
  pids+=($!)
done

# nginx: the production route table with the paths of this run.
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
sed -e "s#/run/status-dashboard#$rundir#g" \
    -e "s#^root /usr/share/status-dashboard;#root $root;#" \
    -e "s#include fastcgi_params;#include /etc/nginx/fastcgi_params;#" \
    "$root/nginx/snippets/status-dashboard.conf" > "$rundir/nginx/routes.conf"
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
  access_log $rundir/log/nginx-access.log;
  client_body_temp_path $rundir/nginx/body;
  fastcgi_temp_path $rundir/nginx/fastcgi;
  proxy_temp_path $rundir/nginx/proxy;
  uwsgi_temp_path $rundir/nginx/uwsgi;
  scgi_temp_path $rundir/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    server_name localhost;
    include $rundir/nginx/routes.conf;
  }
}
CONF
nginx -p "$rundir/nginx" -c "$rundir/nginx/nginx.conf" -e "$rundir/log/nginx-error.log" &
pids+=($!)

for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done
echo "Status Dashboard is running at http://127.0.0.1:$port/ (Ctrl-C stops it; data in $rundir)"
# Redis may stop (the programs carry on without it); any other exit ends the run.
critical=()
for pid in "${pids[@]}"; do [ "$pid" = "${redis_pid:-}" ] || critical+=("$pid"); done
wait -n "${critical[@]}" || true
echo "devstack: a program or nginx exited; stopping" >&2
