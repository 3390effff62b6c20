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
# plant NAME FILE LINE REPORT: in a fresh copy, adds LINE at the end of FILE;
# the check must report "FILE:N: REPORT" for that line N.
plant() {
  local dir line
  PLANTED=$((PLANTED + 1))
  dir=$(copy_tree "plant$PLANTED")
  line=$(append_line "$dir" "$2" "$3")
  expect_report "$1" "$dir" "$2:$line: $4"
}
PLANTED=0

plant "store includes web (upward)" lib/store/model.h '#include "web/serve.h"' "store may not include web/"
plant "base includes store" lib/base/log.cc '#include "store/db.h"' "base may not include store/"
plant "api includes pages (siblings)" lib/api/v1.cc '#include "pages/board.h"' "api may not include pages/"
plant "a page includes another page" lib/pages/history.cc '#include "pages/board.h"' "a page includes no other page"
plant "SQL text in pages" lib/pages/board.cc \
  'static const char* kQ = "SELECT id FROM incident WHERE end_date IS NULL";' "SQL text outside lib/store/"
plant "a statement prepared in api" lib/api/v1.cc \
  'void F(sdb::Database& db) { db.Prepare(kQuery); }' "runs SQL outside lib/store/"
plant "<sqlite3.h> in web" lib/web/cache.cc '#include <sqlite3.h>' "<sqlite3.h> belongs to lib/store/ alone"
plant "admin includes web" admin/sdb-admin.cc '#include "web/serve.h"' "admin may not include web/"
plant "include without its folder" lib/pages/board.cc '#include "model.h"' 'include "model.h" by its layer folder'

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
