#!/bin/sh
# bench/echo_attack.sh: the echo server under attack (called by
# bench/run.sh; runs alone too: sh bench/echo_attack.sh).  Every figure is
# measured in this run, the anchors beside it.
#
#   +--------+ seg 1  +--------+ seg 2  +--------+
#   | client |east--west|  r1  |east--west| server |  npecho --echo-server
#   +--------+        +--------+        +--------+
#   .1 legit (+ .3-.10 attackers)  r1: another host   10.77.2.2
#
# Server CPU: the sum over its threads of /proc/PID/task/*/schedstat
# (nanoseconds on a CPU, kernel work done on its behalf in its context
# included), read before and after each attack.
#
# 1. Failed handshakes (HS_CLIENT with the right nonce, a wrong MAC) from
#    tests/hostile/hostile_client.py badmac, 8 at a time, from 8 addresses:
#    - with --handshake-rate 65535 (no rate limit): every one is opened and
#      its MAC checked: handshakes/s sustained and CPU per failed handshake
#      (target <= 0.3 ms); the anchors are one key derivation
#      (bench/nep_bench; a failed handshake needs three), and stock nping
#      0.7.93's echo server (LD_PRELOAD shim), which takes about one
#      connection a second, so it gets 10 in a row;
#    - with the defaults (10/s, bursts of 20 per address): CPU per attempt.
# 2. 50,000 UDP packets from r1 (another host) while one session (ICMP) is
#    live: server CPU (target <= 0.15 s); anchor: the same server with -w,
#    whose capture keeps everything (what every session cost before the
#    per-session kernel filter).
# 3. A legitimate npecho client (400 TCP probes at 100/s) while 2,000
#    connections are held idle from its own address and 8 addresses flood
#    bad-MAC handshakes: echoes delivered (target 100%).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/netns/lab.sh
NPECHO=${NPECHO:-$top/build/npecho}
HC="$top/tests/hostile/hostile_client.py"
PY=/usr/bin/python3
PASS=attack-bench-secret
N_BAD=${ATTACK_HANDSHAKES:-2000}

lab_create 1 >/dev/null 2>&1 || { echo "echo_attack: lab failed" >&2; exit 1; }
S4=$LAB_SERVER4
C4=$LAB_CLIENT4
ATT="10.77.1.3 10.77.1.4 10.77.1.5 10.77.1.6 10.77.1.7 10.77.1.8 10.77.1.9 10.77.1.10"
for a in $ATT; do lab_ip client addr add "$a/24" dev east; done
lab_exec server sysctl -qw net.ipv4.icmp_echo_ignore_all=1
lab_wait_reach client "$S4" >/dev/null 2>&1
lab_build_shim >/dev/null 2>&1 || LAB_SHIM=

cpu_ns() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }'
}

# server NAME ARGS...: npecho echo server in the server namespace; SPID.
server() {
	local name="$1"
	shift
	lab_bg server "$LAB_DIR/$name.log" "$NPECHO" --echo-server "$PASS" "$@"
	SPID=$LAB_PID
	lab_wait_port server 9929 >/dev/null 2>&1
	sleep 0.3
}

