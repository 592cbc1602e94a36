#!/bin/sh
# nping_client_vs_npecho_server.sh: stock nping 0.7.93 echo clients
# against npecho --echo-server, inside a namespace lab.
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+ fd77:1::/64  +--------+ fd77:2::/64  +--------+
#   LD_PRELOAD=nopad.so                  npecho --echo-server (crypto, 9929)
#   nping --echo-client ...              npecho --echo-server --no-crypto
#                                               (9930, 1 session per address)
#
# Checks: TCP, UDP and ICMP probes with and without crypto are all echoed
# (CAPT count == -c); --safe-payloads zeroes the UDP payload and
# --include-payloads keeps it; two clients at once each get only their own
# probes; a wrong passphrase fails cleanly and the server goes on serving;
# garbage in the handshake and a silent client (handshake timeout) are
# dropped; the per-address limit refuses a second session; an IPv6 side
# channel is accepted (0.7.93's IPv6 spec is then rejected, as nping's own
# server does); behind masquerade NAT the echoes still arrive; SIGTERM ends
# the server with its summary and status 0.  TAP; every process under
# timeout; the lab is torn down on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
SECRET=npecho-interop-secret
T=15

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
lab_build_shim
lab_tap $? "nopad.so is built"
lab_create 1
lab_tap $? "lab client - r1 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_wait_reach client "$LAB_SERVER4"
lab_tap $? "client reaches server"

lab_bg server "$LAB_DIR/srv.log" timeout 100 "$NPECHO" --echo-server \
	"$SECRET" -v2 --safe-payloads --handshake-timeout 2
SPID=$LAB_PID
lab_bg server "$LAB_DIR/srvnc.log" timeout 100 "$NPECHO" --echo-server x \
	--no-crypto --echo-port 9930 --include-payloads \
	--max-sessions-per-addr 1 -v
NCPID=$LAB_PID
lab_wait_port server 9929 && lab_wait_port server 9930
lab_tap $? "both npecho servers listen"

# nping_c TAG [nping args...]: stock client against the server (last arg
# list ends with the target); output in $LAB_DIR/TAG.log.
nping_c() {
	local tag="$1"
	shift
	lab_exec client timeout "$T" env LD_PRELOAD="$LAB_SHIM" nping "$@" \
		>"$LAB_DIR/$tag.log" 2>&1
}

capt() {
	grep -c '^CAPT ' "$LAB_DIR/$1.log"
}

# check_echo TAG COUNT NAME: every probe of run TAG came back.
check_echo() {
	local n
	n=$(capt "$1")
	[ "$n" -eq "$2" ]
	lab_tap $? "$3 ($n of $2 CAPT)"
	[ "$n" -eq "$2" ] || sed "s/^/# $1: /" "$LAB_DIR/$1.log" >&2
}

S4=$LAB_SERVER4
EC="--echo-client $SECRET -c 3 --delay 100ms"
NC="--echo-client x --no-crypto --echo-port 9930 -c 3 --delay 100ms"

# --- every protocol, crypto and --no-crypto (runs in parallel pairs).
nping_c tcp $EC --tcp -p 80 "$S4" & p1=$!
nping_c tcp_nc $NC --tcp -p 80 "$S4" & p2=$!
wait $p1 $p2
check_echo tcp 3 "TCP probes echoed (crypto)"
check_echo tcp_nc 3 "TCP probes echoed (--no-crypto)"
grep -q "^CAPT .* $LAB_CLIENT4:[0-9]* > $S4:80 S ttl=63 " "$LAB_DIR/tcp.log"
lab_tap $? "echoed TCP probe is the client's SYN as the server saw it (TTL 63)"

