#!/usr/bin/env bash
# The audit page (GET /audit) through nginx with a real sign-in: operators
# only, both logs (operators' form changes and the API's writes) newest
# first, values escaped, never cached, paged by time, bad input refused.
source "$(dirname "$0")/lib.sh"
export SDB_SECRET_KEY=dev
start_operator_stack

# Visitors get 401 with a way to sign in.
expect_eq "anonymous: 401" 401 "$(status_of GET /audit)"
page=$(curl -sS "$STACK_URL/audit")
expect_contains "anonymous: sign-in link" "$page" 'href="/login/openid?next=%2Faudit"'
expect_not_contains "anonymous: no log" "$page" '<table class="audit">'

page=$(curl -sS -i -b "$OPERATOR_JAR" "$STACK_URL/audit")
expect_contains "empty log: 200" "$page" "200 OK"
expect_contains "empty log: says so" "$page" "Nothing has been changed yet."
expect_contains "not cached" "$page" "Cache-Control: private, no-store"

# An operator's change: the action, author, event link and what changed.
out=$(operator_post /incidents "title=Login <b>fails</b> for some" impact=minor components=1)
expect_contains "incident opened" "$out" "303 See Other"
incident=$(db "SELECT max(id) FROM incident")
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/audit")
expect_contains "operator entry: action" "$page" "<td>open incident</td>"
expect_contains "operator entry: author and source" "$page" 'Alice Operator <span class="audit-source">(Operator)</span>'
expect_contains "operator entry: event link" "$page" "<a href=\"/incidents/$incident\">#$incident</a>"
expect_contains "operator entry: changes escaped" "$page" "Login &lt;b&gt;fails&lt;/b&gt; for some"
expect_not_contains "operator entry: no raw markup" "$page" "<b>fails</b>"
expect_not_contains "no longer empty" "$page" "Nothing has been changed yet."

# A write of the monitoring API, with the token's author and the body; a
# second later, so that it is the newer entry (times are to the second).
sleep 1.1
token=$("$BIN_DIR/sdb-admin" token zabbix)
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$STACK_URL/v1/component_status" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  --data-binary '{"name":"Component11","impact":2,"attributes":[{"name":"region","value":"Region1"}]}')
expect_eq "API write accepted" 201 "$code"
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/audit")
expect_contains "API entry: author and source" "$page" 'zabbix <span class="audit-source">(API)</span>'
expect_contains "API entry: method and path" "$page" "<td>POST /v1/component_status</td>"
expect_contains "API entry: body" "$page" "&quot;impact&quot;:2"
api_at=$(printf '%s' "$page" | grep -n "POST /v1/component_status" | head -1 | cut -d: -f1)
op_at=$(printf '%s' "$page" | grep -n "<td>open incident</td>" | head -1 | cut -d: -f1)
check "newest first (the API write above the older change)" test "$api_at" -lt "$op_at"

# Paging: 100 entries a page (the two above and bulk entries 120..23),
# then a link to the older ones (22..1).
db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
    INSERT INTO operator_audit (at, author, account, action, incident_id, changes)
    SELECT printf('2020-01-01 00:%02d:%02d', i / 60, i % 60), 'Bulk Op', 'openid:bulk',
           'post update', $incident, 'entry ' || i FROM n"
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/audit")
expect_eq "first page holds 100 entries" 100 "$(printf '%s' "$page" | grep -c '<td><time datetime=')"
expect_eq "first page: link to older" 'href="/audit?before=2020-01-01+00%3A00%3A23"' \
  "$(printf '%s' "$page" | grep -o 'href="/audit?before=[^"]*"')"
older=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/audit?before=2020-01-01+00%3A00%3A23")
expect_eq "older page: the 22 left" 22 "$(printf '%s' "$older" | grep -c '<td><time datetime=')"
expect_contains "older page: the oldest entry" "$older" "entry 1<"
expect_not_contains "older page: no further link" "$older" "Older entries"

# Bad input: a clear 400, nothing shown.
expect_eq "before not a time: 400" 400 "$(status_of GET '/audit?before=yesterday' -b "$OPERATOR_JAR")"
out=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/audit?before=2020-13-45%2099%3A00%3A00")
expect_contains "impossible time: says what is expected" "$out" "must be a time such as"

finish
