#!/usr/bin/env bash
# Distributed UDP flood against the embedded ensemble: SOURCES flood sources on loopback (127.1.x.y), each under the
# per-source rate limit, send RATE unauthenticated METHOD requests per second in total for FLOOD_SECONDS seconds,
# while a legitimate client on 127.0.0.1 REGISTERs with MD5 digest every INTERVAL seconds. Reports the legitimate
# success ratio and latency during the flood, the kernel's receive drops on the edge's socket and the edge's shed
# counters. The legitimate client registers for WARMUP seconds before the flood (set WARMUP=0 to flood a source that
# never authenticated).
# Exit status: 0 when at least MIN_OK_PCT % of the legitimate attempts during the flood succeeded, 1 otherwise, 2 on
# setup errors.
#
# Environment (defaults): SOURCES=200 RATE=50000 (packets/s, all sources) FLOOD_SECONDS=60 METHOD=OPTIONS
#   INTERVAL=4 (s between legitimate attempts) TIMEOUT=8 (s per attempt) WARMUP=10 MIN_OK_PCT=90
#   SIP_PORT=35060 KAFKA_PORT=39092 MGMT_PORT=39464 EXTRA_SETS="" (more --set k=v for the ensemble)
#   VOUCH_NICE=0 (scheduling priority of the ensemble on a shared machine, e.g. -10)
#   WORK=<new temp dir> (kept: logs) VOUCH_JAR=deploy/standalone/target/vouch.jar JAVA=<JDK >= 21>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SOURCES=${SOURCES:-200}
RATE=${RATE:-50000}
FLOOD_SECONDS=${FLOOD_SECONDS:-60}
METHOD=${METHOD:-OPTIONS}
INTERVAL=${INTERVAL:-4}
TIMEOUT=${TIMEOUT:-8}
WARMUP=${WARMUP:-10}
MIN_OK_PCT=${MIN_OK_PCT:-90}
SIP_PORT=${SIP_PORT:-35060}
KAFKA_PORT=${KAFKA_PORT:-39092}
MGMT_PORT=${MGMT_PORT:-39464}
EXTRA_SETS=${EXTRA_SETS:-}
WORK=${WORK:-$(mktemp -d /tmp/vouch-udp-flood.XXXXXX)}
REALM=127.0.0.1

require_tools cc curl
mkdir -p "$WORK"
trap stop_all EXIT
log "work dir $WORK"
cc -O2 -o "$WORK/udp-flood" "$VERIFY_DIR/flood/udp-flood.c" || die "cannot compile the flood sender"

sets=()
for kv in $EXTRA_SETS; do sets+=(--set "$kv"); done
start_vouch ENSEMBLE "$WORK/vouch.log" --data-dir "$WORK/data" --kafka-port "$KAFKA_PORT" \
  --management-port "$MGMT_PORT" --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" \
  --set edge.sip.tls.port=-1 --set auth.algorithms=MD5 --set auth.realms="$REALM" --set stir.https.port=0 "${sets[@]}"
wait_for_log "$PID_ENSEMBLE" "$WORK/vouch.log" "metrics on http" 180

make_users 1 "$WORK" "$REALM" legit
import_users "$WORK/users.csv" "127.0.0.1:$KAFKA_PORT"
wait_for_metric "$MGMT_PORT" vouch_auth_credentials 1 60
user=$(cut -d, -f1 "$WORK/users.csv")
pass=$(cut -d, -f3 "$WORK/users.csv")
legit() { "$PYTHON" "$VERIFY_DIR/flood/legit-register.py" 127.0.0.1 "$SIP_PORT" "$user" "$pass" "$REALM" "$@"; }

if [ "$WARMUP" -gt 0 ]; then
  legit 1 "$WARMUP" "$TIMEOUT" >"$WORK/warmup.out"
  log "before the flood: $(tail -1 "$WORK/warmup.out" | awk '{ print $2 " of " $1 " registered, p50 " $3 " ms" }')"
fi

drops0=$(udp_drops "$SIP_PORT")
shed0=$(metric "$MGMT_PORT" vouch_edge_shed_total)
log "flooding: $SOURCES sources, $RATE $METHOD/s in total ($((RATE / SOURCES))/s each) for ${FLOOD_SECONDS}s"
"$WORK/udp-flood" 127.0.0.1 "$SIP_PORT" "$SOURCES" "$RATE" "$FLOOD_SECONDS" "$METHOD" >"$WORK/flood.out" &
flood_pid=$!
STARTED_PIDS+=("$flood_pid")
sleep 2 # the flood is at full rate before the first legitimate attempt
legit "$INTERVAL" $((FLOOD_SECONDS - 2 - TIMEOUT)) "$TIMEOUT" >"$WORK/legit.out"
wait "$flood_pid" || true
alive ENSEMBLE
drops=$(( $(udp_drops "$SIP_PORT") - drops0 ))
shed=$(( $(metric "$MGMT_PORT" vouch_edge_shed_total) - shed0 ))
read -r sent send_errors <"$WORK/flood.out"
read -r attempts ok p50 p90 <<<"$(tail -1 "$WORK/legit.out")"
log "flood: $sent packets sent ($send_errors send errors), kernel receive drops on the edge socket $drops," \
  "shed by the edge $shed"
log "legitimate REGISTER during the flood: $ok of $attempts succeeded, p50 $p50 ms, p90 $p90 ms"
grep -v '^[0-9]' "$WORK/legit.out" | sed 's/^/  /' >&2
echo "$METHOD sources=$SOURCES rate=$RATE ok=$ok attempts=$attempts p50_ms=$p50 p90_ms=$p90 kernel_drops=$drops shed=$shed"
[ "$attempts" -gt 0 ] && [ $((ok * 100)) -ge $((attempts * MIN_OK_PCT)) ]
