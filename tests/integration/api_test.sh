#!/usr/bin/env bash
# api: the monitoring API through real nginx + the api program, v1 and v2,
# with the exact requests of stackmon's metrics-processor.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=dev
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"

# The token metrics-processor builds for the secret "dev" (contract 1.3).
MP_TOKEN=eyJhbGciOiJIUzI1NiJ9.eyJzdGFja21vbiI6ImR1bW15In0.sGIFMtllH4yK0j3dNVG38EWB3PkeB57BR2vetuBhJl0

q() { sqlite3 "$STACK_DB" "$1"; }
# Everything a write could change, for "nothing written" checks.
rows() { q "SELECT (SELECT count(*) FROM incident), (SELECT count(*) FROM incident_component_relation),
            (SELECT count(*) FROM incident_status), (SELECT generation FROM data_generation),
            (SELECT count(*) FROM api_audit)"; }
id_of() { q "SELECT id FROM component WHERE name = '$1'"; }

# call METHOD PATH [curl args...]: prints the status code; the body is in
# $TMP/b (read with `body`), the headers in $TMP/h (read with `headers`).
call() { curl -sS -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' -X "$1" "$STACK_URL$2" "${@:3}"; }
body() { cat "$TMP/b"; }
headers() { tr -d '\r' < "$TMP/h"; }
# jbody [FILTER]: the body as sorted compact JSON through jq.
jbody() { jq -cS "${1:-.}" "$TMP/b" 2>/dev/null || echo "not JSON: $(body)"; }
# post PATH JSON [TOKEN]: a JSON POST with a bearer token (default MP's).
post() { call POST "$1" -H 'Content-Type: application/json' -H "Authorization: Bearer ${3-$MP_TOKEN}" --data-binary "$2"; }
mp_v1() { # COMPONENT IMPACT [PATH]: metrics-processor's V1 request, byte for byte
  post "${3:-/v1/component_status}" "{\"name\":\"$1\",\"impact\":$2,\"attributes\":[{\"name\":\"region\",\"value\":\"Region1\"}]}"
}

# --- startup: no secret, no API
out=$(env -u SDB_SECRET_KEY SDB_CONFIG="" SDB_DATABASE="$STACK_DB" SDB_CACHE_TYPE=none SDB_TEMPLATE_DIR="$PROJECT_ROOT/templates" \
      REQUEST_METHOD=GET DOCUMENT_URI=/v1/incidents "$BIN_DIR/api" 2>&1 >/dev/null); rc=$?
expect_eq "api without SDB_SECRET_KEY exits 1" 1 "$rc"
expect_contains "api without SDB_SECRET_KEY says why" "$out" "SDB_SECRET_KEY is not set"
expect_contains "dev stack prints the secret" "$(cat "$TMP/devstack.log")" "API secret (SDB_SECRET_KEY): dev"
printed=$(sed -n 's/^API token: //p' "$TMP/devstack.log")
expect_eq "dev stack prints a working token" 422 "$(post /v1/component_status '{}' "$printed")"
check "environment secret: no RUNDIR/secret written" test ! -e "$STACK_RUN/secret"

# --- v1 GET component_status
for prefix in /api/v1 /v1; do
  expect_eq "GET $prefix/component_status is 200" 200 "$(call GET $prefix/component_status)"
  expect_eq "$prefix: all 12 components" 12 "$(jbody length)"
done
expect_eq "component keys (sorted, with incidents)" '["attributes","id","incidents","name"]' "$(jbody '.[0] | keys')"
expect_eq "attributes in order" '[{"name":"region","value":"Region1"},{"name":"category","value":"Cat1"}]' \
  "$(jbody '.[0].attributes')"
call GET '/v1/component_status?name=Component1' >/dev/null
expect_eq "name is a prefix match" '["Component11","Component12","Component13"]' "$(jbody '[.[].name]')"
call GET '/v1/component_status?name=Nothing' >/dev/null
expect_eq "no match is an empty array" '[]' "$(jbody)"
expect_eq "name + attribute: one object" 200 \
  "$(call GET '/api/v1/component_status?name=Component11&attribute_name=region&attribute_value=Region1&unknown=1')"
expect_eq "name + attribute: the component" '"Component11"' "$(jbody .name)"
expect_eq "name + unknown attribute: 404" 404 \
  "$(call GET '/v1/component_status?name=Component11&attribute_name=region&attribute_value=Region9')"
expect_eq "404 body" '{"code":404,"message":"Component does not exist","status":"Not Found"}' "$(jbody)"

# --- v1 POST: metrics-processor's V1 body (no text) creates a system incident
c11=$(id_of Component11)
expect_eq "MP V1 post: 201" 201 "$(mp_v1 Component11 2)"
first=$(jbody .id)
expect_eq "new incident: shape" '{"end_date":null,"impact":2,"text":"Incident","updates":[]}' "$(jbody 'del(.id, .start_date)')"
check "start_date is YYYY-MM-DD HH:MM" grep -qE '"start_date":"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}"' "$TMP/b"
expect_eq "stored as a system incident" "2|1|incident" "$(q "SELECT impact, system, type FROM incident WHERE id = $first")"
expect_eq "the write is in the audit log" "dummy|POST|/v1/component_status|{\"name\":\"Component11\",\"impact\":2,\"attributes\":[{\"name\":\"region\",\"value\":\"Region1\"}]}|2" \
  "$(q "SELECT author, method, path, body, changes FROM api_audit ORDER BY id DESC LIMIT 1")"
check "audit row carries nginx's request id" test -n "$(q "SELECT request_id FROM api_audit ORDER BY id DESC LIMIT 1")"
before=$(rows)
expect_eq "same status again: 409" 409 "$(mp_v1 Component11 2)"
expect_eq "409 body" "{\"details\":\"Check your request parameters\",\"existingIncidentId\":$first,\"existingIncidentTitle\":\"Incident\",\"message\":\"Incident with this the component already exists\",\"targetComponent\":\"Component11 (Region1, Cat1)\"}" "$(jbody)"
expect_eq "old MP: lower-case bearer on /api/v1: 409" 409 \
  "$(call POST /api/v1/component_status -H 'Content-Type: application/json' -H "Authorization: bearer $MP_TOKEN" \
     --data-binary '{"name":"Component11","impact":1,"attributes":[{"name":"region","value":"Region1"}]}')"
expect_eq "409s write nothing" "$before" "$(rows)"

# Joining, then escalations (d), (a), (b).
expect_eq "second component, same impact: 201" 201 "$(mp_v1 Component12 2)"
expect_eq "joined the open incident" "$first" "$(jbody .id)"
expect_eq "join update" '[{"status":"SYSTEM","text":"Component12 (Region1, Cat1) added to Incident"}]' \
  "$(jbody '[.updates[] | del(.timestamp)]')"
expect_eq "update author is the payload value" "dummy" "$(q "SELECT author FROM incident_status WHERE incident_id = $first")"
expect_eq "(d) higher impact, shared incident: 201" 201 \
  "$(post /v1/component_status '{"name":"Component11","impact":3,"text":"Outage","attributes":[{"name":"region","value":"Region1"}]}')"
outage=$(jbody .id)
expect_eq "(d) new incident titled from text" '"Outage"' "$(jbody .text)"
expect_eq "(d) moved-from update links the source" "\"Component11 (Region1, Cat1) moved from <a href='/incidents/$first'>Incident</a>\"" \
  "$(jbody '.updates[0].text')"
expect_eq "(d) component left the source" "$(id_of Component12)" \
  "$(q "SELECT group_concat(component_id) FROM incident_component_relation WHERE incident_id = $first")"
expect_eq "(a) last component moves to the outage: 201" 201 "$(mp_v1 Component12 3)"
expect_eq "(a) answers with the target" "$outage" "$(jbody .id)"
expect_eq "(a) source closed" "1" "$(q "SELECT end_date IS NOT NULL FROM incident WHERE id = $first")"
expect_eq "(a) source's last updates" "CLOSED BY SYSTEM|Component12 (Region1, Cat1) moved to <a href='/incidents/$outage'>Outage</a>" \
  "$(q "SELECT group_concat(text, '|') FROM (SELECT text FROM incident_status WHERE incident_id = $first ORDER BY id DESC LIMIT 2)")"
expect_eq "(b) new minor incident" 201 "$(mp_v1 Component13 1)"
minor=$(jbody .id)
expect_eq "(b) raised in place" 201 "$(mp_v1 Component13 2)"
expect_eq "(b) same incident, impact 2" "$minor|2" "$(jbody '"\(.id)|\(.impact)"' | tr -d '"')"
expect_eq "(b) update text" '"impact changed from minor to major"' "$(jbody '.updates[0].text')"

# A token with a subject: writes record it as their author.
zabbix=$("$BIN_DIR/sdb-admin" token zabbix)
expect_eq "sdb-admin token is accepted" 201 \
  "$(post /v1/component_status '{"name":"Component21","impact":1}' "$zabbix")"
expect_eq "sdb-admin token: escalation" 201 "$(post /v1/component_status '{"name":"Component21","impact":2}' "$zabbix")"
expect_eq "author from the token's sub" "zabbix" "$(q "SELECT author FROM incident_status ORDER BY id DESC LIMIT 1")"

# An operator's incident covers the component at an equal or higher impact.
c31=$(q "SELECT c.id FROM component c JOIN component_attribute a ON a.component_id = c.id
         WHERE c.name = 'Component31' AND a.name = 'region' AND a.value = 'Region1'")
user=$(q "INSERT INTO incident (text, impact, start_date, system) VALUES ('Operator <incident>', 2, datetime('now', '-1 hour'), 0);
          INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c31); SELECT max(id) FROM incident;")
before=$(rows)
expect_eq "user incident, equal impact: 409" 409 "$(mp_v1 Component31 2)"
expect_eq "409 names the user incident" "$user|Operator <incident>" "$(jbody '"\(.existingIncidentId)|\(.existingIncidentTitle)"' | tr -d '"')"
expect_eq "user incident, lower impact: 409" 409 "$(mp_v1 Component31 1)"
# Regression (issue 12): impact 0 in an open incident is a conflict like
# any lower impact (the seed's order), not the 400 for impact 0.
expect_eq "user incident, impact 0: 409" 409 "$(mp_v1 Component31 0)"
expect_eq "impact 0: 409 names the user incident" "$user" "$(jbody '.existingIncidentId')"
expect_eq "system incident, impact 0: 409" 409 "$(mp_v1 Component21 0)"
expect_eq "impact 0: 409 names the system incident" \
  "$(q "SELECT i.id FROM incident i JOIN incident_component_relation r ON r.incident_id = i.id
        WHERE r.component_id = $(id_of Component21) AND i.end_date IS NULL AND i.system = 1")" \
  "$(jbody '.existingIncidentId')"
expect_eq "covered reports write nothing" "$before" "$(rows)"

# An active maintenance answers with itself and writes nothing; impact 0
# elsewhere is refused.
c22=$(id_of Component22)
maint=$(q "INSERT INTO incident (text, impact, start_date, end_date, type) VALUES ('Upgrade', 0,
             datetime('now', '-1 hour'), datetime('now', '+1 hour'), 'maintenance');
           INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c22); SELECT max(id) FROM incident;")
before=$(rows)
expect_eq "in maintenance: 201" 201 "$(mp_v1 Component22 3)"
expect_eq "answers with the maintenance" "$maint|0|Upgrade" "$(jbody '"\(.id)|\(.impact)|\(.text)"' | tr -d '"')"
expect_eq "impact 0 in maintenance: 201" 201 "$(mp_v1 Component22 0)"
expect_eq "impact 0 outside maintenance: 400" 400 "$(mp_v1 Component23 0)"
expect_contains "impact 0 explained" "$(body)" "active maintenance"
expect_eq "impact 4: 400" 400 "$(mp_v1 Component23 4)"
expect_eq "impact 4 body" '{"code":400,"message":"Incident impact is not allowed by configuration","status":"Bad Request"}' "$(jbody)"
expect_eq "unknown component: 400 (the seed answered 500)" 400 "$(post /v1/component_status '{"name":"Nope","impact":2}')"
expect_eq "unknown component body" '{"code":400,"message":"Component not found","status":"Bad Request"}' "$(jbody)"
expect_eq "unknown attribute value: 400" 400 "$(post /v1/component_status '{"name":"Component23","impact":2,"attributes":[{"name":"region","value":"Region2"}]}')"

# Authentication: every refusal is 401 with WWW-Authenticate: Bearer.
b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
hs256() { # HEADER PAYLOAD SECRET
  local input; input="$(b64 "$1").$(b64 "$2")"
  printf '%s.%s' "$input" "$(printf '%s' "$input" | openssl dgst -sha256 -hmac "$3" -binary | base64 -w0 | tr '+/' '-_' | tr -d '=')"
}
now=$(date +%s)
declare -A bad=(
  [wrong-secret]=$(hs256 '{"alg":"HS256"}' '{"stackmon":"dummy"}' prod)
  [alg-none]="$(b64 '{"alg":"none"}').$(b64 '{"stackmon":"dummy"}')."
  [alg-hs512]=$(hs256 '{"alg":"HS512"}' '{"stackmon":"dummy"}' dev)
  [expired]=$(hs256 '{"alg":"HS256"}' "{\"stackmon\":\"dummy\",\"exp\":$((now - 10))}" dev)
  [not-yet]=$(hs256 '{"alg":"HS256"}' "{\"stackmon\":\"dummy\",\"nbf\":$((now + 3600))}" dev)
  [no-key]=$(hs256 '{"alg":"HS256"}' '{"status_dashboard":"dummy"}' dev)
  [false-key]=$(hs256 '{"alg":"HS256"}' '{"stackmon":false}' dev)
  [garbage]=garbage
)
before=$(rows)
for name in "${!bad[@]}"; do
  expect_eq "401 for $name token" 401 "$(post /v1/component_status '{"name":"Component23","impact":2}' "${bad[$name]}")"
done
expect_eq "valid exp accepted" 409 "$(post /v1/component_status '{"name":"Component11","impact":1}' \
  "$(hs256 '{"alg":"HS256","typ":"JWT"}' "{\"stackmon\":\"dummy\",\"exp\":$((now + 600))}" dev)")"
expect_eq "no Authorization: 401" 401 "$(call POST /v1/component_status -H 'Content-Type: application/json' --data-binary '{"name":"Component23","impact":2}')"
expect_contains "401 has WWW-Authenticate: Bearer" "$(headers)" 'WWW-Authenticate: Bearer realm="Authentication Required"'
expect_eq "401 body is the seed's" "Unauthorized Access" "$(body)"
expect_eq "Basic scheme: 401" 401 "$(call POST /v1/component_status -H 'Content-Type: application/json' -H 'Authorization: Basic ZGV2OmRldg==' --data-binary '{"name":"Component23","impact":2}')"
expect_eq "refused tokens write nothing" "$before" "$(rows)"

# Bad input: 422 (before authentication), 400, 413, 404, 405.
expect_eq "missing impact, no token: 422 before 401" 422 \
  "$(call POST /v1/component_status -H 'Content-Type: application/json' --data-binary '{"name":"Component23"}')"
expect_eq "422 body" '{"code":422,"errors":{"json":{"impact":["Missing data for required field."]}},"status":"Unprocessable Entity"}' "$(jbody)"
expect_eq "unknown field and wrong types: 422" 422 \
  "$(post /v1/component_status '{"name":5,"impact":"high","colour":"red","attributes":[{"name":"region"}]}')"
expect_eq "422 names every field" '{"attributes":{"0":{"value":["Missing data for required field."]}},"colour":["Unknown field."],"impact":["Not a valid integer."],"name":["Not a valid string."]}' \
  "$(jbody .errors.json)"
expect_eq "not a JSON object: 422" 422 "$(post /v1/component_status '[1,2]')"
expect_eq "form-encoded body: 422 (parsed as missing)" 422 \
  "$(call POST /v1/component_status -H "Authorization: Bearer $MP_TOKEN" --data 'name=Component23&impact=2')"
expect_eq "invalid JSON: 400" 400 "$(post /v1/component_status '{"name": "Component23", "impact": 2')"
expect_eq "invalid JSON body" '{"code":400,"errors":{"json":["Invalid JSON body."]},"status":"Bad Request"}' "$(jbody)"
expect_eq "deeply nested JSON: 400" 400 "$(post /v1/component_status "$(printf '[%.0s' $(seq 1 500))")"
head -c 70000 /dev/zero | tr '\0' ' ' > "$TMP/big.json"
expect_eq "body over the cap: 413" 413 "$(call POST /v1/component_status -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $MP_TOKEN" --data-binary @"$TMP/big.json")"
expect_eq "413 is JSON" 413 "$(jbody .code)"
expect_eq "bad input writes nothing" "$before" "$(rows)"
expect_eq "unknown route: 404" 404 "$(call GET /v1/nothing)"
expect_eq "404 is JSON" '"Not Found"' "$(jbody .status)"
expect_eq "DELETE incidents: 405" 405 "$(call DELETE /api/v1/incidents)"
expect_contains "405 Allow" "$(headers)" "Allow: GET, HEAD, OPTIONS"
expect_eq "405 is JSON" 405 "$(jbody .code)"
expect_eq "PUT component_status: 405" 405 "$(call PUT /v1/component_status)"
expect_contains "405 Allow lists GET and POST" "$(headers)" "Allow: GET, HEAD, POST, OPTIONS"
expect_eq "HEAD incidents: 200" 200 "$(curl -sS -o /dev/null -w '%{http_code}' -I "$STACK_URL/v1/incidents")"

# GET incidents: every event, maintenances too, by id.
expect_eq "GET /v1/incidents" 200 "$(call GET /v1/incidents)"
expect_eq "every incident, by id" "$(q 'SELECT group_concat(id) FROM (SELECT id FROM incident ORDER BY id)')" "$(jbody '[.[].id] | join(",")' | tr -d '"')"
expect_eq "updates newest first" "\"CLOSED BY SYSTEM\"" "$(jbody ".[] | select(.id == $first) | .updates[0].text")"
call GET "/api/v1/component_status?name=Component12&attribute_name=region&attribute_value=Region1" >/dev/null
expect_eq "component lists every incident it was in, closed ones too" "$first,$outage" "$(jbody '[.incidents[].id] | join(",")' | tr -d '"')"

# A POST shows on the board at once: the data generation moves, so the
# page cached in Redis is not used. (Distinct URLs keep nginx's microcache
# out of the way; the program's cache key only has the region.)
curl -sS -o /dev/null "$STACK_URL/?region=Region1&probe=1"
expect_contains "board page cached in Redis" "$(fetch GET '/?region=Region1&probe=2')" "X-Cache: HIT"
expect_eq "post for the board" 201 "$(post /v1/component_status '{"name":"Component23","impact":1,"text":"API <outage>"}')"
page=$(fetch GET '/?region=Region1&probe=3')
expect_contains "board shows the API incident at once" "$page" "API &lt;outage&gt;"
expect_contains "board rendered afresh" "$page" "X-Cache: MISS"

# 50 clients posting the same status at once: exactly one incident, no 5xx.
c32=$(q "SELECT c.id FROM component c JOIN component_attribute a ON a.component_id = c.id
         WHERE c.name = 'Component32' AND a.name = 'region' AND a.value = 'Region1'")
seq 1 50 | xargs -P 50 -I{} curl -sS -o /dev/null -w '%{http_code}\n' -X POST "$STACK_URL/v1/component_status" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $MP_TOKEN" \
  --data-binary '{"name":"Component32","impact":2,"attributes":[{"name":"region","value":"Region1"}]}' > "$TMP/codes"
expect_eq "50 concurrent posts: one 201, 49 409" "1 201,49 409" "$(sort "$TMP/codes" | uniq -c | awk '{print $1" "$2}' | paste -sd,)"
expect_eq "50 concurrent posts: one audited write" 1 "$(q "SELECT count(*) FROM api_audit WHERE body LIKE '%Component32%Region1%'")"
expect_eq "50 concurrent posts: one incident" 1 \
  "$(q "SELECT count(*) FROM incident_component_relation r JOIN incident i ON i.id = r.incident_id WHERE r.component_id = $c32 AND i.end_date IS NULL")"

# ============================================================ v2
# Start v2 from no open incident: close what the v1 checks left open.
q "UPDATE incident SET end_date = max(datetime('now'), start_date), status = 'resolved' WHERE end_date IS NULL"
in_region() { q "SELECT c.id FROM component c JOIN component_attribute a ON a.component_id = c.id
                 WHERE c.name = '$1' AND a.name = 'region' AND a.value = '$2' ORDER BY c.id LIMIT 1"; }
c31b=$(in_region Component31 Region2); c32b=$(in_region Component32 Region2); c33b=$(in_region Component33 Region2)
rfc() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S+00:00; }
# mp_v2 COMPONENT_ID IMPACT: metrics-processor's V2 request, byte for byte.
mp_v2() {
  post /v2/events "{\"title\":\"System incident from monitoring system\",\"description\":\"System-wide incident affecting one or multiple components. Created automatically.\",\"impact\":$2,\"components\":[$1],\"start_date\":\"$(rfc '-61 seconds')\",\"system\":true,\"type\":\"incident\"}"
}

# Components: MP reads the bare array with its token.
expect_eq "GET /v2/components with MP's token" 200 "$(call GET /v2/components -H "Authorization: Bearer $MP_TOKEN")"
expect_eq "bare array of every component" "$(q 'SELECT count(*) FROM component')" "$(jbody length)"
expect_eq "component shape" '["attributes","id","name"]' "$(jbody '.[0] | keys')"
expect_eq "GET /v2/components/ID" 200 "$(call GET /v2/components/$c31b)"
expect_eq "one component" "\"Component31|Region2\"" "$(jbody '"\(.name)|\(.attributes[] | select(.name == "region") | .value)"')"
expect_eq "unknown component: 404" 404 "$(call GET /v2/components/99999)"
expect_eq "404 errMsg" '{"errMsg":"component does not exist"}' "$(jbody)"
expect_eq "non-numeric component id: 400" 400 "$(call GET /v2/components/abc)"
new_component='{"name":"New Service","attrs":[{"name":"type","value":"new"},{"name":"region","value":"Region2"},{"name":"category","value":"Cat9"}]}'
expect_eq "POST /v2/components without token: 401" 401 "$(call POST /v2/components --data-binary "$new_component")"
expect_eq "v2 401 body" '{"errMsg":"not authenticated"}' "$(jbody)"
expect_contains "v2 401 has WWW-Authenticate: Bearer" "$(headers)" "WWW-Authenticate: Bearer"
expect_eq "POST /v2/components: 201" 201 "$(post /v2/components "$new_component")"
new_id=$(jbody .id)
expect_eq "created component" '{"attributes":[{"name":"type","value":"new"},{"name":"region","value":"Region2"},{"name":"category","value":"Cat9"}],"name":"New Service"}' "$(jbody 'del(.id)')"
before=$(rows)
expect_eq "same name and region again: 400" 400 "$(post /v2/components "$new_component")"
expect_eq "duplicate errMsg" '{"errMsg":"component already exists"}' "$(jbody)"
expect_eq "two attributes: 400" 400 "$(post /v2/components '{"name":"X","attrs":[{"name":"type","value":"x"},{"name":"region","value":"R"}]}')"
expect_contains "attrs rule named" "$(body)" '\"attrs\"'

# metrics-processor's V2 body (+00:00 start_date): a system incident, then
# idempotent repeats, escalation on a higher impact.
before=$(rows)
expect_eq "MP V2 post: 200" 200 "$(mp_v2 "$c31b" 1)"
sys=$(jbody '.result[0].incident_id')
expect_eq "MP V2 result" "{\"result\":[{\"component_id\":$c31b,\"incident_id\":$sys}]}" "$(jbody)"
expect_eq "stored: system incident, start from the request, detected" \
  "1|1|$(date -u -d '-61 seconds' '+%Y-%m-%d %H:%M')|detected|System-wide incident affecting one or multiple components. Created automatically." \
  "$(q "SELECT system, impact, substr(start_date, 1, 16), status, description FROM incident WHERE id = $sys")"
after_first=$(rows)
expect_eq "MP V2 repeat: 200" 200 "$(mp_v2 "$c31b" 1)"
expect_eq "repeat answers with the same incident" "$sys" "$(jbody '.result[0].incident_id')"
expect_eq "repeat (Z form) too" 200 "$(post /v2/events "{\"title\":\"t\",\"impact\":1,\"components\":[$c31b],\"start_date\":\"$(date -u -d '-5 min' +%Y-%m-%dT%H:%M:%SZ)\",\"system\":true,\"type\":\"incident\"}")"
expect_eq "repeats write nothing" "$after_first" "$(rows)"
expect_eq "join: same impact, another component" 200 "$(mp_v2 "$c32b" 1)"
expect_eq "joined the same incident" "$sys" "$(jbody '.result[0].incident_id')"
expect_eq "join update" "detected|Component32 (Cat4, Region2) added to the incident by system." \
  "$(q "SELECT status || '|' || text FROM incident_status WHERE incident_id = $sys ORDER BY id DESC LIMIT 1")"
expect_eq "higher impact: 200" 200 "$(mp_v2 "$c31b" 2)"
major=$(jbody '.result[0].incident_id')
check "escalated out of the shared incident" test "$major" != "$sys"
expect_eq "escalated incident holds the component" "$c31b" "$(q "SELECT group_concat(component_id) FROM incident_component_relation WHERE incident_id = $major")"
before=$(rows)
expect_eq "lower impact after escalation: 200" 200 "$(mp_v2 "$c31b" 1)"
expect_eq "dedup returns the major incident" "$major" "$(jbody '.result[0].incident_id')"
expect_eq "dedup writes nothing" "$before" "$(rows)"

# A component in maintenance is refused per component (still 200).
maint2=$(q "INSERT INTO incident (text, impact, start_date, end_date, type, status) VALUES ('Window', 0,
              datetime('now', '-1 hour'), datetime('now', '+1 hour'), 'maintenance', 'in progress');
            INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c33b); SELECT max(id) FROM incident;")
before=$(rows)
expect_eq "system event for a component in maintenance: 200" 200 "$(mp_v2 "$c33b" 2)"
expect_eq "per-component maintenance error" "{\"result\":[{\"component_id\":$c33b,\"error\":\"event creation failed, component in maintenance\",\"incident_id\":$maint2}]}" "$(jbody)"
expect_eq "maintenance refusal writes nothing" "$before" "$(rows)"

# Bad v2 bodies: 400 naming the field, nothing written.
v2bad() { # NAME BODY EXPECTED_SUBSTRING
  expect_eq "v2 400: $1" 400 "$(post /v2/events "$2")"
  expect_contains "v2 400 explained: $1" "$(jq -r .errMsg "$TMP/b")" "$3"
}
past=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ); future=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
later=$(date -u -d '+3 hour' +%Y-%m-%dT%H:%M:%SZ)
v2bad "system maintenance" "{\"title\":\"t\",\"impact\":0,\"components\":[$c31b],\"start_date\":\"$past\",\"end_date\":\"$future\",\"system\":true,\"type\":\"maintenance\"}" "system incident must be of type 'incident'"
v2bad "unknown component" "{\"title\":\"t\",\"impact\":1,\"components\":[99999],\"start_date\":\"$past\",\"type\":\"incident\"}" "component does not exist, component_id: 99999"
v2bad "impact rule" "{\"title\":\"t\",\"impact\":1,\"components\":[$c31b],\"start_date\":\"$past\",\"end_date\":\"$future\",\"type\":\"maintenance\"}" "impact must be 0"
v2bad "incident in the future" "{\"title\":\"t\",\"impact\":1,\"components\":[$c31b],\"start_date\":\"$future\",\"type\":\"incident\"}" "future"
v2bad "incident with end_date" "{\"title\":\"t\",\"impact\":1,\"components\":[$c31b],\"start_date\":\"$past\",\"end_date\":\"$future\",\"type\":\"incident\"}" "end_date"
v2bad "maintenance without end_date" "{\"title\":\"t\",\"impact\":0,\"components\":[$c31b],\"start_date\":\"$future\",\"type\":\"maintenance\"}" "end_date"
v2bad "unknown field" "{\"title\":\"t\",\"impact\":1,\"components\":[$c31b],\"start_date\":\"$past\",\"type\":\"incident\",\"colour\":1}" '"colour"'
v2bad "impact as string" "{\"title\":\"t\",\"impact\":\"1\",\"components\":[$c31b],\"start_date\":\"$past\",\"type\":\"incident\"}" '"impact"'
v2bad "bad start_date" "{\"title\":\"t\",\"impact\":1,\"components\":[$c31b],\"start_date\":\"yesterday\",\"type\":\"incident\"}" '"start_date"'
v2bad "missing title" "{\"impact\":1,\"components\":[$c31b],\"start_date\":\"$past\",\"type\":\"incident\"}" '"title"'
v2bad "empty components" "{\"title\":\"t\",\"impact\":1,\"components\":[],\"start_date\":\"$past\",\"type\":\"incident\"}" '"components"'
v2bad "invalid JSON" '{"title":' "JSON"
expect_eq "v2 bad bodies write nothing" "$before" "$(rows)"
head -c 70000 /dev/zero | tr '\0' ' ' > "$TMP/big.json"
expect_eq "v2 body over the cap: 413" 413 "$(call POST /v2/events -H "Authorization: Bearer $MP_TOKEN" --data-binary @"$TMP/big.json")"
expect_contains "v2 413 is errMsg JSON" "$(body)" '"errMsg"'

