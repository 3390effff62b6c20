#!/usr/bin/env bash
# The test harness itself (lib.sh): the ports it picks for servers never
# fall in the kernel's ephemeral range, where a client connection of an
# earlier test may hold the port and nginx's bind() of it fails (make test
# once failed so, twice in one run).
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

finish
