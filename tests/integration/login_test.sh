#!/usr/bin/env bash
# Operator sign-in through nginx against a real OpenID provider (the npm
# package oidc-provider, tests/node/provider.mjs) and a GitHub stand-in:
# success, wrong group, tampered and replayed state, a provider that hands
# out bad ID tokens, a provider that is down, key rotation, sessions across
# a restart, expiry, sign-out, and the CSRF and origin checks.
source "$(dirname "$0")/lib.sh"

STACK_PORT=$(free_port)
SITE="http://127.0.0.1:$STACK_PORT"
start_oidc_provider "$SITE"
export SDB_OPENID_REQUIRED_GROUP=sdb-operators SDB_TRUSTED_PROXIES=127.0.0.2
GITHUB_PORT=$(free_port)
node "$PROJECT_ROOT/tests/node/github.mjs" "$GITHUB_PORT" gh-client gh-secret >"$TMP/github.log" 2>&1 &
on_exit "kill $! 2>/dev/null"
wait_until_up "the GitHub stand-in" "http://127.0.0.1:$GITHUB_PORT/" "$!" "$TMP/github.log"
export SDB_GITHUB_CLIENT_ID=gh-client SDB_GITHUB_CLIENT_SECRET=gh-secret \
  SDB_GITHUB_BASE_URL="http://127.0.0.1:$GITHUB_PORT" SDB_GITHUB_API_URL="http://127.0.0.1:$GITHUB_PORT" \
  SDB_GITHUB_REQUIRED_ORG=stackmon
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"

cookie_of() { awk -v name="$2" '$6 == name { print $7 }' "$1" | tail -1; }

# Visitors: a sign-in link in the footer, no operator bar.
page=$(fetch GET /history)
expect_contains "visitor: footer links to the sign-in" "$page" 'href="/login/openid?next=%2Fhistory%3F_nc%3D'
expect_not_contains "visitor: no operator bar" "$page" 'Signed in as'
expect_eq "unknown provider: 404" 404 "$(status_of GET /login/gitlab)"

# The sign-in start: a redirect to the provider with state, nonce, PKCE.
head=$(curl -sS -D - -o /dev/null "$SITE/login/openid?next=/history")
expect_contains "start: 303" "$head" "303 See Other"
expect_contains "start: to the provider's authorization endpoint" "$head" "Location: $OIDC_URL/auth?"
expect_contains "start: PKCE S256" "$head" "code_challenge_method=S256"
expect_contains "start: nonce" "$head" "&nonce="
expect_contains "start: asks for groups" "$head" "scope=openid+profile+email+groups"
expect_contains "start: browser-bound state cookie" "$head" "Set-Cookie: sdb_login="
# A TLS terminator in front (SDB_TRUSTED_PROXIES, 127.0.0.2 here) says
# https; anyone else saying so is not believed.
head=$(curl -sS -D - -o /dev/null -H 'X-Forwarded-Proto: https' --interface 127.0.0.2 "$SITE/login/openid")
expect_contains "start behind an https proxy: Secure cookie" "$head" "SameSite=Lax; Secure"
expect_contains "start behind an https proxy: https redirect URI" "$head" "redirect_uri=https%3A%2F%2F127.0.0.1"
head=$(curl -sS -D - -o /dev/null -H 'X-Forwarded-Proto: https' "$SITE/login/openid")
expect_not_contains "X-Forwarded-Proto from a client: no Secure cookie" "$head" "Secure"
expect_contains "X-Forwarded-Proto from a client: the http redirect URI" "$head" "redirect_uri=http%3A%2F%2F127.0.0.1"

# Success: alice is in the required group.
jar=$TMP/alice.jar
callback=$(oidc_walk alice "$jar" "$SITE/login/openid?next=/history")
state=$(echo "$callback" | sed -E 's/.*[?&]state=([^&]*).*/\1/')
expect_eq "state waits at the server, hashed" 1 "$(db "SELECT count(*) FROM login_state WHERE state_hash = '$(printf %s "$state" | sha256sum | cut -d' ' -f1)'")"
head=$(curl -sS -D - -o /dev/null -b "$jar" -c "$jar" "$callback")
expect_contains "alice: back where she started" "$head" "Location: /history"
expect_contains "alice: session cookie" "$head" "Set-Cookie: sdb_session="
expect_contains "alice: cookie flags" "$(echo "$head" | grep 'sdb_session=')" "Path=/; Max-Age=43200; HttpOnly; SameSite=Lax"
expect_not_contains "alice: no Secure over http" "$(echo "$head" | grep 'sdb_session=')" "Secure"
session=$(cookie_of "$jar" sdb_session)
expect_eq "session stored hashed" 1 "$(db "SELECT count(*) FROM operator_session WHERE id_hash = '$(printf %s "$session" | sha256sum | cut -d' ' -f1)' AND id_hash != '$session'")"
expect_eq "session row: name, email, provider" "Alice Operator|alice@example.test|openid" \
  "$(db "SELECT name, email, provider FROM operator_session")"
