#!/usr/bin/env bash
# The operators' subscriptions page (/subscriptions) through nginx with a
# real sign-in: operators only, registering webhook endpoints (validation,
# the server-side request forgery policy, 422 with the input kept),
# pausing, resuming and deleting them, subscriber counts, and every change
# in the audit log.
source "$(dirname "$0")/lib.sh"
# Loopback endpoints are refused unless the settings allow them: this stack
# keeps the default (https only, no private addresses).
start_operator_stack
hooks() { db "SELECT count(*) FROM subscriber WHERE channel = 'webhook'"; }

expect_eq "anonymous GET: 401" 401 "$(status_of GET /subscriptions)"
expect_eq "anonymous POST: 401" 401 "$(curl -sS -o /dev/null -w '%{http_code}' --data 'action=add&url=https://example.com/' "$STACK_URL/subscriptions")"

page=$(curl -sS -i -b "$OPERATOR_JAR" "$STACK_URL/subscriptions")
expect_contains "page: 200" "$page" "200 OK"
expect_contains "page: not cached" "$page" "Cache-Control: private, no-store"
expect_contains "page: no endpoint yet" "$page" "No webhook endpoint is registered."
expect_contains "page: the add form" "$page" '<input type="hidden" name="action" value="add">'
expect_contains "page: scope choice" "$page" 'name="scope" value="regions"'
expect_contains "page: region pick" "$page" 'name="regions" value="Region1"'
expect_contains "page: component pick" "$page" 'name="components" value="1"> Component11 (Region1)'
expect_contains "page: formats" "$page" '<option value="slack">'
expect_contains "page: the URL rule" "$page" "An https:// address on the Internet"
expect_contains "page: linked from the operator's header" "$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/history")" 'href="/subscriptions"'

# Validation: 422, input kept, nothing written.
invalid() {  # NAME FIELD MESSAGE FIELD=VALUE...
  local name=$1 field=$2 message=$3 out
  shift 3
  out=$(operator_post /subscriptions action=add "$@")
  expect_contains "$name: 422" "$out" "422 Unprocessable Entity"
  expect_contains "$name: message at the field" "$out" "id=\"error-$field\">$message"
}
invalid "no URL" url "Enter the endpoint" format=json scope=all incidents=1
invalid "http refused" url "" url=http://example.com/hook format=json scope=all incidents=1
invalid "loopback refused (SSRF)" url "" url=https://127.0.0.1/hook format=json scope=all incidents=1
invalid "private address refused" url "" url=https://10.1.2.3/hook format=json scope=all incidents=1
invalid "userinfo refused" url "" url=https://user:pw@example.com/hook format=json scope=all incidents=1
invalid "unknown format" format "Choose the generic JSON or Slack format." url=https://example.com/hook format=xml scope=all incidents=1
invalid "no kind" kinds "Choose incidents, maintenance or both." url=https://example.com/hook format=json scope=all
invalid "regions without a region" scope "Choose at least one region." url=https://example.com/hook format=json scope=regions incidents=1
invalid "unknown region" scope "&quot;Mars&quot; is not a region of this dashboard." url=https://example.com/hook format=json scope=regions regions=Mars incidents=1
invalid "unknown component" scope "&quot;999&quot; is not a component of this dashboard." url=https://example.com/hook format=json scope=components components=999 incidents=1
out=$(operator_post /subscriptions action=add url=http://example.com/kept format=slack scope=components components=3 maintenance=1)
expect_contains "invalid: URL kept" "$out" 'value="http://example.com/kept"'
expect_contains "invalid: format kept" "$out" '<option value="slack" selected>'
expect_contains "invalid: component kept" "$out" 'value="3" checked'
expect_eq "nothing was registered" 0 "$(hooks)"

# Without the form token: refused by the frame, nothing written.
code=$(curl -sS -o /dev/null -w '%{http_code}' -b "$OPERATOR_JAR" -H "Origin: $STACK_URL" \
  --data 'action=add&url=https://example.com/x&format=json&scope=all&incidents=1' "$STACK_URL/subscriptions")
expect_eq "no CSRF token: 403" 403 "$code"
expect_eq "no CSRF token: nothing registered" 0 "$(hooks)"

# A public endpoint by IP literal (no DNS needed on this machine).
out=$(operator_post /subscriptions action=add url=https://93.184.215.14/hooks/status format=slack \
  scope=regions regions=Region2 incidents=1 maintenance=1)
expect_contains "add: 303 back" "$out" "303 See Other"
expect_eq "add: one endpoint" 1 "$(hooks)"
expect_eq "add: stored" "https://93.184.215.14/hooks/status|slack|regions|1|1|Alice Operator" \
  "$(db "SELECT address, format, scope, incidents, maintenance, created_by FROM subscriber WHERE channel = 'webhook'")"
expect_eq "add: its region" "Region2" "$(db "SELECT region FROM subscriber_region")"
secret=$(db "SELECT secret FROM subscriber WHERE channel = 'webhook'")
check "add: a random signing secret" test "${#secret}" -ge 40
id=$(db "SELECT id FROM subscriber WHERE channel = 'webhook'")
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/subscriptions?done=added")
expect_contains "list: the notice" "$page" "The endpoint was added."
expect_contains "list: the endpoint" "$page" "<code>https://93.184.215.14/hooks/status</code>"
expect_contains "list: its secret for the receiver" "$page" "<code>$secret</code>"
expect_contains "list: its scope" "$page" "Incidents and maintenance, region Region2"
expect_contains "list: active" "$page" "Active"
expect_contains "list: never delivered" "$page" "none yet"
expect_contains "audit: added" "$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/audit")" "add webhook"

