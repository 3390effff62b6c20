#!/usr/bin/env bash
# The "Open incident" form (GET/POST /incidents) through nginx with a real
# sign-in: operators only, every validation rule (422, input kept, nothing
# written), the CSRF check, and what a new incident does to the others.
source "$(dirname "$0")/lib.sh"
start_operator_stack
count() { db "SELECT count(*) FROM incident"; }

# Visitors get 401 with a way to sign in, for the page and the POST.
page=$(curl -sS -i "$STACK_URL/incidents")
expect_contains "anonymous GET /incidents: 401" "$page" "401 Unauthorized"
expect_contains "anonymous: sign-in link" "$page" 'href="/login/openid?next=%2Fincidents"'
expect_eq "anonymous POST: 401" 401 "$(curl -sS -o /dev/null -w '%{http_code}' --data 'title=Something+broken' "$STACK_URL/incidents")"

# The form: components grouped by region and category, impacts, zones.
page=$(curl -sS -i -b "$OPERATOR_JAR" "$STACK_URL/incidents")
expect_contains "form: 200" "$page" "200 OK"
expect_contains "form: posts to /incidents" "$page" '<form class="operator-form open-incident-form" method="post" action="/incidents">'
expect_contains "form: carries the token" "$page" "name=\"csrf_token\" value=\"$CSRF\""
expect_contains "form: component checkbox" "$page" 'name="components" value="1"> Component11 (Region1)'
expect_contains "form: region group" "$page" '<legend>Region2</legend>'
expect_contains "form: category group" "$page" '<h3>Cat2</h3>'
expect_contains "form: impact choice" "$page" '<option value="outage">'
expect_contains "form: datetime-local start" "$page" 'name="start" type="datetime-local"'
expect_contains "form: zone choice" "$page" '<option selected>UTC</option>'
expect_contains "form: not cached" "$page" "Cache-Control: private, no-store"

# Validation: each rule refuses with 422, keeps the input, writes nothing.
before=$(count); generation=$(db "SELECT generation FROM data_generation")
invalid() {  # NAME FIELD MESSAGE FIELD=VALUE...
  local name=$1 field=$2 message=$3 out
  shift 3
  out=$(operator_post /incidents "$@")
  expect_contains "$name: 422" "$out" "422 Unprocessable Entity"
  expect_contains "$name: message at the field" "$out" "<p class=\"field-error\" id=\"error-$field\">$message"
}
invalid "short title" title "The title needs 8 to 200 characters; it has 5." \
  title=Short impact=minor components=1
invalid "title with a line break" title "The title is one line: remove its line breaks, tabs and other control characters." \
  "title=Compute is
slow" impact=minor components=1
invalid "title with a TAB" title "The title is one line" "title=Compute	is slow" impact=minor components=1
out=$(operator_post /incidents title=Short impact=minor components=1 components=3)
expect_contains "invalid: title kept" "$out" 'value="Short"'
expect_contains "invalid: components kept" "$out" 'value="3" checked'
invalid "long title" title "The title needs 8 to 200 characters; it has 201." \
  "title=$(printf 'x%.0s' $(seq 1 201))" impact=minor components=1
invalid "unknown impact" impact "Choose the impact" title="Database is slow" impact=severe components=1
invalid "no component" components "Choose at least one affected component." title="Database is slow" impact=minor
invalid "unknown component" components "&quot;999&quot; is not a component" title="Database is slow" impact=minor components=999
invalid "incident in the future" start "An incident cannot start in the future" \
  title="Database is slow" impact=minor components=1 "start=$(local_time 7200)"
invalid "incident with an end" end "An incident ends with a" \
  title="Database is slow" impact=minor components=1 "end=$(local_time -60)"
invalid "malformed time" start "Enter a date and time such as" \
  title="Database is slow" impact=minor components=1 "start=yesterday"
invalid "maintenance without end" end "A maintenance needs its planned end." \
  title="Planned upgrade" impact=maintenance components=1 "start=$(local_time 3600)"
invalid "maintenance ending before it starts" end "The end must come after the start" \
  title="Planned upgrade" impact=maintenance components=1 "start=$(local_time 7200)" "end=$(local_time 3600)"
invalid "long description" description "The description may have up to 1500 characters; it has 1501." \
  title="Planned upgrade" impact=maintenance components=1 "start=$(local_time 3600)" "end=$(local_time 7200)" \
  "description=$(printf 'd%.0s' $(seq 1 1501))"
