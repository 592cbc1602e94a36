#!/bin/sh
# npecho_pair.sh: npecho --echo-client against npecho --echo-server.
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+ fd77:1::/64  +--------+ fd77:2::/64  +--------+
#   npecho --echo-client    (masquerade in           npecho --echo-server
#                            the NAT part)           (--once unless noted)
#
# Checks: TCP, UDP and ICMP over IPv4 and TCP, UDP over IPv6 are all echoed
# (CAPT count == -c) with crypto and --no-crypto; the reply-echo extension
# is agreed; behind the NAT the CAPT source is r1's; a wrong passphrase, a
# server at its session limit and a server that goes away mid-run end the
# client with status 1 and one line saying so.  Skips (TAP SKIP) when this
# build has no echo server yet.  TAP; everything runs under timeout.
set -u
. "$(dirname "$0")/../netns/lab.sh"

SECRET=npecho-pair-secret
T=20
NPECHO=${NPECHO:-"$LAB_TOP/build/npecho"}

[ -x "$NPECHO" ] || { echo "not ok - build/npecho missing (make first)"; exit 1; }
lab_create 1
lab_tap $? "lab client - r1 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_wait_reach client "$LAB_SERVER4"
lab_tap $? "client reaches server"

if lab_exec server timeout 2 "$NPECHO" --echo-server x --echo-port 9 2>&1 |
	grep -q 'not implemented'; then
	echo "ok - # SKIP this build has no echo server (echo_server_run)"
	lab_tap_done
	exit 0
fi

# server TAG OPTS...: start an npecho server; its pid in SPID.
server() {
	local tag="$1"
	shift
	lab_bg server "$LAB_DIR/$tag-server.log" timeout "$T" \
		"$NPECHO" --echo-server "$SECRET" "$@"
	SPID=$LAB_PID
	lab_wait_port server 9929 || lab_log "$tag: server not listening"
}

# client TAG DEST ARGS...: one client run; returns its exit status.
client() {
	local tag="$1" dest="$2" rc
	shift 2
	lab_exec client timeout "$T" "$NPECHO" "$@" "$dest" \
		>"$LAB_DIR/$tag.out" 2>"$LAB_DIR/$tag.err"
	rc=$?
	sed "s/^/# $tag: /" "$LAB_DIR/$tag.out" "$LAB_DIR/$tag.err" >&2
	return "$rc"
}

# session TAG DEST "SERVER-OPTS" CLIENT-ARGS...: --once server + client.
session() {
	local tag="$1" dest="$2" sopt="$3" rc
	shift 3
	server "$tag" --once $sopt
	client "$tag" "$dest" "$@"
	rc=$?
	lab_wait_exit "$SPID" 5 || lab_kill "$SPID"
	sed "s/^/# $tag server: /" "$LAB_DIR/$tag-server.log" >&2
	return "$rc"
}

# echoed TAG N: N CAPT lines and "Echoed packets recv: N ... Lost: 0".
echoed() {
	[ "$(grep -c '^CAPT ' "$LAB_DIR/$1.out")" -eq "$2" ] &&
		grep -q "^Echoed packets recv: $2 ([0-9]*B) | Lost: 0 (0.00%)\$" \
			"$LAB_DIR/$1.out"
}

