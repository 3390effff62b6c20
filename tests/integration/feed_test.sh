#!/usr/bin/env bash
# feed: RSS, Atom, JSON Feed and the maintenance calendar through real
# nginx + Redis + the feed program, each parsed by a standard parser
# (xmllint, Python's xml.etree and json, python3-icalendar).
source "$(dirname "$0")/lib.sh"

# Debian's python3: python3-icalendar is installed for it.
PY=/usr/bin/python3

start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"

id_of() { sqlite3 "$STACK_DB" "SELECT c.id FROM component c JOIN component_attribute a ON a.component_id = c.id AND a.name = 'region' WHERE c.name = '$1' AND a.value = '$2'"; }
c11=$(id_of Component11 Region1)
c12=$(id_of Component12 Region1)
c33=$(id_of Component31 Region2)

# body PATH [curl options]: the body only, past the microcache.
body() { curl -sS "$STACK_URL$(nocache "$1")" "${@:2}"; }
header() { fetch GET "$1" | tr -d '\r' | sed -n "s/^$2: //p"; }

sqlite3 "$STACK_DB" "
  INSERT INTO incident (id, text, impact, start_date, end_date)
    VALUES (101, 'Storage <script>alert(1)</script> & co', 2, datetime('now', '-3 hours'), datetime('now', '-1 hour'));
  INSERT INTO incident_component_relation VALUES (101, $c11);
  INSERT INTO incident_status (incident_id, timestamp, text, status)
    VALUES (101, datetime('now', '-2 hours'), 'Found <b>it</b> & fixing', 'fixing');
  INSERT INTO incident (id, text, impact, start_date) VALUES (102, 'Network outage', 3, datetime('now', '-30 minutes'));
  INSERT INTO incident_component_relation VALUES (102, $c12);
  INSERT INTO incident (id, text, impact, start_date) VALUES (103, 'Region2 only', 1, datetime('now', '-10 minutes'));
  INSERT INTO incident_component_relation VALUES (103, $c33);
  INSERT INTO incident (id, text, description, impact, start_date, end_date, type, status)
    VALUES (104, 'Router upgrade, phase 1; core', 'We replace the routers; expect short interruptions, one at a time. A long text so that the DESCRIPTION line has to be folded at 75 octets.', 0,
            datetime('now', '+1 day'), datetime('now', '+1 day', '+2 hours'), 'maintenance', 'planned');
  INSERT INTO incident_component_relation VALUES (104, $c11), (104, $c12);
  INSERT INTO incident (id, text, impact, start_date, end_date, type, status)
    VALUES (105, 'Cancelled work', 0, datetime('now', '+2 days'), datetime('now', '+2 days', '+1 hour'), 'maintenance', 'cancelled');
  INSERT INTO incident_component_relation VALUES (105, $c11);
  INSERT INTO incident (id, text, impact, start_date, end_date, type)
    VALUES (106, 'Finished work', 0, datetime('now', '-2 days'), datetime('now', '-2 days', '+1 hour'), 'maintenance');
  INSERT INTO incident_component_relation VALUES (106, $c11);"

# RSS 2.0: the seed's route, content type, a well-formed document.
rss=$(body '/rss/?mt=Region1')
expect_eq "rss content type" "application/rss+xml; charset=utf-8" "$(header '/rss/?mt=Region1' Content-Type)"
check "rss is well-formed XML" xmllint --noout - <<<"$rss"
expect_not_contains "rss: no raw <script>" "$rss" "<script"
rss_check=$(RSS="$rss" BASE="$STACK_URL" $PY - <<'PY' 2>&1
import os, xml.etree.ElementTree as ET
root = ET.fromstring(os.environ["RSS"])
base = os.environ["BASE"]
assert root.tag == "rss" and root.get("version") == "2.0", root.tag
channel = root.find("channel")
assert channel.findtext("title") == "Region1 - Incidents | Status Dashboard", channel.findtext("title")
items = channel.findall("item")
titles = [i.findtext("title") for i in items]
assert titles[:3] == ["Cancelled work", "Router upgrade, phase 1; core", "Network outage"], titles
assert "Region2 only" not in titles, titles
assert "Storage <script>alert(1)</script> & co" in titles, titles
for item in items:
    link = item.findtext("link")
    assert link.startswith(base + "/incidents/"), link
    assert item.findtext("guid") == link
    assert item.findtext("pubDate"), "pubDate"
storage = items[titles.index("Storage <script>alert(1)</script> & co")]
html = storage.findtext("description")
assert "Incident impact: major" in html, html
assert "Incident has started on: " in html and "Incident end date: " in html, html
assert "Found &lt;b&gt;it&lt;/b&gt; &amp; fixing" in html, html
print("ok")
PY
)
expect_eq "rss items, links and escaping" ok "$rss_check"
expect_eq "/rss without the slash" 200 "$(status_of GET '/rss?mt=Region1')"

