#!/bin/sh
# probe_wire.sh: npecho's probes as the far side sees them.
#
#   +--------+           +--------+           +--------+
#   | client |east--west |   r1   |east--west | server |
#   +--------+           +--------+           +--------+
#   10.77.1.1 fd77:1::1                        10.77.2.2 fd77:2::2
#   build/npecho sends                         tcpdump, decoded by tshark
#
# An IPv4 TCP SYN with options, an IPv6 UDP datagram with a payload and two
# ICMP echo requests: each must decode on the server with the fields asked
# for and valid checksums (IP, TCP, UDP, ICMP), and the client must match
# the replies (RST, ICMPv6 port unreachable, echo replies).
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$(pwd)/build/npecho}

lab_create 1
lab_tap $? "lab client - r1 - server is up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
cap=$LAB_DIR/wire.pcap
lab_capture_start server west "$cap" 'tcp or udp or icmp or icmp6'
lab_tap $? "capture runs on the server"
ck="-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE"

# --- IPv4 TCP SYN to a closed port: RST matched.
out=$(lab_exec client "$NPECHO" --tcp -p 81 -g 4321 --seq 12345 --win 2048 \
	--ttl 40 --tcp-options mss=1400,sackok,nop,wscale=7 -c 1 "$LAB_SERVER4" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^SENT ([0-9.]*s) TCP $LAB_CLIENT4:4321 > $LAB_SERVER4:81 S ttl=40 "
lab_tap $? "SENT line of the SYN in Nping's LOW format"
echo "$out" | grep -q "^RCVD ([0-9.]*s) TCP $LAB_SERVER4:81 > $LAB_CLIENT4:4321 RA ttl=63 "
lab_tap $? "the server's RST is matched (RCVD)"
echo "$out" | grep -q "^Raw packets sent: 1 (52B) | Rcvd: 1 (40B) | Lost: 0 (0.00%)$"
lab_tap $? "counters: 1 sent (52 bytes with options), 1 received"

# --- IPv6 UDP with a payload to a closed port: ICMPv6 unreachable matched.
out=$(lab_exec client "$NPECHO" -6 --udp -p 7777 -g 5353 --data-string hello \
	-c 1 "$LAB_SERVER6" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^SENT ([0-9.]*s) UDP $LAB_CLIENT6:5353 > $LAB_SERVER6:7777 "
lab_tap $? "SENT line of the IPv6 UDP datagram shows our real source"
echo "$out" | grep -q "^RCVD ([0-9.]*s) ICMPv6 (58) $LAB_SERVER6 > $LAB_CLIENT6 (type=1/code=4)"
lab_tap $? "the ICMPv6 port unreachable quoting it is matched"

# --- ICMP echo, two probes, both answered.
out=$(lab_exec client "$NPECHO" --icmp -c 2 --delay 100ms --icmp-id 777 \
	"$LAB_SERVER4" 2>&1)
lab_log "$out"
[ "$(echo "$out" | grep -c "^RCVD .*Echo reply (type=0/code=0) id=777 seq=[12]\]")" -eq 2 ]
lab_tap $? "both echo replies matched with their id and seq"
echo "$out" | grep -q "^Max rtt: [0-9.]*ms | Min rtt: [0-9.]*ms | Avg rtt: [0-9.]*ms$"
lab_tap $? "RTTs measured"

lab_capture_wait "$cap" 4 '(tcp[13] = 2) or (ip6 and udp) or (icmp[0] = 8)'
lab_capture_stop "$cap"

# shellcheck disable=SC2086
f=$(lab_tshark "$cap" $ck -Y 'tcp.flags == 0x002' -T fields -e ip.ttl \
	-e tcp.srcport -e tcp.dstport -e tcp.seq_raw -e tcp.window_size_value \
	-e tcp.options.mss_val -e tcp.options.wscale.shift -e ip.checksum.status \
	-e tcp.checksum.status -E separator=' ')
lab_log "SYN on the server: $f"
[ "$f" = "39 4321 81 12345 2048 1400 7 1 1" ]
lab_tap $? "SYN decodes on the far side: ttl 39, ports, seq, window, MSS, wscale, checksums good"
# shellcheck disable=SC2086
n=$(lab_tshark "$cap" $ck -Y 'tcp.flags == 0x002 and tcp.options.sack_perm' | wc -l)
[ "$n" -eq 1 ]
lab_tap $? "SYN carries SACK-permitted"

# shellcheck disable=SC2086
f=$(lab_tshark "$cap" $ck -Y 'ipv6 and udp and not icmpv6' -T fields \
	-e ipv6.src -e ipv6.hlim -e udp.srcport -e udp.dstport -e udp.length \
	-e udp.payload -e udp.checksum.status -E separator=' ')
lab_log "UDP on the server: $f"
[ "$f" = "$LAB_CLIENT6 63 5353 7777 13 68656c6c6f 1" ]
lab_tap $? "IPv6 UDP decodes on the far side with payload and a good checksum"

# shellcheck disable=SC2086
f=$(lab_tshark "$cap" $ck -Y 'icmp.type == 8' -T fields -e icmp.ident \
	-e icmp.seq -e icmp.checksum.status -e ip.checksum.status -E separator=' ')
lab_log "echo requests on the server: $f"
[ "$(echo "$f" | tr '\n' ';')" = "777 1 1 1;777 2 1 1;" ]
lab_tap $? "ICMP echo requests decode with id 777, seq 1 and 2, checksums good"

lab_tap_done