# Regular events: a user incident takes its components out of other open
# incidents; a maintenance is planned.
expect_eq "regular incident: 200" 200 "$(post /v2/events "{\"title\":\"Operator incident\",\"description\":\"Looking\",\"impact\":3,\"components\":[$c31b,$new_id],\"start_date\":\"$past\",\"type\":\"incident\"}")"
op=$(jbody '.result[0].incident_id')
expect_eq "one result per component" "[$c31b,$new_id]" "$(jbody '[.result[].component_id]')"
expect_eq "GET /v2/events/ID" 200 "$(call GET /v2/events/$op)"
expect_eq "event shape" "{\"components\":[$c31b,$new_id],\"description\":\"Looking\",\"impact\":3,\"start_date\":\"$past\",\"status\":\"detected\",\"system\":false,\"title\":\"Operator incident\",\"type\":\"incident\"}" \
  "$(jbody 'del(.id, .updates)')"
expect_eq "first update" '{"id":0,"status":"detected","text":"The incident is detected."}' "$(jbody '.updates[0] | del(.timestamp)')"
expect_contains "moved-from update" "$(jbody '.updates[1].text')" "moved from <a href='/incidents/$major'>"
expect_eq "the emptied system incident is closed" "resolved|1" "$(q "SELECT status, end_date IS NOT NULL FROM incident WHERE id = $major")"
expect_eq "planned maintenance: 200" 200 "$(post /v2/events "{\"title\":\"Upgrade\",\"impact\":0,\"components\":[$c32b],\"start_date\":\"$future\",\"end_date\":\"$later\",\"type\":\"maintenance\"}")"
planned=$(jbody '.result[0].incident_id')
expect_eq "maintenance planned" '"planned"' "$(call GET /v2/events/$planned >/dev/null; jbody .status)"
expect_eq "open event has no end_date key" "false" "$(call GET /v2/events/$op >/dev/null; jbody 'has("end_date")')"
expect_eq "unknown event: 404" 404 "$(call GET /v2/events/99999)"
expect_eq "event 404 errMsg" '{"errMsg":"event does not exist"}' "$(jbody)"