invalid "unknown zone" timezone "&quot;Mars/Olympus&quot; is not a time zone" title="Database is slow" impact=minor components=1 timezone=Mars/Olympus
expect_eq "invalid forms wrote nothing" "$before" "$(count)"
expect_eq "invalid forms left the generation" "$generation" "$(db "SELECT generation FROM data_generation")"

# CSRF: without the token, or from another site, nothing happens.
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$OPERATOR_JAR" -H "Origin: $STACK_URL" \
  --data 'title=Database+is+slow&impact=minor&components=1' "$STACK_URL/incidents")
expect_eq "POST without CSRF token: 403" 403 "$status"
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$OPERATOR_JAR" -H "Origin: http://evil.example" \
  --data "csrf_token=$CSRF&title=Database+is+slow&impact=minor&components=1" "$STACK_URL/incidents")
expect_eq "POST from another origin: 403" 403 "$status"
expect_eq "refused POSTs wrote nothing" "$before" "$(count)"

# An incident for two components: 303 to the board, written in full.
out=$(operator_post /incidents "title=Database is slow" impact=minor components=1 components=2 timezone=Europe/Berlin)
expect_contains "incident: 303 to the board" "$out" "Location: /"
first=$(db "SELECT max(id) FROM incident")
expect_eq "incident row" "Database is slow|1|0|incident|" \
  "$(db "SELECT text, impact, system, type, coalesce(end_date, '') FROM incident WHERE id = $first")"
expect_eq "incident components" "1,2" "$(db "SELECT group_concat(component_id) FROM (SELECT component_id FROM incident_component_relation WHERE incident_id = $first ORDER BY 1)")"
expect_contains "audit: the change and its author" \
  "$(db "SELECT author || '|' || account || '|' || action || '|' || changes FROM operator_audit WHERE incident_id = $first")" \
  "Alice Operator|openid:alice|open incident|title: Database is slow"
expect_contains "board shows it" "$(fetch GET /)" "Database is slow"

# A start typed in another zone is stored in UTC.
berlin=$(TZ=Europe/Berlin date -d '-30 min' +%Y-%m-%dT%H:%M)
out=$(operator_post /incidents "title=Network flapping" impact=major components=7 "start=$berlin" timezone=Europe/Berlin)
expect_eq "zone: start stored in UTC" "$(date -u -d '-30 min' +'%Y-%m-%d %H:%M')" \
  "$(db "SELECT substr(start_date, 1, 16) FROM incident WHERE text = 'Network flapping'")"

# A new incident takes its components from the open incidents: both sides
# get "moved" updates, and an incident left empty is closed.
out=$(operator_post /incidents "title=Storage outage" impact=outage components=2 components=7)
second=$(db "SELECT max(id) FROM incident")
flap=$(db "SELECT id FROM incident WHERE text = 'Network flapping'")
expect_eq "moved: component 2 left the first incident" "1" \
  "$(db "SELECT group_concat(component_id) FROM incident_component_relation WHERE incident_id = $first")"
expect_contains "moved: update on the old incident" \
  "$(db "SELECT text FROM incident_status WHERE incident_id = $first")" "Component12 (Region1, Cat1) moved to <a href='/incidents/$second'>Storage outage</a>"
expect_contains "moved: update on the new incident" \
  "$(db "SELECT group_concat(text, '|') FROM incident_status WHERE incident_id = $second")" "moved from <a href='/incidents/$first'>Database is slow</a>"
expect_eq "emptied incident is closed" "resolved|1" \
  "$(db "SELECT status, end_date IS NOT NULL FROM incident WHERE id = $flap")"
expect_contains "emptied incident: closing update" \
  "$(db "SELECT text FROM incident_status WHERE incident_id = $flap")" "Incident closed by system"
expect_eq "moves are linked" "$second" "$(db "SELECT related_incident_id FROM incident_status WHERE incident_id = $first")"

# A maintenance (future) does not move components: 303 to its page.
out=$(operator_post /incidents "title=Planned upgrade" impact=maintenance components=1 \
  "start=$(local_time 3600)" "end=$(local_time 7200)" "description=Line one
Line two")
maint=$(db "SELECT max(id) FROM incident")
expect_contains "maintenance: 303 to its page" "$out" "Location: /incidents/$maint"
expect_eq "maintenance row" "maintenance|0|planned|Line one
Line two" "$(db "SELECT type, impact, status, description FROM incident WHERE id = $maint")"
expect_eq "maintenance moved nothing" "1" \
  "$(db "SELECT group_concat(component_id) FROM incident_component_relation WHERE incident_id = $first")"
expect_contains "audit: maintenance" "$(db "SELECT action FROM operator_audit WHERE incident_id = $maint")" "schedule maintenance"

finish
