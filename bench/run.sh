#!/bin/sh
# bench/run.sh: `make bench`.  Printed tables, every figure measured in this
# one run, with ratios against anchors measured beside it:
#
#   +--------+  veth  +--------+
#   | client |--------| server |     10.77.1.1 -> 10.77.1.2 (lab_create 0)
#   +--------+        +--------+
#
# 1. Send throughput (pps) for 28-byte UDP and 40-byte TCP SYN probes:
#    npecho raw IP path and --send-eth path, nping and hping3 (when
#    installed), and the two reference senders (raw sendmmsg loop,
#    AF_PACKET sendmmsg loop with PACKET_QDISC_BYPASS).
# 2. Rate accuracy, asked vs achieved, npecho and nping, 100 .. 1M pps.
# 3. Peak RSS of the npecho runs.
# 4. NEP: handshakes/s and NEP_ECHO seal/open throughput.
# 5. Echo mode under load (bench/echo_load.sh).
# 6. The echo server under attack (bench/echo_attack.sh).
#
# BENCH_SECS (default 3) sets the length of each throughput run,
# BENCH_ROUNDS (default 5) how many times section 1 runs each sender.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/netns/lab.sh
SECS=${BENCH_SECS:-3}
B=build/bench
mkdir -p "$B"
LIBS="-lpcap -lcrypto -levent_core -lm"
cc -O2 -o $B/refsend_raw bench/refsend_raw.c || exit 1
cc -O2 -o $B/refsend_packet bench/refsend_packet.c || exit 1
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o $B/nep_bench bench/nep_bench.c \
	build/libnpecho.a $LIBS || exit 1
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o $B/rate_accuracy bench/rate_accuracy.c \
	build/libnpecho.a $LIBS || exit 1
NPECHO=$top/build/npecho

lab_create 0 >/dev/null 2>&1 || { echo "bench: lab failed" >&2; exit 1; }
DST=$LAB_SERVER4
SRC=$LAB_CLIENT4
DMAC=$(lab_ip server link show west | awk '/link\/ether/ {print $2}')
# Nothing must answer: drop everything on the server so replies cost nothing.
lab_nft_local server input 'drop' >/dev/null 2>&1

# peak RSS (kB) and output of a command run in the client namespace.
rss_run() {
	lab_exec client python3 -c '
import os, resource, subprocess, sys
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(p.stdout)
print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' "$@"
}

