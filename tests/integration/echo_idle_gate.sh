#!/bin/sh
# echo_idle_gate.sh: an echo server with no session copies no packet;
# the first session opens its captures before READY (its first probe is
# echoed), the last one to end shuts them, and one session ending leaves
# them open for another still running.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |   npecho --echo-server -v
#   +--------+              +--------+
#
# Idle traffic: 300 UDP probes from the client's npecho in probe mode, no
# echo session.  The server's "Raw packets captured" (its summary: every
# packet its captures handed it) must stay far below what it was sent
# while idle.  TAP; bounded by timeouts.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-"$LAB_TOP/build/npecho"}

[ -x "$NPECHO" ] || { echo "not ok - build/npecho missing (make first)"; exit 1; }
lab_create 0
lab_tap $? "lab client - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_exec server sysctl -qw net.ipv4.icmp_echo_ignore_all=1

lab_bg server "$LAB_DIR/server.log" "$NPECHO" --echo-server gatepass -v
srv=$LAB_PID
lab_wait_port server 9929
lab_tap $? "the echo server listens"

# idle N: N UDP datagrams to the server, no session.
idle() {
	lab_exec client timeout 20 "$NPECHO" --udp -p 7 --rate 1000 -c "$1" -N \
		"$LAB_SERVER4" >"$LAB_DIR/idle.log" 2>&1
}
# session TAG N RATE ID: an echo client sending N ICMP probes (id ID) at RATE.
session() {
	lab_exec client timeout 30 "$NPECHO" --echo-client gatepass --icmp \
		--icmp-id "$4" --rate "$3" -c "$2" -N "$LAB_SERVER4" \
		>"$LAB_DIR/$1.log" 2>&1
}
echoed() { sed -n 's/^Echoed packets recv: \([0-9]*\).*/\1/p' "$LAB_DIR/$1.log"; }

idle 300
lab_tap $? "300 packets sent to the idle server"
session first 20 100 101
[ "$(echoed first)" = 20 ]
lab_tap $? "first session: every probe echoed, the first included (got $(echoed first)/20)"
idle 300
lab_tap $? "300 more packets sent after it ended"

# Two sessions at once: the short one ends while the long one runs.
lab_bg client "$LAB_DIR/long.log" timeout 30 "$NPECHO" --echo-client gatepass \
	--icmp --icmp-id 102 --rate 20 -c 40 -N "$LAB_SERVER4"
long=$LAB_PID
sleep 0.5
session short 5 50 103
[ "$(echoed short)" = 5 ]
lab_tap $? "short session inside the long one: all echoed (got $(echoed short)/5)"
lab_wait_exit "$long" 30
[ "$(echoed long)" = 40 ]
lab_tap $? "long session: all echoed after the short one ended (got $(echoed long)/40)"
idle 300

lab_kill "$srv" INT
lab_wait_exit "$srv" 5
got=$(sed -n 's/^Raw packets captured: \([0-9]*\) .*/\1/p' "$LAB_DIR/server.log")
lab_log "server captured ${got:-?} packets; 65 probes and 900 idle packets sent"
# The 65 probes, and whatever else came while a session was live; not
# the 900 sent while none was.
[ "${got:-0}" -ge 65 ] && [ "${got:-0}" -lt 200 ]
lab_tap $? "the server captured ${got:-?} packets: the probes, not the 900 sent while idle"
grep -q "^npecho done:" "$LAB_DIR/server.log"
lab_tap $? "the server shut down cleanly"

lab_tap_done
