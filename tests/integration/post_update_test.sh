#!/usr/bin/env bash
# Operator updates (POST /incidents/<id>/updates) and separation (POST
# /incidents/<id>/separate) through nginx with a real sign-in: the form on
# the incident page, every rule for statuses, impacts and times (422,
# nothing written), stale forms (409), and what each status does.
source "$(dirname "$0")/lib.sh"
start_operator_stack

# version ID: the form version the incident page shows alice now.
version() {
  curl -sS -b "$OPERATOR_JAR" "$STACK_URL/incidents/$1" |
    grep -o 'name="version" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'
}
update() {  # ID FIELD=VALUE...: posts an update with the current version
  local id=$1
  shift
  operator_post "/incidents/$id/updates" "version=$(version "$id")" "$@"
}
invalid() {  # NAME ID FIELD MESSAGE FIELD=VALUE...
  local name=$1 id=$2 field=$3 message=$4 out
  shift 4
  out=$(update "$id" "$@")
  expect_contains "$name: 422" "$out" "422 Unprocessable Entity"
  expect_contains "$name: message at the field" "$out" "<p class=\"field-error\" id=\"error-$field\">$message"
}
updates() { db "SELECT count(*) FROM incident_status WHERE incident_id = $1"; }

operator_post /incidents "title=Database is slow" impact=minor components=1 components=2 \
  "start=$(local_time -3600)" >/dev/null
id=$(db "SELECT max(id) FROM incident")

# Visitors see no form and cannot post.
expect_not_contains "visitor: no update form" "$(fetch GET /incidents/$id)" "update-form"
expect_eq "anonymous update: 401" 401 "$(curl -sS -o /dev/null -w '%{http_code}' --data 'message=hello+world+again' "$STACK_URL/incidents/$id/updates")"
expect_eq "GET on the update address: 405" 405 "$(curl -sS -o /dev/null -w '%{http_code}' -b "$OPERATOR_JAR" "$STACK_URL/incidents/$id/updates")"

# Operators see the form with the open incident's statuses.
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/incidents/$id")
expect_contains "operator: update form" "$page" "<form class=\"operator-form update-form\" method=\"post\" action=\"/incidents/$id/updates\">"
expect_contains "operator: incident statuses" "$page" "<option>analyzing</option>"
expect_contains "operator: resolved offered" "$page" "<option>resolved</option>"
expect_not_contains "operator: no maintenance statuses" "$page" "<option>completed</option>"
expect_not_contains "operator: no maintenance impact" "$page" '<option value="maintenance"'
expect_contains "operator: separate buttons" "$page" "Separate Component12 (Region1)"
# The default update time is to the second (a form shown at hh:mm:59 and
# sent a moment later must not land before an update made that minute).
check "operator: default update time has seconds" \
  grep -qE 'name="date" type="datetime-local" step="1" value="[0-9-]{10}T[0-9]{2}:[0-9]{2}:[0-9]{2}"' <(printf '%s' "$page")

# Validation.
before=$(updates "$id")
invalid "short message" "$id" message "The message needs 10 to 2000 characters; it has 5." message=short status=analyzing
invalid "long message" "$id" message "The message needs 10 to 2000 characters; it has 2001." "message=$(printf 'm%.0s' $(seq 1 2001))" status=analyzing
invalid "status of another kind" "$id" status "Choose one of: analyzing" "message=Looking into it now" status=completed
invalid "maintenance impact on an incident" "$id" impact "Choose minor, major or outage: an incident cannot become a maintenance." \
  "message=Looking into it now" status=analyzing impact=maintenance
invalid "impact changed without a change" "$id" impact "Choose the new impact: it is minor now." \
  "message=Looking into it now" "status=impact changed" impact=minor
invalid "update in the future" "$id" date "An update cannot be in the future." \
  "message=Looking into it now" status=analyzing "date=$(local_time 7200)"
invalid "update before the start" "$id" date "The update cannot be before the start" \
  "message=Looking into it now" status=analyzing "date=$(local_time -7200)"
invalid "short title" "$id" title "The title needs 8 to 200 characters" \
  "message=Looking into it now" status=analyzing title=Slow
expect_eq "invalid updates wrote nothing" "$before" "$(updates "$id")"
out=$(update "$id" "message=short" status=fixing)
expect_contains "invalid: input kept" "$out" "<option selected>fixing</option>"

# Stale form: the incident changed after the page was shown.
stale=$(version "$id")
update "$id" "message=We are analyzing the database" status=analyzing "date=$(local_time -1800)" >/dev/null
out=$(operator_post "/incidents/$id/updates" "version=$stale" "message=Stale words kept here" status=fixing)
expect_contains "stale form: 409" "$out" "409 Conflict"
expect_contains "stale form: explained" "$out" "This incident changed since you opened the page"
expect_contains "stale form: words kept" "$out" "Stale words kept here"
expect_eq "stale form: nothing written" 1 "$(db "SELECT count(*) FROM incident_status WHERE incident_id = $id AND status = 'analyzing'")"
invalid "update before an earlier one" "$id" date "The update must come after the latest one" \
  "message=Fixing the database now" status=fixing "date=$(local_time -2400)"

