#!/bin/sh
# probe_modes_v4.sh: every probe mode over IPv4, end to end in the lab.
#
#   +--------+ seg 1  +--------+ seg 2  +--------+ seg 3  +--------+
#   | client |east--west|  r1  |east--west|  r2  |east--west| server |
#   +--------+        +--------+        +--------+        +--------+
#   10.77.1.1      10.77.1.2 | 10.77.2.1  10.77.2.2 | 10.77.3.1  10.77.3.2
#   build/npecho                                     TCP 8080 listener,
#   (root, and uid nobody for                        UDP 7 echo (python3),
#    the unprivileged modes)                         tcpdump
#
# Raw TCP/UDP/ICMP/ARP probes and their matched replies, TTL 1 time
# exceeded, the unprivileged TCP-Connect and UDP modes, the --tr hop
# table, --mtu fragments reassembled by the server, several targets, and
# the probe spacing of --delay.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$(pwd)/build/npecho}

lab_create 2
lab_tap $? "lab client - r1 - r2 - server is up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
S=$LAB_SERVER4
C=$LAB_CLIENT4
R1=10.77.1.2
R2=10.77.2.2

lab_bg server "$LAB_DIR/srv.log" "$LAB_PYTHON" -c '
import socket, select
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("0.0.0.0", 8080)); t.listen(64)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("0.0.0.0", 7))
while True:
    r, _, _ = select.select([t, u], [], [])
    if t in r:
        c, _ = t.accept(); c.close()
    if u in r:
        d, a = u.recvfrom(65535); u.sendto(d, a)
'
lab_wait_port server 8080 tcp && lab_wait_port server 7 udp
lab_tap $? "server listens on TCP 8080 and UDP 7"

. "$(dirname "$0")/npecho_run.inc"

# --- raw TCP: RST from a closed port, SYN-ACK from a listening one.
run --tcp -p 81 -g 4001 -c 1 "$S"
has "^RCVD ([0-9.]*s) TCP $S:81 > $C:4001 RA ttl=62 " &&
	has "^Raw packets sent: 1 (40B) | Rcvd: 1 (40B) | Lost: 0 (0.00%)$"
lab_tap $? "SYN to a closed port: RST matched"
run --tcp -p 8080 -g 4002 -c 1 "$S"
has "^RCVD ([0-9.]*s) TCP $S:8080 > $C:4002 SA ttl=62 " &&
	has "| Rcvd: 1 (44B) | Lost: 0 (0.00%)$"
lab_tap $? "SYN to a listening port: SYN-ACK matched"

# --- raw UDP to a closed port: port unreachable decoded from the quote.
run --udp -p 7777 -c 1 "$S"
has "^RCVD ([0-9.]*s) ICMP \[$S > $C Port unreachable (type=3/code=3) \]" &&
	has "| Rcvd: 1 (56B) | Lost: 0 (0.00%)$"
lab_tap $? "UDP to a closed port: 'Port unreachable', as Nping prints it (8 quoted bytes)"
run --udp -p 7777 -c 1 -v "$S"
has "^RCVD ([0-9.]*s) ICMP \[$S > $C Port unreachable (type=3/code=3) \] IP \[ttl=62 "
lab_tap $? "the same at -v keeps Nping's MEDIUM line"

# --- ICMP echo and TTL 1.
run --icmp -c 2 --delay 100ms --icmp-id 4242 "$S"
[ "$(echo "$out" | grep -c "^RCVD .*Echo reply (type=0/code=0) id=4242 seq=[12]\]")" -eq 2 ]
lab_tap $? "ICMP echo: both replies matched"
run --icmp --ttl 1 -c 1 "$S"
has "^RCVD ([0-9.]*s) ICMP \[$R1 > $C TTL=0 during transit (type=11/code=0) \]" &&
	has "| Rcvd: 1 (56B) | Lost: 0 (0.00%)$" &&
	has "^Max rtt: [0-9.]*ms"
lab_tap $? "TTL 1: time exceeded from r1 matched, counted and timed"

# --- ARP to r1's address on the client segment.
run --arp -c 1 "$R1"
has "^RCVD ([0-9.]*s) ARP reply $R1 is at " &&
	has "| Rcvd: 1 (28B) | Lost: 0 (0.00%)$"
lab_tap $? "ARP request: reply matched"

# --- TCP-Connect as uid nobody: open and closed ports.
nobody -p 81,8080 -c 1 --delay 100ms "$S"
has "^SENT ([0-9.]*s) Starting TCP Handshake > $S:81$" &&
	has "^RCVD ([0-9.]*s) Possible TCP RST received from $S:81 --> Connection refused$" &&
	has "^SENT ([0-9.]*s) Starting TCP Handshake > $S:8080$" &&
	has "^RCVD ([0-9.]*s) Handshake with $S:8080 completed$" &&
	has "^TCP connection attempts: 2 | Successful connections: 1 | Failed: 1 (50.00%)$" &&
	[ "$rc" -eq 0 ]
lab_tap $? "TCP-Connect (non-root): open port completed, closed port RST"
nobody -p 8080 -c 2 --delay 100ms -g 5001 -H "$S"
! has "^SENT" && [ "$(echo "$out" | grep -c "^RCVD .*Handshake with $S:8080 completed$")" -eq 2 ]
lab_tap $? "TCP-Connect -g binds the source port for every round; -H hides SENT"

