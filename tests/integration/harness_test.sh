#!/usr/bin/env bash
# The test harness itself (lib.sh): the ports it picks for servers never
# fall in the kernel's ephemeral range, where a client connection of an
# earlier test may hold the port and nginx's bind() of it fails (make test
# once failed so, twice in one run); a server that does not come up ends
# the test loudly instead of letting it run on (login_test once lost its
# OpenID provider under load and failed 55 checks at once).
source "$(dirname "$0")/lib.sh"

read -r low high </proc/sys/net/ipv4/ip_local_port_range
inside=0
for _ in $(seq 1 300); do
  p=$(free_port)
  if [ "$p" -ge "$low" ] && [ "$p" -le "$high" ]; then inside=$((inside + 1)); fi
done
expect_eq "free_port: none of 300 picks in the ephemeral range $low-$high" 0 "$inside"

# A picked port is free: a server can listen on it at once.
p=$(free_port)
python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()" "$p"
expect_eq "free_port: the picked port can be bound" 0 "$?"

# wait_until_up: a server that dies, or never answers, fails the test at
# once, naming the server and its log, and the test goes no further.
echo "the server's last words" >"$TMP/dead.log"
out=$(bash -c 'source "$1"; sleep 0.2 & pid=$!; wait_until_up "a dead server" "http://127.0.0.1:$2/" "$pid" "$3"; echo "RAN ON"' \
  _ "$PROJECT_ROOT/tests/integration/lib.sh" "$(free_port)" "$TMP/dead.log" 2>&1)
rc=$?
expect_eq "wait_until_up: a server that exits ends the test non-zero" 1 "$rc"
expect_contains "wait_until_up: names the server and its log" "$out" "a dead server starts (it exited; log $TMP/dead.log)"
expect_contains "wait_until_up: shows the log" "$out" "the server's last words"
expect_not_contains "wait_until_up: nothing runs on" "$out" "RAN ON"
out=$(SDB_TEST_SERVER_WAIT=1 bash -c 'source "$1"; sleep 30 & pid=$!; wait_until_up "a silent server" "http://127.0.0.1:$2/" "$pid" /dev/null; echo "RAN ON"; kill $pid' \
  _ "$PROJECT_ROOT/tests/integration/lib.sh" "$(free_port)" 2>&1)
expect_contains "wait_until_up: a server that never answers fails after the wait" "$out" "answers http://127.0.0.1:"
expect_not_contains "wait_until_up: ... and nothing runs on" "$out" "RAN ON"

finish