for p in "tcp:--tcp -p 80" "udp:--udp -p 5353" "icmp:--icmp"; do
	tag=${p%%:*}
	session "v4$tag" "$LAB_SERVER4" "" --echo-client "$SECRET" ${p#*:} \
		-c 3 --delay 150ms
	rc=$?
	[ $rc -eq 0 ] && echoed "v4$tag" 3
	lab_tap $? "IPv4 $tag: exit 0 (got $rc), 3 of 3 probes echoed"
done

for p in "tcp:--tcp -p 80" "udp:--udp -p 5353" "icmp:--icmp"; do
	tag=${p%%:*}
	session "v6$tag" "$LAB_SERVER6" "" -6 --echo-client "$SECRET" \
		${p#*:} -c 3 --delay 150ms
	rc=$?
	[ $rc -eq 0 ] && echoed "v6$tag" 3 &&
		grep -q "^CAPT .* $LAB_CLIENT6" "$LAB_DIR/v6$tag.out"
	lab_tap $? "IPv6 $tag: exit 0 (got $rc), 3 of 3 probes echoed"
done

session nocrypto "$LAB_SERVER4" "--no-crypto" --echo-client "$SECRET" \
	--no-crypto --udp -c 2 --delay 150ms
rc=$?
[ $rc -eq 0 ] && echoed nocrypto 2
lab_tap $? "--no-crypto on both ends: 2 of 2 echoed"

session ext "$LAB_SERVER4" "" --echo-client "$SECRET" --icmp -c 2 \
	--delay 150ms -v
grep -q '^Echo server .*NEP session up (encrypted, reply echo, probe token)' \
	"$LAB_DIR/ext.out" && echoed ext 2 &&
	[ "$(grep -c '^SENT .* Echo request .* iplen=36 \]$' "$LAB_DIR/ext.out")" -eq 2 ]
lab_tap $? "-v: reply echo and probe token agreed (probes carry it), replies not counted as probe echoes"
session bare "$LAB_SERVER4" "" --echo-client "$SECRET" --icmp -c 2 \
	--delay 150ms -v --no-probe-token
grep -q '^Echo server .*NEP session up (encrypted, reply echo)' \
	"$LAB_DIR/bare.out" && echoed bare 2 &&
	[ "$(grep -c '^SENT .* Echo request .* iplen=28 \]$' "$LAB_DIR/bare.out")" -eq 2 ]
lab_tap $? "--no-probe-token: bare probes, still echoed"

# --- echoes that never come: RCVDs still print (after a short hold), in
# probe order, and the echo line counts the lost echoes.
session budget "$LAB_SERVER4" "--echo-budget 1" --echo-client "$SECRET" \
	--icmp -c 3 --delay 150ms
rc=$?
ord=$(awk '/^(SENT|CAPT|RCVD) /{ printf "%s", substr($1, 1, 1) }' "$LAB_DIR/budget.out")
[ $rc -eq 0 ] && [ "$ord" = SCRSRSR ] &&
	grep -q '^Echoed packets recv: 1 ([0-9]*B) | Lost: 2 (66.67%)$' "$LAB_DIR/budget.out"
lab_tap $? "server --echo-budget 1: 1 of 3 echoed, every RCVD printed (got $ord), Lost: 2"

session badpass "$LAB_SERVER4" "" --echo-client wrong --tcp -p 80 -c 1
rc=$?
[ $rc -eq 1 ] && grep -q '^npecho: authentication failed' "$LAB_DIR/badpass.err"
lab_tap $? "wrong passphrase: exit 1 (got $rc), authentication line"

# --- a server at its limit: an idle connection takes no session (it
# would lock out everyone behind one NAT); a live session does, and the
# next client is told why once it has authenticated.
server limit --max-sessions 1
lab_bg client "$LAB_DIR/idle.log" timeout 15 "$LAB_PYTHON" -c \
	"import socket,time; s=socket.create_connection(('$LAB_SERVER4',9929)); time.sleep(14)"
IDLE=$LAB_PID
lab_poll 5 grep -q 'Connection received' "$LAB_DIR/limit-server.log"
client idle-held "$LAB_SERVER4" --echo-client "$SECRET" --icmp -c 1
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^CAPT ' "$LAB_DIR/idle-held.out")" -eq 1 ]
lab_tap $? "server at --max-sessions 1 with an idle connection held: served (exit $rc)"
lab_kill "$IDLE"
lab_bg client "$LAB_DIR/holder.out" timeout 15 "$NPECHO" --echo-client \
	"$SECRET" --icmp -c 40 --delay 250ms "$LAB_SERVER4"
HOLDER=$LAB_PID
lab_poll 5 grep -q '^CAPT ' "$LAB_DIR/holder.out"
client limit "$LAB_SERVER4" --echo-client "$SECRET" --icmp -c 1
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$LAB_DIR/limit.err")" -eq 1 ] &&
	grep -q "^npecho: echo server $LAB_SERVER4:9929 sent an error: too many sessions\$" \
	"$LAB_DIR/limit.err"
lab_tap $? "with a live session holding it: exit 1 (got $rc), 'too many sessions'"
lab_kill "$HOLDER"
lab_kill "$SPID"

# --- the server goes away mid-run.
server gone
lab_bg client "$LAB_DIR/gone.out" timeout "$T" "$NPECHO" --echo-client \
	"$SECRET" --icmp -c 6 --delay 300ms "$LAB_SERVER4"
CPID=$LAB_PID
lab_poll 5 grep -q '^CAPT ' "$LAB_DIR/gone.out"
lab_kill "$SPID"
lab_wait_exit "$CPID" 10
rc=$?
sed "s/^/# gone: /" "$LAB_DIR/gone.out" >&2
[ $rc -eq 1 ] && grep -q 'closed the connection.*no more echoes' "$LAB_DIR/gone.out" &&
	grep -q '^Raw packets sent: 6 ' "$LAB_DIR/gone.out"
lab_tap $? "server gone mid-run: probes go on, exit 1 (got $rc), one line"

# --- NAT: the echoed source is r1's.
lab_nft_masq r1
NAT4=$(lab_addr r1 4 east)
session nat "$LAB_SERVER4" "" --echo-client "$SECRET" --tcp -p 80 -c 3 \
	--delay 150ms
rc=$?
[ $rc -eq 0 ] && echoed nat 3 &&
	[ "$(grep -c "^CAPT .* TCP $NAT4:[0-9]* > $LAB_SERVER4:80\$" "$LAB_DIR/nat.out")" -eq 3 ]
lab_tap $? "NAT: 3 echoed, CAPT source is $NAT4"
session natfull "$LAB_SERVER4" "" --echo-client "$SECRET" --tcp -p 80 -c 2 \
	--delay 150ms --full-capt -g 4444
[ "$(grep -Ec "^CAPT \([0-9.]+s\) TCP $NAT4:4444 > $LAB_SERVER4:80 S ttl=63 id=[0-9]+ iplen=40  seq=[0-9]+ win=1480 \$" "$LAB_DIR/natfull.out")" -eq 2 ]
lab_tap $? "--full-capt: whole CAPT lines in Nping's form"

lab_tap_done