# One component: only its events.
srv=$(body '/rss/?mt=Region1&srv=Component12')
expect_contains "component feed title" "$srv" "<title>Component12 (Region1) - Incidents | Status Dashboard</title>"
expect_contains "component's event listed" "$srv" "Network outage"
expect_not_contains "other components' events left out" "$srv" "Storage &lt;script"

# The seed's 404 texts.
expect_eq "unknown region is 404" 404 "$(status_of GET '/rss/?mt=Unknown')"
expect_eq "unknown region text" "Unknown is not a supported region" "$(body '/rss/?mt=Unknown')"
expect_eq "no mt is 404" 404 "$(status_of GET '/rss/')"
expect_eq "no mt gives the seed's hint" "$(printf 'Status Dashboard RSS feed\nPlease read the documentation to\nmake the correct request')" "$(body '/rss/')"
expect_eq "srv without mt gives the hint" 404 "$(status_of GET '/rss/?srv=Component11')"
expect_eq "unknown component is 404" 404 "$(status_of GET '/rss/?mt=Region1&srv=Nope')"
expect_eq "unknown component text" "Component: Nope is not found" "$(body '/rss/?mt=Region1&srv=Nope')"
expect_eq "component of another region is not found" "Component: Component33 is not found" "$(body '/rss/?mt=Region1&srv=Component33')"
expect_eq "atom uses the same texts" "Unknown is not a supported region" "$(body '/atom/?mt=Unknown')"
expect_eq "calendar uses the same texts" "Component: Nope is not found" "$(body '/maintenance.ics?mt=Region1&srv=Nope')"

# The cache keeps the formats apart (the path is in the key).
body '/rss/?mt=Region2' >/dev/null
page=$(fetch GET '/atom/?mt=Region2')
expect_contains "atom not answered from the rss cache entry" "$page" "X-Cache: MISS"
expect_contains "atom is atom" "$page" '<feed xmlns="http://www.w3.org/2005/Atom"'
expect_contains "second atom request from Redis" "$(fetch GET '/atom/?mt=Region2')" "X-Cache: HIT"

# Atom 1.0.
atom=$(body '/atom/?mt=Region1')
expect_eq "atom content type" "application/atom+xml" "$(header '/atom/?mt=Region1' Content-Type)"
check "atom is well-formed XML" xmllint --noout - <<<"$atom"
atom_check=$(ATOM="$atom" BASE="$STACK_URL" $PY - <<'PY' 2>&1
import os, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.fromstring(os.environ["ATOM"])
base = os.environ["BASE"]
assert root.tag == A + "feed", root.tag
assert root.findtext(A + "id") == base + "/atom/?mt=Region1", root.findtext(A + "id")
assert root.findtext(A + "updated"), "updated"
entries = root.findall(A + "entry")
titles = [e.findtext(A + "title") for e in entries]
assert "Storage <script>alert(1)</script> & co" in titles and "Region2 only" not in titles, titles
for e in entries:
    assert e.findtext(A + "id").startswith(base + "/incidents/")
    assert e.find(A + "link").get("href") == e.findtext(A + "id")
    assert e.findtext(A + "updated").endswith("Z")
    assert e.find(A + "content").get("type") == "html"
print("ok")
PY
)
expect_eq "atom entries" ok "$atom_check"

# JSON Feed 1.1.
json=$(body '/feed.json?mt=Region1')
expect_eq "json feed content type" "application/feed+json" "$(header '/feed.json?mt=Region1' Content-Type)"
json_check=$(JSON="$json" BASE="$STACK_URL" $PY - <<'PY' 2>&1
import json, os
feed = json.loads(os.environ["JSON"])
base = os.environ["BASE"]
assert feed["version"] == "https://jsonfeed.org/version/1.1", feed["version"]
assert feed["feed_url"] == base + "/feed.json?mt=Region1", feed["feed_url"]
titles = [i["title"] for i in feed["items"]]
assert len(titles) == 5 and "Region2 only" not in titles, titles
for item in feed["items"]:
    assert item["id"] == item["url"] and item["url"].startswith(base + "/incidents/")
    assert item["content_html"] and item["date_published"].endswith("Z")
print("ok")
PY
)
expect_eq "json feed items" ok "$json_check"

