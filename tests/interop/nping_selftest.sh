#!/bin/sh
# nping_selftest.sh: proves the lab and the nopad.so shim for later interop
# tests by running a stock nping 0.7.93 echo session, and documents nmap
# issue #2547 (without the shim the NEP handshake fails under OpenSSL 3).
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+              +--------+              +--------+
#   nping --echo-client                   nping --echo-server --once
#   (TCP 9929 control, raw TCP probes to port 80, captured on "west")
#
# Every nping runs under timeout; the server is started with lab_bg, so
# lab_cleanup kills it whatever happens.  TAP.
set -u
. "$(dirname "$0")/../netns/lab.sh"

SECRET=npecho-lab-secret
T=30

lab_build_shim
lab_tap $? "nopad.so is built"

lab_create 1
lab_tap $? "lab client - r1 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_wait_reach client "$LAB_SERVER4"
lab_tap $? "client reaches server"

# session TAG PRELOAD: one --once server and one client run; logs in
# $LAB_DIR/TAG-{server,client}.log; returns the client's timeout status.
session() {
	local tag="$1" pre="$2" spid rc
	lab_bg server "$LAB_DIR/$tag-server.log" timeout "$T" \
		env ${pre:+LD_PRELOAD=$pre} nping --echo-server "$SECRET" --once
	spid=$LAB_PID
	lab_wait_port server 9929 || { lab_log "$tag: server not listening"; return 1; }
	lab_exec client timeout "$T" env ${pre:+LD_PRELOAD=$pre} \
		nping --echo-client "$SECRET" -c 3 --delay 200ms --tcp -p 80 \
		"$LAB_SERVER4" >"$LAB_DIR/$tag-client.log" 2>&1
	rc=$?
	# --once: the server ends by itself after the client leaves.
	lab_wait_exit "$spid" 10 || lab_log "$tag: server status $?"
	sed "s/^/# $tag client: /" "$LAB_DIR/$tag-client.log" >&2
	sed "s/^/# $tag server: /" "$LAB_DIR/$tag-server.log" >&2
	return "$rc"
}

# --- with the shim on both ends: a full echo session.
session shim "$LAB_SHIM"
lab_tap $? "nping echo session with the shim ends in time"
capt=$(grep -c '^CAPT ' "$LAB_DIR/shim-client.log")
[ "$capt" -eq 3 ]
lab_tap $? "3 CAPT lines (echoed probes) with the shim (got $capt)"
grep -q "^CAPT .* $LAB_CLIENT4:[0-9]* > $LAB_SERVER4:80 S " "$LAB_DIR/shim-client.log"
lab_tap $? "echoed probe is the client's SYN to port 80"
grep -q 'Echoed: 3 ' "$LAB_DIR/shim-server.log" &&
	grep -q 'Nping done: 1 client served' "$LAB_DIR/shim-server.log"
lab_tap $? "server served 1 client and echoed 3 packets"
grep -q 'Echoed: 3 ' "$LAB_DIR/shim-client.log"
lab_tap $? "client summary says Echoed: 3"

# --- stock nping, no shim: nmap #2547, the handshake fails.
session stock ""
lab_tap $? "stock nping session ends in time"
grep -q '^Handshake failed' "$LAB_DIR/stock-client.log"
lab_tap $? "without the shim nping says \"Handshake failed\" (nmap #2547)"
capt=$(grep -c '^CAPT ' "$LAB_DIR/stock-client.log")
[ "$capt" -eq 0 ]
lab_tap $? "without the shim nothing is echoed (got $capt CAPT)"
grep -q 'Nping done: 0 clients served' "$LAB_DIR/stock-server.log"
lab_tap $? "without the shim the server serves no client"

id=$LAB_ID
lab_cleanup
[ -z "$(ip netns list | grep "^$id-")" ]
lab_tap $? "no namespace left"
lab_tap_done
