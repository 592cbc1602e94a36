#!/bin/sh
# echo_server_many.sh: many NEP clients at once on one npecho echo server,
# each isolated by its PacketSpec, and the --max-sessions limit.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |   npecho --echo-server --no-crypto
#   +--------+              +--------+          --max-sessions 20 (and
#                                                   per address and /24)
#   20 python NEP clients (echo_server_nep_client.py udpself), each sending
#   5 UDP datagrams from its own source port with its own payload magic.
#
# Checks: all 20 sessions go live at once; every client gets exactly its 5
# probes and no other client's; a 21st concurrent session is refused;
# the server's summary counts 100 echoes.  TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
CLIENT="$LAB_TOP/tests/integration/echo_server_nep_client.py"
PY=/usr/bin/python3
N=20

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
lab_create 0
lab_tap $? "lab comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
S4=$LAB_SERVER4
lab_bg server "$LAB_DIR/srv.log" timeout 60 "$NPECHO" --echo-server x \
	--no-crypto --max-sessions "$N" --max-sessions-per-addr "$N" \
	--max-sessions-per-net "$N" --max-handshakes 512 --handshake-rate 100 -v
SPID=$LAB_PID
lab_wait_port server 9929
lab_tap $? "server listens"

# Every client waits 2 s after READY (so all are live together), then
# sends its 5 datagrams; a 21st client tries while all 20 are live.
i=0
while [ "$i" -lt "$N" ]; do
	sp=$((20000 + i))
	lab_bg client "$LAB_DIR/c$i.log" timeout 20 env WAIT=2 "$PY" \
		"$CLIENT" "$S4" 9929 udpself 0 "$sp" 7000 0 3 5
	i=$((i + 1))
done
live() {
	[ "$(grep -c 'was performed successfully' "$LAB_DIR/srv.log")" -ge "$N" ]
}
lab_poll 10 live
lab_tap $? "$N sessions live at once"
lab_exec client timeout 10 "$PY" "$CLIENT" "$S4" 9929 udpself 0 29999 7000 \
	0 1 1 >"$LAB_DIR/extra.log" 2>&1
grep -q 'refused: too many sessions' "$LAB_DIR/srv.log"
lab_tap $? "session $((N + 1)) refused by --max-sessions $N"

all_done() {
	[ "$(cat "$LAB_DIR"/c[0-9]*.log | grep -c '^total ')" -ge "$N" ]
}
lab_poll 12 all_done
bad=0
i=0
while [ "$i" -lt "$N" ]; do
	sp=$((20000 + i))
	f="$LAB_DIR/c$i.log"
	if ! grep -q 'total probes=5 replies=0' "$f" ||
		[ "$(grep -c "^echo reply=0 .* sport=$sp\$" "$f")" -ne 5 ]; then
		bad=$((bad + 1))
		sed "s/^/# c$i: /" "$f" >&2
	fi
	i=$((i + 1))
done
[ "$bad" -eq 0 ]
lab_tap $? "every client got exactly its own 5 probes ($bad bad of $N)"

lab_kill "$SPID" TERM
grep -q "Echoed: $((N * 5)) " "$LAB_DIR/srv.log" &&
	grep -q "^npecho done: $N clients served" "$LAB_DIR/srv.log"
lab_tap $? "summary: $((N * 5)) echoes, $N clients served"
[ "$LAB_FAIL" -eq 0 ] || sed 's/^/# server: /' "$LAB_DIR/srv.log" >&2
id=$LAB_ID
lab_cleanup
[ -z "$(ip netns list | grep "^$id-")" ]
lab_tap $? "no namespace left"
lab_tap_done