# PATCH: status transitions per type.
patch() { call PATCH "$1" -H "Authorization: Bearer $MP_TOKEN" --data-binary "$2"; }
nowz=$(date -u +%Y-%m-%dT%H:%M:%SZ)
expect_eq "PATCH without token: 401" 401 "$(call PATCH /v2/events/$op --data-binary '{}')"
expect_eq "PATCH analysing: 200" 200 "$(patch /v2/events/$op "{\"message\":\"Looking into it\",\"status\":\"analysing\",\"update_date\":\"$nowz\"}")"
expect_eq "PATCH sets status, appends update" '"analysing|Looking into it"' "$(jbody '"\(.status)|\(.updates[-1].text)"')"
expect_eq "impact change without 'impact changed': 400" 400 "$(patch /v2/events/$op "{\"message\":\"m\",\"status\":\"fixing\",\"update_date\":\"$nowz\",\"impact\":2}")"
expect_eq "impact change with 'impact changed': 200" 200 "$(patch /v2/events/$op "{\"message\":\"m\",\"status\":\"impact changed\",\"update_date\":\"$nowz\",\"impact\":2}")"
expect_eq "impact 0 for an incident: 400" 400 "$(patch /v2/events/$op "{\"message\":\"m\",\"status\":\"impact changed\",\"update_date\":\"$nowz\",\"impact\":0}")"
expect_eq "maintenance status on an incident: 400" 400 "$(patch /v2/events/$op "{\"message\":\"m\",\"status\":\"in progress\",\"update_date\":\"$nowz\"}")"
expect_eq "missing message: 400" 400 "$(patch /v2/events/$op "{\"status\":\"fixing\",\"update_date\":\"$nowz\"}")"
expect_eq "resolved: 200" 200 "$(patch /v2/events/$op "{\"message\":\"Fixed\",\"status\":\"resolved\",\"update_date\":\"$nowz\"}")"
expect_eq "resolved sets end_date = update_date" "\"$nowz\"" "$(jbody .end_date)"
expect_eq "closed incident refuses 'fixing'" 400 "$(patch /v2/events/$op "{\"message\":\"m\",\"status\":\"fixing\",\"update_date\":\"$nowz\"}")"
expect_eq "reopened: 200" 200 "$(patch /v2/events/$op "{\"message\":\"Again\",\"status\":\"reopened\",\"update_date\":\"$nowz\"}")"
expect_eq "reopened clears end_date" "false" "$(jbody 'has("end_date")')"
expect_eq "maintenance in progress: 200" 200 "$(patch /v2/events/$planned "{\"message\":\"Started\",\"status\":\"in progress\",\"update_date\":\"$nowz\"}")"
expect_eq "maintenance refuses 'resolved'" 400 "$(patch /v2/events/$planned "{\"message\":\"m\",\"status\":\"resolved\",\"update_date\":\"$nowz\"}")"
expect_eq "PATCH unknown event: 404" 404 "$(patch /v2/events/99999 "{\"message\":\"m\",\"status\":\"fixing\",\"update_date\":\"$nowz\"}")"
expect_eq "PATCH author recorded" "dummy" "$(q "SELECT author FROM incident_status WHERE incident_id = $op ORDER BY id DESC LIMIT 1")"
expect_eq "PATCH audited" "dummy|PATCH|/v2/events/$planned" "$(q "SELECT author, method, path FROM api_audit ORDER BY id DESC LIMIT 1")"

