#!/bin/sh
# flood.sh: connection floods and misbehaving live clients against
# npecho --echo-server --no-crypto.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |  S: defaults (handshakes: 10/s,
#   +--------+              +--------+     bursts of 20, 16 of 256 per
#   .1 legit, .3 attacker                  source), --handshake-timeout 2
#                                       F: 20000 handshakes and sessions,
#                                          no rate to speak of, descriptor
#                                          limit 512 (ulimit -n)
#
# 1. slowloris: HOSTILE_SLOWLORIS (default 2000; 10000 works) connections
#    from 10.77.1.3 that never speak.  S refuses all but a burst and then
#    10 a second (handshake rate) and serves the legitimate client at .1
#    meanwhile; F runs out of descriptors, pauses its listener, and serves
#    the legitimate client once the slow ones timed out.
# 2. 2,000 junk connections (random bytes): the server log grows by less
#    than 64 KiB (per-kind rate limit, "(suppressed N similar lines ...)").
# 3. a live client that stops reading while its probes flood in: the send
#    queue stays bounded (RSS), the session is dropped ("send queue full,
#    client not reading").
# 4. a live client that resets the connection mid-echo.
# After each: a stock nping client (shim) gets its 3 echoes and the RSS is
# within 8 MiB of the baseline.  TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
. "$LAB_TOP/tests/hostile/hostile_lib.inc"
SLOW=${HOSTILE_SLOWLORIS:-2000}
EVIL=10.77.1.3

hl_begin 0 shim
lab_ip client addr add "$EVIL/24" dev east
S4=$LAB_SERVER4
EC="--echo-client x --no-crypto"
hl_server s 9929 x --no-crypto --handshake-timeout 2
lab_tap $? "server S listens"
S=$HL_PID
lab_bg server "$LAB_DIR/f.log" sh -c "ulimit -n 512 && exec \"\$0\" \"\$@\"" \
	"$NPECHO" --echo-server x --no-crypto --echo-port 9930 \
	--handshake-timeout 2 --max-sessions 20000 --max-sessions-per-addr 20000 \
	--max-handshakes 20000 --handshake-rate 65535
F=$LAB_PID
lab_wait_port server 9930
lab_tap $? "server F listens (descriptor limit 512)"
hl_legit warm-up-S "$S" 9929 $EC
hl_legit warm-up-F "$F" 9930 $EC
hl_baseline "$S"
hl_baseline "$F"

hc() {
	local port="$1" log="$2"
	shift 2
	lab_exec client timeout 80 "$HL_PY" "$HL_CLIENT" "$S4" "$port" "$@" \
		>"$LAB_DIR/$log" 2>&1
}

# --- 1a. slowloris against the handshake rate.
t0=$(date +%s)
lab_bg client "$LAB_DIR/slow-s.log" timeout 60 "$HL_PY" "$HL_CLIENT" "$S4" \
	9929 slow "$SLOW" "$EVIL" 4
P=$LAB_PID
sleep 1
hl_legit during-slowloris-S "$S" 9929 $EC
lab_wait_exit "$P" 60
lab_log "$(cat "$LAB_DIR/slow-s.log")"
r=$(sed -n 's/^slow opened=\([0-9]*\) refused=\([0-9]*\) served_hs=\([0-9]*\).*/\1 \2 \3/p' \
	"$LAB_DIR/slow-s.log")
set -- $r 0 0 0
# A burst of 20, then 10 a second, get HS_SERVER (and are closed again
# when the next ones need the source's share); the rest are refused.
secs=$(($(date +%s) - t0 + 1))
[ "$1" -eq "$SLOW" ] && [ "$3" -le $((20 + 10 * secs)) ] &&
	[ $(($2 + $3)) -eq "$SLOW" ]
lab_tap $? "slowloris x$SLOW: $2 of $1 refused without a byte by the handshake rate, $3 got HS_SERVER ($secs s)"
hl_legit slowloris-S "$S" 9929 $EC