# One after the other: both servers see every packet of this host, and
# nping's matcher (addresses never count) would let the other server claim
# an identical UDP probe too.
nping_c udp $EC --udp -p 5353 --data-string NEPsecretPAYLOAD -vvv "$S4"
nping_c udp_nc $NC --udp -p 5353 --data-string NEPsecretPAYLOAD -vvv "$S4"
check_echo udp 3 "UDP probes echoed (crypto)"
check_echo udp_nc 3 "UDP probes echoed (--no-crypto)"
# The hexdump's ASCII column: "ecretPAY" is in SENT, must not be in CAPT.
capt_dump() {
	awk '/^(SENT|RCVD) /{s=0} /^CAPT /{s=1} s' "$LAB_DIR/$1.log"
}
n=$(capt_dump udp | grep -c 'ecretPAY')
[ "$n" -eq 0 ] && [ "$(capt_dump udp | grep -c '^0010 .* 00 00 00 00')" -ge 3 ]
lab_tap $? "--safe-payloads: echoed UDP payloads are zeroed ($n with payload)"
n=$(capt_dump udp_nc | grep -c 'ecretPAY')
[ "$n" -eq 3 ]
lab_tap $? "--include-payloads: echoed UDP payloads are kept ($n of 3)"

nping_c icmp $EC --icmp "$S4" & p1=$!
nping_c icmp_nc $NC --icmp "$S4" & p2=$!
wait $p1 $p2
check_echo icmp 3 "ICMP probes echoed (crypto)"
check_echo icmp_nc 3 "ICMP probes echoed (--no-crypto)"

# --- two clients at once on one server: each gets its own probes only.
EC5="--echo-client $SECRET -c 5 --delay 200ms"
nping_c par_tcp $EC5 --tcp -p 443 "$S4" & p1=$!
nping_c par_udp $EC5 --udp -p 53 "$S4" & p2=$!
wait $p1 $p2
check_echo par_tcp 5 "concurrent client A (TCP) gets all its echoes"
check_echo par_udp 5 "concurrent client B (UDP) gets all its echoes"
! grep '^CAPT ' "$LAB_DIR/par_tcp.log" | grep -qv ' TCP .*> [0-9.]*:443 S ' &&
	! grep '^CAPT ' "$LAB_DIR/par_udp.log" | grep -qv ' UDP .*> [0-9.]*:53 '
lab_tap $? "concurrent clients are isolated (no foreign echo)"

# --- wrong passphrase: clean failure, server keeps serving.
nping_c badpass --echo-client wrong-secret -c 2 --delay 100ms --tcp -p 80 "$S4"
rc=$?
grep -Eq 'Handshake failed|authentication failed' "$LAB_DIR/badpass.log" &&
	[ "$(capt badpass)" -eq 0 ] && [ "$rc" -ne 124 ]
lab_tap $? "wrong passphrase: nping reports the failed handshake (status $rc)"
lab__alive "$SPID"
lab_tap $? "server survives the wrong passphrase"
nping_c after $EC --tcp -p 22 "$S4"
check_echo after 3 "next client after the bad one is served"

# --- hostile side channels (python): garbage handshake, silent client.
cat >"$LAB_DIR/raw.py" <<'EOF'
import socket, sys, time
host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.create_connection((host, port), timeout=5)
hs = b""
while len(hs) < 96:
    b = s.recv(96 - len(hs))
    if not b:
        break
    hs += b
print("hs_server", len(hs))
t0 = time.time()
if mode == "garbage":
    s.sendall(bytes(range(144)))
elif mode == "hold":
    time.sleep(float(sys.argv[4]))
    sys.exit(0)
n = 0
try:
    while True:
        b = s.recv(4096)
        if not b:
            break
        n += len(b)
    print("closed after %.1f s (%d bytes)" % (time.time() - t0, n))
except socket.timeout:
    print("open after %.1f s" % (time.time() - t0))
except ConnectionResetError:
    print("closed (reset) after %.1f s" % (time.time() - t0))
EOF
lab_exec client timeout 10 /usr/bin/python3 "$LAB_DIR/raw.py" "$S4" 9929 \
	garbage >"$LAB_DIR/garbage.log" 2>&1
grep -q '^hs_server 96' "$LAB_DIR/garbage.log" &&
	grep -q '^closed' "$LAB_DIR/garbage.log"
lab_tap $? "garbage HS_CLIENT: session dropped ($(tail -1 "$LAB_DIR/garbage.log"))"
lab_exec client timeout 10 /usr/bin/python3 "$LAB_DIR/raw.py" "$S4" 9929 \
	silent >"$LAB_DIR/silent.log" 2>&1