# pps from an Nping-style "Tx pkts/s" line
tx_pps() { sed -n 's/.*Tx pkts\/s: \([0-9.]*\).*/\1/p' | head -1; }
ref_pps() { sed -n 's/.*pps=\([0-9.]*\).*/\1/p' | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

npecho_pps() { # proto-args count [extra]
	rss_run "$NPECHO" $1 -p 9 --flood -N -H -v -c "$2" ${3:-} "$DST" >"$B/out" 2>&1
	tx_pps <"$B/out"
}
last_rss() { awk '/PEAK_RSS_KB/ {print $2}' "$B/out"; }

echo "== 1. Send throughput, veth between two namespaces, ${SECS}s runs"
# Each sender runs ROUNDS times, each npecho run right after its anchor's;
# the table shows the medians, and a ratio is the median of the rounds'
# ratios (each npecho run against the anchor run just before it): one run
# of each swung a ratio by +-10% here, and the host's load drifts between
# rounds (a ratio of the two medians once took its anchor from a fast
# round and npecho's from a slow one: SYN 0.81 from rounds of 0.77, 0.92
# and 0.98).
ROUNDS=${BENCH_ROUNDS:-5}
med() { tr ' ' '\n' | awk 'NF { v[++n] = $1 } END { if (!n) { print "n/a"; exit }
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
	print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'; }
R_UDP="" R_SYN="" P_UDP="" E_UDP="" E_SYN="" S_UDP="" S_SYN="" RATIOS=""
Q_UDP="" Q_SYN="" Q_ETH=""
rss1=0 rss2=0
i=0
while [ $i -lt "$ROUNDS" ]; do
	r_udp=$(lab_exec client $B/refsend_raw "$DST" "$SECS" udp | ref_pps)
	n=$(awk -v r="$r_udp" -v s="$SECS" 'BEGIN { printf "%d", r * s }')
	e_udp=$(npecho_pps --udp "$n")
	rss1=$(last_rss)
	r_syn=$(lab_exec client $B/refsend_raw "$DST" "$SECS" syn | ref_pps)
	n=$(awk -v r="$r_syn" -v s="$SECS" 'BEGIN { printf "%d", r * s }')
	e_syn=$(npecho_pps --tcp "$n")
	p_udp=$(lab_exec client $B/refsend_packet east "$DMAC" "$SRC" "$DST" "$SECS" | ref_pps)
	n=$(awk -v r="$p_udp" -v s="$SECS" 'BEGIN { printf "%d", r * s }')
	s_udp=$(npecho_pps --udp "$n" --send-eth)
	rss2=$(last_rss)
	s_syn=$(npecho_pps --tcp "$n" --send-eth)
	R_UDP="$R_UDP $r_udp" R_SYN="$R_SYN $r_syn" P_UDP="$P_UDP $p_udp"
	E_UDP="$E_UDP $e_udp" E_SYN="$E_SYN $e_syn" S_UDP="$S_UDP $s_udp" S_SYN="$S_SYN $s_syn"
	qu=$(ratio "$e_udp" "$r_udp") qs=$(ratio "$e_syn" "$r_syn") qe=$(ratio "$s_udp" "$p_udp")
	Q_UDP="$Q_UDP $qu" Q_SYN="$Q_SYN $qs" Q_ETH="$Q_ETH $qe"
	RATIOS="$RATIOS
  round $((i + 1)): raw udp $qu  raw syn $qs  eth udp $qe"
	i=$((i + 1))
done
r_udp=$(echo "$R_UDP" | med) r_syn=$(echo "$R_SYN" | med) p_udp=$(echo "$P_UDP" | med)
e_udp=$(echo "$E_UDP" | med) e_syn=$(echo "$E_SYN" | med)
s_udp=$(echo "$S_UDP" | med) s_syn=$(echo "$S_SYN" | med)
printf '%-34s %12s %12s %12s\n' "sender (median of $ROUNDS)" "udp28 pps" "syn40 pps" "peak RSS kB"
printf '%-34s %12s %12s\n' "raw sendmmsg loop (anchor)" "$r_udp" "$r_syn"
printf '%-34s %12s %12s\n' "AF_PACKET sendmmsg loop (anchor)" "$p_udp" "-"
printf '%-34s %12s %12s %12s\n' "npecho raw IP (--flood -N -H)" "$e_udp" "$e_syn" "$rss1"
printf '%-34s %12s %12s %12s\n' "npecho --send-eth (TX ring)" "$s_udp" "$s_syn" "$rss2"
echo "each round's ratios (npecho / the anchor run just before it):$RATIOS"
q_udp=$(echo "$Q_UDP" | med) q_syn=$(echo "$Q_SYN" | med) q_eth=$(echo "$Q_ETH" | med)
g_udp=0
g_syn=0
if command -v nping >/dev/null 2>&1; then
	g_udp=$(lab_exec client nping --udp -p 9 --rate 1000000 -N -H -v -c 300000 "$DST" 2>/dev/null | tx_pps)
	g_syn=$(lab_exec client nping --tcp -p 9 --rate 1000000 -N -H -v -c 300000 "$DST" 2>/dev/null | tx_pps)
	printf '%-34s %12s %12s\n' "nping 0.7.93 (--rate 1000000)" "$g_udp" "$g_syn"
fi
if command -v hping3 >/dev/null 2>&1; then
	h=$(lab_exec client timeout -s INT "$SECS" hping3 --udp -p 9 --flood "$DST" 2>&1 |
		sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p')
	h_udp=$(awk -v n="${h:-0}" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
	h=$(lab_exec client timeout -s INT "$SECS" hping3 -S -p 9 --flood "$DST" 2>&1 |
		sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p')
	h_syn=$(awk -v n="${h:-0}" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
	printf '%-34s %12s %12s\n' "hping3 --flood" "$h_udp" "$h_syn"
fi
echo
echo "ratios: against the anchors the median of the rounds' ratios, against nping"
echo "the medians' (the throughput targets are at the end; against nping: >= 4x):"
printf '  npecho raw / raw loop:        udp %s  syn %s\n' "$q_udp" "$q_syn"
printf '  npecho eth / AF_PACKET loop:  udp %s\n' "$q_eth"
printf '  npecho raw / nping:           udp %s  syn %s\n' "$(ratio "$e_udp" "$g_udp")" "$(ratio "$e_syn" "$g_syn")"
printf '  npecho eth / nping:           udp %s  syn %s\n' "$(ratio "$s_udp" "$g_udp")" "$(ratio "$s_syn" "$g_syn")"

echo
echo "== 2. Rate accuracy (28-byte UDP, -N -H), asked vs achieved pps"
err() { awk -v a="${1:-0}" -v r="$2" 'BEGIN { printf "%+.2f%%", (a - r) * 100 / r }'; }
printf '%10s %13s %8s %13s %8s %13s %8s\n' "asked" "npecho raw" "error" \
	"npecho eth" "error" "nping" "error"
for rate in 100 1000 10000 100000 1000000; do
	c=$(awk -v r=$rate 'BEGIN { c = r * 2; if (c < 300) c = 300; printf "%d", c }')
	a=$(lab_exec client "$NPECHO" --udp -p 9 --rate $rate -N -H -v -c "$c" "$DST" 2>/dev/null | tx_pps)
	e=$(lab_exec client "$NPECHO" --udp -p 9 --rate $rate -N -H -v -c "$c" --send-eth "$DST" 2>/dev/null | tx_pps)
	b="-"
	eb="-"
	if command -v nping >/dev/null 2>&1; then
		# nping ignores rates above 1000/s: cap its count so it ends.
		nc=$c
		[ "$nc" -gt 300000 ] && nc=300000
		b=$(lab_exec client timeout 60 nping --udp -p 9 --rate $rate -N -H -v -c "$nc" "$DST" 2>/dev/null | tx_pps)
		eb=$(err "$b" $rate)
	fi
	printf '%10s %13s %8s %13s %8s %13s %8s\n' "$rate" "$a" "$(err "$a" $rate)" \
		"$e" "$(err "$e" $rate)" "$b" "$eb"
done

echo
echo "== 3. Scheduler alone and the raw sender (bench/rate_accuracy)"
lab_exec client $B/rate_accuracy -s 1 -r "$DST" 100 1000 10000 100000 1000000

echo
echo "== 4. NEP (one core, in memory)"
$B/nep_bench
SUMMARY=$B/summary
: >"$SUMMARY"
echo; BENCH_SUMMARY=$SUMMARY sh "$top/bench/echo_load.sh"
echo; sh "$top/bench/echo_attack.sh"

# The throughput targets (issue #20), every figure from this run.
sget() { sed -n "s/^$1=//p" "$SUMMARY" | tail -1; }
pf() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (v == "" || v == "n/a") { print "n/a"; exit }
	ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 < t + 0); print ok ? "PASS" : "MISS" }'; }
tgt() { printf '%-58s %10s %10s  %s\n' "$1" "$2" "$3" "$(pf "$2" "$4" "$5")"; }
ru=$q_udp
rs=$q_syn
re=$q_eth
echo
echo "== Throughput targets, anchors measured in this run ($(nproc) cores)"
printf '%-58s %10s %10s  %s\n' figure now target result
tgt "raw IP path, 28-byte UDP, vs raw sendmmsg loop" "$ru" ">= 0.95" 0.95 ">="
tgt "raw IP path, 40-byte SYN, vs raw sendmmsg loop" "$rs" ">= 0.95" 0.95 ">="
tgt "--send-eth, UDP, vs AF_PACKET sendmmsg + bypass loop" "$re" ">= 1.00" 1.00 ">="
tgt "echo, 1 client asked for 100,000/s: achieved send rate" "$(sget echo_tx100k)" ">= 95000" 95000 ">="
tgt "echo, 1 client at 100,000/s: delivered %" "$(sget echo_deliv100k)" "100" 100 ">="
tgt "echo, 1 client at 100,000/s: p99 capture-to-client us" "$(sget echo_p99_100k)" "< 1000" 1000 "<"
