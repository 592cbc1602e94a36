#!/bin/sh
# selftest.sh: exercises tests/netns/lab.sh; prints TAP.
#
#   +--------+        +--------+        +--------+        +--------+
#   | client |east--west|  r1  |east--west|  r2  |east--west| server |
#   +--------+        +--------+        +--------+        +--------+
#   10.77.1.1          NAT out east      mangle (up):      10.77.3.2
#   fd77:1::1          (masquerade       MSS 536, ttl 33,  fd77:3::2
#                       fully-random)    dscp cs1, win 1000,
#                                        ip id 1234, payload rewrite,
#                                        dnat, reset / drop / 50 % loss
#
# Captures with tcpdump on both ends, decodes with tshark.  Ends by tearing
# the lab down (explicitly, and through the TERM trap in a child shell) and
# checking no namespace or process is left.
set -u
. "$(dirname "$0")/lab.sh"

PY=$LAB_PYTHON
# tcp_server PORT COUNT: accept COUNT connections on [::]:PORT (v4 and v6).
TCP_SERVER='import socket,sys
s=socket.socket(socket.AF_INET6)
s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_V6ONLY,0)
s.bind(("::",int(sys.argv[1])));s.listen(8)
for i in range(int(sys.argv[2])):
    c,a=s.accept();print(a[0],flush=True);c.close()'
# tcp_connect ADDR PORT: connect; exit 0 on success, 3 on refused.
TCP_CONNECT='import socket,sys
try:
    socket.create_connection((sys.argv[1],int(sys.argv[2])),timeout=3).close()
except ConnectionRefusedError:
    sys.exit(3)'
# udp_send ADDR PORT PAYLOAD
UDP_SEND='import socket,sys
a=sys.argv[1];f=socket.AF_INET6 if ":" in a else socket.AF_INET
socket.socket(f,socket.SOCK_DGRAM).sendto(sys.argv[3].encode(),(a,int(sys.argv[2])))'

lab_create 2
lab_tap $? "lab with 2 routers comes up (links up, no tentative address)"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_log "lab $LAB_ID in $LAB_DIR"

n=$(ip netns list | grep -c "^$LAB_ID-")
[ "$n" -eq 4 ]
lab_tap $? "4 namespaces named $LAB_ID-*"

lab_ping client "$LAB_SERVER4" >&2 && lab_ping client "$LAB_SERVER6" >&2
lab_tap $? "client pings server over v4 and v6 through 2 routers"

lab_ok "masquerade (fully-random) loads on r1" lab_nft_masq r1 fully-random
lab_ok "MSS clamp loads on r2" lab_nft_mss r2 536
lab_nft_rule r2 up 'ip ttl set 33' &&
	lab_nft_rule r2 up 'ip dscp set cs1' &&
	lab_nft_rule r2 up 'ip6 dscp set cs1' &&
	lab_nft_rule r2 up 'ip id set 1234' &&
	lab_nft_rule r2 up 'tcp window set 1000' &&
	lab_nft_rule r2 up 'udp dport 7777 @ih,0,16 set 0x4142'
lab_tap $? "ttl/dscp/ip id/tcp window/payload rewrite rules load on r2"

# --- NAT: the server must see r1's east address, never the client's.
cap=$LAB_DIR/nat.pcap
lab_capture_start server west "$cap" 'icmp or icmp6'
lab_tap $? "capture starts on server west"
lab_ping client "$LAB_SERVER4" 2 >&2 && lab_ping client "$LAB_SERVER6" 2 >&2
lab_tap $? "ping v4 and v6 across the NAT"
lab_capture_wait "$cap" 4 'icmp[0] = 8 or ip6[40] = 128'
lab_capture_stop "$cap"
src4=$(lab_tshark "$cap" -Y 'icmp.type == 8' -T fields -e ip.src | sort -u)
src6=$(lab_tshark "$cap" -Y 'icmpv6.type == 128' -T fields -e ipv6.src | sort -u)
lab_log "echo requests seen on server from: $src4 $src6"
[ "$src4" = "$(lab_addr r1 4 east)" ]
lab_tap $? "NAT rewrote the IPv4 source to r1's east address"
[ "$src6" = "$(lab_addr r1 6 east)" ]
lab_tap $? "NAT rewrote the IPv6 source to r1's east address"