grep -Eq '^closed after (1\.9|2\.|3\.)' "$LAB_DIR/silent.log" &&
	grep -q 'disconnected (handshake timeout)' "$LAB_DIR/srv.log"
lab_tap $? "silent client dropped by --handshake-timeout 2 ($(tail -1 "$LAB_DIR/silent.log"))"

# --- per-address limit (no-crypto server: 1 session per address).  A
# connection that never authenticates does not count (it would lock out
# everyone behind one NAT); a live session does.
lab_bg client "$LAB_DIR/idle.log" timeout 10 /usr/bin/python3 -u \
	"$LAB_DIR/raw.py" "$S4" 9930 hold 3
idle=$LAB_PID
lab_poll 3 grep -q . "$LAB_DIR/idle.log"
nping_c idle_held $NC --tcp -p 80 "$S4"
check_echo idle_held 3 "an idle connection from the same address takes no session"
lab_wait_exit "$idle" 8
lab_bg client "$LAB_DIR/hold.log" timeout 10 /usr/bin/python3 \
	"$LAB_TOP/tests/hostile/hostile_client.py" "$S4" 9930 watch 4848 3
hold=$LAB_PID
lab_poll 3 grep -q '^ready' "$LAB_DIR/hold.log"
nping_c limited $NC --tcp -p 80 "$S4"
grep -q 'refused: too many sessions from this address' "$LAB_DIR/srvnc.log" &&
	[ "$(capt limited)" -eq 0 ]
lab_tap $? "second session from one address refused (--max-sessions-per-addr 1)"
lab_wait_exit "$hold" 8
nping_c unlimited $NC --tcp -p 80 "$S4"
check_echo unlimited 3 "served again once the first session ended"

# --- IPv6 side channel: handshake works; 0.7.93's spec says IPv4 (bug).
lab_exec client timeout "$T" env LD_PRELOAD="$LAB_SHIM" nping -6 $EC --tcp \
	-p 80 "$LAB_SERVER6" >"$LAB_DIR/v6.log" 2>&1
grep -q "authenticated" "$LAB_DIR/srv.log" &&
	grep -q "Client #[0-9]* (\[$LAB_CLIENT6\]:[0-9]*) disconnected (PacketSpec lacks IPv4_ID)" \
		"$LAB_DIR/srv.log"
lab_tap $? "IPv6 side channel accepted; 0.7.93 IPv6 spec rejected like nping"

# --- masquerade NAT on the router: echoes still arrive, source rewritten.
lab_nft_masq r1
nping_c nat $EC --tcp -p 80 "$S4" & p1=$!
nping_c nat_icmp $EC --icmp "$S4" & p2=$!
wait $p1 $p2
check_echo nat 3 "TCP echoed behind masquerade NAT"
check_echo nat_icmp 3 "ICMP echoed behind masquerade NAT"
grep -q "^CAPT .* 10.77.2.1:[0-9]* > $S4:80 S " "$LAB_DIR/nat.log"
lab_tap $? "echoed probe shows the NATed source 10.77.2.1"

# --- SIGTERM: summary and status 0.
lab_kill "$SPID" TERM
rc=$?
[ "$rc" -eq 0 ] && grep -q '^npecho done: [0-9]* clients served in ' \
	"$LAB_DIR/srv.log" && grep -q '^Raw packets captured: ' "$LAB_DIR/srv.log"
lab_tap $? "SIGTERM: summary printed, status $rc"
lab_kill "$NCPID" INT
rc=$?
[ "$rc" -eq 130 ] && grep -q '^npecho done: ' "$LAB_DIR/srvnc.log"
lab_tap $? "SIGINT: summary printed, status $rc"
[ "$LAB_FAIL" -eq 0 ] || sed 's/^/# server: /' "$LAB_DIR/srv.log" "$LAB_DIR/srvnc.log" >&2

id=$LAB_ID
lab_cleanup
[ -z "$(ip netns list | grep "^$id-")" ]
lab_tap $? "no namespace left"
lab_tap_done
