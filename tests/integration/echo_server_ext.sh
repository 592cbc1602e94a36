#!/bin/sh
# echo_server_ext.sh: npecho --echo-server features nping's server lacks,
# checked with a small --no-crypto NEP client (echo_server_nep_client.py)
# and stock nping as probe sender / echo client.
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+              +--------+              +--------+
#   NEP client (python)                  npecho --echo-server ... (9931-9933)
#   nping raw probes (no echo mode)
#
# 1. Reply echo extension: an ICMP session and a UDP session that offer
#    it get their probes AND the server host's replies (ICMP echo reply,
#    port unreachable), flagged in the DLT; a session without the offer
#    gets probes only; stock nping clients never see the extension.
# 2. --echo-budget 2 with --once: exactly 2 echoes, then the server ends
#    by itself when the client leaves, with status 0 and its summary.
# 3. --echo-passphrase-file: the first line is the passphrase (stock nping
#    client with the shim gets its echoes); --user nobody after set-up.
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
S4=$LAB_SERVER4

lab_bg server "$LAB_DIR/a.log" timeout 60 "$NPECHO" --echo-server x \
	--no-crypto --echo-port 9931 -v -e west
A=$LAB_PID
lab_bg server "$LAB_DIR/b.log" timeout 60 "$NPECHO" --echo-server x \
	--no-crypto --echo-port 9932 --once --echo-budget 2
B=$LAB_PID
printf 'file-secret\nsecond line ignored\n' >"$LAB_DIR/pass"
lab_bg server "$LAB_DIR/c.log" timeout 60 "$NPECHO" --echo-server \
	ignored-on-cmdline --echo-passphrase-file "$LAB_DIR/pass" \
	--echo-port 9933 --user nobody
C=$LAB_PID
lab_wait_port server 9931 && lab_wait_port server 9932 &&
	lab_wait_port server 9933
lab_tap $? "three servers listen"

# nep TAG ARGS...: python NEP client in the background, log TAG.log.
nep() {
	local tag="$1"
	shift
	lab_bg client "$LAB_DIR/$tag.log" timeout 15 "$PY" "$CLIENT" "$@"
}
ready() {
	grep -q '^ready' "$LAB_DIR/$1.log"
}

# --- 1. reply echo.
nep icmp "$S4" 9931 icmp 4242 0 0 1 3
P1=$LAB_PID
nep udp "$S4" 9931 udp 4343 5000 7777 1 3
P2=$LAB_PID
JUNK=1 nep plain "$S4" 9931 tcp 4444 6000 80 0 3
P3=$LAB_PID
lab_poll 5 ready icmp && lab_poll 5 ready udp && lab_poll 5 ready plain
lab_tap $? "three NEP sessions are live"
lab_exec client timeout 10 nping --icmp --id 4242 -c 3 --delay 100ms -q \
	"$S4" >/dev/null 2>&1
lab_exec client timeout 10 nping --udp --id 4343 -g 5000 -p 7777 -c 3 \
	--delay 100ms -q "$S4" >/dev/null 2>&1
lab_exec client timeout 10 nping --tcp --id 4444 -g 6000 -p 80 -c 3 \
	--delay 100ms -q "$S4" >/dev/null 2>&1
lab_wait_exit "$P1" 10
lab_wait_exit "$P2" 10
lab_wait_exit "$P3" 10
for f in icmp udp plain; do sed "s/^/# $f: /" "$LAB_DIR/$f.log" >&2; done

grep -q 'final ext_mark=0x4e ext=0x01' "$LAB_DIR/icmp.log"
lab_tap $? "server agrees the reply echo extension when offered"
grep -q 'total probes=3 replies=3' "$LAB_DIR/icmp.log" &&
	[ "$(grep -c "^echo reply=1 len=28 proto=1 src=$S4 dst=" "$LAB_DIR/icmp.log")" -eq 3 ]
lab_tap $? "ICMP session: 3 probes and 3 echo replies (flagged)"
grep -q 'total probes=3 replies=3' "$LAB_DIR/udp.log" &&
	[ "$(grep -c "^echo reply=1 len=[0-9]* proto=1 src=$S4 " "$LAB_DIR/udp.log")" -eq 3 ]
lab_tap $? "UDP session: 3 probes and 3 port-unreachable replies (flagged)"
grep -q 'final ext_mark=0x00 ext=0x00' "$LAB_DIR/plain.log" &&
	grep -q 'total probes=3 replies=0' "$LAB_DIR/plain.log"
lab_tap $? "session without the offer (and junk after READY): stock HS_FINAL, 3 probes, no replies"
! grep '^echo reply=0' "$LAB_DIR/icmp.log" | grep -qv ' proto=1 ' &&
	! grep '^echo reply=0' "$LAB_DIR/udp.log" | grep -qv ' proto=17 ' &&
	! grep '^echo reply=0' "$LAB_DIR/plain.log" | grep -qv ' proto=6 '
lab_tap $? "each session got only its own probes"
grep -q 'authenticated (extension: reply echo)' "$LAB_DIR/a.log"
lab_tap $? "server log names the extension"

# --- 1a. an invalid PacketSpec: NEP_ERROR with the reason, then close.
lab_exec client timeout 10 "$PY" "$CLIENT" "$S4" 9931 badspec 1 0 0 0 1 \
	>"$LAB_DIR/badspec.log" 2>&1
grep -q '^error type=7 text=PacketSpec has fewer than 4 items' \
	"$LAB_DIR/badspec.log" && grep -q '^closed$' "$LAB_DIR/badspec.log" &&
	grep -q 'disconnected (PacketSpec has fewer than 4 items)' "$LAB_DIR/a.log"
