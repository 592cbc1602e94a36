#!/bin/sh
# probe_modes_v6.sh: every IPv6 probe mode, end to end in the lab.
#
#   +--------+ seg 1  +--------+ seg 2  +--------+ seg 3  +--------+
#   | client |east--west|  r1  |east--west|  r2  |east--west| server |
#   +--------+        +--------+        +--------+        +--------+
#   fd77:1::1     fd77:1::2 | fd77:2::1   fd77:2::2 | fd77:3::1   fd77:3::2
#   build/npecho -6                                  TCP 8080 listener,
#   (root, and uid nobody for                        UDP 7 echo (python3)
#    the unprivileged modes)
#
# Raw TCP/UDP/ICMPv6 probes and their matched replies, hop limit 1 time
# exceeded, TCP-Connect and UDP-Unprivileged, the --tr hop table, several
# targets and the probe spacing of --delay.  (No ARP over IPv6; npecho
# fragments IPv4 only.)
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$(pwd)/build/npecho}

lab_create 2
lab_tap $? "lab client - r1 - r2 - server is up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
S=$LAB_SERVER6
C=$LAB_CLIENT6
R1=fd77:1::2
R2=fd77:2::2

lab_bg server "$LAB_DIR/srv.log" "$LAB_PYTHON" -c '
import socket, select
t = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("::", 8080)); t.listen(64)
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.bind(("::", 7))
while True:
    r, _, _ = select.select([t, u], [], [])
    if t in r:
        c, _ = t.accept(); c.close()
    if u in r:
        d, a = u.recvfrom(65535); u.sendto(d, a)
'
lab_wait_port server 8080 tcp && lab_wait_port server 7 udp &&
	lab_wait_reach client "$S"
lab_tap $? "server listens on TCP 8080 and UDP 7, reachable"

NPECHO_ARGS=-6
. "$(dirname "$0")/npecho_run.inc"

# --- raw TCP.
run --tcp -p 81 -g 4001 -c 1 "$S"
has "^RCVD ([0-9.]*s) TCP $S:81 > $C:4001 RA " && has "| Rcvd: 1 (.*) | Lost: 0 (0.00%)$"
lab_tap $? "SYN to a closed port: RST matched"
run --tcp -p 8080 -g 4002 -c 1 "$S"
has "^RCVD ([0-9.]*s) TCP $S:8080 > $C:4002 SA " && has "| Rcvd: 1 (.*) | Lost: 0 (0.00%)$"
lab_tap $? "SYN to a listening port: SYN-ACK matched"

# --- raw UDP to a closed port: ICMPv6 port unreachable.
run --udp -p 7777 -c 1 "$S"
has "^RCVD ([0-9.]*s) ICMPv6 (58) $S > $C (type=1/code=4) " &&
	has "| Rcvd: 1 (.*) | Lost: 0 (0.00%)$"
lab_tap $? "UDP to a closed port: ICMPv6 port unreachable matched"

# --- ICMPv6 echo and hop limit 1.
run --icmp -c 2 --delay 100ms "$S"
[ "$(echo "$out" | grep -c "^RCVD ([0-9.]*s) ICMPv6 (58) $S > $C (type=129/code=0) ")" -eq 2 ] &&
	has "| Rcvd: 2 (.*) | Lost: 0 (0.00%)$"
lab_tap $? "ICMPv6 echo: both replies matched"
run --icmp --tr -c 1 "$S"
has "^RCVD ([0-9.]*s) ICMPv6 (58) $R1 > $C (type=3/code=0) " &&
	has "| Rcvd: 1 (.*) | Lost: 0 (0.00%)$" && has "^Max rtt: [0-9.]*ms"
lab_tap $? "hop limit 1 (--tr -c 1): time exceeded from r1 matched, counted and timed"

# --- unprivileged modes as uid nobody.
nobody -p 81,8080 -c 1 --delay 100ms "$S"
has "^RCVD ([0-9.]*s) Possible TCP RST received from $S:81 --> Connection refused$" &&
	has "^RCVD ([0-9.]*s) Handshake with $S:8080 completed$" &&
	has "^TCP connection attempts: 2 | Successful connections: 1 | Failed: 1 (50.00%)$"
lab_tap $? "TCP-Connect (non-root): open port completed, closed port RST"
nobody --udp -p 7 -c 2 --delay 100ms "$S"
[ "$(echo "$out" | grep -c "^RCVD ([0-9.]*s) UDP packet with 4 bytes from $S:7$")" -eq 2 ] &&
	has "^UDP packets sent: 2 | Rcvd: 2 | Lost: 0 (0.00%)$"
lab_tap $? "UDP-Unprivileged (non-root): datagrams echoed"
nobody --udp -p 7777 -c 1 "$S"
echo "$err" | grep -q "^ERR: ([0-9.]*s) READ to $S:7777 failed: Connection refused$"
lab_tap $? "UDP-Unprivileged: port unreachable is an ERR line on stderr"

# --- traceroute.
run --icmp --tr -c 4 --delay 100ms "$S"
has "^ 1  $R1  [0-9.]*ms  .* (type=3/code=0)$" &&
	has "^ 2  $R2  [0-9.]*ms  .* (type=3/code=0)$" &&
	has "^ 3  $S  [0-9.]*ms  .* (type=129/code=0)  (destination)$" &&
	has "^Hops to $S (3 hops):$"
lab_tap $? "--tr: hop table lists r1, r2 and the destination"

# --- several targets.
run --icmp -c 1 "$S" "$R2"
has "^Statistics for host $S:$" && has "^Statistics for host $R2:$" &&
	has "^npecho done: 2 IP addresses pinged in "
lab_tap $? "two targets: one statistics block each"

# --- timing.
run --icmp -c 3 --delay 100ms "$S"
ts=$(echo "$out" | sed -n 's/^SENT (\([0-9.]*\)s).*/\1/p' | tr '\n' ' ')
lab_log "SENT times: $ts"
echo "$ts" | awk '{ if (NF != 3) exit 1;
	for (i = 2; i <= 3; i++) { d = $i - $(i-1); if (d < 0.090 || d > 0.110) exit 1 } }'
lab_tap $? "-c 3 --delay 100ms: SENT lines 100 ms apart (90-110 ms)"

lab_tap_done
