#!/bin/sh
# soak.sh: npecho --echo-server under a steady stream of NEP clients for
# SOAK_SECONDS (default 600), in a namespace lab (`make soak`; not part of
# `make check`).
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |  npecho --echo-server --no-crypto -v
#   +--------+              +--------+
#   SOAK_WORKERS (4) loops, each: a python NEP client (udpself: 5 UDP
#   datagrams with its own payload magic, 1 s), 0.2 s pause, again.
#
# Every SOAK_INTERVAL (30) seconds one line:
#   t=30s sessions=N echoes=E errors=X rss=KB log=BYTES
# (sessions: client runs ended; echoes: echoes the clients received;
# errors: runs that did not get exactly their 5 echoes), then the server's
# summary and the verdict "soak: PASS|FAIL (rss first=.. last=.. kB, ...)":
# PASS when the last RSS <= the first periodic one + 4 MiB, no error, and
# the server is still alive.  Exit status 0 on PASS.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
LAB_LIBDIR="$top/tests/netns"
. "$LAB_LIBDIR/lab.sh"

NPECHO=${NPECHO:-$top/build/npecho}
CLIENT="$top/tests/integration/echo_server_nep_client.py"
SECS=${SOAK_SECONDS:-600}
IVAL=${SOAK_INTERVAL:-30}
W=${SOAK_WORKERS:-4}
PY=/usr/bin/python3

[ -x "$NPECHO" ] || { echo "soak: $NPECHO is not built" >&2; exit 1; }
lab_create 0 || { echo "soak: lab failed" >&2; exit 1; }
S4=$LAB_SERVER4
lab_bg server "$LAB_DIR/srv.log" "$NPECHO" --echo-server x --no-crypto -v \
	--max-sessions 64 --max-sessions-per-addr 64 --max-sessions-per-net 64 \
	--handshake-rate 1000
SPID=$LAB_PID
lab_wait_port server 9929 || { echo "soak: server did not start" >&2; exit 1; }

# Worker w: sessions back to back until $LAB_DIR/stop exists.
w=0
while [ "$w" -lt "$W" ]; do
	lab_bg client "$LAB_DIR/w$w.log" sh -c '
		w=$1 i=0
		while [ ! -e "$2/stop" ]; do
			sp=$((20000 + w * 1000 + i % 1000))
			timeout 20 "$3" "$4" "$5" 9929 udpself 0 "$sp" 7000 0 1 5 \
				>"$2/w$w.cur" 2>&1
			echo "run rc=$? $(grep -c "^echo reply=0 .* sport=$sp\$" "$2/w$w.cur")"
			i=$((i + 1))
			sleep 0.2
		done' soak "$w" "$LAB_DIR" "$PY" "$CLIENT" "$S4"
	w=$((w + 1))
done

rss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$SPID/status" 2>/dev/null || echo 0
}
# sessions, echoes, errors from one read of the worker logs.
stats() {
	set -- $(cat "$LAB_DIR"/w*.log | awk '/^run / { n++; e += $3
		if ($0 != "run rc=0 5") x++ } END { print n + 0, e + 0, x + 0 }')
	sessions=$1 echoes=$2 errors=$3
}

start=$(date +%s)
first=
last=$(rss)
echo "t=0s rss=$last"
while :; do
	now=$(date +%s)
	el=$((now - start))
	[ "$el" -ge "$SECS" ] && break
	nxt=$(( (el / IVAL + 1) * IVAL ))
	[ "$nxt" -gt "$SECS" ] && nxt=$SECS
	sleep $((nxt - el))
	el=$(( $(date +%s) - start ))
	last=$(rss)
	[ -n "$first" ] || first=$last
	stats
	echo "t=${el}s sessions=$sessions echoes=$echoes errors=$errors rss=$last log=$(wc -c <"$LAB_DIR/srv.log")"
done
touch "$LAB_DIR/stop"
sleep 3
stats
alive=0
lab__alive "$SPID" && alive=1
lab_kill "$SPID" TERM
grep -E '^(Raw packets|npecho done|Echoes dropped)' "$LAB_DIR/srv.log"
v=PASS
[ "$alive" -eq 1 ] && [ "$errors" -eq 0 ] && [ "$sessions" -gt 0 ] &&
	[ "$last" -le $((first + 4096)) ] || v=FAIL
echo "soak: $v (rss first=$first last=$last kB; sessions=$sessions echoes=$echoes errors=$errors; server alive=$alive)"
[ "$v" = PASS ]
