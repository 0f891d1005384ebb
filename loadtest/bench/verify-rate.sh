#!/usr/bin/env bash
# Verified INVITEs per second with a warm certificate cache: the load tester signs a fresh SHAKEN PASSporT per call
# (ES256, TNAuthList certificate chained to its test STI-CA, served over HTTPS) and Vouch's identity stage verifies
# it (302 with verstat=TN-Validation-Passed), full chain and TNAuthList checked, the certificate fetched once and
# then served from the verifier's cache. One `vouch run` (embedded broker), then one tool run stepping the rate up,
# its first steps (WARMUP_RATES) an unjudged warm-up.
#
#   loadtest/bench/verify-rate.sh
#
# Sustainable = no failed call and < 0.5 % retransmissions in the step (and in every judged step below it). CPU per call = CPU
# seconds (user + system) of the Vouch process during the step / successful calls. The tool runs on the same cores.
#
# Environment (defaults): RATES="3000 4000 5000 6000 8000" DURATION=15 SIP_PORT=5074 KAFKA_PORT=29292
#   MGMT_PORT=29664 CERT_PORT=29443 WARMUP_RATES="500 1000 2000" WORK=<new temp dir>
#   VOUCH_SET="" (extra "--set k=v" arguments for Vouch)
set -euo pipefail
. "$(dirname "$0")/../../deploy/verify/lib.sh"

RATES=${RATES:-3000 4000 5000 6000 8000}
DURATION=${DURATION:-15}
SIP_PORT=${SIP_PORT:-5074}
KAFKA_PORT=${KAFKA_PORT:-29292}
MGMT_PORT=${MGMT_PORT:-29664}
CERT_PORT=${CERT_PORT:-29443}
WARMUP_RATES=${WARMUP_RATES:-${WARMUP_RATE:-500 1000 2000}}
WORK=${WORK:-$(mktemp -d /tmp/vouch-verify-rate.XXXXXX)}
TOOL=$REPO_DIR/loadtest/vouch-loadtest

require_tools curl
mkdir -p "$WORK"
trap stop_all EXIT
log "work dir $WORK"

tool() {
  "$TOOL" --scenario invite-verify --target "127.0.0.1:$SIP_PORT" --pki-dir "$WORK/pki" --cert-server-port "$CERT_PORT" \
    --no-progress "$@"
}
# the tool makes its test STI-CA on first use; Vouch must trust it from the start
tool --rate 1 --duration 1s >"$WORK/pki-init.log" 2>&1 || true
[ -f "$WORK/pki/ca.pem" ] || die "the load tester made no CA in $WORK/pki (see $WORK/pki-init.log)"

# shellcheck disable=SC2086
start_vouch VOUCH "$WORK/vouch.log" --data-dir "$WORK/data" --kafka-port "$KAFKA_PORT" --management-port "$MGMT_PORT" \
  --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" --set edge.sip.tls.port=-1 \
  --set stir.https.port=0 --set cert.repository.https.port=0 \
  --set identity.verify.trust.anchors.file="$WORK/pki/ca.pem" --set identity.fetch.tls.trust.file="$WORK/pki/ca.pem" \
  --set identity.fetch.allow.loopback=true ${VOUCH_SET:-}
wait_for_log "$PID_VOUCH" "$WORK/vouch.log" "metrics on http" 180

# One tool run, so one signing certificate and one fetch. Its first steps (WARMUP_RATES) warm both sides up and are
# not judged: the first 30-45 s after start on two cores still go to the JIT compiler (C2 spends ~7 s of CPU on the
# paths real calls take, see runtime/README.md#warm-start); every later step verifies from the cache with compiled
# code. Without --find-max the tool runs every step; each is judged here. Vouch's CPU is sampled every second and
# split by step.
steps="$(echo $WARMUP_RATES $RATES | tr ' ' ',')"
log "steps (calls/s, ${DURATION}s each; the warm-up: $WARMUP_RATES): $steps"
# The tool's CPU too (third column): it shares the cores, so Vouch + tool near 200 % means the machine is the limit.
(while kill -0 "$PID_VOUCH" 2>/dev/null; do
   t=$(pgrep -f -- "--scenario invite-verify .*--steps" | head -1 || true)
   echo "$(date +%s.%N) $(cpu_seconds "$PID_VOUCH") $( [ -n "$t" ] && cpu_seconds "$t" 2>/dev/null || echo 0)"
   sleep 1
 done) >"$WORK/cpu.log" &
