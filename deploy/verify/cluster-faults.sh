#!/usr/bin/env bash
# Three faults under SIPp REGISTER load against the three-broker cluster (deploy/cluster/cluster.sh): kill -9 of one
# broker, then of one registrar replica, then of one edge; no acknowledged registration may be lost.
#
# Two SIPp instances register USERS users each once (own Call-ID, Expires 3600) through edge-1 and edge-2, RATE
# calls/s each (REGISTER -> 401 from the edge -> REGISTER with digest -> 200). Faults, GAP seconds apart from the
# start of the load:
#   1. broker: kill -9 of the broker leading the most vouch.* partitions; recovered when no partition is led by it
#      any more (metadata from the survivors); then it is restarted on its data (the seconds until every partition
#      has three in-sync replicas again are measured in the background);
#   2. registrar: kill -9 of the replica owning more vouch.sip.registrar partitions; recovered when the survivor
#      owns all of them (state replayed); not restarted;
#   3. edge: kill -9 of edge-2, restarted at once with the same edge id; recovered when it answers OPTIONS (sipsak,
#      through the registrar) with 200 again.
# Then every acknowledged registration (SIPp's "OK <user> <call-id>" log of each 200) is looked up in the compacted
# topic vouch.bindings, read from the beginning with kcat (deploy/verify/acked_bindings.py).
# Prints one line per fault (recovery seconds, 503s the edges sent, SIPp failures by kind) and a summary line
#   acknowledged=N found=N lost=N ...
# and exits 0 only when lost=0 (1 when a registration was lost, 2 on setup errors).
#
# Environment (defaults): USERS=2400 (per edge) RATE=15 (calls/s per edge) GAP=30 WARMUP=300 (calls per edge, other
#   users, not checked) WORK=<new temp dir> KEEP=0 (1: leave the cluster running) and cluster.sh's (ports,
#   GROUP_PROTOCOL, SESSION_TIMEOUT_MS, STATIC_MEMBERS, COMPONENT_SET, ...). SIPp uses local ports SIPP_PORT and +1
#   (default 5156).
set -euo pipefail
VERIFY_DIR=$(cd "$(dirname "$0")" && pwd)
. "$VERIFY_DIR/lib.sh"
WORK=${WORK:-$(mktemp -d /tmp/vouch-cluster-faults.XXXXXX)}
export WORK
EDGES=2
# C1 only: a dozen JVMs warm up on two cores in seconds instead of minutes (peak speed does not matter here)
COMPONENT_JAVA_OPTS=${COMPONENT_JAVA_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
# shellcheck source=../cluster/cluster.sh
. "$VERIFY_DIR/../cluster/cluster.sh"
SIP_PORT_BASE=$SIP_PORT

USERS=${USERS:-2400}
RATE=${RATE:-15}
GAP=${GAP:-30}
WARMUP=${WARMUP:-300}
KEEP=${KEEP:-0}
SIPP_PORT=${SIPP_PORT:-5156}
REALM=127.0.0.1

require_tools sipp sipsak kcat curl
cleanup() {
  [ -z "${POLLER:-}" ] || kill "$POLLER" 2>/dev/null || true
  [ -z "${ISR_WATCH:-}" ] || kill "$ISR_WATCH" 2>/dev/null || true
  for p in ${SIPP_PIDS:-}; do kill "$p" 2>/dev/null || true; done
  [ "$KEEP" = 1 ] || cmd_stop
}
trap cleanup EXIT
mkdir -p "$WORK"
cmd_start

# leaders NAME : "leader-id count" lines for the vouch.* partitions, from the metadata of the live brokers.
leaders() {
  kcat -L -b "$BOOTSTRAP" -m 5 2>/dev/null | awk '/topic "vouch\./ { v = 1; next } /topic "/ { v = 0 }
    v && /partition [0-9]+, leader/ { sub(",", "", $4); n[$4]++ } END { for (l in n) print l, n[l] }'
}
# isr_short : how many vouch.* partitions have fewer than 3 in-sync replicas
isr_short() {
  kcat -L -b "$BOOTSTRAP" -m 5 2>/dev/null | awk '/topic "vouch\./ { v = 1; next } /topic "/ { v = 0 }
    v && /isrs:/ { split($NF, a, ","); if (length(a) < 3) s++ } END { print s + 0 }'
}
# loaded NAME : 1 when the registrar finished loading the bindings of its latest assignment (its "Registrar owns
# partitions" line comes after its last "Stage registrar: assigned" line)
loaded() {
  awk '/Stage registrar: assigned/ { a = NR } /Registrar owns partitions/ { o = NR } END { print (a && o > a) ? 1 : 0 }' \
    "$WORK/logs/$1.log"
}
now() { date +%s.%N; }

# users: one file per edge plus warm-up users
make_users "$USERS" "$WORK" "$REALM" a users-1
make_users "$USERS" "$WORK" "$REALM" b users-2
make_users "$WARMUP" "$WORK" "$REALM" w warmup
cat "$WORK/users-1.csv" "$WORK/users-2.csv" "$WORK/warmup.csv" >"$WORK/users.csv"
import_users "$WORK/users.csv" "$BOOTSTRAP"
total=$((2 * USERS + WARMUP))
for a in $(seq "$REPLICAS"); do wait_for_metric "$(mgmt_port "auth-$a")" vouch_auth_credentials "$total" 120; done
log "$total users imported"

# warm-up through both edges (other users), then the load
warm=()
for e in 1 2; do
  SIP_PORT=$((SIP_PORT_BASE + e - 1)) run_sipp "$WORK/warmup-$e" "$SCENARIO" "$WORK/warmup.inf" "$WARMUP" 20 \
    -p $((SIPP_PORT + e - 1)) &
  warm+=($!)
done
wait "${warm[@]}" || true
log "warm-up: edge-1 $(sipp_summary "$WORK/warmup-1" | awk '{ print $2 "/" $1 }'), edge-2 $(sipp_summary "$WORK/warmup-2" | awk '{ print $2 "/" $1 }') registered"

: >"$WORK/timeline.tsv"
edge_ports="1:$(mgmt_port edge-1) 2:$(mgmt_port edge-2)"
(
  while :; do
    t=$(now)
    for ep in $edge_ports; do
      m=$(curl -s --max-time 1 "http://127.0.0.1:${ep#*:}/metrics" || true)
      if [ -n "$m" ]; then
        printf '%s\tedge-%s\t%s\n' "$t" "${ep%%:*}" "$(awk '/^vouch_edge_responses_total\{code="200"/ { ok += $2 }
          /^vouch_edge_responses_total\{code="503"/ { b += $2 } END { printf "%d\t%d", ok, b }' <<<"$m")"
      else
        printf '%s\tedge-%s\t-\t-\n' "$t" "${ep%%:*}"
      fi
    done >>"$WORK/timeline.tsv"
    sleep 0.5
  done
) &
POLLER=$!

calls=$((USERS < RATE * GAP * 4 ? USERS : RATE * GAP * 4))
load_start=$(now)
SIPP_PIDS=""
for e in 1 2; do
  SIP_PORT=$((SIP_PORT_BASE + e - 1)) run_sipp "$WORK/load-$e" "$SCENARIO" "$WORK/users-$e.inf" "$calls" "$RATE" \
    -p $((SIPP_PORT + e - 1)) -l $((RATE * 30)) -recv_timeout 20000 &
  SIPP_PIDS="$SIPP_PIDS $!"
done
log "load: $calls calls at $RATE/s through each edge; faults at +${GAP}s, +$((2 * GAP))s, +$((3 * GAP))s"
: >"$WORK/faults.tsv"
until_offset() { local t; t=$(awk -v s="$load_start" -v o="$1" -v n="$(now)" 'BEGIN { d = s + o - n; print (d > 0 ? d : 0) }'); sleep "$t"; }

# 1. a broker
until_offset "$GAP"
read -r victim _ < <(leaders | sort -k2,2nr -k1,1n | head -1)
[ -n "$victim" ] || die "no partition leaders in the metadata"
controller=$(kcat -L -b "$BOOTSTRAP" -m 5 2>/dev/null | awk '/\(controller\)/ { print $2 }')
kill -9 "$(pid_of "broker-$victim")"
killed=$(now)
log "fault 1: kill -9 broker-$victim (leads $(leaders | awk -v v="$victim" '$1 == v { print $2 }') vouch.* partitions; active controller: broker $controller)"
recovered=-
for _ in $(seq 240); do
  if ! leaders | awk -v v="$victim" '$1 == v || $1 == -1 { bad = 1 } END { exit bad ? 1 : 0 }'; then sleep 0.25; continue; fi
  recovered=$(now); break
done
printf 'broker\t%s\t%s\n' "$killed" "$recovered" >>"$WORK/faults.tsv"
log "fault 1: leadership moved off broker-$victim after $(awk -v a="$killed" -v b="$recovered" 'BEGIN { printf "%.1f", b - a }')s; restarting it"
start_broker "$victim"
# the restarted broker catches up in the background; the next fault does not wait for it
(
  for _ in $(seq 600); do [ "$(isr_short)" = 0 ] && break; sleep 1; done
  awk -v a="$killed" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }' >"$WORK/isr-restored"
) &
ISR_WATCH=$!

# 2. a registrar replica
until_offset $((2 * GAP))
o1=$(stage_owned registrar-1 registrar); o2=$(stage_owned registrar-2 registrar)
if [ "$o2" -gt "$o1" ]; then victim=2; survivor=1; else victim=1; survivor=2; fi
kill -9 "$(pid_of "registrar-$victim")"
killed=$(now)
log "fault 2: kill -9 registrar-$victim (held $([ $victim = 1 ] && echo "$o1" || echo "$o2") of $PARTITIONS partitions)"
recovered=-
for _ in $(seq 480); do
  if [ "$(stage_owned "registrar-$survivor" registrar)" -eq "$PARTITIONS" ] && [ "$(loaded "registrar-$survivor")" = 1 ]; then
    recovered=$(now); break
  fi
  sleep 0.25
done
printf 'registrar\t%s\t%s\n' "$killed" "$recovered" >>"$WORK/faults.tsv"
log "fault 2: registrar-$survivor holds all $PARTITIONS partitions with their bindings loaded $(awk -v a="$killed" -v b="$recovered" 'BEGIN { printf "%.1f", b - a }')s after the kill"

# 3. an edge, restarted at once under the same id
until_offset $((3 * GAP))
kill -9 "$(pid_of edge-2)"
killed=$(now)
log "fault 3: kill -9 edge-2; restarting it"
start_component edge-2
recovered=-
for _ in $(seq 480); do
  # OPTIONS through the restarted edge (edge -> registrar -> edge): answered 200 once its ports and reply topic are up
  if timeout 2 sipsak -s "sip:127.0.0.1:$((SIP_PORT_BASE + 1))" >/dev/null 2>&1; then recovered=$(now); break; fi
  sleep 0.25
done
printf 'edge\t%s\t%s\n' "$killed" "$recovered" >>"$WORK/faults.tsv"
log "fault 3: edge-2 answered OPTIONS 200 again $(awk -v a="$killed" -v b="$recovered" 'BEGIN { printf "%.1f", b - a }')s after the kill"

sipp_rc=0
for p in $SIPP_PIDS; do wait "$p" || sipp_rc=$?; done
SIPP_PIDS=""
load_end=$(now)
sleep 1
kill "$POLLER" 2>/dev/null || true
POLLER=""
kill "$ISR_WATCH" 2>/dev/null || true
ISR_WATCH=""
isr_restored=$(cat "$WORK/isr-restored" 2>/dev/null || echo "not-by-the-end")

cat "$WORK"/load-*/*_logs.log 2>/dev/null | awk '$1 == "OK" { print $2 "\t" $3 }' | sort -u >"$WORK/acknowledged.tsv"
acked=$(cut -f1 "$WORK/acknowledged.tsv" | sort -u | wc -l)
kcat -C -b "$BOOTSTRAP" -t vouch.bindings -e -q -f '%k\t%S\t%s\n' >"$WORK/bindings.tsv"
found=$("$PYTHON" "$VERIFY_DIR/acked_bindings.py" "$WORK/acknowledged.tsv" "$WORK/bindings.tsv" "$REALM" \
  "$WORK/missing.txt")
"$PYTHON" "$VERIFY_DIR/fault_windows.py" "$WORK/faults.tsv" "$WORK/timeline.tsv" "$load_start" "$load_end" "$WORK"/load-1 \
  "$WORK"/load-2 | tee "$WORK/faults-summary.txt"
read -r c1 ok1 f1 _ <<<"$(sipp_summary "$WORK/load-1")"
read -r c2 ok2 f2 _ <<<"$(sipp_summary "$WORK/load-2")"
lost=$((acked - found))
echo "acknowledged=$acked found=$found lost=$lost sipp_calls=$((c1 + c2)) sipp_ok=$((ok1 + ok2))" \
  "sipp_failed=$((f1 + f2)) broker_isr_restored_s=$isr_restored group_protocol=$GROUP_PROTOCOL" \
  "static_members=$STATIC_MEMBERS session_timeout_ms=$SESSION_TIMEOUT_MS load_avg=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
[ "$acked" -gt 0 ] || die "no registration was acknowledged"
if [ "$lost" -eq 0 ]; then
  echo "PASS: no acknowledged registration lost (details in $WORK)"
  exit 0
fi
echo "FAIL: $lost acknowledged registrations missing from vouch.bindings: $WORK/missing.txt"
exit 1
