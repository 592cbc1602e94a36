#!/bin/sh
# lockout.sh: clients that never finish a handshake cannot lock anybody
# out, and failed handshakes cost the server little.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |  A: npecho --echo-server SECRET
#   +--------+              +--------+     --handshake-timeout 3 (defaults
#   .1 legit (npecho --echo-client)          otherwise: handshakes 10/s per
#   .3 attacker, .11-.18 eight more          source, bursts of 20, 256 in
#   tests/hostile/hostile_client.py          the pool, 16 per source)
#                                       B: the same, --max-sessions-per-net 2
#
# 1. 2,000 connections held idle from the legitimate client's own address
#    (a NAT'd office, a carrier NAT): the client still completes and gets
#    every echo.  (Before the handshake pool they took the 4 per-address
#    slots and it was refused: "closed the connection before its
#    handshake".)
# 2. Eight addresses holding 4 idle connections each (32: the whole
#    session table, once): the client still gets every echo.
# 3. 200 handshakes with a wrong MAC from one address: past a burst of 20
#    they are refused before the server derives a key ("too many handshakes
#    from this address"); the legitimate client is served meanwhile.
# 4. A client that sends its HS_CLIENT one byte every 0.3 s is closed at
#    the handshake deadline (3 s from accept, not reset by each byte).
# 5. B: sessions per /24: two clients of 10.77.1.0/24 are live, a third
#    gets a NEP_ERROR "too many sessions from this network" once it has
#    authenticated, and exits 1.
# TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
. "$LAB_TOP/tests/hostile/hostile_lib.inc"
SECRET=lockout-secret
EVIL=10.77.1.3

hl_begin 0
for h in 3 4 5 11 12 13 14 15 16 17 18; do
	lab_ip client addr add "10.77.1.$h/24" dev east || break
done
lab_tap $? "attacker addresses added"
S4=$LAB_SERVER4
hl_server a 9929 "$SECRET" --handshake-timeout 3 -v
lab_tap $? "server A listens"
A=$HL_PID
hl_server b 9930 "$SECRET" --max-sessions-per-net 2 -v
lab_tap $? "server B (--max-sessions-per-net 2) listens"
B=$HL_PID

# legit TAG [PORT [SRC]]: npecho client (from SRC) sends 5 TCP probes;
# all 5 echoed.
LP=2000
legit() {
	local tag="$1" port="${2:-9929}" src="${3:-}" n
	LP=$((LP + 1))
	lab_exec client timeout 30 "$NPECHO" --echo-client "$SECRET" \
		--echo-port "$port" ${src:+-S "$src"} --tcp -p "$LP" -c 5 \
		--delay 100ms "$S4" >"$LAB_DIR/legit-$tag.log" 2>&1
	n=$(grep -c '^CAPT ' "$LAB_DIR/legit-$tag.log")
	[ "$n" -eq 5 ]
	lab_tap $? "$tag: the legitimate client gets its 5 echoes ($n)"
	[ "$n" -eq 5 ] || sed "s/^/# legit-$tag: /" "$LAB_DIR/legit-$tag.log" >&2
}

# --- 1. 2,000 idle connections from the client's own address.
lab_bg client "$LAB_DIR/slow1.log" timeout 60 "$HL_PY" "$HL_CLIENT" "$S4" \
	9929 slow 2000 "$LAB_CLIENT4" 6
P=$LAB_PID
lab_poll 10 grep -q . "$LAB_DIR/a.log" # the server has seen them
sleep 1.5 # all 2,000 opened and held
legit own-address
lab_wait_exit "$P" 30
lab_log "$(cat "$LAB_DIR/slow1.log")"
grep -q '^slow opened=2000 ' "$LAB_DIR/slow1.log"
lab_tap $? "the 2,000 were opened ($(cat "$LAB_DIR/slow1.log"))"

# --- 2. eight addresses x 4 idle connections.
i=11
while [ "$i" -le 18 ]; do
	lab_bg client "$LAB_DIR/slow-$i.log" timeout 30 "$HL_PY" "$HL_CLIENT" \
		"$S4" 9929 slow 4 "10.77.1.$i" 5
	i=$((i + 1))