out=$(operator_post /subscriptions action=pause "id=$id")
expect_contains "pause: 303" "$out" "303 See Other"
expect_eq "pause: stored" "paused by Alice Operator" "$(db "SELECT pause_reason FROM subscriber WHERE id = $id")"
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/subscriptions")
expect_contains "paused: shown" "$page" "<strong>Paused</strong>"
expect_contains "paused: resume button" "$page" 'value="resume">Resume</button>'
operator_post /subscriptions action=resume "id=$id" >/dev/null
expect_eq "resume: active again" "" "$(db "SELECT paused_at FROM subscriber WHERE id = $id")"
expect_contains "unknown endpoint: 404" "$(operator_post /subscriptions action=pause id=999)" "404 Not Found"
expect_contains "bad id: 400" "$(operator_post /subscriptions action=delete id=x)" "400 Bad Request"
expect_contains "unknown action: 400" "$(operator_post /subscriptions action=explode id=1)" "400 Bad Request"
operator_post /subscriptions action=delete "id=$id" >/dev/null
expect_eq "delete: gone" 0 "$(hooks)"
audit=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/audit")
expect_contains "audit: paused" "$audit" "pause webhook"
expect_contains "audit: resumed" "$audit" "resume webhook"
expect_contains "audit: deleted" "$audit" "delete webhook"
expect_not_contains "audit: no incident link for endpoint changes" "$audit" 'href="/incidents/0"'

# Counts of email subscribers by scope.
db "INSERT INTO subscriber (channel, address, format, incidents, maintenance, scope, secret) VALUES
  ('email', 'a@example.com', 'email', 1, 1, 'all', 'n1'),
  ('email', 'b@example.com', 'email', 1, 0, 'regions', 'n2'),
  ('email', 'c@example.com', 'email', 0, 1, 'components', 'n3');
  INSERT INTO subscriber_region VALUES ((SELECT id FROM subscriber WHERE address = 'b@example.com'), 'Region1');"
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/subscriptions")
expect_contains "counts: total" "$page" "3 confirmed address(es)"
expect_contains "counts: whole page" "$page" "<tr><td>The whole page</td><td>1</td></tr>"
expect_contains "counts: chosen regions" "$page" "<tr><td>Chosen regions</td><td>1</td></tr>"
expect_contains "counts: a region" "$page" "<tr><td>… of them region Region1</td><td>1</td></tr>"
expect_contains "counts: components" "$page" "<tr><td>Chosen components</td><td>1</td></tr>"
finish
