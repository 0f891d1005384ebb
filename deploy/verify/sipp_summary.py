#!/usr/bin/env python3
"""Summarises one SIPp run directory: the cumulative counters of the statistics file (-trace_stat) and the
response-time percentiles of the per-call trace (-trace_rtt).

Usage: sipp_summary.py DIR [--json]
Prints: calls ok failed retransmissions retrans_pct rtd1_p50 rtd1_p99 rtd2_p50 rtd2_p99 (milliseconds)
Retransmission % is retransmissions / requests sent, counting two REGISTERs per call created.
"""
import glob
import json
import math
import os
import sys


def last_stat_row(d):
    files = [f for f in glob.glob(os.path.join(d, "*_.csv")) if not f.endswith("_rtt.csv")]
    if not files:
        sys.exit(f"no SIPp statistics file (-trace_stat) in {d}")
    with open(files[0], encoding="latin-1") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    header = lines[0].split(";")
    row = lines[-1].split(";")
    return dict(zip(header, row))


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    # nearest-rank
    k = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[k - 1]


def rtts(d):
    by_rtd = {}
    for name in glob.glob(os.path.join(d, "*_rtt.csv")):
        with open(name, encoding="latin-1") as f:
            for line in f:
                parts = line.strip().split(";")
                if len(parts) != 3 or not parts[2].isdigit():
                    continue
                by_rtd.setdefault(int(parts[2]), []).append(float(parts[1]))
    return {k: sorted(v) for k, v in by_rtd.items()}


def main():
    d = sys.argv[1]
    s = last_stat_row(d)
    calls = int(s["TotalCallCreated"])
    ok = int(s["SuccessfulCall(C)"])
    failed = int(s["FailedCall(C)"])
    retrans = int(s["Retransmissions(C)"])
    requests = 2 * calls
    r = rtts(d)
    out = {
        "calls": calls,
        "ok": ok,
        "failed": failed,
        "retransmissions": retrans,
        "retrans_pct": round(100.0 * retrans / requests, 3) if requests else 0.0,
        "rtd1_p50": percentile(r.get(1, []), 50),
        "rtd1_p99": percentile(r.get(1, []), 99),
        "rtd2_p50": percentile(r.get(2, []), 50),
        "rtd2_p99": percentile(r.get(2, []), 99),
        "failed_timeout_recv": int(s.get("FailedTimeoutOnRecv(C)", 0)),
        "failed_max_udp_retrans": int(s.get("FailedMaxUDPRetrans(C)", 0)),
        "failed_unexpected_msg": int(s.get("FailedUnexpectedMessage(C)", 0)),
        "elapsed": s.get("ElapsedTime(C)", ""),
    }
    if "--json" in sys.argv:
        print(json.dumps(out))
    else:
        print(" ".join(str(out[k]) for k in ("calls", "ok", "failed", "retransmissions", "retrans_pct",
                                             "rtd1_p50", "rtd1_p99", "rtd2_p50", "rtd2_p99")))


if __name__ == "__main__":
    main()
