#!/bin/sh
# golden_output.sh: npecho's output over a fixed set of runs, text and
# JSON, probe and echo modes, compared with what it printed when the set
# was recorded (tests/data/golden/NAME.out), after golden_norm.py made
# equal what changes from run to run (times, random IDs and sequence
# numbers, checksums, the client's source ports, the server's clock).
# A refactoring that must not change the output keeps this green; a
# change that is meant to change it records the set again:
#   GOLDEN_RECORD=1 sh tests/integration/golden_output.sh
# and the diff of tests/data/golden/ shows what changed.
#
#   +--------+ seg 1  +--------+ seg 2  +--------+
#   | client |east--west|  r1  |east--west| server |  TCP 80 listening,
#   +--------+        +--------+        +--------+  npecho --echo-server
#   10.77.1.1                           10.77.2.2   (text) on 9929, --json
#                                                   on 9930
# TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
GOLD="$LAB_TOP/tests/data/golden"
NORM="$LAB_TOP/tests/integration/golden_norm.py"
PASS=golden-secret
T=30

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
lab_create 1
lab_tap $? "lab client - r1 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_sysctl server net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
lab_sysctl r1 net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
lab_tcp_listen server 80
lab_bg server "$LAB_DIR/srv-text.raw" "$NPECHO" --echo-server "$PASS" -v
STEXT=$LAB_PID
lab_bg server "$LAB_DIR/srv-json.raw" "$NPECHO" --echo-server "$PASS" \
	--echo-port 9930 --json
SJSON=$LAB_PID
lab_wait_port server 9929 && lab_wait_port server 9930
lab_tap $? "TCP 80, and both echo servers, listen"
lab_wait_reach client "$LAB_SERVER4"
S=$LAB_SERVER4
S6=$LAB_SERVER6
R=$(lab_addr r1 4 west)
lab_ping client "$R" 1 1 >/dev/null 2>&1 # a neighbour entry for ARP

# check NAME FILE: FILE normalised equals the recorded NAME (TAP line).
check() {
	"$LAB_PYTHON" "$NORM" "$LAB_CLIENT4" <"$2" >"$LAB_DIR/$1.norm"
	if [ "${GOLDEN_RECORD:-0}" = 1 ]; then
		mkdir -p "$GOLD" && cp "$LAB_DIR/$1.norm" "$GOLD/$1.out"
		lab_tap 0 "$1: recorded"
	elif diff -u "$GOLD/$1.out" "$LAB_DIR/$1.norm" >"$LAB_DIR/$1.diff"; then
		lab_tap 0 "$1: as recorded"
	else
		lab_tap 1 "$1: as recorded"
		sed 's/^/# /' "$LAB_DIR/$1.diff" | head -40 >&2
	fi
}

# run NAME ARGS...: one client run, stdout then stderr, then the status.
run() {
	local name="$1" rc
	shift
	lab_exec client timeout "$T" "$NPECHO" "$@" >"$LAB_DIR/$name.raw" \
		2>"$LAB_DIR/$name.err"
	rc=$?
	cat "$LAB_DIR/$name.err" >>"$LAB_DIR/$name.raw"
	echo "exit $rc" >>"$LAB_DIR/$name.raw"
	check "$name" "$LAB_DIR/$name.raw"
}

D="--delay 300ms"
run tcp --tcp -p 80 -g 5001 -c 2 $D "$S"
run tcp-ports --tcp -p 80-81 -g 5002 -c 1 $D "$S" "$R"
run tcp-v --tcp -p 81 -g 5003 -v -c 1 "$S"
run tcp-v3 --tcp -p 81 -g 5004 --seq 7 --id 9 -v3 -c 1 "$S"
run tcp-H-q --tcp -p 80 -g 5005 -H -q -c 2 $D "$S"
run udp --udp -p 7777 -g 5101 -c 2 $D "$S"
run udp-v2 --udp -p 7777 -g 5102 --data-string golden -v2 -c 1 "$S"
run icmp --icmp --icmp-id 77 -c 2 $D "$S"
run icmp-time --icmp --icmp-type time --icmp-id 78 -c 1 "$S"
run icmp-ttl --icmp --icmp-id 79 --ttl 1 -c 1 "$S"
run arp --arp -c 1 "$R"
run tr --tr --udp -p 33434 -g 5200 -c 3 $D "$S"
run v6-tcp -6 --tcp -p 80 -g 5300 -c 1 "$S6"
run v6-icmp -6 --icmp -c 1 "$S6"
run connect --tcp-connect -p 80 -c 2 $D "$S"
run unpriv --unprivileged --udp -p 7777 -c 1 "$S"
run json-tcp --json --tcp -p 80 -g 5006 -c 2 $D "$S"
run json-udp --json --udp -p 7777 -g 5103 -c 1 "$S"
run json-icmp --json --icmp --icmp-id 80 -c 1 "$S"
run json-connect --json --tcp-connect -p 81 -c 1 "$S"
run json-tr --json --tr --icmp --icmp-id 81 -c 3 $D "$S"
run err-value --ttl 300 "$S"
run err-modes --tcp --udp "$S"
run echo-tcp --echo-client "$PASS" --tcp -p 80 -g 5007 -c 2 $D "$S"
run echo-udp --echo-client "$PASS" --udp -p 7777 -g 5104 -c 2 -v $D "$S"
run echo-icmp --echo-client "$PASS" --icmp --icmp-id 82 -c 2 --no-probe-token $D "$S"
run echo-tr --echo-client "$PASS" --tr --icmp --icmp-id 83 -c 3 --no-probe-token $D "$S"
run echo-json --echo-client "$PASS" --echo-port 9930 --json --tcp -p 81 -g 5008 -c 2 $D "$S"
run echo-refused --echo-client wrong-secret --icmp -c 1 "$S"
lab_kill "$STEXT" INT
lab_kill "$SJSON" INT
check server-text "$LAB_DIR/srv-text.raw"
check server-json "$LAB_DIR/srv-json.raw"
lab_tap_done
