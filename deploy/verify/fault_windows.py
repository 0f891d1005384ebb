#!/usr/bin/env python3
"""Per-fault figures of deploy/verify/cluster-faults.sh.

Usage: fault_windows.py FAULTS_TSV TIMELINE_TSV START_EPOCH END_EPOCH SIPP_DIR...
FAULTS_TSV: "name<TAB>kill epoch<TAB>recovered epoch" per fault, in order.
TIMELINE_TSV: "epoch<TAB>edge<TAB>responses 200<TAB>responses 503" polled from every edge's /metrics ("-" while down).
SIPP_DIR: SIPp run directories (-trace_stat -fd 1): failed calls per period, by kind.
A fault's window runs from its kill to the next fault's kill (the last one to END_EPOCH). Prints a "baseline" line for
the load before the first fault (from START_EPOCH), then one line per fault:
name, recovery seconds, edge 503s sent in the window, SIPp calls failed in the window (503 = unexpected message,
timeout = no answer), and the seconds from the kill to the last 503 of the window.
"""
import glob
import os
import sys


def stat_rows(d):
    rows = []
    for name in glob.glob(os.path.join(d, "*_.csv")):
        if name.endswith("_rtt.csv"):
            continue
        with open(name, encoding="latin-1") as f:
            lines = [line.rstrip("\n") for line in f if line.strip()]
        header = lines[0].split(";")
        for line in lines[1:]:
            row = dict(zip(header, line.split(";")))
            row["epoch"] = float(row["CurrentTime"].split("\t")[-1])
            rows.append(row)
    return rows


def p(row, key):
    return int(row.get(key + "(P)", "0") or 0)


def main():
    faults = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
    start_load, end = float(sys.argv[3]), float(sys.argv[4])
    timeline = {}
    for line in open(sys.argv[2]):
        t, edge, ok, busy = line.rstrip("\n").split("\t")
        if busy != "-":
            timeline.setdefault(edge, []).append((float(t), int(ok), int(busy)))
    rows = [r for d in sys.argv[5:] for r in stat_rows(d)]
    first = float(faults[0][1]) if faults else end
    before = [r for r in rows if start_load < r["epoch"] <= first]
    print(f"baseline window_s={first - start_load:.0f} sipp_ok={sum(p(r, 'SuccessfulCall') for r in before)}"
          f" sipp_failed={sum(p(r, 'FailedCall') for r in before)}"
          f" sipp_failed_503={sum(p(r, 'FailedUnexpectedMessage') for r in before)}")
    for i, (name, kill, recovered) in enumerate(faults):
        start = float(kill)
        stop = float(faults[i + 1][1]) if i + 1 < len(faults) else end
        busy, last_busy = 0, None
        for samples in timeline.values():
            before = [s for s in samples if s[0] <= start]
            inside = [s for s in samples if start < s[0] <= stop]
            prev = before[-1][2] if before else (inside[0][2] if inside else 0)
            for t, _, b in inside:
                if b < prev:  # a restarted edge counts from zero
                    prev = 0
                if b > prev:
                    busy += b - prev
                    last_busy = t if last_busy is None else max(last_busy, t)
                prev = b
        window = [r for r in rows if start < r["epoch"] <= stop]
        failed = sum(p(r, "FailedCall") for r in window)
        unexpected = sum(p(r, "FailedUnexpectedMessage") for r in window)
        timeouts = sum(p(r, "FailedTimeoutOnRecv") + p(r, "FailedMaxUDPRetrans") for r in window)
        ok = sum(p(r, "SuccessfulCall") for r in window)
        recovery = float(recovered) - start if recovered not in ("", "-") else float("nan")
        last = f"{last_busy - start:.1f}" if last_busy is not None else "-"
        print(f"fault={name} recovery_s={recovery:.1f} edge_503={busy} sipp_ok={ok} sipp_failed={failed}"
              f" sipp_failed_503={unexpected} sipp_failed_timeout={timeouts} last_503_after_kill_s={last}"
              f" window_s={stop - start:.0f}")


if __name__ == "__main__":
    main()
