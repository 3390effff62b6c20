#!/usr/bin/python3
"""The layer rule of lib/, checked (tests/integration/layers_test.sh runs it).

    tools/check-layers.py [ROOT]

Reads every C++ file under lib/, cgi-bin/ and admin/ of ROOT (default: the
project) and prints one line per breach, "FILE:LINE: what", then exits 1;
prints nothing and exits 0 when the tree keeps the rule:

  cgi-bin -> pages, api, signin -> web -> store -> base   (admin -> notify, store, base; pages -> notify)

- A project include names its folder ("web/serve.h"); a file includes only
  its own folder and the folders its layer may use. pages/, api/ and signin/
  are siblings and include none of each other; a page includes no other page
  (its own header aside), except the one named in EXCEPTIONS.
- SQL text, statements and SQLite's own API live in lib/store/ alone.
- Every layer folder has a README.md, and no source file sits in lib/ itself.
"""
import os
import re
import sys

# What each folder may include besides itself.
ALLOWED = {
    "lib/base": set(),
    "lib/store": {"base"},
    "lib/web": {"store", "base"},
    "lib/signin": {"web", "store", "base"},
    "lib/pages": {"web", "notify", "store", "base"},
    "lib/api": {"web", "store", "base"},
    "lib/notify": {"store", "base"},
    "cgi-bin": {"pages", "api", "signin", "web", "store", "base"},
    "admin": {"notify", "store", "base"},
}
LIB_FOLDERS = {"base", "store", "web", "signin", "pages", "api", "notify"}
# (including file, included header): the named exceptions to the rule.
EXCEPTIONS = {
    # post_update answers with the incident page it changed.
    ("lib/pages/post_update.cc", "pages/incident.h"),
    ("lib/pages/post_update.h", "pages/incident.h"),
}
# Headers the build generates (build/gen), and the folders that use them.
GENERATED = [
    (re.compile(r"^[a-z_]+\.tpl\.varnames\.h$"), {"lib/pages", "lib/web", "lib/signin", "lib/notify"}),
]
# Third-party headers confined to one layer.
CONFINED = {
    "sqlite3.h": "lib/store",
    "libpq-fe.h": "lib/store",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]')
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
SQL = re.compile(
    r"\b(SELECT\s+\S|INSERT\s+(OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|"
    r"CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)|DROP\s+(TABLE|INDEX|TRIGGER)|ALTER\s+TABLE|"
    r"PRAGMA\s+\w+\s*(=|;|\(|$)|WHERE\s+\S|JOIN\s+\w+\s+(\w+\s+)?ON|BEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)|"
    r"FROM\s+[a-z_]+\b)"
)
# Calls that run SQL: only the store may make them.
SQL_CALLS = re.compile(r"(\.|->)(Prepare|Exec)\s*\(|\bStatement\s*&|\bsqlite3_\w+\s*\(")
# Lines whose strings are not SQL although they look like it.
NOT_SQL = re.compile(r"redisCommand\s*\(")


def folder_of(path):
    parts = path.split("/")
    if parts[0] == "lib" and len(parts) > 2:
        return "lib/" + parts[1]
    return parts[0]


def strip_comment(line):
    # Drops a // comment that is not inside a string literal.
    out, in_string, i = [], False, 0
    while i < len(line):
        c = line[i]
        if in_string:
            if c == "\\":
                out.append(line[i : i + 2])
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif line.startswith("//", i):
            break
        out.append(c)
        i += 1
    return "".join(out)


def check_file(root, path, problems):
    folder = folder_of(path)
    allowed = ALLOWED.get(folder)
    if allowed is None:
        problems.append(f"{path}:1: not in a layer folder ({', '.join(sorted(ALLOWED))})")
        return
    name = os.path.splitext(os.path.basename(path))[0]
    in_comment = False
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            where = f"{path}:{number}"
            # Block comments: skipped (the project writes // comments).
            if in_comment:
                if "*/" not in line:
                    continue
                line = line.split("*/", 1)[1]
                in_comment = False
            if line.lstrip().startswith("/*") and "*/" not in line:
                in_comment = True
                continue
            m = INCLUDE.match(line)
            if m:
                check_include(path, folder, allowed, name, m.group(1), m.group(2), where, root, problems)
                continue
            code = strip_comment(line)
            if folder == "lib/store":
                continue
            if SQL_CALLS.search(code):
                problems.append(f"{where}: runs SQL outside lib/store/: {code.strip()}")
                continue
            if NOT_SQL.search(code):
                continue
            for literal in LITERAL.findall(code):
                if SQL.search(literal):
                    problems.append(f"{where}: SQL text outside lib/store/: \"{literal.strip()}\"")
                    break


def check_include(path, folder, allowed, name, kind, header, where, root, problems):
    if kind == "<":
        owner = CONFINED.get(header)
        if owner and folder != owner:
            problems.append(f"{where}: <{header}> belongs to {owner}/ alone")
        return
    for pattern, users in GENERATED:
        if pattern.match(header):
            if folder not in users:
                problems.append(f"{where}: generated \"{header}\" is for {', '.join(sorted(users))}/ only")
            return
    target = header.split("/")[0] if "/" in header else None
    if target not in LIB_FOLDERS:
        problems.append(f"{where}: include \"{header}\" by its layer folder (\"web/serve.h\")")
        return
    if not os.path.exists(os.path.join(root, "lib", header)):
        problems.append(f"{where}: \"{header}\" does not exist under lib/")
        return
    if (path, header) in EXCEPTIONS:
        return
    own = folder == "lib/" + target
    if own and folder == "lib/pages" and os.path.splitext(os.path.basename(header))[0] != name:
        problems.append(f"{where}: a page includes no other page (\"{header}\")")
    elif not own and target not in allowed:
        layer = folder.replace("lib/", "")
        problems.append(
            f"{where}: {layer} may not include {target}/ (\"{header}\"); "
            f"{layer} may use {', '.join(sorted(allowed)) or 'nothing else'}"
        )


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)
    problems = []
    for loose in sorted(os.listdir(os.path.join(root, "lib"))):
        if loose.endswith((".cc", ".h")):
            problems.append(f"lib/{loose}:1: give it a layer folder under lib/")
    for layer in sorted(LIB_FOLDERS):
        if not os.path.isfile(os.path.join(root, "lib", layer, "README.md")):
            problems.append(f"lib/{layer}/README.md:1: missing (what lives here, what it may include)")
    for top in ("lib", "cgi-bin", "admin"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for file in sorted(files):
                if file.endswith((".cc", ".h")):
                    rel = os.path.relpath(os.path.join(dirpath, file), root)
                    if folder_of(rel) == "lib" or rel.startswith("lib/") and rel.count("/") == 1:
                        continue  # reported above
                    check_file(root, rel, problems)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