# Extract and update-text editing.
expect_eq "extract everything: 400" 400 "$(call POST /v2/events/$op/extract -H "Authorization: Bearer $MP_TOKEN" --data-binary "{\"components\":[$c31b,$new_id]}")"
expect_eq "extract a stranger: 400" 400 "$(call POST /v2/events/$op/extract -H "Authorization: Bearer $MP_TOKEN" --data-binary "{\"components\":[$c33b]}")"
expect_eq "extract one: 200" 200 "$(call POST /v2/events/$op/extract -H "Authorization: Bearer $MP_TOKEN" --data-binary "{\"components\":[$new_id]}")"
expect_eq "extracted event" "{\"components\":[$new_id],\"impact\":2,\"title\":\"Operator incident\",\"type\":\"incident\"}" "$(jbody '{components, impact, title, type}')"
expect_eq "source keeps the rest" "$c31b" "$(q "SELECT group_concat(component_id) FROM incident_component_relation WHERE incident_id = $op")"
expect_eq "edit update 0: 200" 200 "$(patch /v2/events/$op/updates/0 '{"text":"Detected by a person"}')"
expect_eq "edited update" '{"id":0,"status":"detected","text":"Detected by a person"}' "$(jbody 'del(.timestamp)')"
expect_eq "edit update out of range: 404" 404 "$(patch /v2/events/$op/updates/99 '{"text":"x"}')"