sampler=$!
# datagrams the kernel dropped because a socket's receive buffer was full: at Vouch's SIP port, and at every other
# UDP socket (the load tester's); a drop at either shows up as a retransmission
udp_drops() {
  cat /proc/net/udp /proc/net/udp6 2>/dev/null | awk -v port="$(printf '%04X' "$SIP_PORT")" \
    'NR > 1 && $2 ~ /:/ { split($2, a, ":"); if (a[2] == port) v += $NF; else o += $NF } END { printf "%d %d\n", v, o }'
}
read -r drops_vouch0 drops_other0 <<<"$(udp_drops)"
rc=0
tool --steps "$steps" --step-duration "${DURATION}s" --out "$WORK/result.json" \
  >"$WORK/run.log" 2>&1 || rc=$?
kill "$sampler" 2>/dev/null || true
read -r drops_vouch1 drops_other1 <<<"$(udp_drops)"
alive VOUCH
[ -f "$WORK/result.json" ] || { tail -20 "$WORK/run.log" >&2; die "the load tester wrote no result"; }
"$PYTHON" - "$WORK/result.json" "$WORK/cpu.log" "$DURATION" "$(echo $WARMUP_RATES | wc -w)" <<'PY'
import json, sys, datetime
d = json.load(open(sys.argv[1])); duration = float(sys.argv[3]); warm = int(sys.argv[4])
samples = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if len(l.split()) == 3]
start = datetime.datetime.fromisoformat(d["started_at"].replace("Z", "+00:00")).timestamp()
def cpu_at(t, col=1):
    prev = samples[0]
    for s in samples:
        if s[0] >= t:
            return prev[col] + (s[col] - prev[col]) * ((t - prev[0]) / (s[0] - prev[0]) if s[0] > prev[0] else 0)
        prev = s
    return samples[-1][col]
print("rate\tcalls\tok\tfailed\tretrans_pct\tp50_ms\tp99_ms\tachieved_cps\tvouch_cpu_pct\tvouch_cpu_ms_per_call\ttool_cpu_pct\tsustainable")
best = 0
prev_ok = 0
for i, st in enumerate(d["steps"]):
    a, b = start + i * duration, start + (i + 1) * duration
    cpu = cpu_at(b) - cpu_at(a)
    tool_cpu = cpu_at(b, 2) - cpu_at(a, 2)
    lat = st["latency"]
    label = "%s%s" % (st["intended_rate"], " (warm-up)" if i < warm else "")
    passed = st["failed"] == 0 and st["succeeded"] > 0 and st["retransmission_ratio"] < 0.005
    print("%s\t%d\t%d\t%d\t%.2f\t%s\t%s\t%.0f\t%.0f\t%.3f\t%.0f\t%s" % (label, st["calls"], st["succeeded"],
          st["failed"], 100 * st["retransmission_ratio"], lat.get("p50_ms"), lat.get("p99_ms"), st["achieved_rate"],
          100 * cpu / duration, 1000 * cpu / st["succeeded"] if st["succeeded"] else 0, 100 * tool_cpu / duration,
          "yes" if passed else "no"))
    if i >= warm and passed and best == prev_ok:
        best = prev_ok = st["intended_rate"]
print("highest sustainable verified INVITE rate: %s/s (no failed call, < 0.5 %% retransmissions, every step "
      "below it sustainable too)" % best)
PY
echo "UDP datagrams dropped by full receive buffers during the run: $((drops_vouch1 - drops_vouch0)) at Vouch's port, $((drops_other1 - drops_other0)) at other sockets (the load tester)"
echo "tool output: $WORK/run.log; result: $WORK/result.json"
