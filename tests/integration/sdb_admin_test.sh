#!/usr/bin/env bash
# Black-box tests of sdb-admin and the bootstrap/ SQL scripts, run through the
# real sqlite3 shell the way a sysadmin runs them.
source "$(dirname "$0")/lib.sh"

ADMIN=$BIN_DIR/sdb-admin
BOOT=$PROJECT_ROOT/bootstrap
# Keep the tests independent of any config file on this machine.
export SDB_CONFIG=/dev/null
unset SDB_DATABASE

q() { sqlite3 "$db" "$1"; }
# Every catalog row, for "nothing changed" comparisons.
rows() { sqlite3 "$1" 'SELECT * FROM component; SELECT * FROM component_attribute; SELECT generation FROM data_generation'; }

# --- migrate
# The schema version is the number of migrations in sql/.
version=$(ls "$PROJECT_ROOT"/sql/[0-9][0-9][0-9][0-9]_*.sql | wc -l)
db=$TMP/status.db
out=$("$ADMIN" --database "$db" migrate 2>&1)
check "migrate exits 0" test $? -eq 0
expect_eq "migrate reports the migration" \
  "database $db: applied $version migration(s), schema version $version" "$out"
expect_eq "migrate creates the current schema version" "$version" "$(q 'PRAGMA user_version')"
expect_eq "migrate creates the data_generation row" "1" \
  "$(q 'SELECT count(*) FROM data_generation')"
before=$(sqlite3 "$db" .schema; q 'SELECT generation FROM data_generation')
out=$("$ADMIN" --database="$db" migrate 2>&1)
expect_eq "migrate again is a no-op" \
  "database $db: schema is current (version $version)" "$out"
expect_eq "migrate again changes nothing" "$before" \
  "$(sqlite3 "$db" .schema; q 'SELECT generation FROM data_generation')"
out=$(SDB_DATABASE=$TMP/from-env.db "$ADMIN" migrate 2>&1)
expect_contains "database defaults to SDB_DATABASE" "$out" "database $TMP/from-env.db: applied"

# --- catalog-test.sql through the sqlite3 shell, twice
check "catalog-test.sql runs" sqlite3 -bail "$db" ".read $BOOT/catalog-test.sql"
expect_eq "catalog-test.sql adds 12 components" "12" "$(q 'SELECT count(*) FROM component')"
first=$(rows "$db")
sqlite3 -bail "$db" < "$BOOT/catalog-test.sql"
expect_eq "catalog-test.sql twice: 12 components" "12" "$(q 'SELECT count(*) FROM component')"
expect_eq "catalog-test.sql twice writes nothing" "$first" "$(rows "$db")"
expect_eq "Component33 is in Region2 twice (Cat3, Cat4)" "Cat3,Cat4" \
  "$(q "SELECT group_concat(k.value, ',') FROM (SELECT k.value FROM component c
        JOIN component_attribute r ON r.component_id = c.id AND r.name = 'region'
        JOIN component_attribute k ON k.component_id = c.id AND k.name = 'category'
        WHERE c.name = 'Component33' AND r.value = 'Region2' ORDER BY k.value) k")"
out=$("$ADMIN" --database "$db" provision "$BOOT/catalog-test.yaml" 2>&1)
expect_eq "provision after the script finds all present" "added 0, already present 12" "$out"
expect_eq "provision of present components writes nothing" "$first" "$(rows "$db")"

# --- catalog-otc.sql
otc=$TMP/otc.db
"$ADMIN" --database "$otc" migrate >/dev/null
sqlite3 -bail "$otc" < "$BOOT/catalog-otc.sql"
sqlite3 -bail "$otc" < "$BOOT/catalog-otc.sql"
db=$otc
expect_eq "catalog-otc.sql: 119 components" "119" "$(q 'SELECT count(*) FROM component')"
expect_eq "catalog-otc.sql: 4 regions" "4" \
  "$(q "SELECT count(DISTINCT value) FROM component_attribute WHERE name = 'region'")"
expect_eq "catalog-otc.sql: 11 categories" "11" \
  "$(q "SELECT count(DISTINCT value) FROM component_attribute WHERE name = 'category'")"
expect_eq "catalog-otc.sql: every component has category, region, type" "119" \
  "$(q "SELECT count(*) FROM (SELECT component_id FROM component_attribute GROUP BY component_id
        HAVING group_concat(name, ',') = 'category,region,type')")"
expect_eq "catalog-otc.sql: Auto Scaling in three regions" "EU-CH2,EU-DE,EU-NL" \
  "$(q "SELECT group_concat(value, ',') FROM (SELECT a.value FROM component c JOIN component_attribute a
        ON a.component_id = c.id AND a.name = 'region' WHERE c.name = 'Auto Scaling' ORDER BY a.value)")"
# provision gives the same rows as the script.
prov=$TMP/prov.db
"$ADMIN" --database "$prov" migrate >/dev/null
out=$("$ADMIN" --database "$prov" provision "$BOOT/catalog-otc.yaml" 2>&1)
expect_eq "provision catalog-otc.yaml adds 119" "added 119, already present 0" "$out"
expect_eq "provision and catalog-otc.sql give the same rows" "$(rows "$otc")" "$(rows "$prov")"
out=$("$ADMIN" --database "$prov" provision "$BOOT/catalog-otc.yaml" 2>&1)
expect_eq "provision again adds nothing" "added 0, already present 119" "$out"