# --- TCP through r2's mangle rules, captured on both sides.
lab_bg server "$LAB_DIR/tcp.log" timeout 20 "$PY" -c "$TCP_SERVER" 8080 2
lab_wait_port server 8080
lab_tap $? "lab_wait_port sees the server's listener"
capc=$LAB_DIR/syn-client.pcap
caps=$LAB_DIR/syn-server.pcap
lab_capture_start client east "$capc" 'tcp port 8080' &&
	lab_capture_start server west "$caps" 'tcp port 8080'
lab_tap $? "two captures run at once"
lab_exec client timeout 10 "$PY" -c "$TCP_CONNECT" "$LAB_SERVER4" 8080 &&
	lab_exec client timeout 10 "$PY" -c "$TCP_CONNECT" "$LAB_SERVER6" 8080
lab_tap $? "TCP connects over v4 and v6 through NAT + mangle"
lab_capture_wait "$caps" 2 'tcp[13] = 2 or ip6[53] = 2'
lab_capture_stop
mss_c=$(lab_tshark "$capc" -Y 'tcp.flags == 0x002' -T fields -e tcp.options.mss_val | sort -u | tr '\n' ' ')
f4='ip.ttl,ip.dsfield.dscp,ip.id,tcp.window_size_value,tcp.options.mss_val'
syn4=$(lab_tshark "$caps" -Y 'ip && tcp.flags == 0x002' -T fields -E separator=, \
	$(echo "$f4" | sed 's/,/ -e /g; s/^/-e /'))
syn6=$(lab_tshark "$caps" -Y 'ipv6 && tcp.flags == 0x002' -T fields -E separator=, \
	-e ipv6.tclass.dscp -e tcp.options.mss_val)
lab_log "client-side SYN MSS: $mss_c; server-side v4 SYN ($f4): $syn4; v6 (dscp,mss): $syn6"
case $mss_c in *536*) false ;; '') false ;; *) true ;; esac
lab_tap $? "client sends SYNs with an unclamped MSS"
[ "$syn4" = "33,8,0x04d2,1000,536" ]
lab_tap $? "v4 SYN on the server: ttl 33, dscp cs1, id 1234, window 1000, MSS 536"
[ "$syn6" = "8,536" ]
lab_tap $? "v6 SYN on the server: dscp cs1, MSS 536"
peers=$(sort -u "$LAB_DIR/tcp.log" | tr '\n' ' ')
lab_log "server accepted from: $peers"
[ "$peers" = "::ffff:$(lab_addr r1 4 east) $(lab_addr r1 6 east) " ]
lab_tap $? "server's TCP peers are the NAT addresses"

# --- raw payload rewrite: "AAAA" leaves the client, "ABAA" reaches the server.
capu=$LAB_DIR/udp.pcap
lab_capture_start server west "$capu" 'udp port 7777'
lab_exec client "$PY" -c "$UDP_SEND" "$LAB_SERVER4" 7777 AAAA
lab_capture_wait "$capu" 1
lab_capture_stop "$capu"
pl=$(lab_tshark "$capu" -T fields -e data.data)
lab_log "udp payload on server: $pl"
[ "$pl" = 41424141 ]
lab_tap $? "@ih payload rewrite changed the first two bytes"

# --- dnat: UDP to r2's west address port 5000 lands on the server:5001.
lab_nft_dnat r2 "ip daddr $(lab_addr r2 4 west) udp dport 5000" "ip to $LAB_SERVER4:5001"
lab_tap $? "dnat rule loads on r2"
capd=$LAB_DIR/dnat.pcap
lab_capture_start server west "$capd" 'udp port 5001'
lab_exec client "$PY" -c "$UDP_SEND" "$(lab_addr r2 4 west)" 5000 dnat
lab_capture_wait "$capd" 1
lab_capture_stop "$capd"
d=$(lab_tshark "$capd" -T fields -e ip.src -e ip.dst -e udp.dstport | tr '\t' ' ')
lab_log "dnat packet on server: $d"
[ "$d" = "$(lab_addr r1 4 east) $LAB_SERVER4 5001" ]
lab_tap $? "dnat forwarded r2:5000 to the server's port 5001 (after r1's NAT)"