# Listing: filters, pagination, errors.
expect_eq "GET /v2/events" 200 "$(call GET /v2/events)"
total=$(q "SELECT count(*) FROM incident")
expect_eq "pagination" "{\"pageIndex\":1,\"recordsPerPage\":50,\"totalPages\":1,\"totalRecords\":$total}" "$(jbody .pagination)"
expect_eq "newest start first" "$(q "SELECT group_concat(id) FROM (SELECT id FROM incident ORDER BY start_date DESC, id DESC)")" "$(jbody '[.data[].id] | join(",")' | tr -d '"')"
call GET '/v2/events?limit=10&page=2' >/dev/null
expect_eq "page 2 of 10" "2|10|$(( (total + 9) / 10 ))|$(( total > 10 ? (total - 10 < 10 ? total - 10 : 10) : 0 ))" \
  "$(jbody '"\(.pagination.pageIndex)|\(.pagination.recordsPerPage)|\(.pagination.totalPages)|\(.data | length)"' | tr -d '"')"
call GET '/v2/events?type=maintenance' >/dev/null
expect_eq "type filter" '["maintenance"]' "$(jbody '[.data[].type] | unique')"
call GET "/v2/events?components=$c33b&active=true" >/dev/null
expect_eq "components + active" "[$maint2]" "$(jbody '[.data[].id]')"
call GET "/v2/events?system=true&impact=1&active=true" >/dev/null
expect_eq "system + impact + active" "[$sys]" "$(jbody '[.data[].id]')"
call GET "/v2/events?start_date=$(rfc '+30 minutes' | sed 's/+/%2B/')" >/dev/null
expect_eq "start_date filter (+00:00)" "[$planned]" "$(jbody '[.data[].id]')"
call GET "/v2/events?type=info" >/dev/null
expect_eq "nothing matches: data only" '{"data":[]}' "$(jbody)"
for bad_filter in active=false limit=15 page=0 type=outage impact=4 system=yes components=0 status=nonsense \
    "start_date=$later&end_date=$past" start_date=yesterday; do
  expect_eq "bad filter $bad_filter: 400" 400 "$(call GET "/v2/events?$bad_filter")"