# --- the committed scripts are what sdb-admin generates now
for name in catalog-test catalog-otc; do
  fresh=$("$ADMIN" catalog-sql "$BOOT/$name.yaml")
  expect_eq "bootstrap/$name.sql is up to date" "$fresh" "$(cat "$BOOT/$name.sql")"
done
expect_eq "bootstrap/purge.sql is up to date" "$("$ADMIN" purge-sql)" "$(cat "$BOOT/purge.sql")"
for f in "$BOOT"/*.sql; do
  expect_eq "$(basename "$f") starts with a comment" "-- " "$(head -c 3 "$f")"
done

# --- a bad catalog: the error names the line, nothing is written
db=$TMP/status.db
printf 'components:\n  - name: Fine\n  - name: Broken\n    attributes:\n      region: [EU-DE]\n' >"$TMP/bad.yaml"
before=$(rows "$db")
out=$("$ADMIN" --database "$db" provision "$TMP/bad.yaml" 2>&1)
rc=$?
expect_eq "provision of a bad catalog exits 1" "1" "$rc"
expect_eq "the error names file and line" \
  "sdb-admin: $TMP/bad.yaml:5: value of attribute \"region\" must be a string, not a list" "$out"
expect_eq "a bad catalog writes nothing" "$before" "$(rows "$db")"
out=$("$ADMIN" catalog-sql "$TMP/bad.yaml" 2>&1)
expect_eq "catalog-sql of a bad catalog exits 1" "1" "$?"
expect_contains "catalog-sql names the line" "$out" "bad.yaml:5: "
# Valid YAML that the schema rejects mid-way (the parser lets no such file
# through, so break the schema instead): the transaction rolls back.
printf 'components:\n  - name: New1\n  - name: New2\n' >"$TMP/two.yaml"
sqlite3 "$db" "CREATE TRIGGER reject_new2 BEFORE INSERT ON component WHEN NEW.name = 'New2'
               BEGIN SELECT RAISE(ABORT, 'New2 refused'); END"
out=$("$ADMIN" --database "$db" provision "$TMP/two.yaml" 2>&1)
expect_eq "a provision failing mid-way exits 1" "1" "$?"
expect_contains "the failure names the component" "$out" 'component "New2" (line 3)'
expect_eq "a provision failing mid-way writes nothing" "$before" "$(rows "$db")"
sqlite3 "$db" "DROP TRIGGER reject_new2"
out=$("$ADMIN" --database "$TMP/missing.db" provision "$BOOT/catalog-test.yaml" 2>&1)
expect_eq "provision into a missing database exits 1" "1" "$?"
check "provision does not create a database" test ! -e "$TMP/missing.db"
sqlite3 "$TMP/empty.db" 'PRAGMA user_version = 0; CREATE TABLE t (x)'
out=$("$ADMIN" --database "$TMP/empty.db" provision "$BOOT/catalog-test.yaml" 2>&1)
expect_contains "provision needs the current schema" "$out" "run \`sdb-admin migrate\`"
out=$("$ADMIN" --database "$db" provision "$TMP/does-not-exist.yaml" 2>&1)
expect_contains "an unreadable catalog is reported" "$out" "cannot read $TMP/does-not-exist.yaml"

# --- purge
sqlite3 -bail "$db" "INSERT INTO incident (text, impact, start_date) VALUES ('Down', 3, '2024-01-01 10:00:00');
  INSERT INTO incident_component_relation VALUES (last_insert_rowid(), 1);
  INSERT INTO incident_status (incident_id, text, status) VALUES ((SELECT max(id) FROM incident), 'x', 'analyzing')"
generation=$(sqlite3 "$db" 'SELECT generation FROM data_generation')
out=$("$ADMIN" --database "$db" purge 2>&1)
check "purge exits 0" test $? -eq 0
expect_eq "purge empties every data table" "0|0|0|0|0" \
  "$(sqlite3 "$db" 'SELECT (SELECT count(*) FROM component), (SELECT count(*) FROM component_attribute),
     (SELECT count(*) FROM incident), (SELECT count(*) FROM incident_component_relation),
     (SELECT count(*) FROM incident_status)')"
expect_eq "purge keeps the schema version" "$version" "$(sqlite3 "$db" 'PRAGMA user_version')"
check "purge bumps the data generation" test "$(sqlite3 "$db" 'SELECT generation FROM data_generation')" -gt "$generation"
sqlite3 -bail "$otc" < "$BOOT/purge.sql"
expect_eq "purge.sql through sqlite3 empties the catalog" "0" "$(sqlite3 "$otc" 'SELECT count(*) FROM component')"

# --- usage
for args in "" "help" "frobnicate" "provision" "migrate extra"; do
  # shellcheck disable=SC2086
  out=$("$ADMIN" $args 2>&1 >/dev/null)
  expect_eq "'sdb-admin $args' exits 2" "2" "$?"
  expect_contains "'sdb-admin $args' prints usage on stderr" "$out" "usage: sdb-admin"
done

finish
