#!/usr/bin/env bash
# Real peers against the embedded ensemble: provisions USERS users by bulk import, registers every one of them with
# SIPp (REGISTER -> 401 -> REGISTER with MD5 digest -> 200), then registers one of them again with sipsak.
# Finally a query REGISTER (no Contact) per user must list that user's contact.
# Exit status: 0 when every SIPp call and the sipsak registration got their 200 and every binding is listed, 1 when
# anything failed, 2 on setup errors.
#
# Environment (defaults): USERS=1000 RATE=100 (calls/s) WARMUP=300 (other users registered first, not checked)
#   SIP_PORT=5070 KAFKA_PORT=29092 MGMT_PORT=29464
#   WORK=<new temp dir> (kept: logs, SIPp traces) VOUCH_JAR=deploy/standalone/target/vouch.jar JAVA=<JDK >= 21>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

USERS=${USERS:-1000}
RATE=${RATE:-100}
WARMUP=${WARMUP:-300}
SIP_PORT=${SIP_PORT:-5070}
KAFKA_PORT=${KAFKA_PORT:-29092}
MGMT_PORT=${MGMT_PORT:-29464}
WORK=${WORK:-$(mktemp -d /tmp/vouch-register-1000.XXXXXX)}
REALM=127.0.0.1

require_tools sipp sipsak curl python3
mkdir -p "$WORK/sipp"
mkdir -p "$WORK"
trap stop_all EXIT
log "work dir $WORK"

start_vouch ENSEMBLE "$WORK/vouch.log" --data-dir "$WORK/data" --kafka-port "$KAFKA_PORT" \
  --management-port "$MGMT_PORT" --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" \
  --set edge.sip.tls.port=-1 --set auth.algorithms=MD5 --set auth.realms="$REALM" --set stir.https.port=0 --set cert.repository.https.port=0
wait_for_log "$PID_ENSEMBLE" "$WORK/vouch.log" "metrics on http" 180

make_users "$USERS" "$WORK" "$REALM"
import_users "$WORK/users.csv" "127.0.0.1:$KAFKA_PORT"
if [ "$WARMUP" -gt 0 ]; then
  make_users "$WARMUP" "$WORK" "$REALM" w warmup
  import_users "$WORK/warmup.csv" "127.0.0.1:$KAFKA_PORT"
fi
# the auth service materializes vouch.credentials; wait until it holds every imported user
wait_for_metric "$MGMT_PORT" vouch_auth_credentials $((USERS + WARMUP)) 60
if [ "$WARMUP" -gt 0 ]; then
  # a fresh JVM on a busy 2-vCPU machine answers its first requests slowly: warm the path with other users first
  run_sipp "$WORK/warmup" "$SCENARIO" "$WORK/warmup.inf" "$WARMUP" 20 || true
  log "warm-up ($WARMUP other users at 20/s, not checked): $(sipp_summary "$WORK/warmup" | awk '{ print $2 " of " $1 " registered" }')"
fi
log "provisioned $USERS users; running SIPp at $RATE calls/s"

sipp_rc=0
run_sipp "$WORK/sipp" "$SCENARIO" "$WORK/users.inf" "$USERS" "$RATE" -l $((RATE * 10)) || sipp_rc=$?
read -r calls ok failed retrans retrans_pct p50_1 p99_1 p50_2 p99_2 <<<"$(sipp_summary "$WORK/sipp")"
acked=$(awk '$1 == "OK" { print $2 }' "$WORK"/sipp/*_logs.log 2>/dev/null | sort -u | wc -l)
log "SIPp exit $sipp_rc: calls $calls, 200 OK $ok, failed $failed, retransmissions $retrans ($retrans_pct %)," \
  "distinct users acknowledged $acked"
log "response time ms: REGISTER->401 p50 $p50_1 p99 $p99_1; authorized REGISTER->200 p50 $p50_2 p99 $p99_2"

# sipsak: the first user registers a second contact (sip:<user>@127.0.0.1:5999); -U handles the 401 and needs a 200
sipsak_user=$(head -1 "$WORK/users.csv" | cut -d, -f1)
sipsak_pass=$(head -1 "$WORK/users.csv" | cut -d, -f3)
sipsak_rc=0
timeout 30 sipsak -U -C "sip:$sipsak_user@127.0.0.1:5999" -s "sip:$sipsak_user@127.0.0.1:$SIP_PORT" \
  -u "$sipsak_user" -a "$sipsak_pass" -x 600 -vv >"$WORK/sipsak.out" 2>&1 || sipsak_rc=$?
log "sipsak exit $sipsak_rc: $(grep -E 'usrloc tests completed|failed|error' "$WORK/sipsak.out" | head -1)"

# every user's binding is listed by a query REGISTER (no Contact) afterwards
query_rc=0
run_sipp "$WORK/query" "$QUERY_SCENARIO" "$WORK/users.inf" "$USERS" "$RATE" || query_rc=$?
listed=$(awk '$1 == "BINDING" && index($0, "<sip:" $2 "@127.0.0.1:") > 0 { print $2 }' "$WORK"/query/*_logs.log \
  2>/dev/null | sort -u | wc -l)
log "query REGISTERs (SIPp exit $query_rc): $listed of $USERS users listed with their contact"
bindings=$(metric "$MGMT_PORT" vouch_registrar_aors_active)
log "registrar holds $bindings AORs"

if [ "$sipp_rc" -eq 0 ] && [ "$ok" -eq "$USERS" ] && [ "$failed" -eq 0 ] && [ "$acked" -eq "$USERS" ] \
  && [ "$sipsak_rc" -eq 0 ] && [ "$listed" -eq "$USERS" ]; then
  echo "PASS users=$USERS ok=$ok failed=$failed retrans_pct=$retrans_pct sipsak=ok listed=$listed aors=$bindings"
  exit 0
fi
echo "FAIL users=$USERS ok=$ok failed=$failed acked=$acked sipp_rc=$sipp_rc sipsak_rc=$sipsak_rc listed=$listed" \
  "(traces in $WORK)"
exit 1