# The maintenance calendar: RFC 5545, parsed by python3-icalendar.
ics=$(body '/maintenance.ics?mt=Region1')
expect_eq "calendar content type" "text/calendar; charset=utf-8" "$(header '/maintenance.ics?mt=Region1' Content-Type)"
host=${STACK_URL#http://}; host=${host%:*}
ics_check() {
  ICS="$1" HOST="$host" $PY - <<'PY' 2>&1
import os, datetime, icalendar
raw = os.environ["ICS"].encode()
assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF"
assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "line over 75 octets"
assert b"\r\n " in raw, "no folded line"
cal = icalendar.Calendar.from_ical(raw)
assert cal["VERSION"] == "2.0" and cal["PRODID"], "header"
events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
assert sorted(events) == ["Cancelled work", "Router upgrade, phase 1; core"], sorted(events)
router = events["Router upgrade, phase 1; core"]
assert str(router["UID"]) == "maintenance-104@" + os.environ["HOST"], router["UID"]
start = router.decoded("DTSTART")
assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(0), start
assert router.decoded("DTEND") - start == datetime.timedelta(hours=2)
assert str(router["STATUS"]) == "CONFIRMED"
assert "We replace the routers; expect short interruptions, one at a time." in str(router["DESCRIPTION"])
assert "Component11, Component12" in str(router["DESCRIPTION"])
assert str(events["Cancelled work"]["STATUS"]) == "CANCELLED"
print("ok", router["SEQUENCE"])
PY
}
result=$(ics_check "$ics")
expect_eq "calendar parses: planned and cancelled maintenances, UTC times, escaping, folding" "ok 0" "$result"

# An update raises SEQUENCE; the UID stays.
sqlite3 "$STACK_DB" "INSERT INTO incident_status (incident_id, text, status) VALUES (104, 'Moved by an hour, sorry', 'modified');
  UPDATE incident SET start_date = datetime(start_date, '+1 hour'), end_date = datetime(end_date, '+1 hour') WHERE id = 104;"
expect_eq "an update raises SEQUENCE" "ok 1" "$(ics_check "$(body '/maintenance.ics?mt=Region1')")"
expect_contains "component calendar" "$(body '/maintenance.ics?mt=Region1&srv=Component12')" "UID:maintenance-104@"
expect_not_contains "component calendar leaves out other components" "$(body '/maintenance.ics?mt=Region1&srv=Component12')" "Cancelled work"

# Conditional requests.
etag=$(header '/rss/?mt=Region1' ETag)
expect_eq "matching If-None-Match is 304" 304 "$(status_of GET '/rss/?mt=Region1' -H "If-None-Match: $etag")"
etag=$(header '/maintenance.ics?mt=Region1' ETag)
expect_eq "calendar 304 too" 304 "$(status_of GET '/maintenance.ics?mt=Region1' -H "If-None-Match: $etag")"

# Without SDB_BASE_URL links follow the request's host (nginx passes it
# without the port; the program adds the port it came in on), and behind a
# proxy its scheme. One Host header never reaches another's cached feed.
port=${STACK_URL##*:}
expect_contains "links use the request's host" "$(body '/rss/?mt=Region1' -H 'Host: status.example.org')" "<link>http://status.example.org:$port/incidents/"
# X-Forwarded-Proto from a client that is not a trusted proxy changes
# nothing (edge_test.sh has the trusted proxy).
expect_contains "X-Forwarded-Proto from any client is ignored" "$(body '/rss/?mt=Region1' -H 'X-Forwarded-Proto: https')" "<link>$STACK_URL/incidents/"
expect_contains "other hosts' links not cached for us" "$(body '/rss/?mt=Region1')" "<link>$STACK_URL/incidents/"

# The pages link their feeds.
board=$(body /)
for feed in '/rss/?mt=Region1' '/atom/?mt=Region1' '/feed.json?mt=Region1' '/maintenance.ics?mt=Region1'; do
  expect_contains "board links $feed" "$board" "href=\"$feed\""
done
expect_contains "availability links feeds" "$(body /availability)" '<link rel="alternate" type="application/atom+xml" title="Atom: Region1" href="/atom/?mt=Region1">'

finish
