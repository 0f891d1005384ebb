#!/usr/bin/env python3
"""Checks acknowledged registrations against the compacted bindings topic.

Usage: acked_bindings.py ACKED_TSV BINDINGS_TSV REALM MISSING_OUT
ACKED_TSV: "user<TAB>call-id" per acknowledged REGISTER (SIPp's "OK <user> <call-id>" log lines).
BINDINGS_TSV: kcat -C -t vouch.bindings -e -q -f '%k\\t%S\\t%s\\n' (read from the beginning; the last record per key
wins, a value size of -1 is a tombstone).
An AOR is found when its last record holds a binding with the acknowledged Call-ID, the user's contact and an expiry in
the future. Prints the number found; writes the missing ones (user, call-id, last value) to MISSING_OUT.
"""
import json
import sys
import time


def main():
    acked_file, bindings_file, realm, missing_file = sys.argv[1:5]
    acked = dict(line.rstrip("\n").split("\t")[:2] for line in open(acked_file) if line.strip())
    last = {}
    for line in open(bindings_file, encoding="utf-8", errors="replace"):
        parts = line.rstrip("\n").split("\t", 2)
        if len(parts) == 3:
            last[parts[0]] = None if parts[1] == "-1" else parts[2]
    now_ms = time.time() * 1000
    found, missing = 0, []
    for user, call_id in acked.items():
        value = last.get(f"{user}@{realm}")
        ok = False
        if value:
            rec = json.loads(value)
            ok = any(b.get("callId") == call_id and b.get("expiresAt", 0) > now_ms
                     and b.get("contact", "").startswith(f"sip:{user}@") for b in rec.get("bindings", []))
        if ok:
            found += 1
        else:
            missing.append(f"{user}\t{call_id}\t{value}")
    with open(missing_file, "w") as f:
        f.write("".join(m + "\n" for m in missing))
    print(found)


if __name__ == "__main__":
    main()
