#!/bin/sh
# echo_client_errors.sh: how npecho --echo-client fails: one clear line on
# stderr, the summary still printed, exit status 1, no probe sent.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |   server: echo_client_fake_server.py
#   +--------+              +--------+   (a --no-crypto NEP server that
#                                         misbehaves on purpose), or nothing
#
# Cases: nothing listening; a server that closes at once (limits); one that
# closes after our HS_CLIENT (it rejected our keys); one that speaks another
# NEP version; one that trickles HS_SERVER a byte at a time (the client's
# handshake deadline is not reset by each byte); one that sends
# NEP_ERROR, and one whose NEP_ERROR text holds
# control characters (printed escaped, on the same one line).  TAP; bounded
# by timeouts.
set -u
. "$(dirname "$0")/../netns/lab.sh"

T=15
NPECHO=${NPECHO:-"$LAB_TOP/build/npecho"}
FAKE="$(cd "$(dirname "$0")" && pwd)/echo_client_fake_server.py"

[ -x "$NPECHO" ] || { echo "not ok - build/npecho missing (make first)"; exit 1; }
lab_create 0
lab_tap $? "lab client - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_wait_reach client "$LAB_SERVER4"
lab_tap $? "client reaches server"

# fails TAG MODE PATTERN: run the fake server in MODE (none: no server)
# and one client; pass when it exits 1, sent nothing and printed PATTERN.
fails() {
	local tag="$1" mode="$2" pat="$3" rc spid=
	if [ "$mode" != none ]; then
		lab_bg server "$LAB_DIR/$tag-server.log" timeout "$T" \
			"$LAB_PYTHON" "$FAKE" "$mode" 9929
		spid=$LAB_PID
		lab_wait_port server 9929 || lab_log "$tag: fake not listening"
	fi
	lab_exec client timeout "$T" "$NPECHO" --echo-client x --no-crypto \
		--icmp -c 1 "$LAB_SERVER4" >"$LAB_DIR/$tag.out" 2>"$LAB_DIR/$tag.err"
	rc=$?
	[ -n "$spid" ] && { lab_wait_exit "$spid" 3 || lab_kill "$spid"; }
	sed "s/^/# $tag: /" "$LAB_DIR/$tag.out" "$LAB_DIR/$tag.err" >&2
	[ $rc -eq 1 ] && [ "$(wc -l <"$LAB_DIR/$tag.err")" -eq 1 ] &&
		grep -q "$pat" "$LAB_DIR/$tag.err" &&
		grep -q '^Raw packets sent: 0 (0B) .*| Echoed: 0 (0B) $' \
			"$LAB_DIR/$tag.out" &&
		! grep -q '^SENT ' "$LAB_DIR/$tag.out"
	lab_tap $? "$tag: exit 1 (got $rc), one line: $pat"
}

S="$LAB_SERVER4:9929"
fails refused none "^npecho: cannot connect to echo server $S: Connection refused\$"
fails limits close "^npecho: echo server $S closed the connection before its handshake"
fails rejected rejecthc "^npecho: authentication failed: the server $S rejected our handshake"
fails version badver "^npecho: protocol mismatch with echo server $S: .*NEP_HANDSHAKE_SERVER"
fails error error "^npecho: echo server $S sent an error: limit reached: too many sessions\$"
t0=$(date +%s)
fails trickle trickle "^npecho: echo server $S did not complete the handshake within 10 s (waiting for NEP_HANDSHAKE_SERVER)\$"
t=$(($(date +%s) - t0))
[ "$t" -le 13 ]
lab_tap $? "trickle: one deadline for the whole handshake, not one per byte ($t s)"
fails evilerror evilerror "^npecho: echo server $S sent an error: x\\\\x0anpecho done: 0 IPs\\\\x1b\[2J\\\\x1b\]0;t\\\\x07\\\\x0dok\\\\\\\\\$"

lab_tap_done
