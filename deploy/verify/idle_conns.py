#!/usr/bin/env python3
"""Opens many idle TCP connections to HOST:PORT from several loopback source addresses and holds them.

usage: idle_conns.py HOST PORT COUNT SOURCES HOLD_S [TRICKLE_S]
Connections are spread over SOURCES addresses 127.0.0.2, 127.0.0.3, ... (Linux answers for all of 127/8). With
TRICKLE_S > 0 every connection sends one byte of a SIP request every TRICKLE_S seconds (a slow client). Prints one
JSON line: opened, failed to open, closed by the peer during the hold, still open at the end.
"""
import errno
import json
import selectors
import socket
import sys
import time

host, port, count, sources, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
trickle = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
REQUEST = b"OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKslow\r\n"

sel = selectors.DefaultSelector()
socks, failed = [], 0
for i in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((f"127.0.0.{2 + i % sources}", 0))
        s.setblocking(False)
        err = s.connect_ex((host, port))
        if err not in (0, errno.EINPROGRESS):
            raise OSError(err, "connect")
        socks.append(s)
    except OSError:
        failed += 1
        s.close()
        if failed > 1000 and not socks:
            break
time.sleep(1.0)
for s in socks:
    sel.register(s, selectors.EVENT_READ)

closed = set()
opened = len(socks)
end = time.monotonic() + hold
next_trickle = time.monotonic() + trickle if trickle else float("inf")
pos = 0
while time.monotonic() < end:
    for key, _ in sel.select(timeout=0.5):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if not data:
            closed.add(s)
            sel.unregister(s)
    if time.monotonic() >= next_trickle:
        b = REQUEST[pos % len(REQUEST):pos % len(REQUEST) + 1]
        pos += 1
        for s in socks:
            if s not in closed:
                try:
                    s.send(b)
                except OSError:
                    closed.add(s)
                    sel.unregister(s)
        next_trickle += trickle
print(json.dumps({"attempted": count, "opened": opened, "failed_to_open": failed,
                  "closed_by_peer": len(closed), "open_at_end": opened - len(closed)}))
sys.stdout.flush()
for s in socks:
    s.close()
