#!/bin/sh
# bench/echo_load.sh: echo mode under load (called by bench/run.sh; runs
# alone too: sh bench/echo_load.sh).  Everything is measured in this run.
#
#   +--------+  veth  +--------+
#   | client |--------| server |   10.77.1.1 -> 10.77.1.2 (lab_create 0)
#   +--------+        +--------+   server: icmp_echo_ignore_all=1, so only
#                                  probes (no kernel replies) are echoed
#
# Probes are 28-byte ICMP echo requests (-N: the client captures nothing
# itself; it still reads the side channel and waits for the last echoes),
# without the 8-byte probe token (--no-probe-token): the same probes as
# nping's rows, and the latency pairing below counts on their size.
#
# Delivery: the client's "Echoed packets recv: N" line over probes sent
#   (npecho); for nping the "Echoed: N" of its summary line.
# Latency (capture at the server -> arrival at the client), measured from
#   outside, no change to the tool: tcpdump on the server's interface
#   records each probe's capture time (the same skb timestamp the server's
#   pcap sees); tcpdump on the client's interface records the server->client
#   side-channel segments.  Both namespaces share one CLOCK_REALTIME.  The
#   server echoes in capture order and each echo of a 28-byte probe is an
#   80-byte NEP_ECHO after the 256-byte handshake (96 + 112 + 48), so echo
#   k ends at stream byte 256 + 80k; bench/echo_lat.py pairs probe k with
#   the arrival of the segment holding that byte.  Exact only when the
#   server dropped no echo (its "dropped N queue-full" is shown).  This is
#   arrival at the client's interface, not when the client read it.
# 100 clients: 100 npecho client processes in the client namespace, each
#   with its own --icmp-id, at R/100 probes/s, all released at once by a
#   start file; delivery summed.  "tx pps" there is the aggregate rate the
#   server's host received (its ICMP InEchos counter, sampled every 50 ms,
#   over the time probes were arriving; tcpdump at 100k/s would take the
#   CPU the server needs).
# Two hosts on one machine: the 1-client rows (and the what-if and nping
#   rows) run the server on CPU 0 and the client and both tcpdumps on
#   CPU 1 (taskset; when there are two CPUs).  Unpinned, on the 2-vCPU VMs
#   this is measured on (kernel without preemption, 4 ms tick), the
#   scheduler put the server's woken capture thread on the CPU where the
#   client was busy sending while the other CPU idled, and it waited for
#   the next tick: perf sched timehist showed 4.03 ms of scheduling delay
#   with the other CPU idle for 3.9 ms.  p99 at 100k/s: 0.85-5.1 ms over
#   nine runs unpinned, 0.20-0.79 ms over eleven pinned (with the capture
#   queue's chunk reuse).  A real test has client and server on
#   two hosts; pinning stands in for that.  The 100-client rows are not
#   pinned: 100 client processes need both CPUs to send 100k/s at all.
# Server CPU: utime+stime from /proc/PID/stat over each run, as % of one
#   core over the client's run time; peak RSS: VmHWM after all load runs.
# Idle sessions: a --no-crypto server; bench/echo_idle.py opens 1,000 NEP
#   sessions up to NEP_READY and holds them; the server's VmRSS then.
# Server ring drops: the "Capture drops (ring full)" and "(queue full)"
#   lines of the server's summary, summed (SIGINT after each group of runs;
#   each group has its own server).
# What-if rows: the same server with TCP_NODELAY forced on its side channel
#   by an LD_PRELOAD accept4() wrapper (bench/nodelay_shim.c), to show how
#   much of the latency is Nagle's algorithm.  Not the product as shipped.
# Not measured: latency of the 100-client runs (100 streams, one pairing
#   per stream would need each stream's probes apart).
# nping 0.7.93 (nping server + nping client, LD_PRELOAD shim for OpenSSL 3)
#   runs at the same asked rates; it ignores --rate above 1000/s, its
#   achieved Tx pkts/s is shown.
# ECHO_LOAD_ROWS (default: all) runs only some groups, a space-separated
#   list of: one (1-client rows), many10k, many100k (100-client rows),
#   nodelay (what-if rows), nping, idle (1,000 idle sessions).  Each group
#   is measured as in the full run; targets of skipped rows show n/a.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/netns/lab.sh
NPECHO=${NPECHO:-$top/build/npecho}
PASS=echo-bench-pass
B=build/bench
mkdir -p "$B"
HZ=$(getconf CLK_TCK)
ON_SRV="" ON_CLI=""
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
	ON_SRV="taskset -c 0" ON_CLI="taskset -c 1"
