#!/bin/sh
# probe_errors.sh: bad input to the probe modes fails cleanly.
#
#   +--------+           +--------+
#   | client |east--west | server |   client's default routes are removed,
#   +--------+           +--------+   so 192.0.2.1 / 2001:db8::1 have none
#   10.77.1.1                          10.77.1.2
#
# Each bad input (unresolvable name, unknown interface, no route, bad port,
# bad flags, a /0 target, a negative count or rate), in the raw and the
# unprivileged modes, must print exactly one stderr line starting
# "npecho: " and exit 2, with the normal and the ASan build (build/asan).
# SIGINT during an endless run (-c 0), ~300 ms after its first probe,
# prints the summary and exits 130 (within 3 s, or the test kills it).
set -u
. "$(dirname "$0")/../netns/lab.sh"
TOP=$(pwd)
BINS="$TOP/build/npecho"
[ -x "$TOP/build/asan/npecho" ] && BINS="$BINS $TOP/build/asan/npecho"

lab_create 0
lab_tap $? "lab client - server is up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_ip client route del default
lab_ip client -6 route del default
S=$LAB_SERVER4

# check NAME ARGS...: one "npecho: " stderr line, exit 2, for every binary.
check() {
	local name="$1" bin rc n ok=0
	shift
	for bin in $BINS; do
		lab_exec client env ASAN_OPTIONS=detect_leaks=1 "$bin" "$@" \
			>"$LAB_DIR/out" 2>"$LAB_DIR/err"
		rc=$?
		n=$(wc -l <"$LAB_DIR/err")
		lab_log "$(basename "$(dirname "$bin")")/npecho $* -> $rc: $(cat "$LAB_DIR/err")"
		[ "$rc" -eq 2 ] && [ "$n" -eq 1 ] &&
			grep -q '^npecho: ' "$LAB_DIR/err" || ok=1
	done
	lab_tap $ok "$name"
}

check "unresolvable name (raw)" --icmp -c 1 nonexistent.invalid
check "unresolvable name (TCP-Connect)" --tcp-connect -c 1 nonexistent.invalid
check "unresolvable name (UDP-Unprivileged)" --unprivileged --udp -c 1 nonexistent.invalid
check "unknown interface (raw)" --icmp -e nosuch0 -c 1 "$S"
check "unknown interface (TCP-Connect)" --tcp-connect -e nosuch0 -c 1 "$S"
check "no route (raw ICMP)" --icmp -c 1 192.0.2.1
check "no route (raw TCP)" --tcp -c 1 192.0.2.1
check "no route (raw IPv6 UDP)" -6 --udp -c 1 2001:db8::1
check "-p 0" --tcp -p 0 -c 1 "$S"
check "-p 70000" --tcp -p 70000 -c 1 "$S"
check "--flags syn,foo" --tcp --flags syn,foo -c 1 "$S"
check "CIDR /0" --icmp -c 1 10.0.0.0/0
check "-c -1" --icmp -c -1 "$S"
check "--rate -5" --icmp --rate -5 "$S"

# sigint NAME ARGS...: -c 0 run, SIGINT after ~300 ms: summary, exit 130.
sigint() {
	local name="$1" bin pid rc ok=0
	shift
	for bin in $BINS; do
		ip netns exec "$(lab_ns client)" "$bin" -c 0 --delay 50ms "$@" \
			>"$LAB_DIR/out" 2>"$LAB_DIR/err" &
		pid=$!
		# A background job starts with SIGINT ignored until npecho
		# installs its handler: signal only once it is sending.
		lab_poll 5 grep -q '^SENT' "$LAB_DIR/out"
		sleep 0.3
		kill -INT "$pid"
		n=0
		while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 30 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid"
		rc=$?
		lab_log "$bin -c 0 $* -> $rc: $(tail -n 3 "$LAB_DIR/out" | tr '\n' '|') $(cat "$LAB_DIR/err")"
		[ "$rc" -eq 130 ] && grep -q '^npecho done: 1 IP address pinged in ' \
			"$LAB_DIR/out" && grep -q '^Max rtt: ' "$LAB_DIR/out" &&
			[ "$(grep -c '^SENT' "$LAB_DIR/out")" -ge 3 ] || ok=1
	done
	lab_tap $ok "$name"
}
sigint "SIGINT ends a raw -c 0 run with the summary, status 130" --icmp "$S"
sigint "SIGINT ends a TCP-Connect -c 0 run likewise" --tcp-connect -p 9 "$S"
sigint "SIGINT ends a UDP-Unprivileged -c 0 run likewise" --unprivileged --udp -p 9 "$S"

lab_tap_done
