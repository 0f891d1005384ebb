#!/usr/bin/env bash
# Side by side: the same SIPp scenario and rate steps against Kamailio (Debian) and Vouch (embedded, one JVM with the
# broker), interleaved step by step in one run, with CPU accounted per request for both.
#
#   loadtest/bench/side-by-side.sh [register|sign|all]      (default all)
#
# register: deploy/verify/sipp/register-digest.xml (REGISTER -> 401 -> REGISTER with MD5 digest -> 200).
#   Kamailio: registrar + usrloc in memory, passwords in an htable, digest with qop=auth, KAM_WORKERS UDP workers.
#   Vouch: auth.algorithms=MD5 (what SIPp answers), credentials imported into vouch.credentials.
# sign: loadtest/sipp/invite-sign.xml from a trusted source (no digest) -> 302 with an Identity header (ES256).
#   Kamailio: secsipid_build_identity() in a stateless redirect route (the secsipid module, libsecsipid).
#   Vouch: edge.trusted.sources and identity.trusted.sources = 127.0.0.1, development STIR PKI.
#
# Sustainable = no failed call and < 0.5 % retransmissions. CPU per request = CPU seconds (user + system) the server's
# processes used during the step / successful calls. Latency: SIPp's response-time trace; for register the
# authenticated leg (REGISTER with credentials -> 200), for sign the INVITE -> 302.
# SIPp runs on the same machine, so every figure includes its competition for the cores: compare ratios, not absolutes.
#
# Environment (defaults): RATES="1000 2000 4000 6000 8000 12000 16000" DURATION=20 USERS=1000 KAM_WORKERS=4
#   KAM_PORT=5090 SIP_PORT=5074 SIPP_PORT=5075 KAFKA_PORT=29292 MGMT_PORT=29664 WARMUP_CALLS=6000 WARMUP_RATE=500
#   STOP_AFTER_FAIL=1 WORK=<new temp dir> VOUCH_SET="" (extra "--set k=v" arguments for Vouch, e.g. to compare a
#   setting: VOUCH_SET="--set edge.challenge.local=false"; VOUCH_JAVA_OPTS for JVM flags)
#   BROKER=embedded|separate: separate runs the broker as its own process (`vouch broker`, same cores) and Vouch with
#   --kafka, as in production where the broker is off the SIP node: cpu_ms_per_call stays the sum of both, and
#   broker_ms_per_call shows the broker's part (Vouch's JVM alone = the difference).
set -euo pipefail
. "$(dirname "$0")/../../deploy/verify/lib.sh"

WHAT=${1:-all}
RATES=${RATES:-1000 2000 4000 6000 8000 12000 16000}
DURATION=${DURATION:-20}
USERS=${USERS:-1000}
KAM_WORKERS=${KAM_WORKERS:-4}
KAM_PORT=${KAM_PORT:-5090}
SIP_PORT=${SIP_PORT:-5074}
SIPP_PORT=${SIPP_PORT:-5075}
KAFKA_PORT=${KAFKA_PORT:-29292}
MGMT_PORT=${MGMT_PORT:-29664}
WARMUP_CALLS=${WARMUP_CALLS:-6000}
WARMUP_RATE=${WARMUP_RATE:-500}
STOP_AFTER_FAIL=${STOP_AFTER_FAIL:-1}
BROKER=${BROKER:-embedded}
WORK=${WORK:-$(mktemp -d /tmp/vouch-side-by-side.XXXXXX)}
REALM=127.0.0.1
REGISTER_SCENARIO=$VERIFY_DIR/sipp/register-digest.xml
SIGN_SCENARIO=$REPO_DIR/loadtest/sipp/invite-sign.xml
KAM_MODULES=${KAM_MODULES:-/usr/lib/x86_64-linux-gnu/kamailio/modules}

case "$WHAT" in register | sign | all) ;; *) die "usage: side-by-side.sh [register|sign|all]" ;; esac
case "$BROKER" in embedded | separate) ;; *) die "BROKER must be embedded or separate" ;; esac

