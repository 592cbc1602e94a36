#!/bin/sh
# send_ring.sh: the --send-eth transmit ring (net/send.c, PACKET_TX_RING)
# against the sendmmsg path it replaced as the default.
#
#   +--------+  veth  +--------+
#   | client |--------| server |   10.77.1.1 -> 10.77.1.2 (lab_create 0)
#   +--------+        +--------+   tcpdump and an nft counter on the server
#
# - -v says which path frames take (ring; sendmmsg with --no-tx-ring).
# - Frames arrive intact: every header field and payload byte the client
#   wrote (its -w file) is what the server captured, for frames from
#   42 bytes to the link's MTU, through both paths.
# - A frame longer than the MTU fails as before (EMSGSIZE), counted failed
#   and not sent, and the frames around it still go.
# - Counts exact: 200,000 probes as fast as they go, counted by the server.
# - Rate accurate: --rate 2000 over 2 s, asked vs achieved (client) and
#   the spacing of the arrivals at the server, within 1%.
# - The link going down mid-run: the frames sent while it was down are
#   counted failed with "Network is down", the run ends on time, and the
#   server got what was counted sent (but for at most two frames the kernel
#   accepted as the link went down, lost between the two ends: both paths).
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$(pwd)/build/npecho}

lab_create 0
lab_tap $? "lab client - server is up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
C=$LAB_CLIENT4
S=$LAB_SERVER4

# An nft counter of the client's UDP probes to port 9 reaching the server.
lab_nft server "table inet ring_cnt {
	counter probes { }
	chain input { type filter hook input priority -300; policy accept;
		ip saddr $C udp dport 9 counter name probes; }
}"
lab_tap $? "counter on the server"
probes() {
	lab_exec server nft list counter inet ring_cnt probes |
		sed -n 's/.*packets \([0-9]*\) .*/\1/p'
}
zero() { lab_exec server nft reset counter inet ring_cnt probes >/dev/null; }
sent() { echo "$1" | sed -n 's/^Raw packets sent: \([0-9]*\) .*/\1/p'; }

