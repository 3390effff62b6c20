#!/usr/bin/env bash
# make install / make uninstall and the systemd units: the FHS layout under
# a DESTDIR and under another PREFIX, the installed programs run from there
# (as CGI, and socket-activated the way systemd starts them), every unit
# passing `systemd-analyze verify`, and uninstall taking away exactly what
# install laid out.
source "$(dirname "$0")/lib.sh"

BUILD=$(cd "$BIN_DIR/.." && pwd)
# mk TARGET [VAR=value...]: the project's make for the build under test,
# without building (-o all: the build is already there).
mk() {
  env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
    make --no-print-directory -C "$PROJECT_ROOT" -o all BUILDDIR="$BUILD" "$@"
}
PROGRAMS=$(cd "$PROJECT_ROOT/cgi-bin" && ls *.cc | sed 's/\.cc$//')

# --- DESTDIR install with PREFIX=/usr
D="$TMP/pkg"
mkdir -p "$D/usr/bin"
echo "not ours" > "$D/usr/bin/other-tool"
out=$(mk install DESTDIR="$D" PREFIX=/usr 2>&1); rc=$?
expect_eq "make install DESTDIR=... exits 0" 0 "$rc"
[ "$rc" = 0 ] || echo "$out"
for p in $PROGRAMS; do
  check "program $p in /usr/lib/status-dashboard" test -x "$D/usr/lib/status-dashboard/$p"
done
check "sdb-admin in /usr/bin" test -x "$D/usr/bin/sdb-admin"
for f in templates/board.tpl static/style.css sql/0001_initial.sql bootstrap/catalog-test.yaml \
         nginx/status-dashboard.conf nginx/snippets/status-dashboard.conf \
         nginx/snippets/status-dashboard-metrics.conf nginx/conf.d/status-dashboard-cache.conf \
         apache/status-dashboard.conf apache/status-dashboard-fcgid.conf apache/status-dashboard-cgi.conf \
         apache/status-dashboard-common.conf sdb.conf.example; do
  check "data file share/status-dashboard/$f" test -f "$D/usr/share/status-dashboard/$f"
done
check "Apache's empty document root" test -d "$D/usr/share/status-dashboard/apache/htdocs"
for u in status-dashboard.target status-dashboard-migrate.service status-dashboard-board.socket \
         status-dashboard-board.service; do
  check "systemd unit $u" test -f "$D/usr/lib/systemd/system/$u"
done
check "sysusers.d entry" grep -q '^u status-dashboard ' "$D/usr/lib/sysusers.d/status-dashboard.conf"
expect_eq "configuration is private (640)" 640 "$(stat -c %a "$D/etc/status-dashboard/sdb.conf")"
expect_contains "configuration names the FHS database" "$(cat "$D/etc/status-dashboard/sdb.conf")" \
  "SDB_DATABASE=/var/lib/status-dashboard/status.db"
expect_contains "configuration names the installed templates" "$(cat "$D/etc/status-dashboard/sdb.conf")" \
  "SDB_TEMPLATE_DIR=/usr/share/status-dashboard/templates"
check "database directory" test -d "$D/var/lib/status-dashboard"
stray=$(cd "$D" && find . -type f | sed 's#^\.##' | grep -vE '^(/usr/lib/status-dashboard/|/usr/bin/(sdb-admin|other-tool)$|/usr/share/status-dashboard/|/usr/lib/systemd/system/status-dashboard[-.]|/usr/lib/sysusers\.d/status-dashboard\.conf$|/etc/status-dashboard/sdb\.conf$)')
expect_eq "nothing installed outside the FHS places" "" "$stray"

# The installed programs, run from the DESTDIR.
export SDB_CONFIG="$D/etc/status-dashboard/sdb.conf" SDB_DATABASE="$TMP/db/status.db" \
  SDB_TEMPLATE_DIR="$D/usr/share/status-dashboard/templates" SDB_CACHE_TYPE=none SDB_SECRET_KEY=install-test
