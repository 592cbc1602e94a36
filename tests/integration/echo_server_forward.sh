#!/bin/sh
# echo_server_forward.sh: an echo server on a forwarding host, capturing on
# every interface (no -e), echoes a forwarded probe once, not once per
# interface it crosses (server/dedup.h).
#
#   +--------+ seg 1  +--------+ seg 2  +--------+
#   | client |east--west|  r1  |east--west| server |
#   +--------+        +--------+        +--------+
#   10.77.1.1     10.77.1.2  10.77.2.1     10.77.2.2
#                 npecho --echo-server (no -e: lo, west, east)
#
# The NEP client (echo_server_nep_client.py, --no-crypto) opens its side
# channel to r1; the probes go to the host behind r1, so they enter r1 on
# west (TTL 64) and leave on east (TTL 63).
#  1. default: the kernel filter keeps only probes r1 received (inbound):
#     the outgoing copies never reach the server, 6 packets captured.
#  2. -w FILE: the file records everything (wide filter), so both copies
#     are captured and the second of each is recognised (dedup.h).
# TAP; everything under timeout; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
CLIENT="$LAB_TOP/tests/integration/echo_server_nep_client.py"
PY=/usr/bin/python3

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
lab_create 1
lab_tap $? "lab comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_wait_reach client "$LAB_SERVER4"
R1=10.77.1.2

# run NAME ARGS...: the server on r1 with ARGS, two sessions, 3 probes
# each; every probe echoed once, as it entered the router.
run() {
	local name="$1" n
	shift
	lab_bg r1 "$LAB_DIR/$name.log" timeout 60 "$NPECHO" --echo-server x \
		--no-crypto --echo-port 9935 -v "$@"
	SPID=$LAB_PID
	lab_wait_port r1 9935
	lab_tap $? "$name: server on the router listens"
	# The line comes after the rest of set-up (privilege drop, capture
	# thread, seccomp filter), later than the listener: wait for it.
	lab_poll 5 grep -q 'interfaces.*west.*east\|interfaces.*east.*west' \
		"$LAB_DIR/$name.log"
	lab_tap $? "$name: it captures on both of the router's interfaces"
	# One session for ICMP probes with IP ID 4646, a second for UDP 4747.
	lab_bg client "$LAB_DIR/$name-icmp.log" timeout 15 "$PY" "$CLIENT" \
		"$R1" 9935 icmp 4646 0 0 0 4
	P1=$LAB_PID
	lab_bg client "$LAB_DIR/$name-udp.log" timeout 15 "$PY" "$CLIENT" \
		"$R1" 9935 udp 4747 5000 7777 0 4
	P2=$LAB_PID
	lab_poll 5 grep -q '^ready' "$LAB_DIR/$name-icmp.log" &&
		lab_poll 5 grep -q '^ready' "$LAB_DIR/$name-udp.log"
	lab_tap $? "$name: two NEP sessions are live"
	lab_exec client timeout 10 nping --icmp --id 4646 -c 3 --delay 100ms \
		-q "$LAB_SERVER4" >/dev/null 2>&1
	lab_exec client timeout 10 nping --udp --id 4747 -g 5000 -p 7777 -c 3 \
		--delay 100ms -q "$LAB_SERVER4" >/dev/null 2>&1
	lab_wait_exit "$P1" 10
	lab_wait_exit "$P2" 10
	lab_kill "$SPID" TERM
	for f in icmp udp; do
		sed "s/^/# $name-$f: /" "$LAB_DIR/$name-$f.log" >&2
	done
	sed "s/^/# $name: /" "$LAB_DIR/$name.log" >&2
	grep -q '^total probes=3 ' "$LAB_DIR/$name-icmp.log"
	lab_tap $? "$name: ICMP: each of 3 forwarded probes echoed once ($(sed -n 's/^total //p' "$LAB_DIR/$name-icmp.log"))"
	grep -q '^total probes=3 ' "$LAB_DIR/$name-udp.log"
	lab_tap $? "$name: UDP: each of 3 forwarded probes echoed once ($(sed -n 's/^total //p' "$LAB_DIR/$name-udp.log"))"
	# The probe as it entered the router.
	n=$(grep -c '^echo reply=0 .* src=10.77.1.1 dst=10.77.2.2' \
		"$LAB_DIR/$name-icmp.log")
	[ "$n" -eq 3 ]
	lab_tap $? "$name: echoes are the client's probes ($n of 3)"
}

run filtered
# The 6 probes as received; their 6 outgoing copies (and the server's
# replies, not from the client) never reached user space.  (Once, under
# load, one stray packet from the client's address was captured too.)
cap=$(sed -n 's/^Raw packets captured: \([0-9]*\) .*/\1/p' "$LAB_DIR/filtered.log")
[ -n "$cap" ] && [ "$cap" -ge 6 ] && [ "$cap" -lt 12 ] &&
	! grep -q '^Forwarded copies' "$LAB_DIR/filtered.log"
lab_tap $? "filtered: the probes as received were captured ($cap), no outgoing copy"
run tap -w "$LAB_DIR/tap.pcapng"
grep -q '^Forwarded copies not echoed again: 6$' "$LAB_DIR/tap.log"
lab_tap $? "tap: server counts 6 forwarded copies not echoed"
lab_tap_done
