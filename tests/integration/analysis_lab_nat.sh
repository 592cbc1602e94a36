#!/bin/sh
# analysis_lab_nat.sh: Packet Echo Analysis through address and TTL
# middleboxes built with nftables; each case asserts the EXACT tag set.
#
#   client --- r1 --- r2 --- r3 --- server      (lab_create 3)
#   10.77.1.1                       10.77.4.2   npecho --echo-server (9929)
#
#   case        middlebox                                   probes  tags
#   clean-tcp   none                                        TCP     hops
#   clean-udp   none (port unreachable, quote kept)         UDP     hops
#   masq        r2 masquerade                               TCP     nat-source hops
#   masq-rand   r2 masquerade fully-random                  TCP     nat-source port-source hops
#   masq-icmp   r2 masquerade (no id conflict: id kept)     ICMP    nat-source hops
#   dnat        r3 dnat V -> server (V = r3's west address) TCP     nat-dest hops
#   dnat-port   r3 dnat V:81 -> server:80                   TCP     nat-dest port-dest hops
#   ttl-set     r3 "ip ttl set 200" upstream                TCP     ttl-rewritten
#
# Clients: --echo-client -v -c 3 --delay 100ms; tags read from the
# "[tag, severity]" evidence markers (analysis_lab_lib.sh).  TAP.
set -u
. "$(dirname "$0")/analysis_lab_lib.sh"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
al_lab 3 || { lab_tap_done; exit 1; }
al_start_server srv 9929
lab_tap $? "echo server listens"
S=$LAB_SERVER4
V=$(lab_addr r3 4 west)
R=-c\ 3\ --delay\ 100ms

al_case clean-tcp "hops" : 9929 --tcp -p 80 $R "$S"
al_evidence clean-tcp hops | grep -q 'ip.ttl: sent 64, captured 61; probes 1, 2, 3 \['
lab_tap $? "clean-tcp: 3 hops in all 3 probes"

al_case clean-udp "hops" : 9929 --udp -p 7777 $R "$S"
grep -q '^Echoes: 0 duplicate, 3 of replies' "$LAB_DIR/clean-udp.out"
lab_tap $? "clean-udp: the 3 port unreachables were reply echoes"

al_case masq "nat-source hops" "lab_nft_masq r2" 9929 --tcp -p 80 $R "$S"
al_evidence masq nat-source | grep -q "sent $LAB_CLIENT4:[0-9]*, captured $(lab_addr r2 4 east):[0-9]*; probes 1, 2, 3 \["
lab_tap $? "masq: source is r2's east address in 3/3"

al_case masq-rand "nat-source port-source hops" \
	"lab_nft_masq r2 fully-random" 9929 --tcp -p 80 $R "$S"

al_case masq-icmp "nat-source hops" "lab_nft_masq r2" 9929 --icmp $R "$S"

al_case dnat "nat-dest hops" "lab_nft_dnat r3 'ip daddr $V' 'ip to $S'" \
	9929 --tcp -p 80 $R "$V"
al_evidence dnat nat-dest | grep -q "sent $V:80, captured $S:80;"
lab_tap $? "dnat: $V:80 -> $S:80"

al_case dnat-port "nat-dest port-dest hops" \
	"lab_nft_dnat r3 'ip daddr $V tcp dport 81' 'ip to $S:80' &&
	 lab_nft_dnat r3 'ip daddr $V' 'ip to $S'" 9929 --tcp -p 81 $R "$V"
al_evidence dnat-port port-dest | grep -q "tcp.dport: sent 81, captured 80;"
lab_tap $? "dnat-port: port 81 -> 80"

al_case ttl-set "ttl-rewritten" "lab_nft_rule r3 up 'ip ttl set 200'" \
	9929 --tcp -p 80 $R "$S"
al_evidence ttl-set ttl-rewritten | grep -q 'ip.ttl: sent 64, captured 200;'
lab_tap $? "ttl-set: 64 -> 200, no hop count"

lab_tap_done
