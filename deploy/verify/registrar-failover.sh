#!/usr/bin/env bash
# A registrar replica killed (SIGKILL) mid-load loses no acknowledged binding.
#
# One process runs the embedded broker, the edge and auth; two registrar replicas run as separate processes in the
# same consumer group. SIPp registers USERS users (each once, its own Call-ID); once the replica that owns the most
# partitions has answered KILL_AT of those REGISTERs (its /metrics), it is killed with kill -9 while the load goes on. Every AOR whose REGISTER got a 200 ("acknowledged",
# from SIPp's per-call log) is then looked up twice:
#   1. in the compacted topic vouch.bindings, read from the beginning with kcat: the AOR's last record must hold a
#      binding whose Call-ID is the acknowledged one and whose expiry is in the future ("found in topic");
#   2. through the surviving replica once it owns every partition: a REGISTER query (no Contact, with digest) per
#      acknowledged AOR must list the AOR's contact ("found via survivor").
# Prints acknowledged / found / missing counts; exit 0 when nothing is missing, 1 when anything is, 2 on setup errors.
#
# Environment (defaults): USERS=1000 RATE=50 KILL_AT=150 (REGISTERs the victim has answered) WARMUP=200 (other
#   users registered first, not checked) SESSION_TIMEOUT_MS=10000 (registrar consumers)
#   SIP_PORT=5072 KAFKA_PORT=29192 MGMT_PORT=29564 (+1, +2 for the replicas) PARTITIONS=6 WORK=<new temp dir>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

USERS=${USERS:-1000}
RATE=${RATE:-50}
KILL_AT=${KILL_AT:-150}
WARMUP=${WARMUP:-200}
SESSION_TIMEOUT_MS=${SESSION_TIMEOUT_MS:-10000}
SIP_PORT=${SIP_PORT:-5072}
KAFKA_PORT=${KAFKA_PORT:-29192}
MGMT_PORT=${MGMT_PORT:-29564}
PARTITIONS=${PARTITIONS:-6}
WORK=${WORK:-$(mktemp -d /tmp/vouch-failover.XXXXXX)}
REALM=127.0.0.1
KAFKA=127.0.0.1:$KAFKA_PORT
REPLICA_JAVA_OPTS=${REPLICA_JAVA_OPTS:--Xms128m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=50}

require_tools sipp kcat curl python3
mkdir -p "$WORK/load" "$WORK/query"
mkdir -p "$WORK"
trap stop_all EXIT
log "work dir $WORK"

# Partitions a replica holds now: replays its "owns partitions [...]" / "released partitions [...]" log lines.
owned() {
  "$PYTHON" - "$1" <<'EOF'
import re, sys
held = set()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"Registrar (owns|released) partitions \[([0-9, ]*)\]", line)
    if m:
        parts = {int(p) for p in m.group(2).split(",") if p.strip()}
        held = held | parts if m.group(1) == "owns" else held - parts
print(len(held))
EOF
}

start_vouch BROKER "$WORK/edge-auth.log" --data-dir "$WORK/data" --kafka-port "$KAFKA_PORT" \
  --management-port "$MGMT_PORT" --partitions "$PARTITIONS" --services auth,edge \
  --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" --set edge.sip.tls.port=-1 \
  --set auth.algorithms=MD5 --set auth.realms="$REALM" --set stir.https.port=0 --set cert.repository.https.port=0
wait_for_log "$PID_BROKER" "$WORK/edge-auth.log" "metrics on http" 180

for r in 1 2; do
  VOUCH_JAVA_OPTS=$REPLICA_JAVA_OPTS start_vouch "REG$r" "$WORK/registrar-$r.log" --kafka "$KAFKA" \
    --services registrar --partitions "$PARTITIONS" --data-dir "$WORK/registrar-$r" \
    --management-port $((MGMT_PORT + r)) --set kafka.consumer.session.timeout.ms="$SESSION_TIMEOUT_MS"
  eval "pid=\$PID_REG$r"
  wait_for_log "$pid" "$WORK/registrar-$r.log" "Registrar owns partitions" 180
done
# both replicas in the group, every partition owned by one of them
for i in $(seq 120); do
  alive BROKER REG1 REG2
  o1=$(owned "$WORK/registrar-1.log"); o2=$(owned "$WORK/registrar-2.log")
  [ "$o1" -gt 0 ] && [ "$o2" -gt 0 ] && [ $((o1 + o2)) -eq "$PARTITIONS" ] && break
  [ "$i" -lt 120 ] || die "replicas did not split the $PARTITIONS partitions (replica 1: $o1, replica 2: $o2)"
  sleep 1
done
log "replica 1 owns $o1 partitions, replica 2 owns $o2"

make_users "$USERS" "$WORK" "$REALM"
import_users "$WORK/users.csv" "$KAFKA"
if [ "$WARMUP" -gt 0 ]; then
  make_users "$WARMUP" "$WORK" "$REALM" w warmup
  import_users "$WORK/warmup.csv" "$KAFKA"
fi
wait_for_metric "$MGMT_PORT" vouch_auth_credentials $((USERS + WARMUP)) 60
if [ "$WARMUP" -gt 0 ]; then
  # fresh JVMs on a busy machine answer their first requests slowly; warm the whole path with other users first
  run_sipp "$WORK/warmup" "$SCENARIO" "$WORK/warmup.inf" "$WARMUP" 50 || true
  log "warm-up: $(sipp_summary "$WORK/warmup" | awk '{ print $2 " of " $1 " registered" }')"
fi

