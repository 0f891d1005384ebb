#!/usr/bin/env bash
# Signing throughput on the three-broker cluster (deploy/cluster/cluster.sh) with one and with two identity replicas,
# CPU-accounted.
#
# Trusted-source INVITEs (loadtest/sipp/invite-sign.xml; trusted.sources and sign.trusted.sources = 127.0.0.1) go
# edge -> media -> identity and are answered 302 with an Identity header (ES256, development STI PKI). Two SIPp
# instances send through edge-1 and edge-2, RATE/2 calls/s each, for DURATION seconds per step. First with identity-2
# stopped (one replica owns all identity partitions), then with identity-2 started again (two replicas, the
# partitions split). Per step it prints: replicas, offered calls/s, signatures/s the identity replicas made
# (vouch_identity_signatures_total) and 302s with Identity SIPp received per second, failed
# calls, p50/p99 INVITE -> 302, the CPU seconds (user + system, /proc/<pid>/stat) per signature of the identity
# replicas and of every process of the ensemble (brokers included), each identity replica's CPU utilisation
# (100 % = one core) and the load average at the start of the step.
#
# Environment (defaults): RATES="200 400 800" DURATION=20 WARMUP_CALLS=4000 WARMUP_RATE=200 WORK=<new temp dir>
#   KEEP=0, cluster.sh's ports and settings; SIPp local ports SIPP_PORT, +1 (default 5158).
set -euo pipefail
VERIFY_DIR=$(cd "$(dirname "$0")" && pwd)
. "$VERIFY_DIR/lib.sh"
WORK=${WORK:-$(mktemp -d /tmp/vouch-cluster-sign.XXXXXX)}
export WORK
EDGES=2
# shellcheck source=../cluster/cluster.sh
. "$VERIFY_DIR/../cluster/cluster.sh"
SIP_PORT_BASE=$SIP_PORT

RATES=${RATES:-200 400 800}
DURATION=${DURATION:-20}
WARMUP_CALLS=${WARMUP_CALLS:-4000}
WARMUP_RATE=${WARMUP_RATE:-200}
KEEP=${KEEP:-0}
SIPP_PORT=${SIPP_PORT:-5158}
SIGN_SCENARIO=$REPO_DIR/loadtest/sipp/invite-sign.xml

require_tools sipp curl
cleanup() { [ "$KEEP" = 1 ] || cmd_stop; }
trap cleanup EXIT
mkdir -p "$WORK"
cmd_start

# calling and called numbers (11-digit NANP, covered by the development signing certificate)
awk 'BEGIN { print "SEQUENTIAL"; for (i = 0; i < 1000; i++) printf "s%05d;-;%.0f;%.0f\n", i, 12025550100 + i % 100, 12025560100 + i % 100 }' \
  >"$WORK/calls.inf"

cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
all_names() { echo broker-1 broker-2 broker-3; components | awk '{ print $1 }'; }
cpu_sum() { local t=0 n; for n in "$@"; do is_alive "$n" && t=$(awk -v a="$t" -v b="$(cpu_of "$(pid_of "$n")")" 'BEGIN { print a + b }'); done; echo "$t"; }
signatures() { local t=0 n; for n in "$@"; do is_alive "$n" && t=$((t + $(metric "$(mgmt_port "$n")" vouch_identity_signatures_total))); done; echo "$t"; }

# both edges, RATE/2 each; ARGS: DIR-PREFIX CALLS-PER-SIPP RATE-PER-SIPP
send() {
  local prefix=$1 calls=$2 rate=$3 e pids=""
  for e in 1 2; do
    SIP_PORT=$((SIP_PORT_BASE + e - 1)) run_sipp "$prefix-$e" "$SIGN_SCENARIO" "$WORK/calls.inf" "$calls" "$rate" \
      -p $((SIPP_PORT + e - 1)) -l $((rate * 10)) -buff_size 4194304 &
    pids="$pids $!"
  done
  for e in $pids; do wait "$e" || true; done
}

RESULTS=$WORK/results.tsv
printf 'replicas\toffered_per_s\tsigned_per_s\tanswered_302_per_s\tfailed\tp50_ms\tp99_ms\tidentity_cpu_ms_per_sig\tensemble_cpu_ms_per_sig\tidentity_util_pct\tload_avg\n' >"$RESULTS"

step() {
  local replicas=$1 rate=$2 ids names t0 t1 c0 c1 a0 a1 s0 s1 u0 u1 dir
  ids=$(for r in $(seq "$replicas"); do echo "identity-$r"; done)
  names=$(all_names)
  dir="$WORK/sign-$replicas-$rate"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  declare -A before
  for n in $ids; do before[$n]=$(cpu_of "$(pid_of "$n")"); done
  # shellcheck disable=SC2086
  c0=$(cpu_sum $ids); a0=$(cpu_sum $names); s0=$(signatures $ids); t0=$(now_s)
  send "$dir" $((rate / 2 * DURATION)) $((rate / 2))
  # shellcheck disable=SC2086
  c1=$(cpu_sum $ids); a1=$(cpu_sum $names); s1=$(signatures $ids); t1=$(now_s)
  local util=""
  for n in $ids; do
    util="$util${util:+/}$(awk -v a="${before[$n]}" -v b="$(cpu_of "$(pid_of "$n")")" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", 100 * (b - a) / (t1 - t0) }')"
  done
  local c ok failed p50 p99 c2 ok2 failed2
  read -r c ok failed _ _ p50 p99 _ <<<"$(sipp_summary "$dir-1")"
  read -r c2 ok2 failed2 _ <<<"$(sipp_summary "$dir-2")"
  awk -v r="$replicas" -v rate="$rate" -v ok=$((ok + ok2)) -v f=$((failed + failed2)) -v p50="$p50" -v p99="$p99" \
    -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v a0="$a0" -v a1="$a1" -v s=$((s1 - s0)) -v u="$util" -v l="$load" 'BEGIN {
      ident = 0; all = 0
      if (s > 0) { ident = 1000 * (c1 - c0) / s; all = 1000 * (a1 - a0) / s }
      printf "%d\t%d\t%.0f\t%.0f\t%d\t%s\t%s\t%.3f\t%.3f\t%s\t%s\n", r, rate, s / (t1 - t0), ok / (t1 - t0), f, p50, p99, ident, all, u, l
    }' >>"$RESULTS"
  log "$(tail -1 "$RESULTS")"
}
now_s() { date +%s.%N; }

log "one identity replica: stopping identity-2"
stop_one identity-2
for _ in $(seq 120); do [ "$(stage_owned identity-1 identity)" -eq "$PARTITIONS" ] && break; sleep 1; done
sleep 5
log "warm-up: $WARMUP_CALLS calls at $WARMUP_RATE/s"
send "$WORK/warmup-1r" $((WARMUP_CALLS / 2)) $((WARMUP_RATE / 2))
for rate in $RATES; do step 1 "$rate"; sleep 3; done

log "two identity replicas: starting identity-2"
start_component identity-2
wait_log identity-2 "metrics on http" 240
for _ in $(seq 120); do [ "$(stage_owned identity-2 identity)" -gt 0 ] && break; sleep 1; done
sleep 5
send "$WORK/warmup-2r" $((WARMUP_CALLS / 2)) $((WARMUP_RATE / 2))
for rate in $RATES; do step 2 "$rate"; sleep 3; done

column -t -s $'\t' "$RESULTS"
