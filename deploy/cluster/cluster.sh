#!/usr/bin/env bash
# A three-node KRaft Kafka cluster on 127.0.0.1 and the Vouch ensemble against it, one process per component.
#
#   deploy/cluster/cluster.sh start     brokers, topics (replication factor 3, min.insync.replicas 2), components
#   deploy/cluster/cluster.sh status    one line per process (pid, alive, /health/ready), then the topics' ISRs
#   deploy/cluster/cluster.sh stop      SIGTERM to every process it started (edges first, brokers last), by pid
#
# Processes (each a JVM running vouch.jar, logs in $WORK/logs, pids in $WORK/pids):
#   broker-1..3   `vouch broker`: combined broker + controller, clients on BROKER_PORT+0..2, controllers on +3..5,
#                 data in $WORK/kafka-N
#   identity-1, identity-2, auth-1, auth-2, registrar-1, registrar-2, media-1   `vouch run --kafka ... --services X`
#   edge-1 (and edge-2 when EDGES=2)   SIP on SIP_PORT+0 (+1), UDP and TCP, TLS off
# identity-1 starts alone first: it creates the topics and the development secrets (nonce key, seal key, STIR PKI)
# in $WORK/shared, which every other component then reads (--dev-secrets).
#
# Environment (defaults): WORK=/tmp/vouch-cluster BROKER_PORT=19150 MGMT_PORT=18150 (one per component, in the
#   order above) SIP_PORT=5150 EDGES=2 REPLICAS=2 PARTITIONS=6 RF=3 MIN_ISR=2
#   GROUP_PROTOCOL=consumer (KIP-848; or classic) SESSION_TIMEOUT_MS=10000 (the consumer group session timeout,
#   set on the brokers for the consumer protocol, on the clients for classic) STATIC_MEMBERS=0 (1: each component
#   joins its groups as a static member named after it) BROKER_SESSION_TIMEOUT_MS=9000 (the controllers fence a
#   broker, moving its leaderships and shrinking the ISRs, this long after its last heartbeat) COMPONENT_SET="" (extra "--set k=v" for every component)
#   BROKER_JAVA_OPTS, COMPONENT_JAVA_OPTS, VOUCH_JAR, JAVA
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO_DIR=$(cd "$HERE/../.." && pwd)
VOUCH_JAR=${VOUCH_JAR:-$REPO_DIR/deploy/standalone/target/vouch.jar}
if [ -z "${JAVA:-}" ]; then
  # shellcheck source=/dev/null
  . "$REPO_DIR/.mvn/jdk.sh"
  JAVA="$JAVA_HOME/bin/java"
fi
WORK=${WORK:-/tmp/vouch-cluster}
BROKER_PORT=${BROKER_PORT:-19150}
MGMT_PORT=${MGMT_PORT:-18150}
SIP_PORT=${SIP_PORT:-5150}
EDGES=${EDGES:-2}
REPLICAS=${REPLICAS:-2}
PARTITIONS=${PARTITIONS:-6}
RF=${RF:-3}
MIN_ISR=${MIN_ISR:-2}
GROUP_PROTOCOL=${GROUP_PROTOCOL:-consumer}
SESSION_TIMEOUT_MS=${SESSION_TIMEOUT_MS:-10000}
BROKER_SESSION_TIMEOUT_MS=${BROKER_SESSION_TIMEOUT_MS:-9000}
STATIC_MEMBERS=${STATIC_MEMBERS:-0}
BROKER_JAVA_OPTS=${BROKER_JAVA_OPTS:--Xms256m -Xmx768m -XX:+UseSerialGC}
COMPONENT_JAVA_OPTS=${COMPONENT_JAVA_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC}
BOOTSTRAP="127.0.0.1:$BROKER_PORT,127.0.0.1:$((BROKER_PORT + 1)),127.0.0.1:$((BROKER_PORT + 2))"
VOTERS="1@127.0.0.1:$((BROKER_PORT + 3)),2@127.0.0.1:$((BROKER_PORT + 4)),3@127.0.0.1:$((BROKER_PORT + 5))"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 2; }