# TCP-Connect to a silent port: nothing printed, the run waits 1 s after
# the last probe for the pending connects (Nping: 1.20 s for this).
lab_nft_drop r1 up "tcp dport 9999"
nobody -p 9999 -c 2 --delay 200ms "$S"
secs=$(echo "$out" | sed -n 's/^npecho done: .* in \([0-9.]*\) seconds$/\1/p')
lab_log "silent port: done in $secs s"
[ "$(echo "$out" | grep -c '^RCVD')" -eq 0 ] &&
	has "^TCP connection attempts: 2 | Successful connections: 0 | Failed: 2 (100.00%)$" &&
	echo "$secs" | awk '{ exit !($1 >= 1.15 && $1 <= 1.35) }'
lab_tap $? "TCP-Connect to a silent port: no RCVD, ends 1 s after the last probe"

# --- UDP-Unprivileged as uid nobody.
nobody --udp -p 7 -c 2 --delay 100ms "$S"
[ "$(echo "$out" | grep -c "^SENT ([0-9.]*s) UDP packet with 4 bytes to $S:7$")" -eq 2 ] &&
	[ "$(echo "$out" | grep -c "^RCVD ([0-9.]*s) UDP packet with 4 bytes from $S:7$")" -eq 2 ] &&
	has "^UDP packets sent: 2 | Rcvd: 2 | Lost: 0 (0.00%)$" && has "^Max rtt: [0-9.]*ms"
lab_tap $? "UDP-Unprivileged (non-root): 4-byte datagrams echoed and timed"
nobody --udp -p 7 -c 1 -H "$S"
! has "^SENT" && has "^RCVD ([0-9.]*s) UDP packet with 4 bytes from $S:7$"
lab_tap $? "UDP-Unprivileged: -H hides SENT (Nping does not)"
nobody --udp -p 7777 -c 1 "$S"
[ "$err" = "$(echo "$err" | grep "^ERR: ([0-9.]*s) READ to $S:7777 failed: Connection refused$")" ] &&
	[ -n "$err" ] && has "^UDP packets sent: 1 | Rcvd: 0 | Lost: 1 (100.00%)$"
lab_tap $? "UDP-Unprivileged: port unreachable is an ERR line on stderr"

# --- traceroute: two routers, then the destination.
run --tr -c 4 --delay 100ms "$S"
has "^ 1  $R1  [0-9.]*ms  TTL=0 during transit (type=11/code=0)$" &&
	has "^ 2  $R2  [0-9.]*ms  TTL=0 during transit (type=11/code=0)$" &&
	has "^ 3  $S  [0-9.]*ms  Echo reply (type=0/code=0)  (destination)$" &&
	has "^Hops to $S (3 hops):$" && ! has "^ 4 "
lab_tap $? "--tr: hop table lists r1, r2 and the destination"
run --tr --tcp -p 81 -c 3 --delay 100ms "$S"
has "^ 3  $S  [0-9.]*ms  TCP RA  (destination)$" && has "^ 2  $R2 "
lab_tap $? "--tr --tcp: hop table ends with the RST of the destination"

# --- fragments: --mtu 16, reassembled by the server.
cap=$LAB_DIR/frag.pcap
lab_capture_start server west "$cap" 'ip and (icmp or tcp or (ip[6:2] & 0x3fff != 0))'
run --icmp --mtu 16 --data-length 40 -c 1 "$S"
has "^RCVD .*Echo reply (type=0/code=0)"
lab_tap $? "--mtu 16 ICMP echo: the reassembled request is answered"
run --tcp -p 81 -g 4003 --mtu 8 -c 1 "$S"
has "^RCVD ([0-9.]*s) TCP $S:81 > $C:4003 RA "
lab_tap $? "--mtu 8 TCP SYN: the reassembled SYN gets its RST"
# More fragments than the old fixed 64-slot table held (it said "Message
# too long"): 1428 bytes at --mtu 8 are 179 fragments.
run --icmp --mtu 8 --data-length 1400 -c 1 "$S"
has "^RCVD .*Echo reply (type=0/code=0)" && [ -z "$err" ]
lab_tap $? "--mtu 8, 1400 data bytes: 179 fragments leave, the reply comes"
lab_capture_wait "$cap" 3 'src host '"$C"' and ip[6:2] & 0x1fff != 0'
lab_capture_stop "$cap"
nf=$(lab_capture_count "$cap" "src host $C and icmp[0] = 8 and ip[6] & 0x20 != 0")
no=$(lab_capture_count "$cap" "src host $C and ip[6:2] & 0x1fff != 0 and ip[9] = 1")
lab_log "server saw $nf first fragments with MF, $no later ICMP fragments"
[ "$nf" -ge 1 ] && [ "$no" -ge 2 ]
lab_tap $? "the server saw the echo request as fragments (MF, offsets)"
n=$(lab_capture_count "$cap" "src host $S and icmp[0] = 0")
[ "$n" -ge 1 ]
lab_tap $? "the server sent the echo reply itself"

# --- several targets: per-host blocks.
run --icmp -c 1 "$S" "$R2"
has "^Statistics for host $S:$" && has "^Statistics for host $R2:$" &&
	has "^ |  Probes Sent: 1 | Rcvd: 1 | Lost: 0  (0.00%)$" &&
	has "^npecho done: 2 IP addresses pinged in "
lab_tap $? "two targets: one statistics block each"

# --- timing: -c 3 --delay 100ms.
run --icmp -c 3 --delay 100ms -H "$S"
run --icmp -c 3 --delay 100ms "$S"
ts=$(echo "$out" | sed -n 's/^SENT (\([0-9.]*\)s).*/\1/p' | tr '\n' ' ')
lab_log "SENT times: $ts"
echo "$ts" | awk '{ if (NF != 3) exit 1;
	for (i = 2; i <= 3; i++) { d = $i - $(i-1); if (d < 0.090 || d > 0.110) exit 1 } }'
lab_tap $? "-c 3 --delay 100ms: SENT lines 100 ms apart (90-110 ms)"

lab_tap_done