expect_eq "login state is used up" 0 "$(db "SELECT count(*) FROM login_state WHERE state_hash = '$(printf %s "$state" | sha256sum | cut -d' ' -f1)'")"
page=$(curl -sS -i -b "$jar" "$SITE/history")
expect_contains "operator bar: name" "$page" "Signed in as Alice Operator"
expect_contains "operator bar: open incident" "$page" '<a class="operator-action" href="/incidents">Open incident</a>'
expect_contains "operator bar: sign out form" "$page" '<form class="sign-out" method="post" action="/logout">'
expect_contains "operator pages are never stored" "$page" "Cache-Control: private, no-store"
expect_not_contains "operator pages skip the page cache" "$page" "X-Cache:"
expect_not_contains "operator: no sign-in link" "$page" "Operator sign-in"
page=$(curl -sS -b "$jar" "$SITE/")
expect_contains "operator bar on the board (past the microcache)" "$page" "Signed in as Alice Operator"
csrf=$(echo "$page" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
expect_eq "CSRF token is the session's" "$(db "SELECT csrf_token FROM operator_session")" "$csrf"

# Wrong group: bob signs in at the provider but gets no session.
jar_bob=$TMP/bob.jar
page=$(curl -sS -i -b "$jar_bob" -c "$jar_bob" "$(oidc_walk bob "$jar_bob" "$SITE/login/openid")")
expect_contains "bob: 403" "$page" "403 Forbidden"
expect_contains "bob: says why" "$page" "only members of the group &quot;sdb-operators&quot; may operate"
expect_not_contains "bob: no session" "$page" "sdb_session="
expect_eq "bob: no session row" 0 "$(db "SELECT count(*) FROM operator_session WHERE subject = 'bob'")"

# Tampered, replayed and foreign state.
jar2=$TMP/t.jar
callback=$(oidc_walk alice "$jar2" "$SITE/login/openid")
tampered=$(echo "$callback" | sed -E 's/state=[^&]*/state=forged/')
page=$(curl -sS -i -b "$jar2" "$tampered")
expect_contains "tampered state: 400" "$page" "400 Bad Request"
expect_contains "tampered state: says so" "$page" "started in another browser"
expect_not_contains "tampered state: no session" "$page" "sdb_session="
callback=$(oidc_walk alice "$jar2" "$SITE/login/openid")
page=$(curl -sS -i "$callback")
expect_contains "state from another browser: 400" "$page" "started in another browser"
page=$(curl -sS -i -b "$jar2" "$callback")
expect_contains "... and it did not use the state up: the real browser signs in" "$page" "Set-Cookie: sdb_session="
callback=$(oidc_walk alice "$jar2" "$SITE/login/openid")
first=$(curl -sS -i -b "$jar2" "$callback")
expect_contains "callback works once" "$first" "Set-Cookie: sdb_session="
page=$(curl -sS -i -b "$jar2" "$callback")
expect_contains "replayed callback: 400" "$page" "400 Bad Request"
expect_not_contains "replayed callback: no session" "$page" "Set-Cookie: sdb_session=$(printf x)"
page=$(curl -sS -i "$SITE/auth/openid")
expect_contains "callback without code: 400" "$page" "with a code and a state"

# Cancelled at the provider.
page=$(curl -sS -i -b "$TMP/c.jar" "$(OIDC_CANCEL=1 oidc_walk alice "$TMP/c.jar" "$SITE/login/openid")")
expect_contains "cancelled: 403 page" "$page" "Sign-in was cancelled at the provider"

# A provider handing out bad ID tokens: each refused with a 502 page.
for mode in expired wrong-audience wrong-issuer wrong-nonce bad-signature; do
  curl -sS -o /dev/null "$OIDC_URL/_test/tamper?mode=$mode"
  jar3=$TMP/$mode.jar
  page=$(curl -sS -i -b "$jar3" -c "$jar3" "$(oidc_walk alice "$jar3" "$SITE/login/openid")")
  expect_contains "$mode ID token: refused" "$page" "502 Bad Gateway"
  expect_contains "$mode ID token: explained" "$page" "could not be verified"
  expect_not_contains "$mode ID token: no session" "$page" "sdb_session="
done
curl -sS -o /dev/null "$OIDC_URL/_test/tamper?mode=none"
log=$(cat "$STACK_RUN/log/login.log")
expect_contains "log: expired" "$log" "the ID token expired at"
expect_contains "log: audience" "$log" "meant for another client"
expect_contains "log: issuer" "$log" "was issued by"
expect_contains "log: nonce" "$log" "nonce is not the one"
expect_contains "log: signature" "$log" "signature does not verify"
expect_not_contains "log: no session ids" "$log" "$session"

# Key rotation: the provider restarts with a new key; the first token
# signed with it names an unknown kid and the keys are fetched again.
stop_oidc_provider
start_oidc_provider "$SITE"
head=$(sign_in alice "$TMP/rot.jar")
expect_contains "after key rotation: signed in" "$head" "Set-Cookie: sdb_session="

# Provider down between the two legs: a clear page, not a 500.
callback=$(oidc_walk alice "$TMP/down.jar" "$SITE/login/openid")
stop_oidc_provider
page=$(curl -sS -i -b "$TMP/down.jar" "$callback")
expect_contains "provider down: 502" "$page" "502 Bad Gateway"
expect_contains "provider down: explained" "$page" "cannot be reached right now"
start_oidc_provider "$SITE"

# GitHub (stand-in): name and primary verified e-mail, organisation checked.
head=$(curl -sS -D - -o /dev/null -c "$TMP/gh.jar" "$SITE/login/github?next=/availability")
expect_contains "github start: authorize URL" "$head" "Location: http://127.0.0.1:$GITHUB_PORT/login/oauth/authorize?client_id=gh-client"
expect_contains "github start: asks for read:org" "$head" "read%3Aorg"
callback=$(curl -sS -D - -o /dev/null "$(_location_of "$head")" | tr -d '\r' | sed -n 's/^Location: //p')
head=$(curl -sS -D - -o /dev/null -b "$TMP/gh.jar" -c "$TMP/gh.jar" "$callback")
expect_contains "github: signed in" "$head" "Set-Cookie: sdb_session="
expect_contains "github: back where started" "$head" "Location: /availability"
expect_eq "github: session row" "Octo Operator|octo@example.test|github|4242" \
  "$(db "SELECT name, email, provider, subject FROM operator_session WHERE provider = 'github'")"

# Sign-out needs the CSRF token and a same-site origin.
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -H "Origin: $SITE" -X POST "$SITE/logout")
expect_eq "logout without CSRF token: 403" 403 "$status"
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -H "Origin: http://evil.example" --data "csrf_token=$csrf" "$SITE/logout")
expect_eq "logout from another origin: 403" 403 "$status"
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" --data "csrf_token=$csrf" "$SITE/logout")
expect_eq "logout without Origin or Referer: 403" 403 "$status"
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -H "Origin: $SITE" -X POST "$SITE/logout?csrf_token=$csrf")
expect_eq "logout with the token in the URL, not the body: 403" 403 "$status"
expect_contains "refused logouts leave the session" "$(curl -sS -b "$jar" "$SITE/history")" "Signed in as Alice Operator"
# GET and HEAD /logout change nothing (no other site can sign an operator
# out with a link or an image): a page with the one-button form.
page=$(curl -sS -i -b "$jar" -H "Referer: http://evil.example/" "$SITE/logout")
expect_contains "GET /logout: 200" "$page" "200 OK"
expect_contains "GET /logout: a form that POSTs" "$page" '<form class="sign-out-confirm" method="post" action="/logout">'
expect_contains "GET /logout: the form carries the token" "$page" "name=\"csrf_token\" value=\"$csrf\""
expect_contains "GET /logout: not stored" "$page" "Cache-Control: private, no-store"
expect_not_contains "GET /logout: no cookie cleared" "$page" "Set-Cookie: sdb_session="
curl -sS -I -b "$jar" "$SITE/logout" >/dev/null
expect_contains "GET and HEAD /logout leave the session" "$(curl -sS -b "$jar" "$SITE/history")" "Signed in as Alice Operator"
expect_contains "GET /logout, visitor: not signed in" "$(curl -sS "$SITE/logout")" "You are not signed in."

