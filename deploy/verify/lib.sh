# Shared helpers of the deploy/verify scripts (sourced, not run). Bash.
# Every process a script starts is recorded and stopped by its pid on exit; nothing is killed by name.

VERIFY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$VERIFY_DIR/../.." && pwd)
VOUCH_JAR=${VOUCH_JAR:-$REPO_DIR/deploy/standalone/target/vouch.jar}
VOUCH_JAVA_OPTS=${VOUCH_JAVA_OPTS:-$(cat "$REPO_DIR/deploy/standalone/java-options")} # as ./vouch
SCENARIO=${SCENARIO:-$VERIFY_DIR/sipp/register-digest.xml}
QUERY_SCENARIO=${QUERY_SCENARIO:-$VERIFY_DIR/sipp/register-query.xml}

# The JDK the wrapper would pick (>= 21), unless JAVA is set.
if [ -z "${JAVA:-}" ]; then
  # shellcheck source=/dev/null
  . "$REPO_DIR/.mvn/jdk.sh"
  JAVA="$JAVA_HOME/bin/java"
fi

STARTED_PIDS=()
# a plain interpreter starts faster than a version-manager shim
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 2; }

require_tools() {
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || die "$t is not installed"; done
  [ -f "$VOUCH_JAR" ] || die "$VOUCH_JAR is missing: ./mvnw -q -o -pl deploy/standalone -am package -Dmaven.test.skip=true"
}

# start_vouch NAME LOGFILE ARGS... : starts `vouch run ARGS` in its own process group, records its pid.
start_vouch() {
  local name=$1 logfile=$2
  shift 2
  # shellcheck disable=SC2086
  setsid nice -n "${VOUCH_NICE:-0}" "$JAVA" $VOUCH_JAVA_OPTS -jar "$VOUCH_JAR" run "$@" >"$logfile" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  eval "PID_$name=$pid"
  log "started $name (pid $pid): vouch run $*"
}

# wait_for_log PID LOGFILE PATTERN SECONDS : waits until PATTERN appears in LOGFILE; fails if PID died.
wait_for_log() {
  local pid=$1 logfile=$2 pattern=$3 limit=$4 i=0
  until grep -q -- "$pattern" "$logfile" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$logfile" >&2; die "process $pid exited before: $pattern"; }
    i=$((i + 1))
    [ "$i" -le "$limit" ] || { tail -20 "$logfile" >&2; die "timed out after ${limit}s waiting for: $pattern"; }
    sleep 1
  done
}

# metric PORT NAME : the sum of the samples of one metric family (without labels filter) on /metrics.
metric() {
  curl -s --max-time 5 "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $2 } END { printf "%d\n", s }'
}

# wait_for_metric PORT NAME MIN SECONDS
wait_for_metric() {
  local port=$1 name=$2 min=$3 limit=$4 i=0
  until [ "$(metric "$port" "$name")" -ge "$min" ]; do
    i=$((i + 1))
    [ "$i" -le "$limit" ] || die "timed out waiting for $name >= $min (is $(metric "$port" "$name"))"
    sleep 1
  done
}

# alive NAME... : fails naming the first started process (PID_<NAME>) that is no longer running.
alive() {
  local n p
  for n in "$@"; do
    eval "p=\${PID_$n:-}"
    [ -n "$p" ] && kill -0 "$p" 2>/dev/null || die "$n (pid ${p:-?}) is not running"
  done
}

# stop_pid PID : SIGTERM, then SIGKILL after 30 s; only for pids this script started.
stop_pid() {
  local pid=$1 i=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -gt 30 ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
    sleep 1
  done
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local i
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${STARTED_PIDS[$i]}"; done
  STARTED_PIDS=()
}

# make_users COUNT DIR REALM [PREFIX] [NAME] : writes DIR/NAME.csv (user,realm,password) and DIR/NAME.inf (SIPp
# injection file: SEQUENTIAL, then user;password). Users are PREFIX00001.. (default prefix u, name users).
make_users() {
  local count=$1 dir=$2 realm=$3 prefix=${4:-u} name=${5:-users}
  awk -v n="$count" -v r="$realm" -v p="$prefix" \
    'BEGIN { for (i = 1; i <= n; i++) printf "%s%05d,%s,pw-%05d-%d\n", p, i, r, i, (i * 7919) % 100003 }' \
    >"$dir/$name.csv"
  { echo SEQUENTIAL; awk -F, '{ print $1 ";" $3 }' "$dir/$name.csv"; } >"$dir/$name.inf"
}

# import_users CSV KAFKA : bulk-imports a user,realm,password file (MD5 HA1 only: SIPp and sipsak do MD5 digest).
import_users() {
  "$JAVA" -jar "$VOUCH_JAR" users import "$1" --algorithms MD5 --kafka "$2" >&2 || die "users import of $1 failed"
}

# run_sipp DIR SCENARIO INF CALLS RATE [extra SIPp options] : one bounded SIPp run (UDP, 127.0.0.1) in DIR, with the
# statistics, response-time, <log> and error traces; returns SIPp's exit status.
run_sipp() {
  local dir=$1 scenario=$2 inf=$3 calls=$4 rate=$5
  shift 5
  local seconds=$((calls / rate + 60))
  mkdir -p "$dir"
  (cd "$dir" && exec timeout $((seconds + 60)) sipp "127.0.0.1:$SIP_PORT" -sf "$scenario" -inf "$inf" -i 127.0.0.1 \
    -m "$calls" -r "$rate" -recv_timeout 10000 -timeout "${seconds}s" -default_behaviors all,-bye -nostdin \
    -trace_stat -fd 1 -trace_rtt -rtt_freq 100 -trace_logs -trace_err -trace_screen "$@" >sipp.out 2>&1)
}

# cpu_seconds PID : CPU seconds (user + system) the process has used so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"
}

# udp_drops PORT : datagrams the kernel dropped so far on the UDP sockets bound to local PORT (receive buffer full).
udp_drops() {
  awk -v p="$(printf '%04X' "$1")" 'NR > 1 { split($2, a, ":"); if (a[2] == p) d += $NF } END { printf "%d\n", d }' \
    /proc/net/udp /proc/net/udp6
}

# sipp_summary DIR : prints one line "calls ok failed retrans retrans% rtd1_p50 rtd1_p99 rtd2_p50 rtd2_p99" from
# the statistics file (last line, cumulative) and the response-time trace of a SIPp run in DIR.
sipp_summary() {
  "$PYTHON" "$VERIFY_DIR/sipp_summary.py" "$1"
}

# start_single_ensemble WORK : `vouch run` on SIP_PORT (UDP+TCP), TLS_PORT, MGMT_PORT, KAFKA_PORT and STIR_PORT plus
# EXTRA_SET ("--set k=v ..."), data in WORK/data, log in WORK/vouch.log; waits until it serves metrics.
start_single_ensemble() {
  local work=$1
  # shellcheck disable=SC2086
  start_vouch ENSEMBLE "$work/vouch.log" --data-dir "$work/data" --kafka-port "$KAFKA_PORT" \
    --management-port "$MGMT_PORT" --set edge.sip.udp.port="$SIP_PORT" --set edge.sip.tcp.port="$SIP_PORT" \
    --set edge.sip.tls.port="$TLS_PORT" --set stir.https.port="$STIR_PORT" ${EXTRA_SET:-}
  wait_for_log "$PID_ENSEMBLE" "$work/vouch.log" "metrics on http" 180
}