lab_tap $? "bad PacketSpec: NEP_ERROR sent, session closed, reason logged"

# --- 1b. IPv6: side channel and probes over IPv6, RFC-form spec.
lab_sysctl client net.ipv6.auto_flowlabels=0
nep v6 "$LAB_SERVER6" 9931 udp6 0 5005 7007 1 3
P5=$LAB_PID
lab_wait_exit "$P5" 15
sed "s/^/# v6: /" "$LAB_DIR/v6.log" >&2
grep -q 'total probes=3 replies=3' "$LAB_DIR/v6.log" &&
	[ "$(grep -c "^echo reply=0 len=52 proto=17 src=$LAB_CLIENT6 dst=$LAB_SERVER6" "$LAB_DIR/v6.log")" -eq 3 ] &&
	[ "$(grep -c "^echo reply=1 len=[0-9]* proto=58 src=$LAB_SERVER6 " "$LAB_DIR/v6.log")" -eq 3 ]
lab_tap $? "IPv6 UDP probes echoed, with their ICMPv6 unreachable replies"

# --- 1c. a client that does not read: bounded queue, drops counted.
STALL=4 lab_bg client "$LAB_DIR/stall.log" timeout 20 "$PY" "$CLIENT" \
	"$S4" 9931 icmp 4646 0 0 0 6 2000
P6=$LAB_PID
lab_poll 5 ready stall
lab_exec client timeout 10 nping --icmp --id 4646 --data-length 1400 \
	-c 2000 --rate 2000 -q "$S4" >/dev/null 2>&1
lab_wait_exit "$P6" 15
sed "s/^/# stall: /" "$LAB_DIR/stall.log" >&2
line=$(grep 'Client #[0-9]* .* disconnected (.*icmp\|queue-full' "$LAB_DIR/a.log" | tail -1)
lab_log "stall: $line"
dropped=$(echo "$line" | sed -n 's/.*dropped \([0-9]*\) queue-full.*/\1/p')
got=$(sed -n 's/^total probes=\([0-9]*\) .*/\1/p' "$LAB_DIR/stall.log")
# Delivered = what fits in SERVER_QUEUE_MAX (256 KiB) plus the socket
# buffers (~1.5 KB per echo); every other matched probe is a counted drop.
[ "${dropped:-0}" -gt 0 ] && [ "${got:-0}" -gt 0 ] && [ "$got" -lt 1000 ] &&
	[ $((got + dropped)) -ge 1900 ] && lab__alive "$A"
lab_tap $? "stalled reader: queue bounded, ${dropped:-?} echoes dropped, ${got:-?} delivered, server alive"

# --- 1d. --idle-timeout: a live session with no traffic is closed.
lab_bg server "$LAB_DIR/d.log" timeout 20 "$NPECHO" --echo-server x \
	--no-crypto --echo-port 9934 --idle-timeout 1
D=$LAB_PID
lab_wait_port server 9934
lab_exec client timeout 10 "$PY" "$CLIENT" "$S4" 9934 icmp 4747 0 0 0 4 \
	>"$LAB_DIR/idle.log" 2>&1
grep -q '^closed-by-server' "$LAB_DIR/idle.log" &&
	grep -q 'disconnected (idle timeout; echoed 0' "$LAB_DIR/d.log"
lab_tap $? "--idle-timeout 1: quiet live session closed by the server"
lab_kill "$D" TERM

# --- 2. budget + --once.
nep budget "$S4" 9932 icmp 4545 0 0 0 2.5
P4=$LAB_PID
lab_poll 5 ready budget
lab_exec client timeout 10 nping --icmp --id 4545 -c 4 --delay 100ms -q \
	"$S4" >/dev/null 2>&1
lab_wait_exit "$P4" 10
grep -q 'total probes=2 replies=0' "$LAB_DIR/budget.log"
lab_tap $? "--echo-budget 2: exactly 2 of 4 probes echoed"
lab_wait_exit "$B" 5
rc=$?
[ "$rc" -eq 0 ] && grep -q '^npecho done: 1 client served' "$LAB_DIR/b.log"
lab_tap $? "--once: server ended by itself after its client (status $rc)"

# --- 3. passphrase file, stock nping client.
lab_build_shim
lab_exec client timeout 15 env LD_PRELOAD="$LAB_SHIM" nping --echo-client \
	file-secret --echo-port 9933 -c 2 --delay 100ms --icmp "$S4" \
	>"$LAB_DIR/pf.log" 2>&1
n=$(grep -c '^CAPT ' "$LAB_DIR/pf.log")
[ "$n" -eq 2 ]
lab_tap $? "--echo-passphrase-file: first line is the passphrase ($n of 2 CAPT)"
ps -eo user:16=,args= | grep -q '^nobody  *[^ ]*npecho .*--echo-port 9933'
lab_tap $? "--user nobody: the server runs (and serves) as nobody"
ps -eo user:16=,args= | grep -q '^nobody  *[^ ]*npecho .*--echo-port 9931'
lab_tap $? "without --user a root server runs as nobody after set-up"

lab_kill "$A" TERM
lab_tap $? "server A ends on SIGTERM with status 0"
lab_kill "$C" TERM
[ "$LAB_FAIL" -eq 0 ] || sed 's/^/# server: /' "$LAB_DIR/a.log" "$LAB_DIR/b.log" "$LAB_DIR/c.log" >&2
id=$LAB_ID
lab_cleanup
[ -z "$(ip netns list | grep "^$id-")" ]
lab_tap $? "no namespace left"
lab_tap_done