# analyzing -> fixing (impact up, new title) -> separate -> resolved.
out=$(update "$id" "message=Fixing the database now" status=fixing impact=major "title=Database is very slow")
expect_contains "fixing: 303 back" "$out" "Location: /incidents/$id"
expect_eq "fixing: incident fields" "Database is very slow|2|fixing|0" \
  "$(db "SELECT text, impact, status, system FROM incident WHERE id = $id")"
expect_eq "fixing: author recorded" "Alice Operator" \
  "$(db "SELECT author FROM incident_status WHERE incident_id = $id AND status = 'fixing'")"
expect_contains "audit: impact change" "$(db "SELECT changes FROM operator_audit WHERE incident_id = $id AND action = 'post update'")" "impact: minor -> major"

out=$(operator_post "/incidents/$id/separate" "version=$(version "$id")" component=2)
new=$(db "SELECT max(id) FROM incident")
expect_contains "separate: 303 to the new incident" "$out" "Location: /incidents/$new"
expect_eq "separate: new incident" "Database is very slow (Component12)|2|2" \
  "$(db "SELECT text, impact, (SELECT group_concat(component_id) FROM incident_component_relation WHERE incident_id = $new) FROM incident WHERE id = $new")"
expect_eq "separate: old keeps the rest" "1" \
  "$(db "SELECT group_concat(component_id) FROM incident_component_relation WHERE incident_id = $id")"
expect_eq "separate: cross-linked" "$new|$id" \
  "$(db "SELECT (SELECT related_incident_id FROM incident_status WHERE incident_id = $id AND related_incident_id IS NOT NULL), (SELECT related_incident_id FROM incident_status WHERE incident_id = $new)")"
out=$(operator_post "/incidents/$id/separate" "version=$(version "$id")" component=1)
expect_contains "separate the only component: 422" "$out" "422 Unprocessable Entity"
expect_contains "separate the only component: explained" "$out" "only component cannot be separated"
expect_eq "separate without a token: 403" 403 "$(curl -sS -o /dev/null -w '%{http_code}' -b "$OPERATOR_JAR" -H "Origin: $STACK_URL" --data "component=1&version=x" "$STACK_URL/incidents/$id/separate")"

out=$(update "$id" "message=The database is fine again" status=resolved)
expect_eq "resolved: end set" "resolved|1" "$(db "SELECT status, end_date IS NOT NULL FROM incident WHERE id = $id")"
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/incidents/$id")
expect_contains "resolved: reopened offered" "$page" "<option>reopened</option>"
expect_not_contains "resolved: no separate" "$page" "separate-form"
invalid "changed without an end" "$id" end "Enter the corrected end." "message=Correcting the end time" status=changed
invalid "changed end before the start" "$id" end "The end cannot be before the start" \
  "message=Correcting the end time" status=changed "end=$(local_time -7200)"
update "$id" "message=Correcting the end time" status=changed "end=$(local_time -600)" >/dev/null
expect_eq "changed: end moved" "$(date -u -d '-600 sec' +'%Y-%m-%d %H:%M')" "$(db "SELECT substr(end_date, 1, 16) FROM incident WHERE id = $id")"
update "$id" "message=It is slow again sadly" status=reopened >/dev/null
expect_eq "reopened: end cleared" "reopened|0" "$(db "SELECT status, end_date IS NOT NULL FROM incident WHERE id = $id")"

# A system incident becomes a user one with a human update.
db "UPDATE incident SET system = 1 WHERE id = $new"
update "$new" "message=Taking over from monitoring" status=observing >/dev/null
expect_eq "human update: system -> user" 0 "$(db "SELECT system FROM incident WHERE id = $new")"

# Maintenances: in progress, modified, completed.
operator_post /incidents "title=Planned upgrade" impact=maintenance components=5 \
  "start=$(local_time 3600)" "end=$(local_time 7200)" >/dev/null
m=$(db "SELECT max(id) FROM incident")
page=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/incidents/$m")
expect_contains "maintenance: its statuses" "$page" "<option>in progress</option>"
invalid "in progress before the start" "$m" date "The update cannot be before the start" \
  "message=Starting the upgrade" "status=in progress"
invalid "modified with nothing" "$m" start "Enter the new start, the new end, or both." "message=Moving the window" status=modified
invalid "modified end before start" "$m" end "The start must come before the end" \
  "message=Moving the window" status=modified "end=$(local_time 1800)"
update "$m" "message=Moving the window earlier" status=modified "start=$(local_time -1200)" >/dev/null
expect_eq "modified: start moved" "$(date -u -d '-1200 sec' +'%Y-%m-%d %H:%M')" "$(db "SELECT substr(start_date, 1, 16) FROM incident WHERE id = $m")"
update "$m" "message=Upgrade is under way" "status=in progress" >/dev/null
expect_eq "in progress: written" 1 "$(db "SELECT count(*) FROM incident_status WHERE incident_id = $m AND status = 'in progress'")"
invalid "modified start after work began" "$m" start "Work was reported in progress at" \
  "message=Moving the window" status=modified "start=$(local_time 1800)"
update "$m" "message=Upgrade is finished" status=completed >/dev/null
expect_eq "completed: end set to the update time" "completed|1" \
  "$(db "SELECT status, end_date <= datetime('now') FROM incident WHERE id = $m")"

expect_contains "board: the reopened incident" "$(fetch GET /)" "Database is very slow"
finish
