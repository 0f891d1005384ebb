#!/usr/bin/env bash
# A broker outage under load: how much the edge holds meanwhile (RSS) and how many requests it delivers to the
# pipeline after their deadline (stale work: their clients were answered 503 long before).
#
# Process A runs the embedded broker and the registrar; process B runs the edge and auth against it (--kafka), so the
# broker can go away while the edge keeps taking requests. SIPp sends OPTIONS (edge → registrar) at RATE for DURATION
# seconds; OUTAGE_AT seconds in, A is killed with kill -9 and OUTAGE seconds later started again on the same data
# directory. Reported: B's largest RSS during the run (sampled every second), B's producer results
# (vouch_bus_produced_total by result), the registrar's expired drops after the restart, and "stale delivered": the
# records in vouch.sip.registrar created during the outage more than PIPELINE_MS before the broker came back, i.e.
# records that reached the broker after their request had already been answered 503.
# Exit 0 when no stale record was delivered, 1 otherwise, 2 on setup errors.
#
# Environment (defaults): RATE=1000 DURATION=60 OUTAGE_AT=15 OUTAGE=20 PIPELINE_MS=4000 SIP_PORT=25060
#   KAFKA_PORT=29092 MGMT_PORT=29464 (B; A uses +1) WORK=<new temp dir>
#   EXTRA_SET="" (more --set key=value words for B, e.g. the producer timeouts of an unbounded producer:
#   "kafka.producer.delivery.timeout.ms=120000 kafka.producer.max.block.ms=60000 kafka.producer.request.timeout.ms=30000")
set -euo pipefail
. "$(dirname "$0")/lib.sh"

RATE=${RATE:-1000}
DURATION=${DURATION:-60}
OUTAGE_AT=${OUTAGE_AT:-15}
OUTAGE=${OUTAGE:-20}
PIPELINE_MS=${PIPELINE_MS:-4000}
SIP_PORT=${SIP_PORT:-25060}
KAFKA_PORT=${KAFKA_PORT:-29092}
MGMT_PORT=${MGMT_PORT:-29464}
WORK=${WORK:-$(mktemp -d /tmp/vouch-outage.XXXXXX)}
EXTRA_SET=${EXTRA_SET:-}
KAFKA=127.0.0.1:$KAFKA_PORT

require_tools sipp kcat curl python3
mkdir -p "$WORK/sipp"
trap stop_all EXIT
log "work dir $WORK"

broker_args=(--data-dir "$WORK/broker" --kafka-port "$KAFKA_PORT" --management-port $((MGMT_PORT + 1))
  --partitions 2 --services registrar)
start_vouch A "$WORK/broker-1.log" "${broker_args[@]}"
wait_for_log "$PID_A" "$WORK/broker-1.log" "metrics on http" 180

edge_args=(--kafka "$KAFKA" --services auth,edge --partitions 2 --data-dir "$WORK/edge" --management-port "$MGMT_PORT"
  --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" --set edge.sip.tls.port=-1
  --set edge.pipeline.timeout.ms="$PIPELINE_MS" --set edge.rate.limit.exempt.sources=127.0.0.1)
for kv in $EXTRA_SET; do edge_args+=(--set "$kv"); done
start_vouch B "$WORK/edge.log" "${edge_args[@]}"
wait_for_log "$PID_B" "$WORK/edge.log" "metrics on http" 180

(cd "$WORK/sipp" && exec timeout $((DURATION + 90)) sipp "127.0.0.1:$SIP_PORT" -sf "$REPO_DIR/loadtest/sipp/options.xml" \
  -i 127.0.0.1 -p $((SIP_PORT + 11)) -r "$RATE" -m $((RATE * DURATION)) -l $((RATE * 10)) -recv_timeout 10000 \
  -timeout $((DURATION + 60))s -nostdin -trace_stat -fd 5 >sipp.out 2>&1) &
SIPP_PID=$!
STARTED_PIDS+=("$SIPP_PID")

rss_max=0
t=0
t_stop=0
t_back=0
while kill -0 "$SIPP_PID" 2>/dev/null; do
  alive B
  rss=$(ps -o rss= -p "$PID_B" | tr -d ' ')
  [ "${rss:-0}" -gt "$rss_max" ] && rss_max=$rss
  if [ "$t" -eq "$OUTAGE_AT" ]; then
    t_stop=$(date +%s%3N)
    log "broker outage: kill -9 $PID_A (edge RSS ${rss} KiB)"
    kill -9 "$PID_A"
    wait "$PID_A" 2>/dev/null || true
  fi
  if [ "$t" -eq $((OUTAGE_AT + OUTAGE)) ]; then
    log "broker back (edge RSS ${rss} KiB)"
    start_vouch A "$WORK/broker-2.log" "${broker_args[@]}"
    wait_for_log "$PID_A" "$WORK/broker-2.log" "Embedded Kafka" 180
    t_back=$(date +%s%3N)
  fi
  t=$((t + 1))
  sleep 1
done
[ "$t_back" -gt 0 ] || die "the load ended before the broker came back (DURATION too short)"
wait_for_log "$PID_A" "$WORK/broker-2.log" "metrics on http" 180
sleep 10

stale=$(kcat -C -b "$KAFKA" -t vouch.sip.registrar -o beginning -e -q -f '%T\n' 2>/dev/null \
  | awk -v a="$t_stop" -v b="$((t_back - PIPELINE_MS))" '$1 >= a && $1 < b { n++ } END { print n + 0 }')
outage_records=$(kcat -C -b "$KAFKA" -t vouch.sip.registrar -o beginning -e -q -f '%T\n' 2>/dev/null \
  | awk -v a="$t_stop" -v b="$t_back" '$1 >= a && $1 < b { n++ } END { print n + 0 }')
produced=$(curl -s "http://127.0.0.1:$MGMT_PORT/metrics" | awk '/^vouch_bus_produced_total/ { printf "%s=%d ", $1, $2 }')
expired=$(curl -s "http://127.0.0.1:$((MGMT_PORT + 1))/metrics" \
  | awk '/^vouch_stage_drops_total\{.*reason="expired"/ { s += $2 } END { print s + 0 }')
sipp_line=$(grep -a "Successful call\|Failed call" "$WORK/sipp/sipp.out" | awk '{ printf "%s %s=%s ", $1, $2, $(NF) }')
echo "broker-outage: rate ${RATE}/s outage ${OUTAGE}s; edge max RSS $((rss_max / 1024)) MiB; created during outage" \
  "$outage_records, stale delivered $stale; registrar expired drops after restart $expired; edge producer: $produced;" \
  "SIPp: $sipp_line"
[ "$stale" -eq 0 ]
