#!/usr/bin/env bash
# Apache: a real apache2 (Debian's package) on a loopback port with each of
# the three site configs in conf/apache/ (mod_proxy_fcgi to the programs'
# sockets, mod_fcgid starting the programs itself, plain CGI with mod_cgid),
# checking the board, an incident page, an API POST, an operator form POST,
# static files, the health endpoints and /metrics through it.
source "$(dirname "$0")/lib.sh"

APACHE=$(command -v apache2 || echo /usr/sbin/apache2)
if [ ! -x "$APACHE" ]; then
  fail "apache2 is installed (tools/install-deps.sh)"
  finish
  exit 1
fi
MODULES=/usr/lib/apache2/modules
BIN_DIR=$(cd "$BIN_DIR" && pwd)

# Apache started as root serves as www-data: the files it and the programs
# it starts use must be theirs.
if [ "$(id -u)" -eq 0 ]; then
  RUN_USER=www-data
  chmod 755 "$TMP"
  as_run_user() { runuser -u "$RUN_USER" -- "$@"; }
else
  RUN_USER=""
  as_run_user() { "$@"; }
fi

# One database for all modes: the test catalog and an API secret.
DATA="$TMP/data"
mkdir -p "$DATA"
cat > "$TMP/sdb.conf" <<CONF
SDB_DATABASE=$DATA/status.db
SDB_TEMPLATE_DIR=$PROJECT_ROOT/templates
SDB_CACHE_TYPE=none
SDB_SECRET_KEY=apache-test-secret
SDB_LOG_LEVEL=info
CONF
chmod 644 "$TMP/sdb.conf"
export SDB_CONFIG="$TMP/sdb.conf"
"$BIN_DIR/sdb-admin" migrate >/dev/null
"$BIN_DIR/sdb-admin" provision "$PROJECT_ROOT/bootstrap/catalog-test.yaml" >/dev/null
[ -n "$RUN_USER" ] && chown -R "$RUN_USER:" "$DATA"
TOKEN=$("$BIN_DIR/sdb-admin" token apache-test)
q() { as_run_user sqlite3 "$DATA/status.db" "$1"; }

# An operator session made directly in the database (sign-in itself is
# tested elsewhere): the cookie value and its form token.
SESSION=apachetestsession0123456789abcdef
CSRF=apachetestcsrf0123456789
have_sessions=$(q "SELECT count(*) FROM sqlite_schema WHERE name = 'operator_session'")
new_session() {
  local hash
  hash=$(printf %s "$SESSION" | sha256sum | cut -d' ' -f1)
  q "INSERT OR REPLACE INTO operator_session (id_hash, csrf_token, provider, subject, name, email,
       created_at, last_seen_at, expires_at)
     VALUES ('$hash', '$CSRF', 'openid', 'op-1', 'Olga Operator', '', strftime('%s','now'),
       strftime('%s','now'), strftime('%s','now') + 3600)"
}

# localize FILE DIR PORT: a conf/apache file with this run's paths.
localize() {
  sed -e "s#/usr/share/status-dashboard/apache/#$2/#g" \
      -e "s#/usr/share/status-dashboard/#$PROJECT_ROOT/#g" \
      -e "s#/usr/lib/status-dashboard#$BIN_DIR#g" \
      -e "s#/run/status-dashboard#$2/run#g" \
      -e "s#<VirtualHost \*:80>#<VirtualHost 127.0.0.1:$3>#" "$1"
}

# start_apache MODE: Apache with conf/apache's site for MODE (fcgi, fcgid,
# cgi) on a free port; sets URL, DIR and the program log PLOG_DIR.
start_apache() {
  local mode=$1 site port module_lines env_lines pid
  DIR="$TMP/$mode"
  mkdir -p "$DIR/run" "$DIR/log" "$DIR/htdocs" "$DIR/fcgid"
  port=$(free_port)
  URL="http://127.0.0.1:$port"
  case $mode in
    fcgi)
      site=status-dashboard.conf
      module_lines="LoadModule proxy_module $MODULES/mod_proxy.so