done
sleep 1.5
legit eight-by-four
i=11
n=0
while [ "$i" -le 18 ]; do
	lab_poll 10 grep -q '^slow ' "$LAB_DIR/slow-$i.log"
	grep -q '^slow opened=4 refused=0 served_hs=4' "$LAB_DIR/slow-$i.log" &&
		n=$((n + 1))
	i=$((i + 1))
done
[ "$n" -eq 8 ]
lab_tap $? "the 32 idle connections were all held with HS_SERVER ($n of 8 addresses)"

# --- 3. a flood of bad MACs from one address.
lab_bg client "$LAB_DIR/badmac.log" timeout 60 "$HL_PY" "$HL_CLIENT" "$S4" \
	9929 badmac 200 "$EVIL" 4
P=$LAB_PID
legit during-bad-macs
lab_wait_exit "$P" 60
r=$(sed -n 's/^badmac done=200 closed=200 refused=\([0-9]*\) .*/\1/p' \
	"$LAB_DIR/badmac.log")
lab_log "$(cat "$LAB_DIR/badmac.log")"
[ -n "$r" ] && [ "$r" -ge 150 ]
lab_tap $? "200 bad-MAC handshakes: $r refused before HS_SERVER (no key derived)"
# (Log lines are rate limited: most of these are counted as suppressed.)
grep -q "disconnected (refused: too many handshakes from this address)" \
	"$LAB_DIR/a.log" &&
	grep -q "disconnected (NEP_HANDSHAKE_CLIENT authentication failed)" \
		"$LAB_DIR/a.log"
lab_tap $? "the log names both: the rate refusals and the failed MACs"

# --- 4. a handshake trickled byte by byte.
lab_exec client timeout 30 "$HL_PY" "$HL_CLIENT" "$S4" 9929 trickle 0.3 \
	>"$LAB_DIR/trickle.log" 2>&1
lab_log "$(cat "$LAB_DIR/trickle.log")"
grep -Eq '^trickle closed=1 secs=[23]\.' "$LAB_DIR/trickle.log"
lab_tap $? "a trickled HS_CLIENT is closed at the 3 s deadline ($(cat "$LAB_DIR/trickle.log"))"
grep -q 'disconnected (handshake timeout)' "$LAB_DIR/a.log"
lab_tap $? "... as 'handshake timeout'"
legit after-all

# --- 5. B: sessions per /24.
lab_bg client "$LAB_DIR/net1.log" timeout 30 "$NPECHO" --echo-client \
	"$SECRET" --echo-port 9930 -S 10.77.1.4 --tcp -p 3001 -c 40 \
	--delay 100ms "$S4"
N1=$LAB_PID
lab_bg client "$LAB_DIR/net2.log" timeout 30 "$NPECHO" --echo-client \
	"$SECRET" --echo-port 9930 -S 10.77.1.5 --tcp -p 3002 -c 40 \
	--delay 100ms "$S4"
N2=$LAB_PID
lab_poll 10 eval '[ "$(grep -c "was performed successfully" "$LAB_DIR/b.log")" -ge 2 ]'
lab_exec client timeout 20 "$NPECHO" --echo-client "$SECRET" \
	--echo-port 9930 --tcp -p 3003 -c 3 --delay 100ms "$S4" \
	>"$LAB_DIR/net3.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q "^npecho: echo server $S4:9930 sent an error: too many sessions from this network\$" \
	"$LAB_DIR/net3.log"
lab_tap $? "a third client of the /24 is refused with the reason (exit $rc)"
lab_wait_exit "$N1" 20
r1=$?
lab_wait_exit "$N2" 20
r2=$?
[ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] &&
	[ "$(grep -c '^CAPT ' "$LAB_DIR/net1.log")" -eq 40 ] &&
	[ "$(grep -c '^CAPT ' "$LAB_DIR/net2.log")" -eq 40 ]
lab_tap $? "the two live ones got all their echoes"
grep -q 'disconnected (refused: too many sessions from this network)' \
	"$LAB_DIR/b.log"
lab_tap $? "B logs the refusal"

hl_stop a "$A"
hl_stop b "$B"
hl_end "$LAB_DIR/a.log" "$LAB_DIR/b.log"