# --- 1b. slowloris against the descriptor limit.
t0=$(date +%s)
hc 9930 slow-f.log slow "$SLOW" "$EVIL" 12
lab_log "$(cat "$LAB_DIR/slow-f.log")"
grep -q "^slow opened=$SLOW " "$LAB_DIR/slow-f.log"
lab_tap $? "slowloris x$SLOW against descriptor limit 512 ($(($(date +%s) - t0)) s)"
grep -q 'accept: Too many open files' "$LAB_DIR/f.log"
lab_tap $? "server F ran out of descriptors and said so"
sleep 3 # the last slow ones time out (--handshake-timeout 2)
hl_legit slowloris-F "$F" 9930 $EC

# --- 2. log volume under 2,000 junk connections.
before=$(wc -c <"$LAB_DIR/s.log")
hc 9929 junk.log junk 2000 "$EVIL"
sleep 1.5 # the 1 s tick reports what was suppressed
after=$(wc -c <"$LAB_DIR/s.log")
grep -q '^junk done=2000' "$LAB_DIR/junk.log" &&
	[ $((after - before)) -lt 65536 ] &&
	grep -q '(suppressed [0-9]* similar lines: ' "$LAB_DIR/s.log"
lab_tap $? "2000 junk connections: log grew by $((after - before)) bytes (< 64 KiB), suppressed lines counted"
hl_legit junk-S "$S" 9929 $EC

# --- 3. a live client that stops reading under a flood of its probes.
lab_bg client "$LAB_DIR/stop.log" timeout 30 "$HL_PY" "$HL_CLIENT" "$S4" \
	9929 stopread 15
P=$LAB_PID
lab_poll 5 grep -q '^ready' "$LAB_DIR/stop.log"
lab_bg client "$LAB_DIR/flood.log" timeout 20 nping --icmp --id 4848 \
	--data-length 1400 -c 12000 --rate 1000 -q "$S4"
FL=$LAB_PID
max=0
i=0
while [ "$i" -lt 40 ] && ! grep -q '^stopread' "$LAB_DIR/stop.log"; do
	r=$(hl_rss "$S")
	[ "$r" -gt "$max" ] && max=$r
	sleep 0.25
	i=$((i + 1))
done
lab_wait_exit "$P" 20
lab_kill "$FL"
line=$(grep 'disconnected (send queue full' "$LAB_DIR/s.log" | tail -1)
lab_log "stopread: $(cat "$LAB_DIR/stop.log" | tr '\n' ' ') | $line"
eval "base=\$HL_BASE_$S"
grep -q '^stopread closed=1' "$LAB_DIR/stop.log" && [ -n "$line" ] &&
	[ "$max" -le $((base + HL_RSS_SLACK)) ]
lab_tap $? "client that stops reading: dropped by the queue policy, peak RSS $max kB (baseline $base kB)"
hl_legit stop-reading "$S" 9929 $EC

# --- 4. a client that resets mid-echo.
lab_bg client "$LAB_DIR/mid.log" timeout 20 "$HL_PY" "$HL_CLIENT" "$S4" \
	9929 midecho
P=$LAB_PID
lab_poll 5 grep -q '^ready' "$LAB_DIR/mid.log"
lab_exec client timeout 10 nping --icmp --id 4949 --data-length 1000 \
	-c 300 --rate 300 -q "$S4" >/dev/null 2>&1
lab_wait_exit "$P" 10
grep -q '^midecho got=1' "$LAB_DIR/mid.log" &&
	grep -Eq 'disconnected \(connection reset' "$LAB_DIR/s.log"
lab_tap $? "client that resets mid-echo: closed as 'connection reset'"
hl_legit mid-echo "$S" 9929 $EC

hl_stop s "$S"
hl_stop f "$F"
lab_log "log sizes: S $(wc -c <"$LAB_DIR/s.log") bytes, F $(wc -c <"$LAB_DIR/f.log") bytes"
hl_end "$LAB_DIR/s.log" "$LAB_DIR/f.log"