if ! command -v kamailio >/dev/null 2>&1 || [ ! -f "$KAM_MODULES/secsipid.so" ]; then
  [ "$(id -u)" = 0 ] || die "kamailio and kamailio-secsipid-modules are not installed (apt-get install them as root)"
  log "installing kamailio from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends kamailio kamailio-secsipid-modules \
    >"$WORK/apt.log" 2>&1 || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends kamailio kamailio-secsipid-modules >"$WORK/apt.log" 2>&1; } || die "apt-get failed"
fi
command -v openssl >/dev/null 2>&1 || die "openssl is not installed"
if [ ! -f "$VOUCH_JAR" ]; then
  log "building the launcher"
  (cd "$REPO_DIR" && ./mvnw -q -DskipTests -pl deploy/standalone -am package) >&2
fi
require_tools sipp curl kamailio
mkdir -p "$WORK"
trap stop_all EXIT
log "work dir $WORK"

# CPU seconds (user + system) of every process in the session led by PID (Kamailio forks its workers).
session_cpu() {
  local total=0 p
  for p in $(ps -s "$1" -o pid= 2>/dev/null); do
    total=$(awk -v hz="$(getconf CLK_TCK)" -v t="$total" '{ printf "%.2f", t + ($14 + $15) / hz }' "/proc/$p/stat" 2>/dev/null || echo "$total")
  done
  echo "$total"
}

# Users: user;password;calling;called for SIPp, user,realm,password for Vouch, an htable init route for Kamailio.
make_users "$USERS" "$WORK" "$REALM" u users
awk -F, 'BEGIN { print "SEQUENTIAL" } { printf "%s;%s;%.0f;%.0f\n", $1, $3, 12025550100 + (NR - 1) % 100, 12025560100 + (NR - 1) % 100 }' \
  "$WORK/users.csv" >"$WORK/users.inf"
{ echo 'event_route[htable:mod-init] {'; awk -F, '{ printf "  $sht(users=>%s) = \"%s\";\n", $1, $3 }' "$WORK/users.csv"; echo '}'; } \
  >"$WORK/kamailio-users.cfg"
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/kamailio-stir-key.pem" 2>/dev/null

cat >"$WORK/kamailio.cfg" <<KAM
#!KAMAILIO
# Written by loadtest/bench/side-by-side.sh: the Kamailio equivalent of Vouch's REGISTER and signing paths.
debug=1
log_stderror=yes
children=$KAM_WORKERS
listen=udp:127.0.0.1:$KAM_PORT
disable_tcp=yes
auto_aliases=no
mpath="$KAM_MODULES/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "htable.so"
loadmodule "auth.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "secsipid.so"
modparam("htable", "htable", "users=>size=14;")
modparam("auth", "nonce_expire", 300)
modparam("usrloc", "db_mode", 0)
modparam("registrar", "max_expires", 3600)
include_file "$WORK/kamailio-users.cfg"
request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (is_method("ACK")) { exit; }
  if (is_method("REGISTER")) {
    if (!pv_www_authenticate("\$td", "\$sht(users=>\$fU)", "0")) { www_challenge("\$td", "1"); exit; }
    consume_credentials();
    if (!save("location")) { sl_reply_error(); }
    exit;
  }
  if (is_method("INVITE")) {
    if (secsipid_build_identity("\$fU", "\$tU", "A", "", "https://127.0.0.1/stir/cert.pem", "$WORK/kamailio-stir-key.pem") < 0) {
      sl_send_reply("500", "Signing Failed"); exit;
    }
    append_to_reply("Identity: \$secsipid(val)\r\nContact: <sip:\$tU@127.0.0.1>\r\n");
    sl_send_reply("302", "Moved Temporarily");
    exit;
  }
  sl_send_reply("200", "OK");
}
KAM
kamailio -c -f "$WORK/kamailio.cfg" >"$WORK/kamailio-check.log" 2>&1 || { cat "$WORK/kamailio-check.log" >&2; die "kamailio config check failed"; }

setsid kamailio -f "$WORK/kamailio.cfg" -DD -E -m 512 -M 16 >"$WORK/kamailio.log" 2>&1 &
PID_KAMAILIO=$!
STARTED_PIDS+=("$PID_KAMAILIO")
log "started kamailio (pid $PID_KAMAILIO, $KAM_WORKERS workers) on udp 127.0.0.1:$KAM_PORT"