# --- which path
out=$(lab_exec client "$NPECHO" --udp -p 9 --send-eth -v -c 1 -N "$S" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^Transmit path: AF_PACKET TX ring (TPACKET_V2, .*) on east$"
lab_tap $? "--send-eth -v: frames go through the TX ring"
out=$(lab_exec client "$NPECHO" --udp -p 9 --send-eth --no-tx-ring -v -c 1 -N "$S" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^Transmit path: AF_PACKET sendmmsg (TX ring not asked for) on east$"
lab_tap $? "--no-tx-ring -v: through sendmmsg"
out=$(lab_exec client "$NPECHO" --udp -p 9 -v -c 1 -N "$S" 2>&1)
! echo "$out" | grep -q "^Transmit path"
lab_tap $? "no such line without --send-eth (raw IP path, Nping's -v output)"

# --- frames arrive intact, sizes from the smallest to the MTU, both paths;
# one over the MTU fails alone.
mtu=$(lab_exec client cat /sys/class/net/east/mtu)
max=$((mtu - 28))
fields="-T fields -E separator=/ -e frame.len -e eth.dst -e eth.src -e ip.id -e ip.len -e ip.ttl -e ip.checksum -e udp.srcport -e udp.checksum -e data.data"
for path in ring sendmmsg; do
	opt=""
	[ $path = sendmmsg ] && opt=--no-tx-ring
	cap=$LAB_DIR/intact-$path.pcap
	lab_capture_start server west "$cap" "udp and src host $C"
	n=0
	: >"$LAB_DIR/want-$path"
	for len in 0 1 18 100 1000 $((max - 1)) $max $((max + 1)) 7; do
		# shellcheck disable=SC2086
		out=$(lab_exec client "$NPECHO" --udp -p 9 -g $((20000 + len)) \
			--send-eth $opt --data-length $len -c 1 -N -H \
			-w "$LAB_DIR/c-$path-$len.pcap" "$S" 2>&1)
		lab_log "$out"
		if [ "$len" -gt "$max" ]; then
			echo "$out" | grep -q "^npecho: send to $S failed: Message too long$" &&
				[ "$(sent "$out")" = 0 ]
			lab_tap $? "$path: a frame over the MTU ($((len + 42)) bytes) fails with EMSGSIZE, not counted sent"
			continue
		fi
		[ "$(sent "$out")" = 1 ] || lab_log "$path: $len: not sent"
		# shellcheck disable=SC2086
		lab_tshark "$LAB_DIR/c-$path-$len.pcap" -Y "ip.src == $C and udp" \
			$fields >>"$LAB_DIR/want-$path"
		n=$((n + 1))
	done
	lab_capture_wait "$cap" $n
	lab_capture_stop "$cap"
	# shellcheck disable=SC2086
	lab_tshark "$cap" $fields >"$LAB_DIR/got-$path"
	[ "$(wc -l <"$LAB_DIR/want-$path")" -eq $n ] &&
		cmp -s "$LAB_DIR/want-$path" "$LAB_DIR/got-$path"
	st=$?
	lab_tap $st "$path: $n frames of 42..$((max + 42)) bytes arrive as sent (every field, every payload byte)"
	[ $st -eq 0 ] || diff "$LAB_DIR/want-$path" "$LAB_DIR/got-$path" >&2
done

# --- counts exact at full speed
for path in ring sendmmsg; do
	opt=""
	[ $path = sendmmsg ] && opt=--no-tx-ring
	zero
	# shellcheck disable=SC2086
	out=$(lab_exec client "$NPECHO" --udp -p 9 --send-eth $opt --flood -c 200000 -N -H "$S" 2>&1)
	lab_log "$(echo "$out" | tail -4)"
	got=$(probes)
	[ "$(sent "$out")" = 200000 ] && [ "$got" = 200000 ]
	lab_tap $? "$path: 200,000 frames as fast as they go: client says $(sent "$out") sent, the server got $got"
done

# --- rate accurate
cap=$LAB_DIR/rate.pcap
lab_capture_start server west "$cap" "udp and src host $C"
out=$(lab_exec client "$NPECHO" --udp -p 9 --send-eth --rate 2000 -c 4000 -N -H -v "$S" 2>&1)
lab_log "$(echo "$out" | tail -4)"
lab_capture_wait "$cap" 4000
lab_capture_stop "$cap"
tx=$(echo "$out" | sed -n 's/.*Tx pkts\/s: \([0-9.]*\).*/\1/p')
awk -v r="$tx" 'BEGIN { exit !(r >= 1980 && r <= 2020) }'
lab_tap $? "--rate 2000 through the ring: the client sent $tx/s"
arr=$(lab_tshark "$cap" -T fields -e frame.time_epoch | awk 'NR == 1 { a = $1 } { b = $1; n = NR }
	END { if (n > 1 && b > a) printf "%.1f %d", (n - 1) / (b - a), n; else print "0 " n }')
awk -v r="${arr% *}" 'BEGIN { exit !(r >= 1980 && r <= 2020) }' && [ "${arr#* }" = 4000 ]
lab_tap $? "the server saw ${arr#* } frames arrive at ${arr% *}/s"

# --- the link goes down for a second in the middle of a run
for path in ring sendmmsg; do
	opt=""
	[ $path = sendmmsg ] && opt=--no-tx-ring
	zero
	(sleep 1; lab_exec client ip link set east down; sleep 1
	 lab_exec client ip link set east up) &
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	out=$(lab_exec client timeout 20 "$NPECHO" --udp -p 9 --send-eth $opt \
		--rate 1000 -c 3000 -N -H "$S" 2>&1)
	rc=$?
	t1=$(date +%s%N)
	wait
	lab_wait_up client east >/dev/null 2>&1
	lab_log "$out"
	ms=$(( (t1 - t0) / 1000000 ))
	s=$(sent "$out")
	got=$(probes)
	[ $rc -eq 0 ] && [ "$ms" -lt 5000 ]
	lab_tap $? "$path: link down for 1 s: the run ends on time (${ms} ms, exit $rc)"
	echo "$out" | grep -q "^npecho: send to $S failed: Network is down$" &&
		[ "${s:-0}" -ge 1500 ] && [ "${s:-0}" -le 2500 ] &&
		[ "$got" -le "$s" ] && [ "$got" -ge $((s - 2)) ]
	lab_tap $? "$path: frames sent while it was down fail with 'Network is down': ${s:-?} of 3000 counted sent, the server got $got"
done

lab_tap_done
