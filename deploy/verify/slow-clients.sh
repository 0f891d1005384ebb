#!/usr/bin/env bash
# Slow and non-reading TCP clients against a running ensemble: SLOW connections sending one byte every 5 s must be
# closed by edge.stream.message.timeout.ms (default 10 s) although each byte resets the idle timer; a client that pipelines
# OPTIONS for PIPE_S seconds without reading must be stopped being read from and closed, with heap and RSS bounded;
# sipsak OPTIONS must be answered throughout.
#
# Environment: SLOW (500), PIPE_S (60), SIP_PORT (15060), TLS_PORT (15061), MGMT_PORT (19464), KAFKA_PORT (19092),
# STIR_PORT (19443), EXTRA_SET ("--set k=v ..."; e.g. --set edge.rate.limit.exempt.sources=127.0.0.1 lets the pipelining
# client past the per-source rate limit).
# Exit status: 0 when every slow connection was closed, the non-reader was closed and OPTIONS was answered, else 1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

: "${SIP_PORT:=15060}" "${TLS_PORT:=15061}" "${MGMT_PORT:=19464}" "${KAFKA_PORT:=19092}" "${STIR_PORT:=19443}"
SLOW=${SLOW:-500}
PIPE_S=${PIPE_S:-60}
require_tools sipsak curl python3
WORK=$(mktemp -d /tmp/vouch-slow-clients.XXXXXX)
trap stop_all EXIT
log "work directory $WORK"

start_single_ensemble "$WORK"

rss_mb() { awk '/VmRSS/ { printf "%d\n", $2 / 1024 }' "/proc/$PID_ENSEMBLE/status"; }
JCMD="$(dirname "$JAVA")/jcmd"
heap_mb() { # used heap after a full collection, from jcmd (ZGC prints "used 120M,")
  "$JCMD" "$PID_ENSEMBLE" GC.run >/dev/null 2>&1 || true
  "$JCMD" "$PID_ENSEMBLE" GC.heap_info 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1);
    u = v; gsub(/[0-9]/, "", u); gsub(/[^0-9]/, "", v); m = (u ~ /^K/) ? v / 1024 : (u ~ /^G/) ? v * 1024 : v;
    printf "%d\n", m; exit } }'; }
closed() { curl -s --max-time 5 "http://127.0.0.1:$MGMT_PORT/metrics" \
  | awk -v r="$1" 'index($0, "vouch_edge_connections_closed_total") == 1 && index($0, "reason=\"" r "\"") { s += $2 } END { printf "%d\n", s }'; }
report() { printf '%-16s rss %5s MiB  heap %5s MiB  message_timeout closes %5s  write_stall closes %3s\n' "$1" \
  "$(rss_mb)" "$(heap_mb)" "$(closed message_timeout)" "$(closed write_stall)"; }
failures=0
options() {
  if timeout 20 sipsak -s "sip:127.0.0.1:$SIP_PORT" -E tcp -H 127.0.0.1 >"$WORK/sipsak-$1.out" 2>&1; then
    log "sipsak OPTIONS over tcp ($1): 200"
  else log "sipsak OPTIONS over tcp ($1): FAILED"; failures=$((failures + 1)); fi
}
options before
report before

log "$SLOW connections sending one byte every 5 s for 40 s"
"$PYTHON" "$VERIFY_DIR/idle_conns.py" 127.0.0.1 "$SIP_PORT" "$SLOW" 10 40 5 >"$WORK/slow.json"
log "slow clients: $(cat "$WORK/slow.json")"
report "after slow"
open_at_end=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["open_at_end"])' "$WORK/slow.json")
[ "$open_at_end" -eq 0 ] || { log "FAIL: $open_at_end slow connections were still open after 40 s"; failures=$((failures + 1)); }
options "after slow"

log "one client pipelining OPTIONS for ${PIPE_S}s without reading"
"$PYTHON" "$VERIFY_DIR/pipeline_noread.py" 127.0.0.1 "$SIP_PORT" "$PIPE_S" >"$WORK/pipe.json" &
pipe=$!
STARTED_PIDS+=("$pipe")
sleep $((PIPE_S / 2))
report "pipelining"
options "pipelining"
wait "$pipe" || true
log "non-reader: $(cat "$WORK/pipe.json")"
report "after pipeline"
closed_after=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["closed_by_peer_after_s"])' "$WORK/pipe.json")
[ "$closed_after" != None ] || { log "FAIL: the non-reading client was never closed"; failures=$((failures + 1)); }
options after
alive ENSEMBLE
[ "$failures" -eq 0 ] && { log "PASS"; exit 0; }
log "FAIL: $failures checks failed (logs in $WORK)"; exit 1