# Sessions survive a restart of every program.
kill "$STACK_PID"; wait "$STACK_PID" 2>/dev/null
start_stack
expect_contains "session survives a restart" "$(curl -sS -b "$jar" "$SITE/history")" "Signed in as Alice Operator"

head=$(curl -sS -D - -o /dev/null -b "$jar" -c "$jar" -H "Referer: $SITE/history" --data "csrf_token=$csrf" "$SITE/logout")
expect_contains "logout: 303 to the board" "$head" "Location: /"
expect_contains "logout: cookie cleared" "$head" "Set-Cookie: sdb_session=; Path=/; Max-Age=0"
page=$(curl -sS -i -H "Cookie: sdb_session=$session" "$SITE/history")
expect_not_contains "ended session: visitor again" "$page" "Signed in as"
expect_contains "ended session: stale cookie cleared" "$page" "Set-Cookie: sdb_session=; Path=/; Max-Age=0"
expect_eq "ended session: row gone" 0 "$(db "SELECT count(*) FROM operator_session WHERE id_hash = '$(printf %s "$session" | sha256sum | cut -d' ' -f1)'")"

# GET /logout (the seed's URL) shows the button, and the button signs out;
# expiry ends a session.
sign_in alice "$jar" >/dev/null
expect_contains "signed in again" "$(curl -sS -b "$jar" "$SITE/history")" "Signed in as"
token=$(curl -sS -b "$jar" "$SITE/logout" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -sS -o /dev/null -b "$jar" -c "$jar" -H "Origin: $SITE" --data "csrf_token=$token" "$SITE/logout"
expect_not_contains "the button of GET /logout ends the session" "$(curl -sS -b "$jar" "$SITE/history")" "Signed in as"
sign_in alice "$jar" >/dev/null
db "UPDATE operator_session SET expires_at = strftime('%s','now') - 1"
expect_not_contains "past the absolute expiry: signed out" "$(curl -sS -b "$jar" "$SITE/history")" "Signed in as"
sign_in alice "$jar" >/dev/null
db "UPDATE operator_session SET last_seen_at = strftime('%s','now') - 3600"
expect_not_contains "idle too long: signed out" "$(curl -sS -b "$jar" "$SITE/history")" "Signed in as"

# The organisation check: a stack that requires another organisation.
kill "$STACK_PID"; wait "$STACK_PID" 2>/dev/null
SDB_GITHUB_REQUIRED_ORG=other-org start_stack
head=$(curl -sS -D - -o /dev/null -c "$TMP/gh2.jar" "$SITE/login/github")
callback=$(curl -sS -D - -o /dev/null "$(_location_of "$head")" | tr -d '\r' | sed -n 's/^Location: //p')
page=$(curl -sS -i -b "$TMP/gh2.jar" "$callback")
expect_contains "github, wrong organisation: 403" "$page" "403 Forbidden"
expect_contains "github, wrong organisation: explained" "$page" "only members of the organisation &quot;other-org&quot;"

# A "next" that a browser would read as another site, or that nginx would
# refuse in a header (NUL): the sign-in still ends well, back at "/".
for next in '/%09/evil.example' '/%00'; do
  walk_jar=$TMP/next-$RANDOM.jar
  walk=$(oidc_walk alice "$walk_jar" "$SITE/login/openid?next=$next")
  walk_head=$(curl -sS -D - -o /dev/null -b "$walk_jar" -c "$walk_jar" "$walk")
  expect_contains "next=$next: signed in" "$walk_head" "303 See Other"
  location=$(_location_of "$walk_head")
  expect_eq "next=$next: back at /" "/" "$location"
  expect_eq "next=$next: a browser stays on the site (WHATWG URL)" \
    "$(STACK_URL=$SITE location_origin /)" "$(STACK_URL=$SITE location_origin "$location")"
done

# Sign-ins under way are bounded: a long "next" is not stored, and one
# address may not hold more than 10 (GET /login/... answers 429, stores
# nothing) -- anonymous floods must not grow the database.
db "DELETE FROM login_state"
curl -sS -o /dev/null "$SITE/login/openid?next=/$(printf 'x%.0s' $(seq 1 7000))"
expect_eq "a 7 KB next is stored as /" "/" "$(db "SELECT return_to FROM login_state")"
for _ in $(seq 2 10); do curl -sS -o /dev/null "$SITE/login/openid?next=/history"; done
expect_eq "ten sign-ins under way" 10 "$(db "SELECT count(*) FROM login_state")"
out=$(curl -sS -i "$SITE/login/openid?next=/history")
expect_contains "the eleventh: 429" "$out" "429 Too Many Requests"
expect_contains "the eleventh: Retry-After" "$out" "Retry-After: 60"
expect_contains "the eleventh: explained" "$out" "Too many sign-ins are under way"
expect_eq "the eleventh stored nothing" 10 "$(db "SELECT count(*) FROM login_state")"
expect_eq "rows carry their client" "127.0.0.1" "$(db "SELECT DISTINCT client FROM login_state")"
db "DELETE FROM login_state"

finish
