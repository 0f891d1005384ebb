#!/usr/bin/env bash
# Benchmark: SIPp REGISTER with MD5 digest (REGISTER -> 401 -> REGISTER -> 200 per call) at increasing rates against
# the embedded ensemble (one JVM: broker, auth, registrar, identity, edge), each step DURATION seconds.
# Prints one table row per rate and the highest rate with no failed call and < 0.5 % retransmissions.
# Every SIPp run is bounded (-m, -timeout) and targets 127.0.0.1 only.
#
# Environment (defaults): RATES="200 500 1000 2000 4000" DURATION=20 BENCH_USERS=10000 WARMUP_CALLS=6000
#   WARMUP_RATE=200 (calls/s; the warm-up is reported, not counted)
#   STOP_AFTER_FAIL=1 (skip higher rates once a step has > 5 % failed calls) SIP_PORT=5074 SIPP_PORT=5075 KAFKA_PORT=29292
#   MGMT_PORT=29664 WORK=<new temp dir> VOUCH_JAVA_OPTS=<deploy/standalone/java-options> (as ./vouch)
#   VOUCH_SET="" (extra "--set k=v" arguments; e.g. the cold start without warm-up of either side:
#   WARMUP_CALLS=0 RATES=1000 DURATION=30 VOUCH_SET="--set edge.warmup.ms=0")
set -euo pipefail
. "$(dirname "$0")/lib.sh"

RATES=${RATES:-200 500 1000 2000 4000}
DURATION=${DURATION:-20}
BENCH_USERS=${BENCH_USERS:-10000}
WARMUP_CALLS=${WARMUP_CALLS:-6000}
WARMUP_RATE=${WARMUP_RATE:-200}
STOP_AFTER_FAIL=${STOP_AFTER_FAIL:-1}
SIP_PORT=${SIP_PORT:-5074}
SIPP_PORT=${SIPP_PORT:-5075}
KAFKA_PORT=${KAFKA_PORT:-29292}
MGMT_PORT=${MGMT_PORT:-29664}
WORK=${WORK:-$(mktemp -d /tmp/vouch-bench.XXXXXX)}
REALM=127.0.0.1

require_tools sipp curl
mkdir -p "$WORK"
trap stop_all EXIT
log "work dir $WORK"

start_vouch ENSEMBLE "$WORK/vouch.log" --data-dir "$WORK/data" --kafka-port "$KAFKA_PORT" \
  --management-port "$MGMT_PORT" --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" \
  --set edge.sip.tls.port=-1 --set auth.algorithms=MD5 --set auth.realms="$REALM" --set stir.https.port=0 --set cert.repository.https.port=0 ${VOUCH_SET:-}
wait_for_log "$PID_ENSEMBLE" "$WORK/vouch.log" "metrics on http" 180
make_users "$BENCH_USERS" "$WORK" "$REALM"
import_users "$WORK/users.csv" "127.0.0.1:$KAFKA_PORT"
wait_for_metric "$MGMT_PORT" vouch_auth_credentials "$BENCH_USERS" 120

if [ "$WARMUP_CALLS" -gt 0 ]; then
  log "warm-up: $WARMUP_CALLS calls at $WARMUP_RATE/s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  run_sipp "$WORK/warmup" "$SCENARIO" "$WORK/users.inf" "$WARMUP_CALLS" "$WARMUP_RATE" -buff_size 4194304 || true
  log "warm-up: $(sipp_summary "$WORK/warmup")"
fi

results=$WORK/results.tsv
printf 'rate\tload1_before\tcalls\tok\tfailed\tretrans\tretrans_pct\tchallenge_p50_ms\tchallenge_p99_ms\tregister_p50_ms\tregister_p99_ms\tachieved_cps\tvouch_cpu_pct\tvouch_udp_drops\tsipp_udp_drops\n' >"$results"
best=none
for rate in $RATES; do
  load1=$(cut -d' ' -f1 /proc/loadavg)
  log "rate $rate/s for ${DURATION}s (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  calls=$((rate * DURATION))
  cpu0=$(cpu_seconds "$PID_ENSEMBLE")
  vd0=$(udp_drops "$SIP_PORT")
  t0=$(date +%s.%N)
  rc=0
  run_sipp "$WORK/rate-$rate" "$SCENARIO" "$WORK/users.inf" "$calls" "$rate" -l $((rate * 10)) \
    -p "$SIPP_PORT" -buff_size 4194304 -max_recv_loops 10000 -max_sched_loops 10000 &
  sipp_pid=$!
  sipp_drops=0
  while kill -0 "$sipp_pid" 2>/dev/null; do
    # SIPp's socket (and its drop counter) goes away when SIPp exits: keep the last sample
    sipp_drops=$(udp_drops "$SIPP_PORT")
    sleep 0.5
  done
  wait "$sipp_pid" || rc=$?
  t1=$(date +%s.%N)
  cpu1=$(cpu_seconds "$PID_ENSEMBLE")
  vouch_drops=$(($(udp_drops "$SIP_PORT") - vd0))
  alive ENSEMBLE
  read -r c ok failed retrans pct p50a p99a p50b p99b <<<"$(sipp_summary "$WORK/rate-$rate")"
  read -r achieved cpu_pct <<<"$(awk -v c="$c" -v t0="$t0" -v t1="$t1" -v a="$cpu0" -v b="$cpu1" \
    'BEGIN { printf "%.0f %.0f\n", c / (t1 - t0), 100 * (b - a) / (t1 - t0) }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$load1" "$c" "$ok" "$failed" \
    "$retrans" "$pct" "$p50a" "$p99a" "$p50b" "$p99b" "$achieved" "$cpu_pct" "$vouch_drops" "$sipp_drops" >>"$results"
  log "rate $rate: SIPp exit $rc, $(tail -1 "$results")"
  if [ "$failed" -eq 0 ] && awk -v p="$pct" 'BEGIN { exit !(p < 0.5) }'; then best=$rate; fi
  if [ "$STOP_AFTER_FAIL" = 1 ] && [ $((failed * 20)) -gt "$c" ]; then
    log "more than 5 % of the calls failed at $rate/s: not trying higher rates"
    break
  fi
  sleep 5
done
curl -s "http://127.0.0.1:$MGMT_PORT/metrics" >"$WORK/metrics-after.txt" || true
column -t -s $'\t' "$results"
echo "highest rate with no failed call and < 0.5 % retransmissions: $best/s (results in $results)"
