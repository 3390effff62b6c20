#!/usr/bin/env bash
# The layer rule of lib/ (tools/check-layers.py): the tree keeps it, and
# each kind of breach planted in a copy of the tree is reported by file
# and line.
source "$(dirname "$0")/lib.sh"

CHECK=$PROJECT_ROOT/tools/check-layers.py

out=$(python3 "$CHECK" "$PROJECT_ROOT" 2>&1)
rc=$?
expect_eq "the tree keeps the layer rule (exit 0)" 0 "$rc"
expect_eq "the tree keeps the layer rule (no report)" "" "$out"

# copy_tree NAME: a copy of the checked folders in $TMP/NAME.
copy_tree() {
  local dir=$TMP/$1
  mkdir -p "$dir"
  cp -r "$PROJECT_ROOT/lib" "$PROJECT_ROOT/cgi-bin" "$PROJECT_ROOT/admin" "$dir/"
  echo "$dir"
}
# append_line DIR FILE TEXT: adds TEXT as the last line of FILE and prints
# that line's number.
append_line() {
  printf '%s\n' "$3" >>"$1/$2"
  wc -l <"$1/$2" | tr -d ' '
}
# expect_report NAME DIR NEEDLE: the check exits 1 and reports NEEDLE.
expect_report() {
  local report rc
  report=$(python3 "$CHECK" "$2" 2>&1)
  rc=$?
  expect_eq "$1: exit 1" 1 "$rc"
  expect_contains "$1: reported" "$report" "$3"
}

dir=$(copy_tree upward)
line=$(append_line "$dir" lib/store/model.h '#include "web/serve.h"')
expect_report "store includes web (upward)" "$dir" "lib/store/model.h:$line: store may not include web/"

dir=$(copy_tree base-up)
line=$(append_line "$dir" lib/base/log.cc '#include "store/db.h"')
expect_report "base includes store" "$dir" "lib/base/log.cc:$line: base may not include store/"

dir=$(copy_tree sibling)
line=$(append_line "$dir" lib/api/v1.cc '#include "pages/board.h"')
expect_report "api includes pages (siblings)" "$dir" "lib/api/v1.cc:$line: api may not include pages/"

dir=$(copy_tree page-page)
line=$(append_line "$dir" lib/pages/history.cc '#include "pages/board.h"')
expect_report "a page includes another page" "$dir" "lib/pages/history.cc:$line: a page includes no other page"

dir=$(copy_tree sql-in-pages)
line=$(append_line "$dir" lib/pages/board.cc 'static const char* kQ = "SELECT id FROM incident WHERE end_date IS NULL";')
expect_report "SQL text in pages" "$dir" "lib/pages/board.cc:$line: SQL text outside lib/store/"

dir=$(copy_tree prepare-in-api)
line=$(append_line "$dir" lib/api/v1.cc 'void F(sdb::Database& db) { db.Prepare(kQuery); }')
expect_report "a statement prepared in api" "$dir" "lib/api/v1.cc:$line: runs SQL outside lib/store/"

dir=$(copy_tree sqlite-in-web)
line=$(append_line "$dir" lib/web/cache.cc '#include <sqlite3.h>')
expect_report "<sqlite3.h> in web" "$dir" "lib/web/cache.cc:$line: <sqlite3.h> belongs to lib/store/ alone"

dir=$(copy_tree admin-web)
line=$(append_line "$dir" admin/sdb-admin.cc '#include "web/serve.h"')
expect_report "admin includes web" "$dir" "admin/sdb-admin.cc:$line: admin may not include web/"

dir=$(copy_tree unqualified)
line=$(append_line "$dir" lib/pages/board.cc '#include "model.h"')
expect_report "include without its folder" "$dir" "lib/pages/board.cc:$line: include \"model.h\" by its layer folder"

dir=$(copy_tree no-readme)
rm "$dir/lib/web/README.md"
expect_report "a layer without README.md" "$dir" "lib/web/README.md:1: missing"

dir=$(copy_tree loose)
printf 'int x;\n' >"$dir/lib/foo.cc"
expect_report "a source file loose in lib/" "$dir" "lib/foo.cc:1: give it a layer folder"

# What the rule allows stays quiet: a comment that reads like SQL and
# downward includes (the named exception is in the tree itself).
dir=$(copy_tree allowed)
append_line "$dir" lib/pages/board.cc '// SELECT the open incidents FROM the model' >/dev/null
append_line "$dir" lib/api/v1.cc '#include "store/model.h"' >/dev/null
append_line "$dir" lib/web/page.cc '#include "base/log.h"' >/dev/null
out=$(python3 "$CHECK" "$dir" 2>&1)
expect_eq "comments that read like SQL and downward includes pass" "" "$out"

finish