PID_BROKER=
vouch_args=(--data-dir "$WORK/data" --kafka-port "$KAFKA_PORT")
if [ "$BROKER" = separate ]; then
  # one KRaft node (broker and controller) in its own JVM, a new cluster each run; Vouch runs without its own broker
  rm -rf "$WORK/broker" "$WORK/broker.log"
  # shellcheck disable=SC2086
  setsid "$JAVA" $VOUCH_JAVA_OPTS -jar "$VOUCH_JAR" broker --node-id 1 --port "$KAFKA_PORT" \
    --controller-port $((KAFKA_PORT + 1)) --voters "1@127.0.0.1:$((KAFKA_PORT + 1))" \
    --cluster-id "$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)" --data-dir "$WORK/broker" \
    >"$WORK/broker.log" 2>&1 &
  PID_BROKER=$!
  STARTED_PIDS+=("$PID_BROKER")
  wait_for_log "$PID_BROKER" "$WORK/broker.log" "serving" 120
  log "started the broker (pid $PID_BROKER) on 127.0.0.1:$KAFKA_PORT"
  vouch_args=(--data-dir "$WORK/data" --kafka "127.0.0.1:$KAFKA_PORT" --dev-secrets)
fi
vouch_args+=(--management-port "$MGMT_PORT"
  --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" --set edge.sip.tls.port=-1 --set auth.algorithms=MD5
  --set auth.realms="$REALM" --set edge.trusted.sources=127.0.0.1 --set identity.trusted.sources=127.0.0.1 --set stir.https.port=0
  --set cert.repository.https.port=0)
# shellcheck disable=SC2206
vouch_args+=(${VOUCH_SET:-})
start_vouch VOUCH "$WORK/vouch.log" "${vouch_args[@]}"
wait_for_log "$PID_VOUCH" "$WORK/vouch.log" "metrics on http" 180
import_users "$WORK/users.csv" "127.0.0.1:$KAFKA_PORT"
wait_for_metric "$MGMT_PORT" vouch_auth_credentials "$USERS" 120
alive KAMAILIO VOUCH

# step SYSTEM PORT PID SCENARIO RATE : one SIPp run; appends a result row.
step() {
  local system=$1 port=$2 pid=$3 scenario=$4 rate=$5 name=$6
  local calls=$((rate * DURATION)) dir="$WORK/$name-$system-$rate" cpu0 cpu1 b0=0 b1=0 t0 t1 rc=0
  local broker=""
  if [ "$system" = vouch ] && [ -n "$PID_BROKER" ]; then broker=$PID_BROKER; fi
  [ -z "$broker" ] || b0=$(session_cpu "$broker")
  cpu0=$(session_cpu "$pid")
  t0=$(date +%s.%N)
  SIP_PORT=$port run_sipp "$dir" "$scenario" "$WORK/users.inf" "$calls" "$rate" -l $((rate * 10)) -p "$SIPP_PORT" \
    -buff_size 4194304 -max_recv_loops 10000 -max_sched_loops 10000 || rc=$?
  t1=$(date +%s.%N)
  cpu1=$(session_cpu "$pid")
  [ -z "$broker" ] || b1=$(session_cpu "$broker")
  local c ok failed retrans pct p50a p99a p50b p99b
  read -r c ok failed retrans pct p50a p99a p50b p99b <<<"$(sipp_summary "$dir")"
  # the authenticated leg for register (RTD 2), the INVITE -> 302 for sign (RTD 1); requests sent per call likewise
  local p50=$p50b p99=$p99b per_call=2
  if [ "$name" = sign ]; then p50=$p50a; p99=$p99a; per_call=1; fi
  pct=$(awk -v r="$retrans" -v c="$c" -v n="$per_call" 'BEGIN { printf "%.2f", (c > 0 ? 100 * r / (c * n) : 0) }')
  awk -v s="$system" -v sc="$name" -v r="$rate" -v c="$c" -v ok="$ok" -v f="$failed" -v pct="$pct" -v p50="$p50" \
    -v p99="$p99" -v t0="$t0" -v t1="$t1" -v a="$cpu0" -v b="$cpu1" -v ba="$b0" -v bb="$b1" -v rc="$rc" 'BEGIN {
      cps = ok / (t1 - t0); cpu = (b - a) + (bb - ba); per = ok > 0 ? 1000 * cpu / ok : 0
      bper = ok > 0 ? 1000 * (bb - ba) / ok : 0
      printf "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%.0f\t%.0f\t%.3f\t%d\t%.3f\n", sc, s, r, c, ok, f, pct, p50, p99, cps, 100 * cpu / (t1 - t0), per, rc, bper
    }' >>"$RESULTS"
  log "$(tail -1 "$RESULTS")"
}

