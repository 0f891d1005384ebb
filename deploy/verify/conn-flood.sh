#!/usr/bin/env bash
# Many idle TCP connections against a running ensemble (issue: 20,000 idle connections exhausted the descriptors and
# the embedded broker shut down). Starts `vouch run` with its own ports, measures descriptors and RSS, opens COUNT idle
# connections from SOURCES loopback addresses, checks that sipsak OPTIONS is still answered over UDP and TCP while they
# are held and afterwards, and that the broker and the JVM survived.
#
# Environment: COUNT (default: the open-file limit minus 500), SOURCES (20), HOLD (30 s), SIP_PORT (15060),
# TLS_PORT (15061), MGMT_PORT (19464), KAFKA_PORT (19092), STIR_PORT (19443), EXTRA_SET ("--set k=v ...").
# Exit status: 0 when the ensemble survived and answered throughout, 1 otherwise, 2 on a setup failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

: "${SIP_PORT:=15060}" "${TLS_PORT:=15061}" "${MGMT_PORT:=19464}" "${KAFKA_PORT:=19092}" "${STIR_PORT:=19443}"
COUNT=${COUNT:-$(( $(ulimit -n) - 500 ))}
SOURCES=${SOURCES:-20}
HOLD=${HOLD:-30}
require_tools sipsak curl python3
WORK=$(mktemp -d /tmp/vouch-conn-flood.XXXXXX)
trap stop_all EXIT
log "work directory $WORK; open-file limit $(ulimit -n)"

start_single_ensemble "$WORK"

fds() { ls "/proc/$PID_ENSEMBLE/fd" 2>/dev/null | wc -l; }
rss_mb() { awk '/VmRSS/ { printf "%d\n", $2 / 1024 }' "/proc/$PID_ENSEMBLE/status" 2>/dev/null || echo 0; }
options() { # options TRANSPORT -> 0 when a 200 came back
  timeout 20 sipsak -s "sip:127.0.0.1:$SIP_PORT" -E "$1" -H 127.0.0.1 -vv >"$WORK/sipsak-$1-$2.out" 2>&1
}
report() { printf '%-10s fds %6s  rss %5s MiB  edge connections %6s  refused %6s\n' "$1" "$(fds)" "$(rss_mb)" \
  "$(metric "$MGMT_PORT" vouch_edge_connections)" "$(metric "$MGMT_PORT" vouch_edge_connections_refused_total)"; }

failures=0
check_options() { # check_options PHASE [tcp-may-be-refused]
  for t in udp tcp; do
    if options "$t" "$1"; then log "sipsak OPTIONS over $t ($1): 200"
    elif [ "$t" = tcp ] && [ -n "${2:-}" ]; then log "sipsak OPTIONS over tcp ($1): refused, the connection cap is reached"
    else log "sipsak OPTIONS over $t ($1): FAILED"; failures=$((failures + 1)); fi
  done
}
check_options before
report before

log "opening $COUNT idle connections from $SOURCES sources, holding ${HOLD}s"
"$PYTHON" "$VERIFY_DIR/idle_conns.py" 127.0.0.1 "$SIP_PORT" "$COUNT" "$SOURCES" "$HOLD" >"$WORK/clients.json" &
client=$!
STARTED_PIDS+=("$client")
sleep $((HOLD / 2))
report held
# a new TCP connection may be refused while the cap is reached (that is the cap working); UDP must be answered
check_options held tcp-may-be-refused
wait "$client" || true
log "clients: $(cat "$WORK/clients.json")"
sleep 2
report after
check_options after
alive ENSEMBLE
if grep -q "FATAL\|all log dirs have failed\|Too many open files" "$WORK/vouch.log"; then
  log "the log shows descriptor exhaustion or a broker failure:"; grep -m5 "FATAL\|log dirs\|Too many open files" "$WORK/vouch.log" >&2
  failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] && { log "PASS: the ensemble survived $COUNT connections and answered throughout"; exit 0; }
log "FAIL: $failures checks failed (logs in $WORK)"; exit 1
