#!/bin/sh
# pcapng_run.sh: -w FILE writes every SENT, RCVD and CAPT packet of a run
# to a pcapng file that tshark reads: interface names, per-packet comments
# and packet counts.
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+              +--------+              +--------+
#   npecho -w raw.pcapng (raw)          npecho --echo-server -w srv.pcapng
#   npecho --ec -w ec.pcapng
#
# 1. raw UDP probes (2 ports x 2 rounds): interfaces "sent" and "rcvd",
#    4 packets each, comments "probe 1".."probe 4" on both; the rcvd
#    packets are the ICMP port unreachables quoting the probes.
# 2. echo client (3 TCP probes): "sent" 3, "rcvd" 3, "capt@10.77.2.2" 3,
#    the capt packets are the probes as the server saw them (ttl 63) with
#    the comment of their probe.
# 3. echo server -w (--once): one interface per capture interface ("west"
#    holds the traffic): a ping sent before any session is "not matched",
#    the session's probes and the server's replies are "client 0".
# Text output is unchanged by -w (the SENT/RCVD lines are still printed).
# TAP; everything under timeout; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-$LAB_TOP/build/npecho}

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
command -v tshark >/dev/null || { echo "not ok - tshark is installed"; exit 1; }
lab_create 1
lab_tap $? "lab comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_wait_reach client "$LAB_SERVER4"
S4=$LAB_SERVER4

# fields FILE: "interface<TAB>comment<TAB>protocols" per packet.
fields() {
	lab_tshark "$1" -T fields -e frame.interface_name -e frame.comment \
		-e frame.protocols
}
# n FILE IFACE [COMMENT]: packets on IFACE (with that comment).
n() {
	fields "$1" | awk -F'\t' -v i="$2" -v c="${3-}" \
		'$1 == i && (c == "" || $2 == c)' | wc -l
}
# comments FILE IFACE: the comments on IFACE, space separated.
comments() {
	fields "$1" | awk -F'\t' -v i="$2" '$1 == i { print $2 }' |
		tr '\n' ' '
}

# --- 1. raw UDP run.
R="$LAB_DIR/raw.pcapng"
lab_exec client timeout 20 "$NPECHO" --udp -p 7001,7002 -c 2 --delay 20ms \
	-w "$R" "$S4" >"$LAB_DIR/raw.txt" 2>&1
lab_tap $? "raw -w run exits 0"
[ "$(grep -c '^SENT' "$LAB_DIR/raw.txt")" -eq 4 ] &&
	[ "$(grep -c '^RCVD' "$LAB_DIR/raw.txt")" -eq 4 ]
lab_tap $? "raw: the text lines are still printed (4 SENT, 4 RCVD)"
[ "$(n "$R" sent)" -eq 4 ] && [ "$(n "$R" rcvd)" -eq 4 ] &&
	[ "$(fields "$R" | wc -l)" -eq 8 ]
lab_tap $? "raw: interfaces sent and rcvd, 4 packets each, nothing else"
[ "$(comments "$R" sent)" = "probe 1 probe 2 probe 3 probe 4 " ] &&
	[ "$(comments "$R" rcvd)" = "probe 1 probe 2 probe 3 probe 4 " ]
lab_tap $? "raw: comments probe 1..4 on sent and rcvd"
[ "$(lab_tshark "$R" -Y 'icmp.type == 3 && icmp.code == 3' | wc -l)" -eq 4 ]\
	&& [ "$(lab_tshark "$R" -Y 'udp.dstport == 7002 && !icmp' | wc -l)" \
		-eq 2 ]
lab_tap $? "raw: rcvd are the port unreachables; sent the UDP probes"

# --- 2. echo client.
lab_bg server "$LAB_DIR/srv.txt" timeout 30 "$NPECHO" --echo-server sec \
	--echo-port 9929 --once -w "$LAB_DIR/srv.pcapng"
SPID=$LAB_PID
lab_wait_port server 9929
lab_tap $? "echo server with -w listens"
lab_ping client "$S4" 1 1 >/dev/null 2>&1
EC="$LAB_DIR/ec.pcapng"
lab_exec client timeout 20 "$NPECHO" --ec sec --tcp -p 5000 -c 3 \
	--delay 50ms -w "$EC" "$S4" >"$LAB_DIR/ec.txt" 2>&1
lab_tap $? "echo client -w run exits 0"
lab_wait_exit "$SPID" 10
lab_tap $? "echo server --once exits 0"
[ "$(n "$EC" sent)" -eq 3 ] && [ "$(n "$EC" rcvd)" -eq 3 ] &&
	[ "$(n "$EC" "capt@$S4")" -eq 3 ] && [ "$(fields "$EC" | wc -l)" -eq 9 ]
lab_tap $? "client: sent 3, rcvd 3, capt@$S4 3"
[ "$(comments "$EC" "capt@$S4")" = "probe 1 probe 2 probe 3 " ] &&
	[ "$(comments "$EC" sent)" = "probe 1 probe 2 probe 3 " ]
lab_tap $? "client: capt and sent commented with their probe"
[ "$(lab_tshark "$EC" -Y "frame.interface_name == \"capt@$S4\" &&
	ip.ttl == 63 && tcp.dstport == 5000" | wc -l)" -eq 3 ]
lab_tap $? "client: capt packets are the probes as the server saw them"

# --- 3. the server's file.
SP="$LAB_DIR/srv.pcapng"
lab_tshark "$SP" -T fields -e frame.interface_name | sort -u \
	>"$LAB_DIR/srv.ifs"
grep -qx west "$LAB_DIR/srv.ifs" && ! grep -qv -e '^west$' -e '^lo$' \
	"$LAB_DIR/srv.ifs"
lab_tap $? "server: interfaces named after the capture interfaces"
[ "$(lab_tshark "$SP" -Y 'icmp.type == 8 && frame.comment == "not matched"' |
	wc -l)" -ge 1 ]
lab_tap $? "server: the ping before the session is 'not matched'"
[ "$(n "$SP" west "client 0")" -eq 6 ] &&
	[ "$(lab_tshark "$SP" -Y 'frame.comment == "client 0" &&
		tcp.dstport == 5000' | wc -l)" -eq 3 ]
lab_tap $? "server: 3 probes + 3 replies commented 'client 0'"

lab_tap_done
