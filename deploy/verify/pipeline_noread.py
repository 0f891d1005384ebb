#!/usr/bin/env python3
"""A client that pipelines SIP OPTIONS over one TCP connection and never reads a response.

usage: pipeline_noread.py HOST PORT SECONDS
Prints one JSON line: requests written, seconds until the peer closed the connection (null if it stayed open).
"""
import json
import socket
import sys
import time

host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.create_connection((host, port))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.settimeout(1.0)
start = time.monotonic()
sent, closed_after, n = 0, None, 0
while time.monotonic() - start < seconds:
    n += 1
    req = (f"OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKpipe{n}\r\n"
           f"Max-Forwards: 70\r\nFrom: <sip:pipe@127.0.0.1>;tag=p{n}\r\nTo: <sip:127.0.0.1>\r\n"
           f"Call-ID: pipe-{n}@127.0.0.1\r\nCSeq: {n} OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()
    try:
        s.sendall(req)
        sent += 1
    except socket.timeout:
        continue  # the edge stopped reading: keep trying until it closes or time is up
    except OSError:
        closed_after = round(time.monotonic() - start, 1)
        break
print(json.dumps({"requests_written": sent, "closed_by_peer_after_s": closed_after}))
