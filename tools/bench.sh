#!/usr/bin/env bash
# bench.sh: `make bench`. Generates the bench data set, starts the stack
# (tools/devstack.sh: nginx with the shipped config, Redis, the programs)
# on loopback ports, loads every page and the API with wrk next to nginx
# serving a static file of the board's size (the ceiling), loads the write
# path from 50 clients and checks it against a serial run, counts the
# instructions of one render with callgrind, and writes bench/results.md.
# Stops every process it started, also on Ctrl-C or failure.
#   tools/bench.sh [--bin build/bench/bin] [--out bench/results.md]
#                  [--runs 3] [--duration 2] [--workers 2] [--port 18480]
#                  [--posts 40] [--quick]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bin=build/bench/bin out=bench/results.md runs=3 duration=2 workers=2
port=18480 posts=40 connections=50
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --posts) posts=$2; shift 2 ;;
    --quick) runs=1 duration=1 posts=10; shift ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
catalog=../shared/data/catalog-otc.yaml
[ -f "$catalog" ] || catalog=bootstrap/catalog-otc.yaml
bin=$(cd "$bin" && pwd)
tools=$(cd "$bin/.." && pwd)/tools
work=$(cd "$bin/.." && pwd)/run
direct_port=$((port + 1))
started_at=$(date +%s)

say() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- what only the bench needs (wrk, valgrind, cgi-fcgi), from Debian
missing=""
for p in wrk valgrind libfcgi-bin; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  say "installing:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing ||
    { $SUDO apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing; }
fi