fi
PIN=""   # srv_start's prefix: $ON_SRV for the pinned groups
ICMP_ECHO=80   # NEP_ECHO bytes per 28-byte probe
NEP_HS=256     # server->client handshake bytes

lab_create 0 >/dev/null 2>&1 || { echo "echo_load: lab failed" >&2; exit 1; }
lab_build_shim || LAB_SHIM=
D=$LAB_DIR
C4=$LAB_CLIENT4
S4=$LAB_SERVER4
lab_exec server sysctl -qw net.ipv4.icmp_echo_ignore_all=1

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
vm() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }
now() { date +%s.%N; }
pct() { awk -v a="${1:-0}" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a * 100 / b; else print "0" }'; }
cpu_pct() { awk -v t="$1" -v hz="$HZ" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", t * 100 / hz / s; else print "-" }'; }
tx_pps() { sed -n 's/.*Tx pkts\/s: \([0-9.]*\).*/\1/p' | head -1; }
echoed_recv() { sed -n 's/^Echoed packets recv: \([0-9]*\).*/\1/p' "$1" | tail -1; }
lat_field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# cap_start NODE IF FILTER FILE: tcpdump in the background; sets CAP_PID.
cap_start() {
	lab_bg "$1" "$4.log" $ON_CLI tcpdump -Z root -n -i "$2" -s 96 -B 65536 -w "$4" "$3"
	CAP_PID=$LAB_PID
	lab_poll 5 grep -q listening "$4.log"
}
cap_drops() { sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$1.log" | head -1; }

# srv_start LOG [PRELOAD]: a load server; sets SPID, SLOG.  srv_stop: SIGINT,
# keeps its VmHWM in HWM (the largest so far) and its ring drops in CDROP.
HWM=0
srv_start() {
	SLOG=$1
	lab_bg server "$SLOG" $PIN env ${2:+LD_PRELOAD=$2} "$NPECHO" --echo-server "$PASS" \
		-v --max-sessions 2000 --max-sessions-per-addr 2000 \
		--max-sessions-per-net 2000 --max-handshakes 2000 \
		--handshake-rate 65535
	SPID=$LAB_PID
	lab_wait_port server 9929 || { echo "echo_load: server did not start" >&2; exit 1; }
}
srv_stop() {
	local h
	h=$(vm "$SPID" VmHWM)
	[ "${h:-0}" -gt "$HWM" ] && HWM=$h
	lab_kill "$SPID" INT >/dev/null 2>&1
	# Kernel ring full, or (capture thread) its queue full: both lost.
	CDROP=$(sed -n 's/^Capture drops ([a-z]* full): \([0-9]*\).*/\1/p' "$SLOG" |
		awk '{ s += $1 } END { print s + 0 }')
}

ROWS=$D/rows
: >"$ROWS"
row() { printf '%s\n' "$*" >>"$ROWS"; }
GROUPS_ON=${ECHO_LOAD_ROWS:-one many10k many100k nodelay nping idle}
want() { case " $GROUPS_ON " in *" $1 "*) return 0 ;; esac; return 1; }

# one R N: one npecho client, N probes at R/s.
one() {
	local label=$1 r=$2 n=$3 t0 t1 c0 c1 got lat drops sd cd
	cap_start server west "icmp and src host $C4" "$D/s$r.pcap"
	sp=$CAP_PID
	cap_start client east "tcp and src port 9929" "$D/c$r.pcap"
	cp=$CAP_PID
	c0=$(cpu_ticks "$SPID")
	t0=$(now)
	lab_exec client $ON_CLI "$NPECHO" --echo-client "$PASS" --icmp --rate "$r" \
		-c "$n" -N -v --no-probe-token "$S4" >"$D/one$r.log" 2>&1
	t1=$(now)
	c1=$(cpu_ticks "$SPID")
	sleep 1.2
	lab_kill "$sp" INT >/dev/null 2>&1
	lab_kill "$cp" INT >/dev/null 2>&1
	got=$(echoed_recv "$D/one$r.log")
	drops=$(grep 'disconnected' "$SLOG" | tail -1 |
		sed -n 's/.*dropped \([0-9]*\) queue-full.*/\1/p')
	lat=$(python3 bench/echo_lat.py "$D/s$r.pcap" "$D/c$r.pcap" $ICMP_ECHO $NEP_HS)
	sd=$(cap_drops "$D/s$r.pcap")
	cd=$(cap_drops "$D/c$r.pcap")
	row "$label $r/s|$n|$(tx_pps <"$D/one$r.log")|${got:-0}|$(pct "${got:-0}" "$n")|$(lat_field "$lat" p50_us)|$(lat_field "$lat" p99_us)|$(cpu_pct $((c1 - c0)) "$(echo "$t1 - $t0" | bc)")|srv dropped ${drops:-?}; pairs $(lat_field "$lat" n); tcpdump drops ${sd:-?}/${cd:-?}"
}

# med_row LABEL R "TAGS": a row of the medians of the rows "LABEL TAG R/s"
# (delivered: the lowest of them), for the targets.
med_row() {
	local f
	f=$(for t in $3; do grep "^$1 $t $2/s|" "$ROWS"; done | awk -F'|' '
		function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		{ n++; tx[n] = $3; got[n] = $4; d[n] = $5; p50[n] = $6; p99[n] = $7; cpu[n] = $8
		  if (n == 1 || $5 + 0 < dmin + 0) { dmin = $5; gmin = $4 } }
		END { if (n) printf "%s|%s|%s|%s|%s|%s|%s", $2, med(tx, n), gmin, dmin, med(p50, n), med(p99, n), med(cpu, n) }')
	[ -n "$f" ] && row "$1 $2/s|$f|median of $(echo $3 | wc -w) runs above (delivered: the lowest)"
}

# many R N: 100 clients, each N/100 probes at R/100 per second.
many() {
	local r=$1 n=$2 i t0 t1 c0 c1 sum=0 sent=0 v pids="" agg sp
	rm -f "$D/go$r"
	i=0
	while [ $i -lt 100 ]; do
		# Each client waits for the start file, so all 100 start together.
		lab_bg client "$D/m$r.$i.log" sh -c "while [ ! -e $D/go$r ]; do sleep 0.01; done
			exec $NPECHO --echo-client $PASS --icmp --icmp-id $((3000 + i)) --no-probe-token \
			--rate $((r / 100)) -c $((n / 100)) -N $S4"
		pids="$pids $LAB_PID"
		i=$((i + 1))
	done
	# The server namespace's ICMP InEchos counter, sampled every 50 ms:
	# tcpdump at this rate would take the CPU the server needs.
	lab_bg server "$D/m$r.rate" sh -c 'while :; do
		awk -v t="$(date +%s.%N)" "/^Icmp:/ { if (!h) { for (i = 2; i <= NF; i++)
			if (\$i == \"InEchos\") k = i; h = 1 } else { print t, \$k; exit } }" /proc/net/snmp
		sleep 0.05; done'
	sp=$LAB_PID
	c0=$(cpu_ticks "$SPID")
	t0=$(now)
	: >"$D/go$r"
	for i in $pids; do
		lab_wait_exit "$i" 120 >/dev/null 2>&1
	done
	t1=$(now)
	c1=$(cpu_ticks "$SPID")
	lab_kill "$sp" INT >/dev/null 2>&1
	# Aggregate rate the server saw: echo requests over the samples from
	# the last one before the first probe to the first one after the last.
	agg=$(awk 'NR == 1 { c0 = $2 } { t[NR] = $1; c[NR] = $2; n = NR }
		END { for (i = 1; i < n && c[i + 1] == c0; i++) ;
		      for (j = n; j > i && c[j - 1] == c[n]; j--) ;
		      if (j > i && t[j] > t[i]) printf "%.0f", (c[j] - c[i]) / (t[j] - t[i]); else print "-" }' "$D/m$r.rate")
	i=0
	while [ $i -lt 100 ]; do
		v=$(echoed_recv "$D/m$r.$i.log")
		sum=$((sum + ${v:-0}))
		i=$((i + 1))
	done
	drops=$(grep 'disconnected' "$SLOG" | tail -100 |
		sed -n 's/.*dropped \([0-9]*\) queue-full.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
	row "npecho 100 clients $r/s|$n|$agg|$sum|$(pct "$sum" "$n")|-|-|$(cpu_pct $((c1 - c0)) "$(echo "$t1 - $t0" | bc)")|srv dropped $drops; wall $(echo "$t1 - $t0" | bc | cut -c1-4)s"
}

NOTE1="server capture ring drops over the 1-client runs: n/a (not run)"
if want one; then
	PIN=$ON_SRV
	srv_start "$D/srv1.log"
	one "npecho 1 client" 1000 2000
	one "npecho 1 client" 10000 20000
	# 100k/s five times, 2 s each: one 0.6 s run swung from 65k to 100k/s
	# and its p99 from 0.6 to 8 ms here (the VM's own pauses); the row the
	# targets read is the median of the five (delivery: the lowest).
	for k in 1 2 3 4 5; do
		one "npecho 1 client #$k" 100000 200000
	done
	med_row "npecho 1 client" 100000 "#1 #2 #3 #4 #5"
	srv_stop
	NOTE1="server capture ring drops over the 1-client runs: $CDROP"
fi
PIN=""
if want many10k; then
	srv_start "$D/srv2.log"
	many 10000 100000
	srv_stop
	sed -i "\$s/\$/; srv ring drops $CDROP/" "$ROWS"
fi
if want many100k; then
	srv_start "$D/srv3.log"
	many 100000 1000000
	srv_stop
	sed -i "\$s/\$/; srv ring drops $CDROP/" "$ROWS"
fi
# What if: the same server with TCP_NODELAY on its side channel (an
# LD_PRELOAD accept4 wrapper, bench/nodelay_shim.c), to isolate Nagle.
want nodelay &&
	cc -std=c11 -D_GNU_SOURCE -O2 -shared -fPIC -o "$B/nodelay.so" bench/nodelay_shim.c -ldl &&
	PIN=$ON_SRV && srv_start "$D/srv4.log" "$top/$B/nodelay.so" && {
	one "what-if NODELAY 1 client" 1000 2000
	one "what-if NODELAY 1 client" 10000 20000
	srv_stop
}

# nping server + nping client, same asked rates, 2,000 probes each.
nping_run() {
	local r=$1 n=2000 got t0 t1
	lab_bg server "$D/ns$r.log" $ON_SRV env LD_PRELOAD="$LAB_SHIM" nping --echo-server "$PASS" --once
	NPID=$LAB_PID
	lab_wait_port server 9929
	lab_exec client $ON_CLI timeout 60 env LD_PRELOAD="$LAB_SHIM" nping --echo-client "$PASS" \
		--icmp --rate "$r" -c $n -v "$S4" >"$D/nc$r.log" 2>&1
	lab_wait_exit "$NPID" 5 >/dev/null 2>&1 || lab_kill "$NPID" >/dev/null 2>&1
	got=$(sed -n 's/.*Echoed: \([0-9]*\).*/\1/p' "$D/nc$r.log" | tail -1)
	row "nping 1 client $r/s|$n|$(tx_pps <"$D/nc$r.log")|${got:-0}|$(pct "${got:-0}" $n)|-|-|-|nping 0.7.93 + shim"
}
if want nping && command -v nping >/dev/null 2>&1 && [ -n "$LAB_SHIM" ]; then
	nping_run 1000
	nping_run 10000
	nping_run 100000
fi

# 1,000 idle authenticated sessions on a --no-crypto server.
if want idle; then
	lab_bg server "$D/idle.log" sh -c "ulimit -n 4096; exec $NPECHO --echo-server x \
		--no-crypto --max-sessions 2000 --max-sessions-per-addr 2000 \
		--max-sessions-per-net 2000 --max-handshakes 2000 \
		--handshake-rate 65535 --idle-timeout 600"
	IPID=$LAB_PID
	lab_wait_port server 9929
	RSS0=$(vm "$IPID" VmRSS)
	lab_bg client "$D/idlec.log" python3 bench/echo_idle.py "$S4" 9929 1000
	PYPID=$LAB_PID
	lab_poll 60 grep -q '^ready' "$D/idlec.log"
	NIDLE=$(sed -n 's/^ready //p' "$D/idlec.log")
	sleep 0.5
	RSS1=$(vm "$IPID" VmRSS)
	lab_kill "$PYPID" >/dev/null 2>&1
	lab_kill "$IPID" >/dev/null 2>&1
fi

# ---- the table ----
pf() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {
	if (v == "" || v == "-") { print "n/a"; exit }
	ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 < t + 0); print ok ? "PASS" : "MISS" }'; }
echo "== Echo mode under load (28-byte ICMP probes, veth; one run a row, the 1-client 100k/s row the median of five)"
printf '%-33s %7s %9s %7s %8s %7s %7s %5s  %s\n' run probes "tx pps" echoed "deliv%" \
	"p50 us" "p99 us" "cpu%" notes
while IFS='|' read -r name n tx got d p50 p99 cpu note; do
	printf '%-33s %7s %9s %7s %8s %7s %7s %5s  %s\n' "$name" "$n" "${tx:--}" "$got" "$d" \
		"${p50:--}" "${p99:--}" "$cpu" "$note"
done <"$ROWS"
echo "  (cpu% = server CPU over the client run, % of one core; latency = capture"
echo "   at the server -> arrival at the client's interface, from tcpdump)"
[ -n "$ON_SRV" ] && echo "  (1-client, what-if and nping rows: server on CPU 0, client and tcpdumps on CPU 1)"
echo
get() { grep "^$1|" "$ROWS" | cut -d'|' -f"$2"; }
d10=$(get "npecho 1 client 10000/s" 5)
d100=$(get "npecho 100 clients 100000/s" 5)
p99a=$(get "npecho 1 client 10000/s" 7)
p99b=$(get "npecho 1 client 100000/s" 7)
# For bench/run.sh's closing table (BENCH_SUMMARY: a file to append to).
if [ -n "${BENCH_SUMMARY:-}" ]; then
	echo "echo_tx100k=$(get "npecho 1 client 100000/s" 3)" >>"$BENCH_SUMMARY"
	echo "echo_deliv100k=$(get "npecho 1 client 100000/s" 5)" >>"$BENCH_SUMMARY"
	echo "echo_p99_100k=$p99b" >>"$BENCH_SUMMARY"
fi
idle_mb=$(awk -v k="${RSS1:-0}" 'BEGIN { printf "%.1f", k / 1024 }')
printf '%-44s %-10s %-12s %s\n' target goal measured result
printf '%-44s %-10s %-12s %s\n' "delivery, 1 client at 10k/s" "100%" "$d10%" "$(pf "$d10" 100 '>=')"
printf '%-44s %-10s %-12s %s\n' "delivery, 100 clients at 100k/s aggregate" ">=99.9%" "${d100:-n/a}%" "$(pf "$d100" 99.9 '>=')"
printf '%-44s %-10s %-12s %s\n' "echo latency p99, 1 client at 10k/s" "<1000 us" "$p99a us" "$(pf "$p99a" 1000 '<')"
printf '%-44s %-10s %-12s %s\n' "echo latency p99, 1 client at 100k/s" "<1000 us" "$p99b us" "$(pf "$p99b" 1000 '<')"
if want idle; then
	printf '%-44s %-10s %-12s %s\n' "RSS with ${NIDLE:-0} idle sessions" "<64 MB" "$idle_mb MB" \
		"$([ "${NIDLE:-0}" -ge 1000 ] && pf "$idle_mb" 64 '<' || echo MISS)"
else
	printf '%-44s %-10s %-12s %s\n' "RSS with 1,000 idle sessions" "<64 MB" "MB" n/a
fi
echo "$NOTE1"
echo "server peak RSS over the load runs (VmHWM): ${HWM:-?} kB;" \
	"idle server before sessions: ${RSS0:-?} kB"