mkdir -p "$TMP/db"
check "installed sdb-admin migrates" "$D/usr/bin/sdb-admin" migrate
check "installed sdb-admin provisions the installed catalog" \
  "$D/usr/bin/sdb-admin" provision "$D/usr/share/status-dashboard/bootstrap/catalog-test.yaml"
check "installed sdb-admin check" "$D/usr/bin/sdb-admin" check
out=$(REQUEST_METHOD=GET DOCUMENT_URI=/ "$D/usr/lib/status-dashboard/board" 2>/dev/null)
expect_contains "installed board answers" "$out" "Status: 200 OK"
expect_contains "installed board uses the installed templates" "$out" "Component11"
for p in $PROGRAMS; do
  out=$(REQUEST_METHOD=GET DOCUMENT_URI=/healthz "$D/usr/lib/status-dashboard/$p" 2>&1)
  expect_contains "installed $p starts and answers /healthz" "$out" "Status: 200 OK"
done
unset SDB_CONFIG SDB_DATABASE SDB_TEMPLATE_DIR SDB_CACHE_TYPE SDB_SECRET_KEY

# The systemd units of the DESTDIR install, pointed at its programs.
mkdir -p "$TMP/units"
for f in "$D"/usr/lib/systemd/system/status-dashboard*; do
  sed -e "s#/usr/lib/status-dashboard/#$D/usr/lib/status-dashboard/#" \
      -e "s#/usr/bin/sdb-admin#$D/usr/bin/sdb-admin#" "$f" > "$TMP/units/$(basename "$f")"