# The components in start order: NAME SERVICES (management ports MGMT_PORT + index).
components() {
  local r
  for r in $(seq "$REPLICAS"); do echo "identity-$r identity"; done
  for r in $(seq "$REPLICAS"); do echo "registrar-$r registrar"; done
  for r in $(seq "$REPLICAS"); do echo "auth-$r auth"; done
  echo "media-1 media"
  for r in $(seq "$EDGES"); do echo "edge-$r edge"; done
}

# mgmt_port NAME : the management port of a component.
mgmt_port() {
  local i=0 n _
  while read -r n _; do
    [ "$n" = "$1" ] && { echo $((MGMT_PORT + i)); return; }
    i=$((i + 1))
  done < <(components)
  die "no component $1"
}

# stage_owned NAME STAGE : partitions of the stage's input topic the component holds now (its consumer's log lines).
stage_owned() {
  "$(command -v /usr/bin/python3 || command -v python3)" - "$WORK/logs/$1.log" "$2" <<'PY'
import re, sys
held = set()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"Stage " + re.escape(sys.argv[2]) + r": (assigned|revoked|lost) \[([^\]]*)\]", line)
    if m:
        parts = {p.strip() for p in m.group(2).split(",") if p.strip()}
        held = held | parts if m.group(1) == "assigned" else held - parts
print(len(held))
PY
}

pid_of() { cat "$WORK/pids/$1.pid" 2>/dev/null || true; }
is_alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# launch NAME JAVA_OPTS ARGS... : starts `java -jar vouch.jar ARGS` in its own session, records its pid.
launch() {
  local name=$1 opts=$2
  shift 2
  mkdir -p "$WORK/logs" "$WORK/pids"
  # shellcheck disable=SC2086
  setsid "$JAVA" $opts -jar "$VOUCH_JAR" "$@" >>"$WORK/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$WORK/pids/$name.pid"
  log "started $name (pid $!): vouch $*"
}

# wait_log NAME PATTERN SECONDS : until PATTERN is in the component's log; fails when it died.
wait_log() {
  local name=$1 pattern=$2 limit=$3 i=0
  until grep -q -- "$pattern" "$WORK/logs/$name.log" 2>/dev/null; do
    is_alive "$name" || { tail -30 "$WORK/logs/$name.log" >&2; die "$name exited before: $pattern"; }
    i=$((i + 1))
    [ "$i" -le "$limit" ] || { tail -30 "$WORK/logs/$name.log" >&2; die "$name: no '$pattern' after ${limit}s"; }
    sleep 1
  done
}

# start_broker N : node N of the cluster (restarts on its existing data directory).
start_broker() {
  local n=$1 extra=(--set "broker.session.timeout.ms=$BROKER_SESSION_TIMEOUT_MS"
    --set "broker.heartbeat.interval.ms=$((BROKER_SESSION_TIMEOUT_MS / 5 < 2000 ? BROKER_SESSION_TIMEOUT_MS / 5 : 2000))")
  if [ "$GROUP_PROTOCOL" = consumer ]; then
    extra+=(--set "group.consumer.session.timeout.ms=$SESSION_TIMEOUT_MS")
  fi
  launch "broker-$n" "$BROKER_JAVA_OPTS" broker --node-id "$n" --port $((BROKER_PORT + n - 1)) \
    --controller-port $((BROKER_PORT + n + 2)) --voters "$VOTERS" --cluster-id "$(cat "$WORK/cluster.id")" \
    --data-dir "$WORK/kafka-$n" --replication-factor "$RF" --min-insync-replicas "$MIN_ISR" "${extra[@]}"
}