# flood N PAR: N bad-MAC handshakes spread over the 8 attacker addresses,
# PAR at a time each; sets SECS (wall time) and REFUSED.
flood() {
	local n=$(($1 / 8)) a t0 t1
	t0=$(date +%s.%N)
	for a in $ATT; do
		lab_bg client "$LAB_DIR/bad-$a.log" "$PY" "$HC" "$S4" 9929 \
			badmac "$n" "$a" "$2"
	done
	wait_all
	t1=$(date +%s.%N)
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	REFUSED=$(cat "$LAB_DIR"/bad-*.log | sed -n 's/.*refused=\([0-9]*\).*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }')
	rm -f "$LAB_DIR"/bad-*.log
}
wait_all() {
	local i=0
	while [ "$i" -lt 600 ] && [ "$(cat "$LAB_DIR"/bad-*.log 2>/dev/null | grep -c '^badmac ')" -lt 8 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
us() { awk -v c="$1" -v n="$2" 'BEGIN { if (n > 0) printf "%.0f", c / n / 1000; else print "-" }'; }

echo "== Echo server under attack (server: $(nproc) CPUs shared with the attackers)"
printf '%-58s %12s %10s %s\n' "figure" "value" "target" ""

# --- 1. failed handshakes.
server unlimited --handshake-rate 65535 --max-handshakes 4096
c0=$(cpu_ns "$SPID")
flood "$N_BAD" 8
c1=$(cpu_ns "$SPID")
lab_kill "$SPID" INT
per=$(us $((c1 - c0)) "$N_BAD")
rate=$(awk -v n="$N_BAD" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
pass=$(awk -v p="$per" 'BEGIN { print (p <= 300) ? "PASS" : "MISS" }')
printf '%-58s %12s %10s\n' "failed handshakes/s sustained (no rate limit, 8 sources)" "$rate" ""
printf '%-58s %9s us %10s %s\n' "server CPU per failed handshake (MAC checked)" "$per" "<= 300 us" "$pass"
kps=$("$top/build/bench/nep_bench" 2>/dev/null |
	sed -n 's/^key derivation (one key) *\([0-9]*\) \/s/\1/p' | head -1)
[ -n "$kps" ] && printf '%-58s %9s us   (a failed handshake: %s of them)\n' \
	"  anchor: one key derivation (bench/nep_bench)" \
	"$(awk -v k="$kps" 'BEGIN { printf "%.0f", 1e6 / k }')" \
	"$(awk -v k="$kps" -v p="$per" 'BEGIN { printf "%.1f", p * k / 1e6 }')"
if [ -n "$LAB_SHIM" ] && command -v nping >/dev/null 2>&1; then
	# nping's server takes about one connection a second: 10 in a row.
	lab_bg server "$LAB_DIR/nping.log" env LD_PRELOAD="$LAB_SHIM" nping \
		--echo-server "$PASS"
	SPID=$LAB_PID
	lab_wait_port server 9929 >/dev/null 2>&1
	sleep 0.3
	c0=$(cpu_ns "$SPID")
	t0=$(date +%s.%N)
	lab_exec client timeout 60 "$PY" "$HC" "$S4" 9929 badmac 10 "$C4" 1 \
		>/dev/null 2>&1
	t1=$(date +%s.%N)
	c1=$(cpu_ns "$SPID")
	lab_kill "$SPID" INT
	nper=$(us $((c1 - c0)) 10)
	printf '%-58s %9s us   (npecho / nping: %s; nping sustains %s/s)\n' \
		"  anchor: nping 0.7.93 server, 10 failed handshakes" "$nper" \
		"$(awk -v a="$per" -v b="$nper" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 10 / (b - a) }')"
fi
server limited
c0=$(cpu_ns "$SPID")
flood "$N_BAD" 8
c1=$(cpu_ns "$SPID")
lab_kill "$SPID" INT
printf '%-58s %9s us   (%s of %s refused before any work)\n' \
	"server CPU per attempt, default rate limit" "$(us $((c1 - c0)) "$N_BAD")" "$REFUSED" "$N_BAD"

# --- 2. unrelated traffic.
unrelated() { # NAME ARGS...: CPU (ns) of 50,000 UDP packets from r1
	local name="$1" p
	shift
	server "$name" "$@"
	lab_bg client "$LAB_DIR/$name-w.log" "$PY" "$HC" "$S4" 9929 watch 4242 20
	p=$LAB_PID
	lab_poll 5 grep -q '^ready' "$LAB_DIR/$name-w.log"
	sleep 0.2
	c0=$(cpu_ns "$SPID")
	lab_exec r1 "$NPECHO" --udp -p 9999 --rate 25000 -c 50000 -N -H -q \
		"$S4" >/dev/null 2>&1
	sleep 0.3
	c1=$(cpu_ns "$SPID")
	lab_kill "$p" TERM
	lab_kill "$SPID" INT
	echo $((c1 - c0))
}
f=$(unrelated filtered --no-crypto)
w=$(unrelated wide --no-crypto -w "$LAB_DIR/wide.pcapng")
fs=$(awk -v c="$f" 'BEGIN { printf "%.3f", c / 1e9 }')
ws=$(awk -v c="$w" 'BEGIN { printf "%.3f", c / 1e9 }')
pass=$(awk -v s="$fs" 'BEGIN { print (s <= 0.15) ? "PASS" : "MISS" }')
printf '%-58s %10s s %10s %s\n' "server CPU, 50,000 unrelated UDP packets, 1 session live" "$fs" "<= 0.15 s" "$pass"
printf '%-58s %10s s   (filtered / wide: %s)\n' "  anchor: the same, capture keeping everything (-w)" "$ws" \
	"$(awk -v a="$f" -v b="$w" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')"

# --- 3. a legitimate client under both attacks at once.
server legitsrv
lab_bg client "$LAB_DIR/idle.log" timeout 60 "$PY" "$HC" "$S4" 9929 slow 2000 "$C4" 15
IDLE=$LAB_PID
sleep 1.5
for a in $ATT; do
	lab_bg client "$LAB_DIR/bad-$a.log" timeout 60 "$PY" "$HC" "$S4" 9929 \
		badmac 500 "$a" 4
done
lab_exec client timeout 60 "$NPECHO" --echo-client "$PASS" --tcp -p 8080 \
	-c 400 --rate 100 -H "$S4" >"$LAB_DIR/legit.log" 2>&1
rc=$?
wait_all
lab_kill "$IDLE" TERM
lab_kill "$SPID" INT
sent=$(sed -n 's/^Raw packets sent: \([0-9]*\) .*/\1/p' "$LAB_DIR/legit.log")
got=$(grep -c '^CAPT ' "$LAB_DIR/legit.log")
pct=$(awk -v g="$got" -v s="${sent:-0}" 'BEGIN { if (s > 0) printf "%.2f%%", g * 100 / s; else print "-" }')
pass=$([ "$rc" -eq 0 ] && [ -n "$sent" ] && [ "$got" -eq "$sent" ] && echo PASS || echo MISS)
printf '%-58s %12s %10s %s\n' "legit client delivered (2,000 idle + bad-MAC flood)" "$pct" "100%" "$pass"
printf '%-58s %12s\n' "  its probes sent / echoed" "${sent:-?} / $got"
lab_cleanup
