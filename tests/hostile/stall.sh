#!/bin/sh
# stall.sh: a client that stops reading while its own probes flood in.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |  A: npecho --echo-server --no-crypto --json
#   +--------+              +--------+  B: the same with -w FILE (pcapng tap)
#   tests/hostile/hostile_client.py stallflood
#
# The client authenticates, sends a UDP PacketSpec, shrinks its receive
# buffer to 4 KiB and never reads again while it sends ~2,000 of its own
# 1,200-byte probes a second.  The server's send queue fills; once it took
# no byte for SRV_STALL_NS (5 s) the session is reset at its next echo
# ("send queue full, client not reading").  That close happens in the
# middle of relaying a captured packet, whose JSON event / pcapng record is
# written after it: the server must not touch the closed connection again
# (it did: a use-after-free, seen by ASan with NPECHO=build/asan/npecho).
# Each server must drop the client within 15 s, keep serving a stock nping
# client, end on SIGTERM with status 0, and leave no sanitizer report.
# TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
. "$LAB_TOP/tests/hostile/hostile_lib.inc"

hl_begin 0 shim
S4=$LAB_SERVER4

# stall NAME PORT ARGS...: a server with ARGS, the stalled client, checks.
stall() {
	local name="$1" port="$2" pid
	shift 2
	hl_server "$name" "$port" x --no-crypto "$@"
	lab_tap $? "$name: server listens ($*)"
	pid=$HL_PID
	lab_exec client timeout 40 "$HL_PY" "$HL_CLIENT" "$S4" "$port" \
		stallflood 20 7 >"$LAB_DIR/$name-stall.log" 2>&1
	grep -Eq '^stallflood closed=1 secs=([0-9]|1[0-4])\.' \
		"$LAB_DIR/$name-stall.log"
	lab_tap $? "$name: the client that stopped reading is dropped within 15 s ($(tail -1 "$LAB_DIR/$name-stall.log"))"
	lab_poll 5 lab__alive "$pid"
	lab_tap $? "$name: server still running"
	hl_legit "$name" "$pid" "$port" --echo-client x --no-crypto
	hl_stop "$name" "$pid"
}

stall json 9929 --json
grep -q '"reason":"send queue full, client not reading"' "$LAB_DIR/json.log"
lab_tap $? "json: the session's closed event names the stall"
stall tap 9930 -v -w "$LAB_DIR/tap.pcapng"
grep -q 'disconnected (send queue full, client not reading' "$LAB_DIR/tap.log"
lab_tap $? "tap: the log names the stall"
hl_end "$LAB_DIR/json.log" "$LAB_DIR/tap.log"
