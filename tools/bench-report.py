#!/usr/bin/env python3
"""bench-report: turns the raw figures tools/bench.sh records (one
tab-separated line per measurement) into bench/results.md: medians of the
runs with min-max, each read figure as a ratio to the static ceiling of its
own run, and the issue's targets as met or missed."""
import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
from collections import defaultdict

PAGES = [
    ("board", "`/`"),
    ("board-nl", "`/?region=EU-NL`"),
    ("incident", "`/incidents/<id>`"),
    ("history", "`/history`"),
    ("availability", "`/availability`"),
    ("rss", "`/rss/?mt=EU-DE`"),
    ("api-v1", "`GET /api/v1/component_status`"),
    ("api-v2", "`GET /v2/events`"),
]
MODES = [
    ("shipped", "as shipped"),
    ("redis", "Redis hit"),
    ("uncached", "uncached"),
]
# The ceiling each mode is compared with: the one measured on the same stack.
CEILING_PHASE = {"shipped": "redis", "redis": "redis", "uncached": "none",
                 "single": "none"}


def command_output(args):
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=10)
        text = (out.stdout or out.stderr).strip().splitlines()
        return text[0].strip() if text else "?"
    except (OSError, subprocess.SubprocessError):
        return "not found"


def med(values):
    return statistics.median(values) if values else None


def fmt_rate(values):
    if not values:
        return "—"
    m = med(values)
    if len(values) == 1:
        return f"{m:,.0f}"
    return f"{m:,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def fmt_ratio(values):
    if not values:
        return "—"
    m = med(values)
    if len(values) == 1:
        return f"{m:.3f}"
    return f"**{m:.3f}** ({min(values):.3f}–{max(values):.3f})"