# the victim: the replica with more partitions (replica 1 on a tie)
if [ "$o2" -gt "$o1" ]; then victim=2; survivor=1; else victim=1; survivor=2; fi
eval "victim_pid=\$PID_REG$victim"
eval "survivor_pid=\$PID_REG$survivor"
victim_port=$((MGMT_PORT + victim))
survivor_port=$((MGMT_PORT + survivor))
victim_base=$(metric "$victim_port" vouch_registrar_registrations_total)
survivor_base=$(metric "$survivor_port" vouch_registrar_registrations_total)

log "SIPp: $USERS REGISTERs at $RATE/s; kill -9 of replica $victim (pid $victim_pid) once it has answered $KILL_AT"
run_sipp "$WORK/load" "$SCENARIO" "$WORK/users.inf" "$USERS" "$RATE" -l $((RATE * 30)) -recv_timeout 20000 &
sipp_pid=$!
while :; do
  kill -0 "$sipp_pid" 2>/dev/null || die "SIPp finished before replica $victim answered $KILL_AT REGISTERs"
  alive BROKER REG1 REG2
  victim_done=$(($(metric "$victim_port" vouch_registrar_registrations_total) - victim_base))
  [ "$victim_done" -lt "$KILL_AT" ] || break
  sleep 0.2
done
kill -9 "$victim_pid"
killed_at=$(date +%s.%N)
survivor_at_kill=$(($(metric "$survivor_port" vouch_registrar_registrations_total) - survivor_base))
log "killed replica $victim after it answered >= $victim_done REGISTERs of this load (survivor: $survivor_at_kill)"
sipp_rc=0
wait "$sipp_pid" || sipp_rc=$?
survivor_done=$(($(metric "$survivor_port" vouch_registrar_registrations_total) - survivor_base))

read -r calls ok failed _ <<<"$(sipp_summary "$WORK/load")"
awk '$1 == "OK" { print $2 "\t" $3 }' "$WORK"/load/*_logs.log | sort -u >"$WORK/acknowledged.tsv"
acked=$(cut -f1 "$WORK/acknowledged.tsv" | sort -u | wc -l)
log "SIPp exit $sipp_rc: calls $calls, 200 OK $ok, failed $failed (failures expected while the victim's" \
  "partitions wait for the session timeout); acknowledged AORs $acked"
[ "$acked" -gt 0 ] || die "no REGISTER was acknowledged"

# Check 1: the compacted topic, read from the beginning (last record per key wins)
kcat -C -b "$KAFKA" -t vouch.bindings -e -q -f '%k\t%S\t%s\n' >"$WORK/bindings.tsv"
topic_found=$("$PYTHON" "$VERIFY_DIR/acked_bindings.py" "$WORK/acknowledged.tsv" "$WORK/bindings.tsv" "$REALM" \
  "$WORK/missing-topic.txt")
log "vouch.bindings: $topic_found of $acked acknowledged AORs hold the acknowledged binding"

# Check 2: through the survivor, once it owns every partition
for i in $(seq 120); do
  [ "$(owned "$WORK/registrar-$survivor.log")" -eq "$PARTITIONS" ] && break
  alive BROKER "REG$survivor"
  [ "$i" -lt 120 ] || die "survivor did not take over all $PARTITIONS partitions"
  sleep 1
done
takeover=$("$PYTHON" - "$WORK/registrar-$survivor.log" "$killed_at" <<'EOF'
import datetime, sys
last = [l for l in open(sys.argv[1], encoding="utf-8", errors="replace") if "Registrar owns partitions" in l][-1]
t = datetime.datetime.fromisoformat(last[:23]).replace(tzinfo=datetime.timezone.utc).timestamp()
print(round(t - float(sys.argv[2]), 1))
EOF
)
log "replica $survivor owns all $PARTITIONS partitions, state loaded ${takeover}s after the kill"
{ echo SEQUENTIAL; while IFS=$'\t' read -r user _; do
    awk -F, -v u="$user" '$1 == u { print $1 ";" $3; exit }' "$WORK/users.csv"
  done <"$WORK/acknowledged.tsv"; } >"$WORK/acknowledged.inf"
query_rc=0
run_sipp "$WORK/query" "$QUERY_SCENARIO" "$WORK/acknowledged.inf" "$acked" 100 || query_rc=$?
survivor_found=$(awk '$1 == "BINDING" && index($0, "<sip:" $2 "@") > 0 { print $2 }' "$WORK"/query/*_logs.log \
  2>/dev/null | sort -u | join - <(cut -f1 "$WORK/acknowledged.tsv" | sort -u) | wc -l)
cut -f1 "$WORK/acknowledged.tsv" | sort -u | join -v1 - <(awk '$1 == "BINDING" && index($0, "<sip:" $2 "@") > 0 \
  { print $2 }' "$WORK"/query/*_logs.log 2>/dev/null | sort -u) >"$WORK/missing-survivor.txt"
log "survivor query (SIPp exit $query_rc): $survivor_found of $acked acknowledged AORs listed with their contact"

missing_topic=$((acked - topic_found))
missing_survivor=$((acked - survivor_found))
echo "acknowledged=$acked found_topic=$topic_found missing_topic=$missing_topic" \
  "found_survivor=$survivor_found missing_survivor=$missing_survivor" \
  "victim_answered_before_kill=$victim_done survivor_answered=$survivor_done takeover_s=$takeover sipp_calls=$calls sipp_ok=$ok sipp_failed=$failed"
if [ "$missing_topic" -eq 0 ] && [ "$missing_survivor" -eq 0 ]; then
  echo "PASS: no acknowledged binding lost (details in $WORK)"
  exit 0
fi
echo "FAIL: acknowledged bindings missing: see $WORK/missing-topic.txt and $WORK/missing-survivor.txt"
exit 1