# start_component NAME : one component process against the cluster.
start_component() {
  local name=$1 services port args
  services=$(components | awk -v n="$name" '$1 == n { print $2 }')
  [ -n "$services" ] || die "no component $name"
  port=$(mgmt_port "$name")
  args=(run --kafka "$BOOTSTRAP" --services "$services" --partitions "$PARTITIONS" --dev-secrets
    --data-dir "$WORK/shared" --management-port "$port"
    --set topics.replication.factor="$RF" --set topics.min.insync.replicas="$MIN_ISR"
    --set auth.algorithms=MD5 --set auth.realms=127.0.0.1
    --set edge.trusted.sources=127.0.0.1 --set identity.trusted.sources=127.0.0.1
    --set stir.https.port=0 --set cert.repository.https.port=0
    --set kafka.consumer.group.protocol="$GROUP_PROTOCOL")
  if [ "$GROUP_PROTOCOL" = classic ]; then
    args+=(--set kafka.consumer.session.timeout.ms="$SESSION_TIMEOUT_MS")
  fi
  if [ "$STATIC_MEMBERS" = 1 ]; then
    args+=(--set kafka.consumer.group.instance.id="$name")
  fi
  if [ "$services" = edge ]; then
    local e=${name#edge-}
    args+=(--edge-id "$name" --set edge.sip.udp.port=$((SIP_PORT + e - 1)) --set edge.sip.tcp.port=$((SIP_PORT + e - 1))
      --set edge.sip.tls.port=-1)
  fi
  # shellcheck disable=SC2206
  args+=(${COMPONENT_SET:-})
  launch "$name" "$COMPONENT_JAVA_OPTS" "${args[@]}"
}

cmd_start() {
  [ -f "$VOUCH_JAR" ] || (cd "$REPO_DIR" && ./mvnw -q -DskipTests -pl deploy/standalone -am package) >&2
  mkdir -p "$WORK"
  for n in 1 2 3; do is_alive "broker-$n" && die "broker-$n is already running (pid $(pid_of "broker-$n"))"; done
  [ -f "$WORK/cluster.id" ] || "$(command -v /usr/bin/python3 || command -v python3)" -c \
    'import base64, uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))' >"$WORK/cluster.id"
  log "work dir $WORK, cluster $(cat "$WORK/cluster.id"), bootstrap $BOOTSTRAP"
  for n in 1 2 3; do start_broker "$n"; done
  for n in 1 2 3; do wait_log "broker-$n" "vouch broker: node $n serving" 180; done
  # the first component creates the topics and the shared development secrets alone
  start_component identity-1
  wait_log identity-1 "metrics on http" 240
  local name rest
  while read -r name _; do
    [ "$name" = identity-1 ] || [[ $name == edge-* ]] || start_component "$name"
  done < <(components)
  while read -r name _; do
    [[ $name == edge-* ]] || wait_log "$name" "metrics on http" 240
  done < <(components)
  # the edges last, so no request arrives before its stage consumes
  while read -r name _; do [[ $name == edge-* ]] && start_component "$name"; done < <(components)
  while read -r name _; do [[ $name == edge-* ]] && wait_log "$name" "metrics on http" 240; done < <(components)
  log "cluster up: SIP on 127.0.0.1:$SIP_PORT..$((SIP_PORT + EDGES - 1)) (UDP, TCP), Kafka $BOOTSTRAP"
}

cmd_status() {
  local n name port ready
  for n in 1 2 3; do
    printf '%-12s pid %-8s %s\n' "broker-$n" "$(pid_of "broker-$n")" "$(is_alive "broker-$n" && echo alive || echo dead)"
  done
  while read -r name _; do
    port=$(mgmt_port "$name")
    ready=$(curl -s --max-time 3 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
    printf '%-12s pid %-8s %-6s ready=%s (management port %s)\n' "$name" "$(pid_of "$name")" \
      "$(is_alive "$name" && echo alive || echo dead)" "$ready" "$port"
  done < <(components)
  if command -v kcat >/dev/null 2>&1; then
    kcat -L -b "$BOOTSTRAP" -m 5 2>/dev/null | awk '/topic "vouch\./ { t = $2 } /partition 0,/ && t { print "  " t " " $0; t = "" }'
  fi
}

# stop_one NAME : SIGTERM, SIGKILL after 30 s.
stop_one() {
  local pid i=0
  pid=$(pid_of "$1")
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
      i=$((i + 1))
      [ "$i" -le 30 ] || { kill -9 "$pid" 2>/dev/null || true; break; }
      sleep 1
    done
  fi
  rm -f "$WORK/pids/$1.pid"
}

cmd_stop() {
  local names=() name
  while read -r name _; do names=("$name" "${names[@]}"); done < <(components)
  local waits=()
  for name in "${names[@]}"; do stop_one "$name" & waits+=($!); done
  wait "${waits[@]}"
  waits=()
  for n in 3 2 1; do stop_one "broker-$n" & waits+=($!); done
  wait "${waits[@]}"
  log "stopped (data and logs kept in $WORK)"
}

# When sourced (deploy/verify/cluster-faults.sh), only the functions are defined.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
  esac
fi
