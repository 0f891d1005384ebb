#!/usr/bin/env python3
"""A legitimate UAC for deploy/verify/udp-flood.sh: REGISTERs with MD5 digest (RFC 3261 §22, RFC 2617) every
INTERVAL seconds for SECONDS seconds from 127.0.0.1, retransmitting per RFC 3261 §17.1.2.2 (T1 = 500 ms doubling
to T2 = 4 s). An attempt succeeds when its 200 arrives within TIMEOUT seconds of the first send; any other final
response or the timeout fails it. Prints one line per attempt, then "attempts ok p50_ms p90_ms".

usage: legit-register.py HOST PORT USER PASSWORD REALM INTERVAL SECONDS TIMEOUT
"""
import hashlib
import random
import re
import socket
import sys
import time

host, port, user, password, realm = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
interval, seconds, timeout = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 0))
lport = sock.getsockname()[1]
call_id = "legit-%x@127.0.0.1" % random.getrandbits(48)
from_tag = "%x" % random.getrandbits(32)
cseq = 0


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def request(auth):
    global cseq
    cseq += 1
    branch = "z9hG4bK-%x" % random.getrandbits(48)
    lines = [
        "REGISTER sip:%s SIP/2.0" % realm,
        "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=%s;rport" % (lport, branch),
        "Max-Forwards: 70",
        "From: <sip:%s@%s>;tag=%s" % (user, realm, from_tag),
        "To: <sip:%s@%s>" % (user, realm),
        "Call-ID: " + call_id,
        "CSeq: %d REGISTER" % cseq,
        "Contact: <sip:%s@127.0.0.1:%d>" % (user, lport),
        "Expires: 300",
    ]
    if auth:
        lines.append("Authorization: " + auth)
    lines.append("Content-Length: 0")
    return ("\r\n".join(lines) + "\r\n\r\n").encode(), branch


def transact(data, branch, deadline):
    """Sends with retransmissions; returns (status, text) of the final response for branch, or (None, None)."""
    t1, wait = 0.5, 0.5
    sock.sendto(data, (host, port))
    next_send = time.monotonic() + wait
    while True:
        now = time.monotonic()
        if now >= deadline:
            return None, None
        sock.settimeout(max(0.001, min(next_send, deadline) - now))
        try:
            msg = sock.recv(65535).decode("latin-1")
        except socket.timeout:
            if time.monotonic() >= next_send:
                sock.sendto(data, (host, port))
                wait = min(wait * 2, 4.0)
                next_send = time.monotonic() + wait
            continue
        if branch not in msg.split("\r\n\r\n", 1)[0]:
            continue
        m = re.match(r"SIP/2\.0 (\d{3})", msg)
        if m and int(m.group(1)) >= 200:
            return int(m.group(1)), msg


def authorization(challenge_msg):
    for line in challenge_msg.split("\r\n"):
        if not line.lower().startswith("www-authenticate:"):
            continue
        value = line.split(":", 1)[1]
        params = dict((k.lower(), v1 or v2) for k, v1, v2 in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]+))', value))
        if params.get("algorithm", "MD5").upper() != "MD5":
            continue
        uri = "sip:" + realm
        ha1 = md5("%s:%s:%s" % (user, params["realm"], password))
        ha2 = md5("REGISTER:" + uri)
        out = 'Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=MD5' % (
            user, params["realm"], params["nonce"], uri)
        if "auth" in params.get("qop", "").split(","):
            cnonce, nc = "%x" % random.getrandbits(32), "00000001"
            resp = md5("%s:%s:%s:%s:auth:%s" % (ha1, params["nonce"], nc, cnonce, ha2))
            out += ', qop=auth, nc=%s, cnonce="%s"' % (nc, cnonce)
        else:
            resp = md5("%s:%s:%s" % (ha1, params["nonce"], ha2))
        out += ', response="%s"' % resp
        if "opaque" in params:
            out += ', opaque="%s"' % params["opaque"]
        return out
    return None


results = []
start = time.monotonic()
while time.monotonic() - start < seconds:
    begin = time.monotonic()
    deadline = begin + timeout
    data, branch = request(None)
    status, msg = transact(data, branch, deadline)
    if status == 401:
        auth = authorization(msg)
        if auth:
            data, branch = request(auth)
            status, msg = transact(data, branch, deadline)
    elapsed = time.monotonic() - begin
    ok = status == 200
    results.append((ok, elapsed))
    print("attempt %d: %s in %.0f ms" % (len(results), status if status else "timeout", elapsed * 1000), flush=True)
    pause = interval - (time.monotonic() - begin)
    if pause > 0:
        time.sleep(pause)

good = sorted(e for ok, e in results if ok)


def pct(p):
    return "%.0f" % (good[min(len(good) - 1, int(p * len(good)))] * 1000) if good else "-"


print("%d %d %s %s" % (len(results), len(good), pct(0.5), pct(0.9)))