# --- reject with tcp reset and drop on r2, only for port 8081 / udp 9.
lab_nft_reset r2 up 'tcp dport 8081' && lab_nft_drop r2 up 'udp dport 9'
lab_tap $? "reset and drop rules load"
capr=$LAB_DIR/rst.pcap
lab_capture_start server west "$capr" 'tcp port 8081 or udp port 9 or icmp'
lab_exec client timeout 10 "$PY" -c "$TCP_CONNECT" "$LAB_SERVER4" 8081
lab_tap $(($? != 3)) "connect to port 8081 is refused (RST from r2)"
lab_exec client "$PY" -c "$UDP_SEND" "$LAB_SERVER4" 9 x
# Sync point: the ping follows the same path, so once the server's capture
# holds it, anything sent before it would be there too.
lab_ping client "$LAB_SERVER4" >/dev/null
lab_capture_wait "$capr" 1 icmp
lab_capture_stop "$capr"
[ "$(lab_capture_count "$capr" icmp)" -ge 1 ] &&
	[ "$(lab_capture_count "$capr" not icmp)" -eq 0 ]
lab_tap $? "neither the SYN to 8081 nor the UDP to port 9 reached the server"

# --- 50 % random loss on ICMP going up.
lab_nft_loss r2 up 50 'meta l4proto icmp'
lab_tap $? "numgen loss rule loads"
got=$(lab_ping client "$LAB_SERVER4" 40 0.2 | sed 's|/.*||')
lab_log "loss: $got/40 replies"
[ "${got:-0}" -ge 4 ] && [ "${got:-0}" -le 36 ]
lab_tap $? "50 % loss lets some but not all of 40 pings through"
lab_nft_flush r2
lab_ping client "$LAB_SERVER4" 5 >&2
lab_tap $? "after nft flush on r2 every ping gets through"

# --- host rules on the server itself.
lab_nft_local server input 'meta l4proto icmp drop' &&
	! lab_ping client "$LAB_SERVER4" 1 0.3 >&2 &&
	lab_ping client "$LAB_SERVER6" >&2
lab_tap $? "lab_nft_local drops ICMP at the server's input, ICMPv6 passes"
lab_nft_flush server

# --- MTU.
lab_seg_mtu 2 1300
lab_ip r1 link show east | grep -q 'mtu 1300' &&
	lab_ip r2 link show west | grep -q 'mtu 1300'
lab_tap $? "lab_seg_mtu sets both ends of segment 2"

# --- teardown, explicit.
bgpid=$LAB_PID
id=$LAB_ID
lab_cleanup
[ -z "$(ip netns list | grep "^$id-")" ]
lab_tap $? "lab_cleanup removes every namespace"
! lab__alive "$bgpid"
lab_tap $? "lab_cleanup killed the background server"

# --- teardown through the TERM trap of a child shell.
out=$(LAB_PREFIX=npltrap sh -c '
	. "$1/lab.sh"
	lab_create 1 || exit 1
	lab_bg server /dev/null sleep 60
	echo "$LAB_ID $LAB_PID"
	kill -TERM $$
	sleep 5' sh "$LAB_LIBDIR")
rc=$?
cid=${out% *}
cpid=${out#* }
lab_log "child lab '$cid' pid '$cpid' exited $rc"
[ "$rc" -eq 143 ] && [ -n "$cid" ] && [ -z "$(ip netns list | grep "^$cid-")" ]
lab_tap $? "TERM in a lab script tears the lab down"
! lab__alive "$cpid"
lab_tap $? "TERM trap killed the child's background process"

lab_tap_done
