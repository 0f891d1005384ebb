#!/usr/bin/env bash
# After kill -9 and a restart on the same data directory, how long until /health/ready says UP and how long until a
# request is served, measured from the restart.
#
# One ensemble (embedded broker, every service) is started, proven to serve an OPTIONS, killed with kill -9 and started
# again on the same data directory. From the restart on, a probe polls /health/ready every 100 ms and sends an OPTIONS
# (new transaction each time) every 250 ms until one is answered 200. Prints seconds from restart to: the edge's port
# answering anything, ready UP, and the first 200; "ready early by" is how long ready was UP before anything was served
# (over 2 s means readiness lied; the first request through a cold pipeline takes about a second). Exit 0 when ready
# never came before service, 1 when it did, 2 on errors.
#
# Environment (defaults): SIP_PORT=25060 KAFKA_PORT=29092 MGMT_PORT=29464 LIMIT_S=120 WORK=<new temp dir>
#   EXTRA_SET="" (more --set key=value words for both starts, e.g. "kafka.consumer.group.instance.id=")
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SIP_PORT=${SIP_PORT:-25060}
KAFKA_PORT=${KAFKA_PORT:-29092}
MGMT_PORT=${MGMT_PORT:-29464}
LIMIT_S=${LIMIT_S:-120}
WORK=${WORK:-$(mktemp -d /tmp/vouch-restart.XXXXXX)}
EXTRA_SET=${EXTRA_SET:-}

require_tools curl python3
mkdir -p "$WORK"
trap stop_all EXIT
log "work dir $WORK"

args=(--data-dir "$WORK/data" --kafka-port "$KAFKA_PORT" --management-port "$MGMT_PORT"
  --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" --set edge.sip.tls.port=-1 --set stir.https.port=0)
for kv in $EXTRA_SET; do args+=(--set "$kv"); done

# probe LIMIT : polls readiness and sends OPTIONS until one is answered 200; prints "port ready served" seconds.
probe() {
  "$PYTHON" - "$SIP_PORT" "$MGMT_PORT" "$1" <<'EOF'
import socket, sys, time, urllib.request
sip, mgmt, limit = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
t0 = time.monotonic()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.setblocking(False)
local = s.getsockname()[1]
port_at = ready_at = served_at = None
n = next_send = next_ready = 0.0
while served_at is None and time.monotonic() - t0 < limit:
    now = time.monotonic()
    if now >= next_send:
        n += 1
        msg = ("OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-rr-%d;rport\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p%d\r\nTo: <sip:127.0.0.1>\r\n"
               "Call-ID: rr-%d-%d@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
               % (local, n, local, local, n))
        try:
            s.sendto(msg.encode(), ("127.0.0.1", sip))
        except OSError:
            pass
        next_send = now + 0.25
    if ready_at is None and now >= next_ready:
        next_ready = now + 0.1
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health/ready" % mgmt, timeout=1) as r:
                if r.status == 200 and b'"UP"' in r.read(200):
                    ready_at = now - t0
        except Exception:
            pass
    try:
        data = s.recv(65535)
        if port_at is None:
            port_at = time.monotonic() - t0
        if data.startswith(b"SIP/2.0 200"):
            served_at = time.monotonic() - t0
    except BlockingIOError:
        time.sleep(0.01)
    except OSError:
        time.sleep(0.01)
f = lambda v: "-" if v is None else "%.1f" % v
print(f(port_at), f(ready_at), f(served_at))
EOF
}

start_vouch FIRST "$WORK/first.log" "${args[@]}"
wait_for_log "$PID_FIRST" "$WORK/first.log" "metrics on http" 180
read -r _ _ served < <(probe 60)
[ "$served" != "-" ] || die "the first incarnation served nothing"
log "first incarnation serves; kill -9 $PID_FIRST"
kill -9 "$PID_FIRST"
wait "$PID_FIRST" 2>/dev/null || true

start_vouch SECOND "$WORK/second.log" "${args[@]}"
read -r port ready served < <(probe "$LIMIT_S")
log "after restart: port answers at ${port}s, ready UP at ${ready}s, first 200 at ${served}s"
[ "$served" != "-" ] || die "nothing served within ${LIMIT_S}s"
early=$("$PYTHON" -c "import sys; r, s = sys.argv[1], float(sys.argv[2]); print('%.1f' % (s - float(r)) if r != '-' else '-')" "$ready" "$served")
echo "restart-readiness: port ${port}s ready ${ready}s served ${served}s ready-early-by ${early}s"
if [ "$early" != "-" ] && "$PYTHON" -c "import sys; sys.exit(0 if float(sys.argv[1]) > 2 else 1)" "$early"; then
  exit 1
fi