done
out=$(cd "$TMP/units" && systemd-analyze verify ./* 2>&1); rc=$?
expect_eq "systemd-analyze verify passes on every unit" 0 "$rc"
expect_eq "systemd-analyze verify has no warning" "" "$out"
for p in $PROGRAMS; do
  check "$p has a socket unit" grep -q "^ListenStream=/run/status-dashboard/$p.sock$" "$TMP/units/status-dashboard-$p.socket"
  check "$p's service takes the socket as its stdin" grep -q '^StandardInput=socket$' "$TMP/units/status-dashboard-$p.service"
  check "$p's service: multiwatch keeps SDB_WORKERS processes" grep -q "^ExecStart=/usr/bin/multiwatch -f \${SDB_WORKERS} .* -- $D/usr/lib/status-dashboard/$p\$" \
    "$TMP/units/status-dashboard-$p.service"
  check "$p's service is always restarted, at once, without a start limit" \
    grep -qzE 'StartLimitIntervalSec=0.*Restart=always.RestartSec=200ms' "$TMP/units/status-dashboard-$p.service"
  check "$p's service waits for the migration" grep -q "^Requires=status-dashboard-$p.socket status-dashboard-migrate.service$" \
    "$TMP/units/status-dashboard-$p.service"
  check "the target starts $p" grep -q "status-dashboard-$p.socket status-dashboard-$p.service" "$TMP/units/status-dashboard.target"
  check "nginx routes to $p" grep -q "/run/status-dashboard/$p.sock;" "$PROJECT_ROOT/nginx/snippets/status-dashboard.conf"
  check "Apache (proxy_fcgi) routes to $p" grep -q "/run/status-dashboard/$p.sock|" "$PROJECT_ROOT/conf/apache/status-dashboard.conf"
  check "Apache (fcgid) routes to $p" grep -qE "/usr/lib/status-dashboard/$p(\\\$2)?\$" "$PROJECT_ROOT/conf/apache/status-dashboard-fcgid.conf"
  check "Apache (cgi) routes to $p" grep -qE "/usr/lib/status-dashboard/$p(\\\$2)?\$" "$PROJECT_ROOT/conf/apache/status-dashboard-cgi.conf"
done
check "migration is the one-shot unit's ExecStartPre" grep -q "^ExecStartPre=$D/usr/bin/sdb-admin migrate$" \
  "$TMP/units/status-dashboard-migrate.service"
for f in "$TMP"/units/*.service; do
  for option in NoNewPrivileges=yes ProtectSystem=strict ReadWritePaths=/var/lib/status-dashboard \
                User=status-dashboard PrivateTmp=yes CapabilityBoundingSet=; do
    check "$(basename "$f"): $option" grep -qx "$option" "$f"
  done
  out=$(systemd-analyze security --offline=yes --threshold=25 "$f" 2>&1); rc=$?
  expect_eq "$(basename "$f"): exposure level at most 2.5 ($(grep -o 'exposure level[^:]*: [0-9.]*' <<<"$out" | tail -1))" 0 "$rc"
done

# --- uninstall: exactly what install created goes
mkdir -p "$D/var/lib/status-dashboard" && echo data > "$D/var/lib/status-dashboard/status.db"
out=$(mk uninstall DESTDIR="$D" PREFIX=/usr 2>&1); rc=$?
expect_eq "make uninstall exits 0" 0 "$rc"
left=$(cd "$D" && find . -type f | sort | tr '\n' ' ')
expect_eq "uninstall keeps only the database and other files" "./usr/bin/other-tool ./var/lib/status-dashboard/status.db " "$left"
check "uninstall removed the program directory" test ! -e "$D/usr/lib/status-dashboard"
check "uninstall removed the data directory" test ! -e "$D/usr/share/status-dashboard"
check "uninstall removed the configuration directory" test ! -e "$D/etc/status-dashboard"
expect_contains "uninstall says it keeps the database directory" "$out" "keeping $D/var/lib/status-dashboard"

# Install twice, edit the configuration: uninstall keeps only the edit.
D2="$TMP/pkg2"
mk install DESTDIR="$D2" >/dev/null 2>&1
mk install DESTDIR="$D2" >/dev/null 2>&1
echo "SDB_SITE_TITLE=Ours" >> "$D2/etc/status-dashboard/sdb.conf"
out=$(mk uninstall DESTDIR="$D2" 2>&1)
expect_eq "second install + uninstall: only the edited configuration stays" "./etc/status-dashboard/sdb.conf" \
  "$(cd "$D2" && find . -type f)"
expect_contains "uninstall says it keeps the edited configuration" "$out" "keeping $D2/etc/status-dashboard/sdb.conf (changed since install)"
rm "$D2/etc/status-dashboard/sdb.conf"
mk install DESTDIR="$D2" >/dev/null 2>&1
mk uninstall DESTDIR="$D2" >/dev/null 2>&1
expect_eq "install + uninstall leaves the DESTDIR as it was before" "./etc ./etc/status-dashboard" \
  "$(cd "$D2" && find . -mindepth 1 | sort | tr '\n' ' ' | sed 's/ $//')"
out=$(mk uninstall DESTDIR="$TMP/never" 2>&1); rc=$?
check "uninstall of nothing fails" test "$rc" -ne 0

# --- PREFIX install (no DESTDIR): every path follows, the units run as is
P="$TMP/opt"
mk install PREFIX="$P" SYSCONFDIR="$TMP/etc" LOCALSTATEDIR="$TMP/var" >/dev/null 2>&1
conf="$TMP/etc/status-dashboard/sdb.conf"
expect_contains "PREFIX: configuration names its database" "$(cat "$conf")" "SDB_DATABASE=$TMP/var/lib/status-dashboard/status.db"
expect_contains "PREFIX: units run the PREFIX programs" "$(cat "$P/lib/systemd/system/status-dashboard-board.service")" \
  "-- $P/lib/status-dashboard/board"
expect_contains "PREFIX: units read the SYSCONFDIR configuration" "$(cat "$P/lib/systemd/system/status-dashboard-board.service")" \
  "EnvironmentFile=-$conf"
expect_contains "PREFIX: nginx serves the PREFIX static files" "$(cat "$P/share/status-dashboard/nginx/snippets/status-dashboard.conf")" \
  "root $P/share/status-dashboard;"
expect_contains "PREFIX: Apache serves the PREFIX static files" "$(cat "$P/share/status-dashboard/apache/status-dashboard-common.conf")" \
  "Alias /static/ $P/share/status-dashboard/static/"
out=$(cd "$P/lib/systemd/system" && systemd-analyze verify ./* 2>&1); rc=$?
expect_eq "PREFIX: systemd-analyze verify on the installed units" "0:" "$rc:$out"

# As systemd runs them: the settings from the EnvironmentFile with
# SDB_CONFIG= (no file read), the migration unit, then a program with the
# listening socket as its standard input.
printf 'SDB_CACHE_TYPE=none\nSDB_SECRET_KEY=install-test\n' >> "$conf"
as_systemd() { (set -a; . "$conf"; SDB_CONFIG=; exec "$@"); }
out=$(as_systemd "$P/bin/sdb-admin" migrate 2>&1)
expect_contains "PREFIX: ExecStartPre (migrate) creates the database" "$out" "applied"
out=$(as_systemd "$P/bin/sdb-admin" check 2>&1)
expect_contains "PREFIX: ExecStart (check) passes" "$out" "is current, quick_check ok"
as_systemd "$P/bin/sdb-admin" provision "$P/share/status-dashboard/bootstrap/catalog-test.yaml" >/dev/null
sock="$TMP/board.sock"
# The unit's own command line, ${SDB_WORKERS} from the configuration as
# systemd expands it: multiwatch and its processes on the socket.
workers=$( (set -a; . "$conf"; echo "$SDB_WORKERS") )
exec_start=$(sed -n 's/^ExecStart=//p' "$P/lib/systemd/system/status-dashboard-board.service" | sed "s/\${SDB_WORKERS}/$workers/")
expect_eq "the configuration's SDB_WORKERS" 2 "$workers"
( set -a; . "$conf"; SDB_CONFIG=; exec /usr/bin/python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(16)
os.dup2(s.fileno(), 0)   # StandardInput=socket
os.dup2(s.fileno(), 3)   # and LISTEN_FDS, as systemd passes it too
os.environ["LISTEN_FDS"] = "1"; os.environ["LISTEN_PID"] = str(os.getpid())
os.execv(sys.argv[2], sys.argv[2:])' "$sock" $exec_start ) >/dev/null 2>"$TMP/board.log" &
board_pid=$!
on_exit "kill $board_pid 2>/dev/null; wait $board_pid 2>/dev/null"
for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.1; done
fcgi() { env -i REQUEST_METHOD=GET DOCUMENT_URI="$1" QUERY_STRING= SERVER_PORT=80 HTTP_HOST=localhost \
           cgi-fcgi -bind -connect "$sock" 2>&1; }
out=$(fcgi /)
expect_contains "socket-activated board answers FastCGI" "$out" "Status: 200 OK"
expect_contains "socket-activated board renders the catalog" "$out" "Component11"
out=$(fcgi /readyz)
expect_contains "socket-activated board is ready" "$out" "database: ok (schema version"
check "socket-activated board keeps serving" kill -0 "$board_pid"
expect_eq "socket-activated: SDB_WORKERS board processes under multiwatch" 2 "$(pgrep -P "$board_pid" | wc -l)"
victim=$(pgrep -P "$board_pid" | head -1)
kill -KILL "$victim"
for _ in $(seq 1 50); do
  [ "$(pgrep -P "$board_pid" | grep -vx "$victim" | wc -l)" = 2 ] && break
  sleep 0.1
done
expect_eq "socket-activated: a killed process is replaced" 2 "$(pgrep -P "$board_pid" | grep -vx "$victim" | wc -l)"
expect_contains "socket-activated: and the board answers" "$(fcgi /)" "Status: 200 OK"
expect_contains "its log line goes to stderr (journald)" "$(cat "$TMP/board.log")" "method=GET path=/ status=200"
kill "$board_pid" 2>/dev/null; wait "$board_pid" 2>/dev/null
as_systemd "$P/bin/sdb-admin" check >/dev/null 2>&1  # the last connection tidies -wal and -shm
mk uninstall PREFIX="$P" SYSCONFDIR="$TMP/etc" LOCALSTATEDIR="$TMP/var" >/dev/null 2>&1
expect_eq "PREFIX: uninstall leaves the database and the (edited) configuration" \
  "$conf $TMP/var/lib/status-dashboard/status.db" \
  "$(find "$P" "$TMP/etc" "$TMP/var" -type f 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//')"

finish