LoadModule proxy_fcgi_module $MODULES/mod_proxy_fcgi.so"
      env_lines=""
      # The programs, as systemd or spawn-fcgi would run them.
      for program in "$BIN_DIR"/*; do
        local name
        name=$(basename "$program")
        [ "$name" = sdb-admin ] && continue
        spawn-fcgi -n -s "$DIR/run/$name.sock" -M 0666 -- "$program" >/dev/null 2>>"$DIR/log/$name.log" &
        on_exit "kill $! 2>/dev/null"
      done
      PLOG_DIR="$DIR/log"
      ;;
    fcgid)
      site=status-dashboard-fcgid.conf
      module_lines="LoadModule fcgid_module $MODULES/mod_fcgid.so
FcgidIPCDir $DIR/fcgid
FcgidProcessTableFile $DIR/fcgid/shm"
      env_lines="FcgidInitialEnv SDB_CONFIG $TMP/sdb.conf
FcgidInitialEnv SDB_METRICS_NETWORKS 127.0.0.1"
      PLOG_DIR=""
      ;;
    cgi)
      site=status-dashboard-cgi.conf
      module_lines="LoadModule cgid_module $MODULES/mod_cgid.so
ScriptSock $DIR/cgid.sock"
      env_lines="SetEnv SDB_CONFIG $TMP/sdb.conf
SetEnv SDB_METRICS_NETWORKS 127.0.0.1"
      PLOG_DIR=""
      ;;
  esac
  localize "$PROJECT_ROOT/conf/apache/status-dashboard-common.conf" "$DIR" "$port" \
    > "$DIR/status-dashboard-common.conf"
  localize "$PROJECT_ROOT/conf/apache/$site" "$DIR" "$port" > "$DIR/site.conf"
  # fcgi: only 127.0.0.1 may read /metrics, to see Apache refuse others.
  [ "$mode" = fcgi ] && sed -i 's#Require ip 127.0.0.0/8 ::1#Require ip 127.0.0.1#' "$DIR/site.conf"
  cat > "$DIR/httpd.conf" <<CONF
ServerRoot $DIR
ServerName localhost
Listen 127.0.0.1:$port
PidFile $DIR/httpd.pid
DefaultRuntimeDir $DIR
Mutex file:$DIR
ErrorLog $DIR/error.log
LogLevel warn
Define APACHE_LOG_DIR $DIR/log
$( [ -n "$RUN_USER" ] && printf 'User %s\nGroup %s\n' "$RUN_USER" "$RUN_USER" )
LoadModule mpm_event_module $MODULES/mod_mpm_event.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule authz_host_module $MODULES/mod_authz_host.so
LoadModule alias_module $MODULES/mod_alias.so
LoadModule mime_module $MODULES/mod_mime.so
LoadModule headers_module $MODULES/mod_headers.so
LoadModule unique_id_module $MODULES/mod_unique_id.so
LoadModule env_module $MODULES/mod_env.so
LoadModule setenvif_module $MODULES/mod_setenvif.so
LoadModule reqtimeout_module $MODULES/mod_reqtimeout.so
LoadFile /usr/lib/x86_64-linux-gnu/libpcre.so.3
LoadModule qos_module $MODULES/mod_qos.so
TypesConfig /etc/mime.types
$module_lines
$env_lines
Include $PROJECT_ROOT/conf/apache/status-dashboard-limits.conf
Include $DIR/site.conf
CONF
  [ -n "$RUN_USER" ] && chown -R "$RUN_USER:" "$DIR"
  "$APACHE" -f "$DIR/httpd.conf" -DFOREGROUND >/dev/null 2>>"$DIR/error.log" &
  pid=$!
  on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
  wait_until_up "$mode: apache2" "$URL/static/style.css" "$pid" "$DIR/error.log"
}

# call METHOD PATH [curl args]: the status code; body in $TMP/b, headers in $TMP/h.
call() { curl -sS -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' -X "$1" "$URL$2" "${@:3}"; }
body() { cat "$TMP/b"; }
headers() { tr -d '\r' < "$TMP/h"; }
# program_log NAME: what the program NAME wrote on stderr in this mode
# (with mod_fcgid and mod_cgid: Apache's error logs).
program_log() {
  if [ -n "$PLOG_DIR" ]; then
    cat "$PLOG_DIR/$1.log"
  else
    cat "$DIR/error.log" "$DIR/log/status-dashboard.error.log"
  fi
}

component=0
for mode in fcgi fcgid cgi; do
  start_apache "$mode" || continue
  m="apache $mode"

  # The board and its static files.
  expect_eq "$m: board is 200" 200 "$(call GET /)"
  expect_contains "$m: board lists the catalog" "$(body)" "Component11"
  expect_contains "$m: board has the security headers" "$(headers)" "Content-Security-Policy: default-src 'none'"
  expect_eq "$m: Server names no version or OS" "Server: Apache" "$(headers | grep -i '^Server:')"
  expect_eq "$m: /index is the board" 200 "$(call GET '/index?region=Region2')"
  expect_contains "$m: region parameter reaches the board" "$(body)" 'class="region-panel region-selected" id="region-Region2"'
  expect_eq "$m: HEAD / is 200" 200 "$(call HEAD / -I)"
  expect_eq "$m: static CSS is 200" 200 "$(call GET /static/style.css)"
  expect_contains "$m: static files are nosniff" "$(headers)" "X-Content-Type-Options: nosniff"
  expect_eq "$m: favicon" 200 "$(call GET /favicon.ico)"
  expect_eq "$m: unrouted URL is 404" 404 "$(call GET /templates/board.tpl)"
  expect_eq "$m: sql/ is not served" 404 "$(call GET /sql/0001_initial.sql)"

  # An API POST with a bearer token, then its incident page (the first
  # mode opens a major incident, the others' components join it).
  component=$((component + 1))
  name="Component$((20 + component))"
  code=$(call POST /v1/component_status -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
         --data-binary "{\"name\":\"$name\",\"impact\":2,\"attributes\":[{\"name\":\"region\",\"value\":\"Region1\"}]}")
  expect_eq "$m: API POST with a token is 201" 201 "$code"
  id=$(jq -r .id "$TMP/b" 2>/dev/null)
  expect_eq "$m: API write is audited with its author" "apache-test" \
    "$(q "SELECT author FROM api_audit ORDER BY id DESC LIMIT 1")"
  check "$m: Apache's request id reaches the audit row" \
    test -n "$(q "SELECT request_id FROM api_audit ORDER BY id DESC LIMIT 1")"
  expect_eq "$m: API POST without a token is 401" 401 "$(call POST /v2/events -H 'Content-Type: application/json' --data-binary '{}')"
  expect_eq "$m: v2 path (PATH_INFO) is routed" 200 "$(call GET "/v2/events/$id")"
  expect_eq "$m: v2 answers the event" "$id" "$(jq -r .id "$TMP/b" 2>/dev/null)"
  expect_eq "$m: incident page is 200" 200 "$(call GET "/incidents/$id")"
  expect_contains "$m: incident page shows the component" "$(body)" "$name"
  expect_eq "$m: unknown incident is the program's 404" 404 "$(call GET /incidents/999999)"
  expect_contains "$m: 404 is the program's page" "$(body)" "no incident or maintenance number 999999"
  expect_eq "$m: feed" 200 "$(call GET '/rss/?mt=Region1')"
  expect_contains "$m: feed lists the incident" "$(body)" "/incidents/$id"

  # An operator form POST: the session cookie and the form's CSRF token
  # reach the program through Apache.
  if [ "$have_sessions" = 1 ] && [ -x "$BIN_DIR/login" ]; then
    new_session
    expect_eq "$m: form POST with a wrong CSRF token is 403" 403 \
      "$(call POST /logout -H "Origin: $URL" -b "sdb_session=$SESSION" --data "csrf_token=wrong")"
    expect_eq "$m: refused form leaves the session" 1 "$(q "SELECT count(*) FROM operator_session")"
    expect_eq "$m: form POST with the session's token is 303" 303 \
      "$(call POST /logout -H "Origin: $URL" -b "sdb_session=$SESSION" --data "csrf_token=$CSRF")"
    expect_eq "$m: the form's action ran (signed out)" 0 "$(q "SELECT count(*) FROM operator_session")"
  else
    fail "$m: operator sessions exist (operator_session table, login program)"
  fi

  # Health and metrics.
  expect_eq "$m: /healthz" 200 "$(call GET /healthz)"
  expect_eq "$m: /healthz body" "ok" "$(body)"
  expect_eq "$m: /readyz" 200 "$(call GET /readyz)"
  expect_contains "$m: /readyz checks the schema" "$(body)" "database: ok (schema version"
  expect_eq "$m: /readyz/api" 200 "$(call GET /readyz/api)"
  expect_eq "$m: /metrics/incident" 200 "$(call GET /metrics/incident)"
  expect_contains "$m: metrics are Prometheus text" "$(body)" '# TYPE sdb_requests_total counter'
  expect_contains "$m: open incidents by impact" "$(body)" "sdb_open_incidents{program=\"incident\",impact=\"major\"} 1"
  expect_eq "$m: /metrics/nothing is 404" 404 "$(call GET /metrics/nothing)"
  code=$(call GET /metrics --interface 127.0.0.2)
  expect_eq "$m: /metrics from another address is 403" 403 "$code"
  case $mode in
    fcgi) expect_not_contains "$m: refused by Apache's Require ip" "$(body)" "Metrics are not available" ;;
    *) expect_contains "$m: refused by the program (SDB_METRICS_NETWORKS)" "$(body)" "Metrics are not available" ;;
  esac
  expect_eq "$m: /healthz from another address is fine" 200 "$(call GET /healthz --interface 127.0.0.2)"

  # The request log: one line per request with Apache's request id.
  log=$(program_log incident)
  expect_contains "$m: request line of the incident page" "$log" "method=GET path=/incidents/$id status=200"
  line=$(grep -F "path=/incidents/$id status=200" <<<"$log" | tail -1)
  id_field=$(sed -n 's/.*request id=\([^ ]*\).*/\1/p' <<<"$line")
  check "$m: request id is Apache's UNIQUE_ID" grep -qE '^[A-Za-z0-9@_-]{20,}$' <<<"$id_field"
  if [ "$have_sessions" = 1 ]; then
    expect_contains "$m: the operator's form POST is logged with their name" "$(program_log login)" \
      'method=POST path=/logout status=303 '
    check "$m: ... and the operator field" grep -q 'path=/logout status=303 .* operator="Olga Operator"' \
      <<<"$(program_log login)"
  fi
  expect_not_contains "$m: no session id in the log" "$(program_log login)" "$SESSION"
  expect_not_contains "$m: no CSRF token in the log" "$(program_log login)" "$CSRF"
  expect_not_contains "$m: no bearer token in the log" "$(program_log api)" "$TOKEN"

  # Apache's own answers: the project's pages with the security headers.
  expect_eq "$m: unrouted URL: 404" 404 "$(call GET /no/such/page)"
  expect_contains "$m: 404 is the project's page" "$(body)" "There is no page at this address."
  expect_contains "$m: 404 has the security headers" "$(headers)" "X-Frame-Options: DENY"
  # mod_qos: quick form posts from one address are refused with 429.
  codes=$(for _ in $(seq 1 30); do call POST /incidents -d x=1 --interface 127.0.0.4; echo; done)
  check "$m: 30 quick form posts: 429 past the limit" grep -qx 429 <<<"$codes"
  expect_contains "$m: 429 is the project's page" "$(body)" "more requests than the site answers"
  expect_contains "$m: 429 says when to retry" "$(headers)" "Retry-After: 10"
  if [ "$mode" = fcgi ]; then
    # A program that is down: the project's page, Retry-After; JSON on the API.
    pkill -f -- "-s $DIR/run/history.sock" ; pkill -f -- "-s $DIR/run/api.sock"
    rm -f "$DIR/run/history.sock" "$DIR/run/api.sock"
    code=$(call GET /history)
    check "$m: history down: 502 or 503 ($code)" grep -qxE '50[23]' <<<"$code"
    expect_contains "$m: history down: the project's page" "$(body)" "The status page is degraded"
    expect_contains "$m: history down: Retry-After" "$(headers)" "Retry-After: 30"
    code=$(call POST /v1/component_status -H 'Content-Type: application/json' --data-binary '{}')
    check "$m: API down: 502 or 503 ($code)" grep -qxE '50[23]' <<<"$code"
    expect_eq "$m: API down: JSON" "Service Unavailable" "$(jq -r .status "$TMP/b" 2>&1)"
  fi
done

finish
