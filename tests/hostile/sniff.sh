#!/bin/sh
# sniff.sh: what reaches the echo server's capture, and who may see it.
#
#   +--------+ seg 1  +--------+ seg 2  +--------+
#   | client |east--west|  r1  |east--west| server |  npecho --echo-server
#   +--------+        +--------+        +--------+    --no-crypto -v
#   10.77.1.1                           10.77.2.2
#
# 1. Unrelated traffic: while one session (ICMP, IP ID 4242) is live, r1
#    sends 50,000 UDP packets to the server and the client 500 TCP SYNs
#    (its own address, another protocol).  The kernel filter built from
#    the live session keeps them all out of user space: the server
#    captures only the session's 3 probes (it copied every one of them).
# 2. Clients on the server's own host (loopback, its own address) are
#    refused unless --allow-local-clients: a local client's spec could
#    otherwise match the host's own traffic.
# 3. Packets the server host sends itself with the client's address as
#    source (outgoing) are never echoed as probes; the client's real
#    probes (received) are.
# 4. Two sessions from one address with the same spec: a probe both
#    claim equally goes to neither, and is counted.
# TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
. "$LAB_TOP/tests/hostile/hostile_lib.inc"

hl_begin 1
S4=$LAB_SERVER4
C4=$LAB_CLIENT4
lab_wait_reach client "$S4"
lab_tap $? "client reaches the server"
# Only our probes may answer: the host's own replies are not the point.
lab_exec server sysctl -qw net.ipv4.icmp_echo_ignore_all=1

# watch NODE TAG IPID SECS PORT: a session for ICMP echo requests.
watch() {
	lab_bg "$1" "$LAB_DIR/$2.log" timeout 40 "$HL_PY" "$HL_CLIENT" "$S4" \
		"$5" watch "$3" "$4"
}
ping_id() {
	lab_exec "$1" timeout 10 "$NPECHO" --icmp --id "$2" -c 3 \
		--delay 100ms -N -H -q "${3:-$S4}" >/dev/null 2>&1
}

# --- 1. unrelated traffic never reaches user space.
hl_server a 9929 x --no-crypto -v
lab_tap $? "server A listens"
A=$HL_PID
watch client w1 4242 8 9929
P=$LAB_PID
lab_poll 5 grep -q '^ready' "$LAB_DIR/w1.log"
lab_exec r1 timeout 30 "$NPECHO" --udp -p 9999 --rate 25000 -c 50000 -N -H \
	-q "$S4" >/dev/null 2>&1
lab_tap $? "r1 sent 50,000 UDP packets to the server"
lab_exec client timeout 10 "$NPECHO" --tcp -p 9998 --rate 2000 -c 500 -N -H \
	-q "$S4" >/dev/null 2>&1
ping_id client 4242
lab_wait_exit "$P" 15
lab_kill "$A" TERM
cap=$(sed -n 's/^Raw packets captured: \([0-9]*\) .*/\1/p' "$LAB_DIR/a.log")
grep -q '^total 3$' "$LAB_DIR/w1.log"
lab_tap $? "the session got its 3 probes"
[ -n "$cap" ] && [ "$cap" -le 5 ]
lab_tap $? "the capture copied ${cap:-?} packets of 50,503 (the probes; not the unrelated traffic)"

# --- 2. clients on the server's own host.
hl_server b 9929 x --no-crypto -v
B=$HL_PID
lab_exec server timeout 10 "$NPECHO" --echo-client x --no-crypto --icmp \
	-c 1 127.0.0.1 >"$LAB_DIR/lo.log" 2>&1
rc1=$?
lab_exec server timeout 10 "$NPECHO" --echo-client x --no-crypto --icmp \
	-c 1 "$S4" >"$LAB_DIR/own.log" 2>&1
rc2=$?
[ "$rc1" -eq 1 ] && [ "$rc2" -eq 1 ] &&
	[ "$(grep -c "refused: a client on the server's own host" "$LAB_DIR/b.log")" -eq 2 ]
lab_tap $? "a client on loopback and one on the server's address are refused ($rc1, $rc2)"
lab_kill "$B" TERM
hl_server c 9930 x --no-crypto --allow-local-clients -v
C=$HL_PID
lab_exec server sysctl -qw net.ipv4.icmp_echo_ignore_all=0
lab_exec server timeout 10 "$NPECHO" --echo-client x --no-crypto \
	--echo-port 9930 --icmp -c 2 --delay 100ms 127.0.0.1 \
	>"$LAB_DIR/lo-ok.log" 2>&1
n=$(grep -c '^CAPT ' "$LAB_DIR/lo-ok.log")
[ "$n" -eq 2 ]
lab_tap $? "--allow-local-clients: a loopback client is served ($n CAPT)"
lab_kill "$C" TERM
lab_exec server sysctl -qw net.ipv4.icmp_echo_ignore_all=1

# --- 3. and 4.
hl_server d 9929 x --no-crypto -v
D=$HL_PID
watch client w2 4343 6 9929
P=$LAB_PID
lab_poll 5 grep -q '^ready' "$LAB_DIR/w2.log"
# The server host sends the client's probes itself (source = the client).
lab_exec server timeout 10 "$NPECHO" --icmp --id 4343 -S "$C4" -c 3 \
	--delay 100ms -N -H -q 10.77.2.1 >/dev/null 2>&1
ping_id client 4343
lab_wait_exit "$P" 15
grep -q '^total 3$' "$LAB_DIR/w2.log"
lab_tap $? "outgoing packets with the client's source are not echoed, its own probes are ($(tail -1 "$LAB_DIR/w2.log"))"

watch client t1 4545 5 9929
P1=$LAB_PID
watch client t2 4545 5 9929
P2=$LAB_PID
lab_poll 5 grep -q '^ready' "$LAB_DIR/t1.log" &&
	lab_poll 5 grep -q '^ready' "$LAB_DIR/t2.log"
lab_tap $? "two sessions from one address with the same spec"
ping_id client 4545
lab_wait_exit "$P1" 15
lab_wait_exit "$P2" 15
grep -q '^total 0$' "$LAB_DIR/t1.log" && grep -q '^total 0$' "$LAB_DIR/t2.log"
lab_tap $? "a tie goes to neither ($(tail -1 "$LAB_DIR/t1.log"), $(tail -1 "$LAB_DIR/t2.log"))"
lab_kill "$D" TERM
grep -q '^Packets two sessions claimed equally (echoed to neither): 3$' \
	"$LAB_DIR/d.log"
lab_tap $? "and is counted"
for f in a b c d; do hl_clean "$LAB_DIR/$f.log"; done
hl_end "$LAB_DIR"/[abcd].log