done
expect_eq "bad filter errMsg" '{"errMsg":"filter query parameter has an invalid format or value"}' "$(jbody)"
expect_eq "deprecated GET /v2/incidents" 200 "$(call GET /v2/incidents)"
expect_eq "deprecated list: data without pagination" "[\"data\"]|$total" "$(jbody '"\(keys)|\(.data | length)"' | tr -d '\\' | sed 's/^"//; s/"$//')"

# Availability: 12 months, newest first; null for components never in an event.
expect_eq "GET /v2/availability" 200 "$(call GET /v2/availability)"
expect_eq "a row per component" "$(q 'SELECT count(*) FROM component')" "$(jbody '.data | length')"
expect_eq "12 months, newest first" "12|$(date -u +%Y)|$((10#$(date -u +%m)))" "$(jbody ".data[] | select(.id == $c31b) | \"\(.availability | length)|\(.availability[0].year)|\(.availability[0].month)\"" | tr -d '"')"
never=$(q "SELECT max(c.id) FROM component c JOIN component_attribute a ON a.component_id = c.id
           WHERE c.name = 'Component33' AND a.name = 'region' AND a.value = 'Region2'")
expect_eq "never in an event: null" "null" "$(jbody ".data[] | select(.id == $never) | .availability")"

# The OpenAPI document at the seed's path and at /openapi.json.
for spec in /api-spec.json /openapi.json; do
  expect_eq "GET $spec" 200 "$(call GET $spec)"
  expect_eq "$spec is OpenAPI 3.1" '"3.1.0"' "$(jbody .openapi)"
  expect_eq "$spec documents both v1 prefixes and v2" "true" \
    "$(jbody '.paths | has("/api/v1/component_status") and has("/v1/component_status") and has("/v2/events/{id}")')"
done

# Routing.
expect_eq "unknown v2 route: 404" 404 "$(call GET /v2/nothing)"
expect_eq "v2 404 errMsg" '{"errMsg":"page not found"}' "$(jbody)"
expect_eq "DELETE /v2/events: 405" 405 "$(call DELETE /v2/events)"
expect_contains "v2 405 Allow" "$(headers)" "Allow: GET, HEAD, POST, OPTIONS"
expect_eq "v2 405 errMsg" '{"errMsg":"method not allowed"}' "$(jbody)"
expect_eq "OPTIONS /v2/events: 204" 204 "$(call OPTIONS /v2/events)"
expect_contains "v2 allows any origin (CORS)" "$(headers)" "Access-Control-Allow-Origin: *"
expect_contains "v2 preflight allows the Authorization header" "$(headers)" "Access-Control-Allow-Headers: Authorization, Content-Type"

# 50 clients posting metrics-processor's V2 request at once: one incident.
c_conc=$(in_region Component32 Region1)
body_v2="{\"title\":\"System incident from monitoring system\",\"description\":\"d\",\"impact\":3,\"components\":[$c_conc],\"start_date\":\"$(rfc '-61 seconds')\",\"system\":true,\"type\":\"incident\"}"
seq 1 50 | xargs -P 50 -I{} curl -sS -o "$TMP/v2-{}" -w '%{http_code}\n' -X POST "$STACK_URL/v2/events" \
  -H "Authorization: Bearer $MP_TOKEN" --data-binary "$body_v2" > "$TMP/codes2"
expect_eq "50 concurrent v2 posts: all 200" "50 200" "$(sort "$TMP/codes2" | uniq -c | awk '{print $1" "$2}' | paste -sd,)"
expect_eq "50 concurrent v2 posts: one incident id" 1 "$(cat "$TMP"/v2-* | jq -c '.result[0].incident_id' | sort -u | wc -l)"

# An unexpected failure is a logged JSON 500, and the next request is fine.
q "ALTER TABLE incident RENAME TO incident_away"
expect_eq "database failure: 500" 500 "$(call GET /v1/incidents)"
expect_eq "v1 500 body" '{"code":500,"status":"Internal Server Error"}' "$(jbody)"
q "ALTER TABLE incident_away RENAME TO incident"
expect_eq "next request served" 200 "$(call GET /v1/incidents)"
q "ALTER TABLE incident RENAME TO incident_away"
expect_eq "v2 500" '{"errMsg":"internal server error"}' "$(call GET /v2/events >/dev/null; jbody)"
q "ALTER TABLE incident_away RENAME TO incident"
expect_contains "500 logged with its cause" "$(cat "$STACK_RUN/log/api.log")" "no such table: incident"

finish