def fmt_ms(values):
    if not values:
        return "—"
    m = med(values) / 1000.0
    return f"{m:.2f}" if m < 10 else f"{m:.0f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("raw")
    for name in ("workers", "duration", "runs", "connections", "posts", "bin"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()

    reads = defaultdict(list)  # (mode, name) -> [row]
    ceilings = {}  # (stack: redis or none, run) -> rps
    rss = defaultdict(lambda: defaultdict(list))
    writes, compares, callgrind, data, meta = [], {}, defaultdict(dict), None, {}
    faults = []  # (case, figure line)
    with open(args.raw) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            kind = cols[0]
            if kind == "read":
                mode, name, run = cols[1], cols[2], int(cols[3])
                row = {
                    "run": run, "rps": float(cols[4]), "p50": int(cols[5]),
                    "p99": int(cols[6]), "requests": int(cols[7]),
                    "errors": int(cols[8]), "non2xx": int(cols[9]),
                    "cpu": None if cols[10] == "-" else int(cols[10]),
                    "bytes": int(cols[11]), "conns": int(cols[12]),
                }
                if mode == "ceiling":  # name: the stack it was measured on
                    ceilings[(name, run)] = row["rps"]
                    reads[(name + "-ceiling", "ceiling")].append(row)
                else:
                    reads[(mode, name)].append(row)
            elif kind == "rss":
                rss[cols[2]][cols[1]].append(int(cols[3]))
            elif kind == "write":
                writes.append(cols[1:])
            elif kind == "compare":
                compares[cols[1]] = (cols[2], cols[3])
            elif kind == "callgrind":
                callgrind[cols[1]][int(cols[2])] = int(cols[3])
            elif kind == "data":
                data = cols[1:]
            elif kind == "meta":
                meta[cols[1]] = cols[2]
            elif kind == "fault":
                faults.append((cols[1], cols[2]))

    def ratios(mode, name):
        out = []
        for row in reads.get((mode, name), []):
            ceiling = ceilings.get((CEILING_PHASE[mode], row["run"]))
            if ceiling:
                out.append(row["rps"] / ceiling)
        return out

    o = []
    w = o.append
    now = datetime.datetime.now(datetime.timezone.utc)
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            cpu = m.group(1).strip() if m else "?"
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    commit = command_output(["git", "rev-parse", "--short", "HEAD"])
    dirty = command_output(["git", "status", "--porcelain", "--untracked-files=no"])
    if dirty not in ("?", "not found", ""):
        commit += " + uncommitted changes"
    load = os.getloadavg()

    w("# Benchmark results")
    w("")
    w("Written by `make bench` (tools/bench.sh); rerun it to compare. Every "
      "figure is the median of the runs with min–max in brackets; a ratio "
      "divides a figure by the requests per second of nginx serving a static "
      "file as large as the board, measured in the same run on the same "
      "stack (the ceiling), so that runs on a busy machine stay comparable.")
    w("")
    w("| | |")
    w("|---|---|")
    w(f"| date | {now:%Y-%m-%d %H:%M} UTC |")
    w(f"| machine | {cpu}, {os.cpu_count()} cores, {mem_gb:.0f} GiB, "
      f"{platform.system()} {platform.release()}; load average (1 min) "
      f"{meta.get('load_start', '?')} at the start, {load[0]:.1f} at the end |")
    w(f"| code | {commit}, built with `-O2` into `{os.path.relpath(args.bin)}` |")
    w(f"| versions | {command_output(['g++', '--version'])}; "
      f"{command_output(['nginx', '-v'])}; "
      f"{command_output(['redis-server', '--version'])}; "
      f"SQLite {command_output(['sqlite3', '--version']).split(' ')[0]}; "
      f"{command_output(['wrk', '-v'])}; "
      f"{command_output(['valgrind', '--version'])} |")
    if data:
        w(f"| data | catalog `{data[4]}`: {int(data[0])} components; "
          f"{int(data[1]):,} events ({int(data[3])} open or planned), "
          f"{int(data[2]):,} updates |")
    w(f"| load | wrk, {args.connections} connections, 2 threads, "
      f"{args.duration} s a figure, {args.runs} runs; "
      f"{args.workers} processes per program |")
    if "seconds" in meta:
        w(f"| bench time | {meta['seconds']} s |")
    w("")
    w("Modes: **as shipped** is nginx with the shipped route table and its "
      "1-second microcache; **Redis hit** is the same route table with the "
      "microcache off, so every request reaches the program, which answers "
      "from its Redis page cache; **uncached** is the programs started with "
      "`SDB_CACHE_TYPE=none`, rendering every request from SQLite. The API "
      "has no page cache: its one figure is as shipped.")
    w("")

    w("## Reads")
    w("")
    w("| page | mode | req/s | ratio to ceiling | p50 ms | p99 ms | "
      "program CPU µs/request | bytes |")
    w("|---|---|---:|---:|---:|---:|---:|---:|")

    def read_row(label, mode_label, rows, rs):
        cpus = [r["cpu"] for r in rows if r["cpu"] is not None]
        errors = sum(r["errors"] + r["non2xx"] for r in rows)
        note = f" ⚠ {errors} errors" if errors else ""
        if rows and rows[0]["conns"] == 1 and rows[0]["requests"] == 1:
            note += ", one request (curl)"
        w(f"| {label} | {mode_label}{note} | {fmt_rate([r['rps'] for r in rows])} | "
          f"{fmt_ratio(rs)} | {fmt_ms([r['p50'] for r in rows])} | "
          f"{fmt_ms([r['p99'] for r in rows])} | "
          f"{f'{med(cpus):,.0f}' if cpus else '—'} | "
          f"{med([r['bytes'] for r in rows]):,.0f} |")

    for phase, label in (("redis", "with Redis"), ("none", "uncached")):
        rows = reads.get((phase + "-ceiling", "ceiling"), [])
        if rows:
            read_row("static file (ceiling)", f"stack {label}", rows,
                     [1.0] * len(rows))
    for name, label in PAGES:
        for mode, mode_label in MODES:
            rows = reads.get((mode, name))
            if rows:
                read_row(label, mode_label, rows, ratios(mode, name))
    w("")
    single = [(n, reads.get(("single", n))) for n in ("board", "history", "availability")]
    if any(rows for _, rows in single):
        w("One client at a time (uncached, the time of one request rather than "
          "of a queue of 50):")
        w("")
        w("| page | req/s | p50 ms | p99 ms | program CPU µs/request |")
        w("|---|---:|---:|---:|---:|")
        for name, rows in single:
            if not rows:
                continue
            cpus = [r["cpu"] for r in rows if r["cpu"] is not None]
            w(f"| `{name}` | {fmt_rate([r['rps'] for r in rows])} | "
              f"{fmt_ms([r['p50'] for r in rows])} | {fmt_ms([r['p99'] for r in rows])} | "
              f"{f'{med(cpus):,.0f}' if cpus else '—'} |")
        w("")

    w("## Write path")
    w("")
    w(f"`POST /v1/component_status` and `POST /v2/events` (`\"system\": true`) "
      f"alternating, {args.posts} posts per component of the catalog: a first "
      "report at impact 1 or 2 (creates or joins the open system incident of "
      "that impact), an escalation after a third and after two thirds of its "
      "posts, repeats at its impact or lower in between (409 / deduplicated). "
      "One client keeps the posts of one component in order; the serial run "
      "sends the same posts from one client. Each run starts from a fresh copy "
      "of the data.")
    w("")
    w("| run | clients | posts | posts/s | p50 ms | p99 ms | api CPU µs/post | "
      "status codes | duplicates | same incidents as serial | "
      "same answers as serial |")
    w("|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|")
    for name, clients, requests, seconds, rate, p50, p99, codes, dups, cpu in writes:
        same = compares.get(name, ("—", "—"))
        w(f"| {name} | {clients} | {requests} | {float(rate):,.0f} | "
          f"{int(p50) / 1000:.2f} | {int(p99) / 1000:.2f} | {int(cpu):,} | "
          f"{codes} | {dups} | {same[0]} | {same[1]} |")
    w("")

    w("## Resident memory after the load")
    w("")
    w("| process | count | RSS MB after the Redis runs (max) | "
      "RSS MB after the uncached runs (max) |")
    w("|---|---:|---:|---:|")
    for comm in sorted(rss):
        phases = rss[comm]
        count = max(len(v) for v in phases.values())
        cells = []
        for phase in ("redis", "uncached"):
            values = phases.get(phase)
            cells.append(f"{max(values) / 1024:.1f}" if values else "—")
        w(f"| {comm} | {count} | {cells[0]} | {cells[1]} |")
    w("")

    w("## Render instructions (callgrind)")
    w("")
    w("Instructions of `App::Respond` (cache lookup, queries, template, ETag) "
      "for one uncached `GET` of the page in a FastCGI process: the first "
      "request prepares statements and loads templates, the second is what "
      "every later request costs. Counts do not drift with machine load.")
    w("")
    w("| page | first request | later requests |")
    w("|---|---:|---:|")
    for name in ("board", "history", "availability"):
        counts = callgrind.get(name, {})
        w(f"| `{name}` | {counts.get(1, 0):,} | {counts.get(2, 0):,} |")
    w("")

    w("## Targets")
    w("")
    w("| target | figure | |")
    w("|---|---|---|")

    def target(text, value, ok, shown):
        w(f"| {text} | {shown} | {'met' if ok else '**missed**'} |")

    for name, label in (("board", "board"), ("incident", "incident"),
                        ("history", "history")):
        rs = ratios("shipped", name)
        if rs:
            target(f"{label} as shipped ≥ 0.9 of the ceiling", med(rs),
                   med(rs) >= 0.9, f"{med(rs):.3f}")
    for name, label in PAGES[:6]:
        rs = ratios("redis", name)
        if rs:
            target(f"{label} through the program, Redis hit ≥ 0.15", med(rs),
                   med(rs) >= 0.15, f"{med(rs):.3f}")
    rows = reads.get(("uncached", "board"), [])
    cpus = [r["cpu"] for r in rows if r["cpu"] is not None]
    if cpus:
        target("uncached board render ≤ 250 µs of CPU (the board program's CPU "
               "time per request under load)", med(cpus), med(cpus) <= 250,
               f"{med(cpus):.0f} µs")
    for name in ("history", "availability"):
        rows = reads.get(("single", name), [])
        if rows:
            p50 = med([r["p50"] for r in rows]) / 1000
            target(f"{name} uncached p50 ≤ 5 ms (one client)", p50, p50 <= 5,
                   f"{p50:.2f} ms")
    runs = [x for x in writes if x[0] != "serial"]
    if runs:
        rate = med([float(x[4]) for x in runs])
        dups = sum(int(x[8]) for x in writes)
        same = all(compares.get(x[0], ("no", "no")) == ("yes", "yes") for x in runs)
        target("API posts ≥ 2,000/s, zero duplicates, same result as serial",
               rate, rate >= 2000 and dups == 0 and same,
               f"{rate:,.0f} posts/s, {dups} duplicates, "
               f"{'same' if same else '**different**'} as serial")
    w("")
    if faults:
        w("## Faults under load")
        w("")
        w("Each case of `tests/faults/` run against this build (the same "
          "cases `make test` runs with the test build): its figure line.")
        w("")
        w("| case | figures |")
        w("|---|---|")
        for case, line in faults:
            w(f"| {case} | {line} |")
        w("")
    sys.stdout.write("\n".join(o))


if __name__ == "__main__":
    main()
