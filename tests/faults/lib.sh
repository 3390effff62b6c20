# Shared by the fault cases (tests/faults/*_fault.sh): the integration
# helpers (stack, checks, RESULT line) plus a read load with wrk, the
# figure line each case prints, and Redis under the test's control.
# shellcheck source=../integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"

# figure TEXT: the one line of figures of this case, e.g.
#   FIGURE redis down 10 s under load: 4,812 requests, 0 non-2xx
# tests/run.sh repeats every FIGURE line at the end of `make test`, and
# `make bench` records them.
figure() { echo "FIGURE $*"; }

# load_start SECONDS CONNECTIONS PATH...: wrk against the stack for
# SECONDS, the paths in turn (tests/faults/load.lua), in the background.
load_start() {
  local seconds=$1 connections=$2
  shift 2
  SDB_ROOT=$PROJECT_ROOT SDB_LOAD_PATHS="$*" \
    wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 15s \
    -s "$PROJECT_ROOT/tests/faults/load.lua" "$STACK_URL" >"$TMP/wrk.out" 2>&1 &
  LOAD_PID=$!
  on_exit "kill $LOAD_PID 2>/dev/null"
}
# load_wait: waits for the load and sets LOAD_REQUESTS, LOAD_ERRORS (socket
# errors and timeouts), LOAD_NON2XX (status >= 400) and LOAD_P99_MS.
load_wait() {
  wait "$LOAD_PID"
  local line
  line=$(grep '^BENCH ' "$TMP/wrk.out")
  if [ -z "$line" ]; then
    fail "the load ran (wrk)" "$(cat "$TMP/wrk.out")"
    LOAD_REQUESTS=0 LOAD_ERRORS=0 LOAD_NON2XX=0 LOAD_P99_MS=0
    return
  fi
  LOAD_REQUESTS=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$line")
  LOAD_ERRORS=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<<"$line")
  LOAD_NON2XX=$(sed -E 's/.* non2xx=([0-9]+).*/\1/' <<<"$line")
  LOAD_P99_MS=$(( $(sed -E 's/.* p99_us=([0-9]+).*/\1/' <<<"$line") / 1000 ))
  check "the load made requests ($LOAD_REQUESTS)" test "$LOAD_REQUESTS" -gt 0
}

# redis_stop / redis_start: the stack's Redis, stopped and started again
# with devstack's own settings (the same unix socket).
redis_stop() {
  local pid
  pid=$(cat "$STACK_RUN/redis.pid" 2>/dev/null)
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  for _ in $(seq 1 100); do
    [ -S "$STACK_RUN/redis.sock" ] || return 0
    kill -0 "$pid" 2>/dev/null || { rm -f "$STACK_RUN/redis.sock"; return 0; }
    sleep 0.05
  done
  fail "Redis stops" "pid $pid"
}
redis_start() {
  redis-server --port 0 --unixsocket "$STACK_RUN/redis.sock" --unixsocketperm 700 \
    --save '' --appendonly no --daemonize no --dir "$STACK_RUN" \
    --pidfile "$STACK_RUN/redis.pid" --logfile "$STACK_RUN/log/redis.log" &
  on_exit "kill $! 2>/dev/null"
  for _ in $(seq 1 200); do
    redis-cli -s "$STACK_RUN/redis.sock" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.05
  done
  fail "Redis starts again" "$(tail -5 "$STACK_RUN/log/redis.log")"
}

# api_token: a token for the monitoring API of this stack.
api_token() { SDB_CONFIG="" SDB_DATABASE="$STACK_DB" "$BIN_DIR/sdb-admin" token "fault-$TEST_NAME"; }
