#!/bin/sh
# json_unpriv.sh: --json in TCP-Connect and UDP-Unprivileged mode (events
# with a "sock" object instead of packet layers), -w refused there, and
# --json --tr (a `hop` event per hop table row, the Path Change Analysis as
# `finding` events with a "path" object).  Every line is checked against
# doc/json.md with jq (json_schema.jq); stdout holds nothing else.
#
#   +--------+ seg 1 +----+ seg 2 +----+ seg 3 +----+ seg 4 +--------+
#   | client |-------| r1 |-------| r2 |-------| r3 |-------| server |
#   +--------+       +----+       +----+       +----+       +--------+
#   npecho as uid nobody (unprivileged      TCP 8080 listener, UDP 7 echo
#   modes) and as root (--tr)                (python3)
#
# 1. --tcp-connect -p 8080,81 -c 2: sent 1..4, rcvd 1..4 with rtt;
#    port 8080 "connected", port 81 "failed" / "Connection refused";
#    stats sent 4 rcvd 2.
# 2. --udp as nobody -p 7,7777 -c 2 (200 ms apart, so that no echo
#    can be taken for the next probe's): sent with payload_len 4; rcvd from
#    port 7 (probes 1, 3) with rtt; port 7777 gives `error` events with
#    the probe and sock, and the Nping ERR lines still go to stderr.
# 3. -w with --tcp-connect / UDP-Unprivileged: exit 2, no file, reason.
# 4. --json --tr with an MSS clamp on r2: hop events for TTL 1..4, the
#    destination last, the change tag on hop 3, a finding
#    tcp-mss-changed with path before 2 / at 3.
# TAP; everything under timeout; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
SCHEMA="$LAB_TOP/tests/integration/json_schema.jq"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
command -v jq >/dev/null || { echo "not ok - jq is installed"; exit 1; }
lab_create 3
lab_tap $? "lab comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
S=$LAB_SERVER4
lab_wait_reach client "$S"

lab_bg server "$LAB_DIR/srv.log" "$LAB_PYTHON" -c '
import socket, select
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("0.0.0.0", 8080)); t.listen(64)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("0.0.0.0", 7))
while True:
    r, _, _ = select.select([t, u], [], [])
    if t in r:
        c, _ = t.accept(); c.close()
    if u in r:
        d, a = u.recvfrom(65535); u.sendto(d, a)
'
lab_wait_port server 8080 tcp && lab_wait_port server 7 udp
lab_tap $? "server listens on TCP 8080 and UDP 7"

# valid FILE: every line of FILE passes the schema (failures to stderr).
valid() {
	local bad
	[ -s "$1" ] || { echo "# $1 is empty" >&2; return 1; }
	bad=$(jq -R -r -f "$SCHEMA" "$1") || return 1
	[ -z "$bad" ] && return 0
	printf '%s\n' "$bad" | sed 's/^/# /' >&2
	return 1
}
# q FILE FILTER: jq -c over the whole file as an array.
q() {
	jq -s -c "$2" "$1"
}
nobody() {
	lab_exec client setpriv --reuid=nobody --regid=nogroup \
		--clear-groups timeout 20 "$NPECHO" "$@"
}

# --- 1. TCP-Connect.
T="$LAB_DIR/tc.json"
nobody --json --tcp-connect -p 8080,81 -c 2 --delay 50ms "$S" >"$T" \
	2>"$LAB_DIR/tc.err"
lab_tap $? "tcp-connect --json exits 0"
lab_ok "tcp-connect: every line matches the schema" valid "$T"
[ "$(q "$T" '[.[] | select(.event == "sent") | .probe]')" = "[1,2,3,4]" ] &&
	[ "$(q "$T" '[.[] | select(.event == "rcvd") | .probe] | sort')" = \
		"[1,2,3,4]" ]
lab_tap $? "tcp-connect: sent and rcvd of probes 1..4"
[ "$(q "$T" '[.[] | select(.event == "rcvd" and .sock.port == 8080) |
	.sock.result] | unique')" = '["connected"]' ] &&
	[ "$(q "$T" '[.[] | select(.event == "rcvd" and .sock.port == 81) |
	[.sock.result, .sock.reason]] | unique')" = \
	'[["failed","Connection refused"]]' ] &&
	[ "$(q "$T" '[.[] | select(.event == "rcvd") | .rtt > 0 and
		.sock.proto == "tcp" and .sock.peer == "'"$S"'"] | all')" = true ]
lab_tap $? "tcp-connect: 8080 connected, 81 refused, rtt and peer"
[ "$(q "$T" '[.[] | select(.event == "stats") | [.sent, .rcvd]]')" = \
	"[[4,2]]" ] && [ "$(q "$T" '.[-1].event')" = '"stats"' ]