# --- processes: the stack (devstack in its own session, stopped as a
# group), the direct nginx and valgrind, each by the id it started with.
stack_pid="" direct_pid="" valgrind_pids=()
stop_pid() { # PID [GROUP]: TERM, wait up to 5 s, then KILL (the group)
  local pid=$1 group=${2:-}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if [ -n "$group" ]; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
stop_stack() {
  stop_pid "$direct_pid"; direct_pid=""
  stop_pid "$stack_pid" group; stack_pid=""
}
cleanup() {
  trap - EXIT INT TERM
  local pid
  for pid in "${valgrind_pids[@]}"; do stop_pid "$pid"; done
  stop_stack
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$work/stack" "$work/direct" "$work/callgrind" "$work/posts"
mkdir -p "$work/log" "$work/posts" "$work/callgrind"
raw=$work/raw.tsv
: > "$raw"
record() { local IFS=$'\t'; echo "$*" >> "$raw"; }
# Other work on the machine shows in every figure: note how busy it was.
record meta load_start "$(cut -d' ' -f1 /proc/loadavg)"

export SDB_CONFIG=""
secret=bench-secret-$(date +%s)
admin() { SDB_DATABASE="$1" SDB_SECRET_KEY=$secret "$bin/sdb-admin" "${@:2}"; }

# --- the data set, kept while the generator, catalog, schema and the
# anchor hour are unchanged (it takes a while to write 1M rows).
anchor=$(( $(date +%s) / 3600 * 3600 ))
stamp=$( { cat tools/bench-data.sql "$catalog" sql/*.sql; echo "$anchor"; } | sha1sum | cut -c1-16)
seed=$work/seed.db
if [ "$(cat "$work/seed.stamp" 2>/dev/null)" != "$stamp" ]; then
  say "generating the data set (catalog $catalog)"
  rm -f "$seed" "$seed-wal" "$seed-shm" "$work/seed.stamp"
  admin "$seed" migrate >/dev/null
  admin "$seed" provision "$catalog" >/dev/null
  { echo "CREATE TEMP TABLE bench_anchor AS SELECT $anchor AS t;"; cat tools/bench-data.sql; } |
    sqlite3 -bail "$seed" >/dev/null
  echo "$stamp" > "$work/seed.stamp"
fi
q() { sqlite3 -bail -cmd '.timeout 10000' "$1" "$2"; }
read -r n_components n_events n_updates n_open < <(q "$seed" "SELECT
  (SELECT count(*) FROM component), (SELECT count(*) FROM incident),
  (SELECT count(*) FROM incident_status),
  (SELECT count(*) FROM incident WHERE end_date IS NULL OR end_date > datetime('now'))" | tr '|' ' ')
say "data: $n_components components, $n_events events, $n_updates updates, $n_open open"
record data "$n_components" "$n_events" "$n_updates" "$n_open" "$catalog"
# The incident page: an open outage with several components and updates.
incident_id=$(q "$seed" "SELECT id FROM incident WHERE end_date IS NULL AND impact = 3 AND system = 0")
[ -n "$incident_id" ] || die "the data set has no open operator outage"

# --- the stack
start_stack() { # redis|none
  rm -rf "$work/stack" && mkdir -p "$work/stack"
  cp "$seed" "$work/stack/status.db"
  local args=(--port "$port" --rundir "$work/stack" --bin "$bin" --workers "$workers")
  [ "$1" = none ] && args+=(--no-redis)
  SDB_SECRET_KEY=$secret setsid tools/devstack.sh "${args[@]}" > "$work/log/devstack-$1.log" 2>&1 &
  stack_pid=$!
  for _ in $(seq 300); do
    grep -q 'is running at' "$work/log/devstack-$1.log" && break
    kill -0 "$stack_pid" 2>/dev/null || { cat "$work/log/devstack-$1.log" >&2; die "the stack did not start"; }
    sleep 0.1
  done
  grep -q 'is running at' "$work/log/devstack-$1.log" || die "the stack did not start in 30 s"
  start_direct
}

# The direct nginx: the same nginx.conf and route table on the next port,
# with the microcache off (requests reach the programs) and the ceiling
# file served the way /static/ is.
start_direct() {
  local s=$work/stack/nginx d=$work/direct
  rm -rf "$d" && mkdir -p "$d/static"
  sed -e 's#^fastcgi_cache sdb_micro;#fastcgi_cache off;#' "$s/status-dashboard-page.conf" > "$d/page.conf"
  grep -q '^fastcgi_cache off;' "$d/page.conf" || die "no 'fastcgi_cache sdb_micro;' in the page snippet"
  sed -e "s#include $s/status-dashboard-page.conf;#include $d/page.conf;#" "$s/status-dashboard.conf" > "$d/routes.conf"
  ! grep -q '^[^#]*include .*status-dashboard-page.conf' "$d/routes.conf" || die "the route table includes the page snippet in a way bench.sh does not know"
  local ceiling="location = /ceiling.html { root $d/static; expires 1h; add_header Cache-Control \"public\" always; add_header X-Content-Type-Options \"nosniff\" always; }"
  sed -e "s#listen 127.0.0.1:$port;#listen 127.0.0.1:$direct_port;#" \
      -e "s#^pid .*#pid $d/nginx.pid;#" \
      -e "s#^error_log .*#error_log $d/error.log;#" \
      -e "s#access_log .*;#access_log $d/access.log;#" \
      -e "s#_temp_path $s/#_temp_path $d/#" \
      -e "/status-dashboard-cache.conf/d" \
      -e "s#include $s/status-dashboard.conf;#$ceiling include $d/routes.conf;#" \
      "$s/nginx.conf" > "$d/nginx.conf"
  grep -q "listen 127.0.0.1:$direct_port;" "$d/nginx.conf" && grep -q "$d/routes.conf" "$d/nginx.conf" ||
    die "devstack's nginx.conf has a shape bench.sh does not know"
  # The ceiling: the board itself, as a file.
  curl -fsS -o "$d/static/ceiling.html" "http://127.0.0.1:$port/" || die "the board does not answer"
  nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" &
  direct_pid=$!
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$direct_port/ceiling.html" 2>/dev/null && return 0
    kill -0 "$direct_pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -5 "$d/error.log" >&2
  die "the direct nginx did not start"
}

# Program processes of the stack: "PID NAME" lines.
program_pids() {
  ps -s "$stack_pid" -o pid=,comm= | while read -r pid comm; do
    case $comm in board|incident|history|availability|feed|api) echo "$pid $comm" ;; esac
  done
}
# Nanoseconds on a CPU of every process of PROGRAM in the stack.
cpu_ns() {
  local total=0
  while read -r pid comm; do
    [ "$comm" = "$1" ] || continue
    total=$((total + $(cut -d' ' -f1 "/proc/$pid/schedstat" 2>/dev/null || echo 0)))
  done < <(program_pids)
  echo "$total"
}

# --- reads
pages=(board "/" board-nl "/?region=EU-NL" incident "/incidents/$incident_id"
       history "/history" availability "/availability" rss "/rss/?mt=EU-DE")
# GET /api/v1/component_status answers every incident of every component
# (the seed's contract): with the bench data that is tens of MB and seconds
# of CPU, so it is timed one request at a time with curl, once; 50
# connections would leave the api processes busy for minutes.
apis=(api-v2 "/v2/events")
api_v1=/api/v1/component_status
program_of() { case $1 in board*) echo board ;; rss) echo feed ;; api*) echo api ;; *) echo "$1" ;; esac; }

# wrk_run MODE NAME RUN URL [CONNECTIONS] [PROGRAM]: one load, recorded.
wrk_run() {
  local mode=$1 name=$2 run=$3 url=$4 c=${5:-$connections} program=${6:-} before=0 after=0 line
  [ -n "$program" ] && before=$(cpu_ns "$program")
  line=$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${duration}s" --timeout 10s -s tools/bench-wrk.lua "$url" | grep '^BENCH') ||
    die "wrk failed on $url"
  [ -n "$program" ] && after=$(cpu_ns "$program")
  # BENCH requests=N duration_us=N rps=X p50_us=N p99_us=N errors=N non2xx=N bytes=N
  local requests rps p50 p99 errors non2xx bytes cpu=-
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$line")
  rps=$(sed 's/.*rps=\([0-9.]*\).*/\1/' <<< "$line")
  p50=$(sed 's/.*p50_us=\([0-9]*\).*/\1/' <<< "$line")
  p99=$(sed 's/.*p99_us=\([0-9]*\).*/\1/' <<< "$line")
  errors=$(sed 's/.*errors=\([0-9]*\).*/\1/' <<< "$line")
  non2xx=$(sed 's/.*non2xx=\([0-9]*\).*/\1/' <<< "$line")
  bytes=$(sed 's/.*bytes=\([0-9]*\).*/\1/' <<< "$line")
  if [ -n "$program" ] && [ "$requests" -gt 0 ]; then
    cpu=$(( (after - before) / requests / 1000 ))
  fi
  record read "$mode" "$name" "$run" "$rps" "$p50" "$p99" "$requests" "$errors" "$non2xx" "$cpu" "$((requests ? bytes / requests : 0))" "$c"
}

# Waits until PROGRAM's processes stop using the CPU (requests that were
# queued when wrk stopped), at most 60 s.
wait_idle() {
  local last now
  last=$(cpu_ns "$1")
  for _ in $(seq 120); do
    sleep 0.5
    now=$(cpu_ns "$1")
    [ $((now - last)) -lt 10000000 ] && return 0
    last=$now
  done
}

# curl_run MODE NAME RUN URL: one request, timed by curl, recorded.
curl_run() {
  local out t size us before after
  before=$(cpu_ns api)
  out=$(curl -fsS -o /dev/null -w '%{time_total} %{size_download}' --max-time 120 "$4") ||
    die "$2 does not answer"
  after=$(cpu_ns api)
  read -r t size <<< "$out"
  us=$(awk -v t="$t" 'BEGIN { printf "%d", t * 1000000 }')
  record read "$1" "$2" "$3" "$(awk -v t="$t" 'BEGIN { printf "%.3f", 1 / t }')" "$us" "$us" 1 0 0 \
    "$(( (after - before) / 1000 ))" "$size" 1
}

# The pages answer through the direct nginx from Redis (X-Cache: HIT).
check_hits() {
  local i url
  for ((i = 0; i < ${#pages[@]}; i += 2)); do
    url="http://127.0.0.1:$direct_port${pages[i+1]}"
    curl -fsS -o /dev/null "$url" || die "${pages[i]} does not answer"
    curl -fsS -D - -o /dev/null "$url" | grep -qi '^X-Cache: HIT' || die "${pages[i]} is not served from Redis"
  done
}

memory() { # PHASE: resident memory of every program process, nginx, Redis
  while read -r pid comm; do
    record rss "$1" "$comm" "$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
  done < <(program_pids; ps -s "$stack_pid" -o pid=,comm=,args= | awk '/nginx: worker/ {print $1, "nginx"} $2 == "redis-server" {print $1, "redis"}')
}

say "stack with Redis: as shipped (:$port) and through the programs (:$direct_port)"
start_stack redis
check_hits
for ((i = 0; i < ${#apis[@]}; i += 2)); do
  curl -fsS -o /dev/null --max-time 60 "http://127.0.0.1:$port${apis[i+1]}" || die "${apis[i]} does not answer"
  wait_idle api
done
for run in $(seq "$runs"); do
  say "run $run/$runs: ceiling, as shipped, Redis hit"
  wrk_run ceiling redis "$run" "http://127.0.0.1:$direct_port/ceiling.html"
  for ((i = 0; i < ${#pages[@]}; i += 2)); do
    wrk_run shipped "${pages[i]}" "$run" "http://127.0.0.1:$port${pages[i+1]}"
  done
  for ((i = 0; i < ${#pages[@]}; i += 2)); do
    wrk_run redis "${pages[i]}" "$run" "http://127.0.0.1:$direct_port${pages[i+1]}" "$connections" "$(program_of "${pages[i]}")"
  done
  for ((i = 0; i < ${#apis[@]}; i += 2)); do
    wrk_run shipped "${apis[i]}" "$run" "http://127.0.0.1:$port${apis[i+1]}" "$connections" api
    wait_idle api
  done
done
say "one $api_v1"
curl_run shipped api-v1 1 "http://127.0.0.1:$port$api_v1"
memory redis
stop_stack

say "stack without a page cache (SDB_CACHE_TYPE=none)"
start_stack none
for ((i = 0; i < ${#pages[@]}; i += 2)); do
  curl -fsS -o /dev/null "http://127.0.0.1:$direct_port${pages[i+1]}" || die "${pages[i]} does not answer"
done
for run in $(seq "$runs"); do
  say "run $run/$runs: ceiling, uncached"
  wrk_run ceiling none "$run" "http://127.0.0.1:$direct_port/ceiling.html"
  for ((i = 0; i < ${#pages[@]}; i += 2)); do
    wrk_run uncached "${pages[i]}" "$run" "http://127.0.0.1:$direct_port${pages[i+1]}" "$connections" "$(program_of "${pages[i]}")"
  done
  # One client: the time of one render, not of a queue.
  for name in board history availability; do
    for ((i = 0; i < ${#pages[@]}; i += 2)); do
      [ "${pages[i]}" = "$name" ] || continue
      wrk_run single "$name" "$run" "http://127.0.0.1:$direct_port${pages[i+1]}" 1 "$name"
    done
  done
done
memory uncached
stop_stack

# --- writes: the same posts from 50 clients (each run on a fresh copy of
# the data) and from one (the reference), compared.
say "write path: $posts posts per component, $connections clients, then 1"
list=$work/posts/list.tsv
start=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
q "$seed" "SELECT c.id, c.name, a.value FROM component c JOIN component_attribute a
           ON a.component_id = c.id AND a.name = 'region' ORDER BY c.id" |
  awk -F'|' -v L="$posts" -v start="$start" '
    { id[NR - 1] = $1; name[NR - 1] = $2; region[NR - 1] = $3; n = NR }
    END {
      # Component k: first report at impact 1 or 2 (creates or joins),
      # escalations at a third and two thirds of its posts, and repeats at
      # the current impact or lower (409s) between them; v1 and v2 alternate.
      for (j = 0; j < L; j++) for (k = 0; k < n; k++) {
        phase = int(j * 3 / L); a0 = 1 + k % 2
        cur = phase == 0 ? a0 : (phase == 1 ? (a0 + 1 > 3 ? 3 : a0 + 1) : 3)
        first = (j == int((phase * L + 2) / 3))
        impact = first ? cur : cur - (j + k) % cur
        nm = name[k]; gsub(/\\/, "\\\\", nm); gsub(/"/, "\\\"", nm)
        if ((j + k) % 2 == 0)
          printf "%d\tPOST\t/v1/component_status\t{\"name\":\"%s\",\"impact\":%d,\"attributes\":[{\"name\":\"region\",\"value\":\"%s\"}]}\n", k, nm, impact, region[k]
        else
          printf "%d\tPOST\t/v2/events\t{\"title\":\"Bench incident\",\"impact\":%d,\"components\":[%d],\"start_date\":\"%s\",\"system\":true,\"type\":\"incident\"}\n", k, impact, id[k], start
      }
    }' > "$list"
state() { # DB: the open system incidents as "impact:components", then checks
  q "$1" "SELECT i.impact || ':' || (SELECT group_concat(component_id) FROM
            (SELECT component_id FROM incident_component_relation
             WHERE incident_id = i.id ORDER BY component_id))
          FROM incident i WHERE i.system = 1 AND i.end_date IS NULL
          AND i.type = 'incident' ORDER BY 1"
  q "$1" "SELECT 'audit rows ' || count(*) FROM api_audit"
}
duplicates() { # DB: open system incidents sharing an impact or a component
  sqlite3 -bail -cmd '.timeout 10000' "$1" < tools/duplicate-incidents.sql
}
token=$(admin "$seed" token bench)
write_run() { # NAME CONNECTIONS
  start_stack redis
  local line before after
  before=$(cpu_ns api)
  line=$("$tools/bench-post" --port "$port" --token "$token" --connections "$2" \
           --statuses "$work/posts/$1.statuses" "$list") || die "bench-post failed"
  after=$(cpu_ns api)
  state "$work/stack/status.db" > "$work/posts/$1.state"
  local dups
  dups=$(duplicates "$work/stack/status.db")
  echo "$line" > "$work/posts/$1.result"
  stop_stack
  # requests N seconds S rate R p50_us X p99_us Y codes C
  set -- "$1" "$2" $line
  record write "$1" "$2" "${4}" "${6}" "${8}" "${10}" "${12}" "${14}" \
    "$dups" "$(( (after - before) / ${4} / 1000 ))"
}
write_run serial 1
for run in $(seq "$runs"); do
  say "write run $run/$runs"
  write_run "run$run" "$connections"
  same_state=no same_statuses=no
  cmp -s "$work/posts/serial.state" "$work/posts/run$run.state" && same_state=yes
  cmp -s "$work/posts/serial.statuses" "$work/posts/run$run.statuses" && same_statuses=yes
  record compare "run$run" "$same_state" "$same_statuses"
  [ "$same_state" = yes ] || diff "$work/posts/serial.state" "$work/posts/run$run.state" >&2 || true
done

# --- callgrind: instructions of one uncached request in a running
# FastCGI process (the second request: statements prepared, templates
# loaded), and of the first for comparison.
say "callgrind"
cp "$seed" "$work/callgrind/status.db"
# The three programs under valgrind at once (startup is the slow part).
for name in board history availability; do
  sock=$work/callgrind/$name.sock
  rm -f "$sock" "$work/callgrind/$name.out"*
  SDB_DATABASE="$work/callgrind/status.db" SDB_TEMPLATE_DIR="$root/templates" \
    SDB_CACHE_TYPE=none SDB_LOG_LEVEL=error \
    spawn-fcgi -n -s "$sock" -M 0600 -- "$(command -v valgrind)" --tool=callgrind \
      --callgrind-out-file="$work/callgrind/$name.out" \
      --toggle-collect='sdb::App::Respond*' --dump-after='sdb::App::Respond(*' \
      "$bin/$name" 2> "$work/log/callgrind-$name.log" &
  valgrind_pids+=($!)
done
for name in board history availability; do
  sock=$work/callgrind/$name.sock
  for _ in $(seq 600); do [ -S "$sock" ] && break; sleep 0.1; done
  for n in 1 2; do
    env -i REQUEST_METHOD=GET DOCUMENT_URI="/${name/board/}" REQUEST_URI="/${name/board/}" QUERY_STRING= \
      SERVER_NAME=localhost SERVER_PORT=80 SERVER_PROTOCOL=HTTP/1.1 \
      cgi-fcgi -bind -connect "$sock" > "$work/callgrind/$name.$n.html" ||
      die "callgrind: $name did not answer"
  done
done
for pid in "${valgrind_pids[@]}"; do stop_pid "$pid"; done
valgrind_pids=()
for name in board history availability; do
  for n in 1 2; do
    ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$work/callgrind/$name.out.$n" 2>/dev/null || true)
    [ -n "$ir" ] || die "callgrind: no count for $name request $n"
    record callgrind "$name" "$n" "$ir"
  done
done

# --- the fault cases (tests/faults) against this build: one figure each.
for case in tests/faults/*_fault.sh; do
  name=$(basename "$case" _fault.sh)
  say "fault: $name"
  line=$(BIN_DIR="$bin" bash "$case" 2>&1 | sed -n 's/^FIGURE //p' | tail -1 || true)
  record fault "$name" "${line:-no figure (the case failed: run it alone)}"
done

record meta seconds $(( $(date +%s) - started_at ))
mkdir -p "$(dirname "$out")"
python3 tools/bench-report.py "$raw" \
  --workers "$workers" --duration "$duration" --runs "$runs" --connections "$connections" \
  --posts "$posts" --bin "$bin" > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
say "written to $out in $(( $(date +%s) - started_at )) s"
