#!/bin/sh
# json_schema.sh: every line npecho --json prints in a lab run is a JSON
# object that matches doc/json.md (checked with jq by json_schema.jq), and
# stdout holds nothing else.
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+              +--------+              +--------+
#   npecho --json --tcp (raw)           npecho --json --echo-server --once
#   npecho --json --ec (echo client)
#
# 1. raw TCP probes to two closed ports: 6 sent, 6 rcvd (RST), 1 stats,
#    probe numbers 1..6 on both, every rcvd with an rtt.
# 2. an echo session, our client and our server both with --json: the
#    client has sent/capt/rcvd per probe with the same probe numbers, a
#    `hops` finding (TTL fell by 1) and stats with capt; the server has
#    session open/auth/ready/closed, capt with "client", server stats.
# 3. a run that fails in set-up (-e with no such interface) prints an
#    `error` event on stdout and the same text on stderr.
# TAP; everything under timeout; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
SCHEMA="$LAB_TOP/tests/integration/json_schema.jq"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
command -v jq >/dev/null || { echo "not ok - jq is installed"; exit 1; }
lab_create 1
lab_tap $? "lab comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_wait_reach client "$LAB_SERVER4"
S4=$LAB_SERVER4

# valid FILE: every line of FILE passes the schema (failures to stderr).
valid() {
	local bad
	[ -s "$1" ] || { echo "# $1 is empty" >&2; return 1; }
	bad=$(jq -R -r -f "$SCHEMA" "$1") || return 1
	[ -z "$bad" ] && return 0
	printf '%s\n' "$bad" | sed 's/^/# /' >&2
	return 1
}
# every FILE EVENT COND: there are EVENT lines and COND holds on each.
every() {
	jq -s -e "[.[] | select(.event == \"$2\") | ($3)] |
		length > 0 and all" "$1" >/dev/null
}
# count FILE EVENT: lines of that event.
count() {
	jq -c "select(.event == \"$2\")" "$1" | wc -l
}
# probes FILE EVENT: the probe numbers of that event, space separated.
probes() {
	jq -r "select(.event == \"$2\") | .probe" "$1" | sort -n | tr '\n' ' '
}

# --- 1. raw TCP probes.
R="$LAB_DIR/raw.json"
lab_exec client timeout 20 "$NPECHO" --json --tcp -p 80,81 -c 3 \
	--delay 20ms "$S4" >"$R" 2>"$LAB_DIR/raw.err"
lab_tap $? "raw --json run exits 0"
lab_ok "raw: every line matches the schema" valid "$R"
[ "$(count "$R" sent)" -eq 6 ] && [ "$(count "$R" rcvd)" -eq 6 ] &&
	[ "$(count "$R" stats)" -eq 1 ]
lab_tap $? "raw: 6 sent, 6 rcvd, 1 stats"
[ "$(probes "$R" sent)" = "1 2 3 4 5 6 " ] &&
	[ "$(probes "$R" rcvd)" = "1 2 3 4 5 6 " ]
lab_tap $? "raw: probe numbers 1..6 on sent and rcvd"
every "$R" rcvd '.tcp.flags == "RA" and .rtt > 0' &&
	[ "$(jq -c 'select(.event == "stats") | [.sent, .rcvd, .lost]' "$R")" \
		= "[6,6,0]" ]
lab_tap $? "raw: rcvd are RSTs with an rtt; stats 6/6/0"
every "$R" sent '(.tcp.dport == 80 or .tcp.dport == 81) and
	.ip.src == "10.77.1.1" and .ip.ttl == 64'
lab_tap $? "raw: sent fields by layer (ports, source, ttl)"

# --- 2. echo session, both sides in JSON.
SV="$LAB_DIR/server.json"
lab_bg server "$SV" timeout 30 "$NPECHO" --json --echo-server json-secret \
	--echo-port 9929 --once
SPID=$LAB_PID
lab_wait_port server 9929
lab_tap $? "echo server listens"
C="$LAB_DIR/client.json"
lab_exec client timeout 20 "$NPECHO" --json --ec json-secret --tcp -p 5000 -c 3 \
	--delay 50ms "$S4" >"$C" 2>"$LAB_DIR/client.err"
lab_tap $? "echo client --json run exits 0"
lab_wait_exit "$SPID" 10
lab_tap $? "echo server --json --once exits 0"
lab_ok "client: every line matches the schema" valid "$C"
lab_ok "server: every line matches the schema" valid "$SV"
[ "$(probes "$C" sent)" = "1 2 3 " ] && [ "$(probes "$C" capt)" = "1 2 3 " ] &&
	[ "$(probes "$C" rcvd)" = "1 2 3 " ]
lab_tap $? "client: sent, capt and rcvd of probes 1..3"
every "$C" capt '.server == "10.77.2.2" and .ip.ttl == 63'
lab_tap $? "client: capt shows the packet as the server saw it (ttl 63)"
every "$C" finding 'select(.tag == "hops") | .layer == "ip" and
	.field == "ttl" and .sent == "64" and .capt == "63"'
lab_tap $? "client: finding with tag hops (ip.ttl 64 -> 63)"
[ "$(jq -c 'select(.event == "stats") | [.sent, .capt]' "$C")" = "[3,3]" ]
lab_tap $? "client: stats with capt 3"
[ "$(jq -r 'select(.event == "session") | .state' "$SV" | tr '\n' ' ')" = \
	"open auth ready closed " ]
lab_tap $? "server: session open, auth, ready, closed"
[ "$(jq -c 'select(.event == "capt" and .client == 0 and
	.tcp.dport == 5000)' "$SV" | wc -l)" -eq 3 ] &&
	every "$SV" stats '.echoed >= 3 and .clients == 1'
lab_tap $? "server: 3 probes captured for client 0; stats echoed, clients"

# --- 3. an error event.
E="$LAB_DIR/err.json"
lab_exec client timeout 10 "$NPECHO" --json --tcp -e nosuchif0 "$S4" \
	>"$E" 2>"$LAB_DIR/err.err"
[ $? -eq 2 ]
lab_tap $? "set-up failure exits 2"
lab_ok "error run: every line matches the schema" valid "$E"
every "$E" error '.msg | test("nosuchif0")' && grep -q nosuchif0 "$LAB_DIR/err.err"
lab_tap $? "error event on stdout, the same text on stderr"

lab_tap_done