RESULTS=$WORK/results.tsv
printf 'scenario\tserver\trate\tcalls\tok\tfailed\tretrans_pct\tp50_ms\tp99_ms\tachieved_cps\tcpu_pct\tcpu_ms_per_call\tsipp_rc\tbroker_ms_per_call\n' >"$RESULTS"

run_scenario() {
  local name=$1 scenario=$2
  log "$name: warm-up, $WARMUP_CALLS calls at $WARMUP_RATE/s against each"
  SIP_PORT=$KAM_PORT run_sipp "$WORK/$name-warmup-kamailio" "$scenario" "$WORK/users.inf" "$WARMUP_CALLS" "$WARMUP_RATE" -p "$SIPP_PORT" || true
  SIP_PORT=$SIP_PORT run_sipp "$WORK/$name-warmup-vouch" "$scenario" "$WORK/users.inf" "$WARMUP_CALLS" "$WARMUP_RATE" -p "$SIPP_PORT" || true
  local kam_done=0 vouch_done=0 rate
  for rate in $RATES; do
    if [ "$kam_done" = 0 ]; then
      step kamailio "$KAM_PORT" "$PID_KAMAILIO" "$scenario" "$rate" "$name"
      kam_done=$(tail -1 "$RESULTS" | awk -F'\t' -v stop="$STOP_AFTER_FAIL" '{ print (stop == 1 && $6 * 20 > $4) ? 1 : 0 }')
      sleep 3
    fi
    if [ "$vouch_done" = 0 ]; then
      step vouch "$SIP_PORT" "$PID_VOUCH" "$scenario" "$rate" "$name"
      vouch_done=$(tail -1 "$RESULTS" | awk -F'\t' -v stop="$STOP_AFTER_FAIL" '{ print (stop == 1 && $6 * 20 > $4) ? 1 : 0 }')
      sleep 3
    fi
    alive KAMAILIO VOUCH
    if [ "$kam_done" = 1 ] && [ "$vouch_done" = 1 ]; then break; fi
  done
  return 0
}

if [ "$WHAT" != sign ]; then run_scenario register "$REGISTER_SCENARIO"; fi
if [ "$WHAT" != register ]; then run_scenario sign "$SIGN_SCENARIO"; fi

column -t -s $'\t' "$RESULTS"
echo
# Summary: per scenario, each server's highest sustainable rate, its CPU per call and latency there, and at half of it.
awk -F'\t' 'NR > 1 {
    key = $1 SUBSEP $2
    if ($6 == 0 && $7 + 0 < 0.5 && $3 + 0 > best[key]) { best[key] = $3 + 0; cpu[key] = $12; p50[key] = $8; p99[key] = $9 }
    rows[key, $3 + 0] = $8 "/" $9
    scen[$1] = 1
  }
  END {
    printf "%-9s %-9s %12s %16s %16s %22s\n", "scenario", "server", "sustainable", "cpu_ms/call", "p50/p99 there", "p50/p99 at ~half rate"
    for (s in scen) {
      for (i = 1; i <= 2; i++) {
        srv = i == 1 ? "kamailio" : "vouch"; k = s SUBSEP srv
        half = "-"; h = best[k] / 2; bestr = -1
        for (kk in rows) { split(kk, a, SUBSEP); if (a[1] SUBSEP a[2] == k && a[3] <= h && a[3] > bestr) { bestr = a[3]; half = rows[kk] " @" a[3] } }
        printf "%-9s %-9s %12s %16s %16s %22s\n", s, srv, best[k] + 0, cpu[k], p50[k] "/" p99[k], half
      }
      k1 = s SUBSEP "kamailio"; k2 = s SUBSEP "vouch"
      if (best[k1] > 0) printf "%-9s ratio vouch/kamailio sustainable rate: %.2f\n", s, best[k2] / best[k1]
    }
  }' "$RESULTS"
echo "results: $RESULTS"