lab_tap $? "tcp-connect: stats 4 sent, 2 connected, last line"

# --- 2. UDP-Unprivileged (uid nobody turns --udp into it).
U="$LAB_DIR/uu.json"
nobody --json --udp -p 7,7777 -c 2 --delay 200ms "$S" >"$U" \
	2>"$LAB_DIR/uu.err"
lab_tap $? "udp unprivileged --json exits 0"
lab_ok "udp: every line matches the schema" valid "$U"
[ "$(q "$U" '[.[] | select(.event == "sent") | [.probe,
	.sock.payload_len]]')" = "[[1,4],[2,4],[3,4],[4,4]]" ]
lab_tap $? "udp: sent probes 1..4 with payload_len 4"
[ "$(q "$U" '[.[] | select(.event == "rcvd") | [.probe, .sock.port,
	.sock.payload_len, .rtt > 0]]')" = "[[1,7,4,true],[3,7,4,true]]" ]
lab_tap $? "udp: echoes from port 7 are rcvd of probes 1 and 3 with rtt"
[ "$(q "$U" '[.[] | select(.event == "error") | [.probe, .sock.port,
	.sock.reason]]')" = \
	'[[2,7777,"Connection refused"],[4,7777,"Connection refused"]]' ] &&
	[ "$(grep -c "^ERR: (.*) READ to $S:7777 failed: Connection refused$" \
		"$LAB_DIR/uu.err")" -eq 2 ]
lab_tap $? "udp: port unreachable as error events; ERR lines on stderr"

# --- 3. -w is refused where there are no packets to write.
W="$LAB_DIR/no.pcapng"
nobody --tcp-connect -w "$W" -c 1 "$S" >"$LAB_DIR/w1.out" 2>"$LAB_DIR/w1.err"
rc1=$?
nobody --json --udp -w "$W" -c 1 "$S" >"$LAB_DIR/w2.out" 2>"$LAB_DIR/w2.err"
rc2=$?
[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ ! -e "$W" ] &&
	grep -q "^npecho: -w: TCP-Connect mode .*never sees them" \
		"$LAB_DIR/w1.err" &&
	[ "$(jq -r '.event + " " + .code' "$LAB_DIR/w2.out")" = \
		"error unsupported" ]
lab_tap $? "-w refused in both modes (exit 2, no file, reason, error event)"

# --- 4. --json --tr with an MSS clamp on r2.
R1=$(lab_addr r1 4 west); R2=$(lab_addr r2 4 west); R3=$(lab_addr r3 4 west)
lab_nft_mss r2 536
TR="$LAB_DIR/tr.json"
lab_exec client timeout 20 "$NPECHO" --json --tr --tcp -p 80 \
	--tcp-options mss=1460,sackok -c 4 --delay 50ms "$S" >"$TR" \
	2>"$LAB_DIR/tr.err"
lab_tap $? "--json --tr exits 0"
lab_ok "--tr: every line matches the schema" valid "$TR"
[ "$(q "$TR" '[.[] | select(.event == "hop") | [.ttl, .addr, .dest]]')" = \
	"[[1,\"$R1\",false],[2,\"$R2\",false],[3,\"$R3\",false],[4,\"$S\",true]]" ]
lab_tap $? "--tr: hop events 1..4: r1, r2, r3, the destination"
[ "$(q "$TR" '[.[] | select(.event == "hop" and .ttl < 4) |
	.reply == "TTL=0 during transit (type=11/code=0)" and .quote_len == 48
	and .sent_len == 48 and .rtt > 0] | all')" = true ] &&
	[ "$(q "$TR" '[.[] | select(.event == "hop") | .changes // []]')" = \
		'[[],[],["tcp-mss-changed"],[]]' ]
lab_tap $? "--tr: hops carry reply, quote length, rtt; the change on hop 3"
[ "$(q "$TR" '[.[] | select(.event == "finding") | [.tag, .layer, .field,
	.sent, .capt, .path.before, .path.at, .path.before_addr,
	.path.at_addr, .path.at_dest]]')" = \
	"[[\"tcp-mss-changed\",\"tcp\",\"mss\",\"1460\",\"536\",2,3,\"$R2\",\"$R3\",false]]" ]
lab_tap $? "--tr: one finding tcp-mss-changed, path between hop 2 and 3"
[ "$(q "$TR" '.[-1].event')" = '"stats"' ] &&
	! grep -qv '^{' "$TR"
lab_tap $? "--tr: stats last, nothing but JSON on stdout"

lab_tap_done
