#!/usr/bin/env bash
# A program SIGKILLed every second under load: only the requests in flight
# at a kill fail (at most one per kill: a process serves one request at a
# time, and the connections waiting on the socket go to the other), the
# process is replaced each time, and no zombie or socket is left behind.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=fault-kill
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml" --workers 2
KILLS=10
sockets() { ss -xH 2>/dev/null | grep -c "$STACK_RUN/board.sock"; }
idle_sockets=$(sockets)

load_start 13 8 / "/?region=Region2" /index
sleep 1
back=0
for _ in $(seq 1 $KILLS); do
  victim=$(workers_of board | shuf -n 1)
  kill -KILL "$victim"
  for _ in $(seq 1 20); do
    now=$(workers_of board || true)
    if [ "$(wc -l <<<"$now")" = 2 ] && ! grep -qx "$victim" <<<"$now"; then back=$((back + 1)); break; fi
    sleep 0.05
  done
  sleep 1
done
load_wait
failed=$((LOAD_ERRORS + LOAD_NON2XX))

expect_eq "the board was back within 1 s after every kill" "$KILLS" "$back"
check "failures only for requests in flight: $failed for $KILLS kills" test "$failed" -le "$KILLS"
expect_eq "the board answers" 200 "$(status_of GET /)"
zombies=$(ps -eo stat=,ppid= | awk -v p="$(supervisor_of board)" '$1 ~ /^Z/ && $2 == p' | wc -l)
expect_eq "no zombies under the board's supervisor" 0 "$zombies"
sleep 0.5
expect_eq "no socket left behind (unix sockets on board.sock as before the load)" "$idle_sockets" "$(sockets)"
figure "board SIGKILLed every second (${KILLS}x) during 13 s of load: $LOAD_REQUESTS requests, $failed failed (in flight at a kill), back within 1 s $back of $KILLS times, $zombies zombies"
finish
