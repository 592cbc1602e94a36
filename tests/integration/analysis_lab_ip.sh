#!/bin/sh
# analysis_lab_ip.sh: Packet Echo Analysis of IP header, ICMP id and
# length rewriting with nftables on r2 (upstream); each case asserts the
# EXACT tag set and one evidence line.
#
#   client --- r1 --- r2 --- r3 --- server      (lab_create 3)
#                                   npecho --echo-server (9929, reply echo)
#
#   case       middlebox on r2 (upstream)          probes                   tags
#   ecn        ip ecn set ect0                     TCP (Not-ECT)            ecn-changed hops
#   ecn-ce     ip ecn set ce                       TCP --tos 2 (ECT(0))     ecn-changed hops (info)
#   ecn6       ip6 ecn set ect0                    TCP over IPv6            ecn-changed hops
#   df-set     ip frag-off set 0x4000              TCP (no DF)              df-changed hops
#   df-clear   ip frag-off set 0                   TCP --df                 df-changed hops
#   ipopt      @nh,160,32 set 0x00009404           TCP, router alert        ip-options-changed hops
#   rr-clean   none                                TCP --ip-options R       hops
#   icmp-id    masquerade fully-random             ICMP echo                nat-source icmp-id-changed hops
#   icmp-clash masquerade, r1 pinged with id 4343  ICMP echo, id 4343       nat-source icmp-id-changed hops
#   truncated  ip length set 38 udp length set 18  UDP, 20 data bytes       payload-truncated hops
#              udp checksum set 0
#
# ipopt: a raw "@nh" write does not fix the IPv4 header checksum (nft 1.0.6
# computes checksums only for named header fields): "@nh,160,32 set
# 0x01010101" over a router alert option reached r3 with "bad cksum b330
# (->4533)" and was dropped there (probe-lost).  There is no other way to
# touch IPv4 options: "reset ip option ra" is a syntax error (reset only
# knows tcp), "ip option ra type set 1" loads to "Operation not supported"
# (the kernel's exthdr set is TCP-only).  So the rewrite swaps the two
# 16-bit words of the option, "94 04 00 00" -> "00 00 94 04": the
# one's-complement sum, hence the checksum, stays valid, and the option
# list now starts with EOL, i.e. the router alert was stripped.
# rr-clean: every router writes its address into a record-route option
# (and again on the way back): the option doing its job, no finding.
# icmp-id: fully-random NAT picks a random ICMP id even without a conflict.
# icmp-clash: plain masquerade keeps the id (analysis_lab_nat.sh masq-icmp)
# unless it is taken: r1, also behind r2's NAT, first pings the server with
# the client's id (npecho in probe mode), so the client's echoes need
# another one.  (A different id from icmp-id's: r2's conntrack keeps that
# one's mapping after the flush.)
# truncated: r3's kernel trims the frame to the shortened IP length before
# forwarding it; UDP checksum 0 means "none", so the server's host still
# answers with a port unreachable and the reply echo has nothing to add.
# Clients: --echo-client -v -c 3 --delay 100ms.  TAP.
set -u
. "$(dirname "$0")/analysis_lab_lib.sh"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
al_lab 3 || { lab_tap_done; exit 1; }
al_start_server srv 9929
lab_tap $? "echo server listens"
S=$LAB_SERVER4
R=-c\ 3\ --delay\ 100ms

al_case ecn "ecn-changed hops" "lab_nft_rule r2 up 'ip ecn set ect0'" \
	9929 --tcp -p 80 $R "$S"
al_evidence ecn ecn-changed |
	grep -q 'ip.ecn: sent Not-ECT, captured ECT(0); probes 1, 2, 3 \[ecn-changed, notice\]'
lab_tap $? "ecn: Not-ECT -> ECT(0), a notice"

al_case ecn-ce "ecn-changed hops" "lab_nft_rule r2 up 'ip ecn set ce'" \
	9929 --tcp -p 80 --tos 2 $R "$S"
al_evidence ecn-ce ecn-changed |
	grep -q 'ip.ecn: sent ECT(0), captured CE; .*\[ecn-changed, info\]'
lab_tap $? "ecn-ce: ECT(0) -> CE is a congestion mark (info)"

al_case ecn6 "ecn-changed hops" "lab_nft_rule r2 up 'ip6 ecn set ect0'" \
	9929 -6 --tcp -p 80 $R "$LAB_SERVER6"
al_evidence ecn6 ecn-changed | grep -q 'ip.ecn: sent Not-ECT, captured ECT(0);' &&
	al_evidence ecn6 hops | grep -q 'ip.hopl: sent 64, captured 61;'
lab_tap $? "ecn6: the IPv6 traffic class too"

al_case df-set "df-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 ip frag-off set 0x4000'" \
	9929 --tcp -p 80 $R "$S"
al_evidence df-set df-changed | grep -q 'ip.flags: sent -, captured DF;'
al_text df-set df-changed | grep -q 'DF bit set in 3/3 probes'
lab_tap $? "df-set: DF bit set"

al_case df-clear "df-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 ip frag-off set 0'" \
	9929 --tcp -p 80 --df $R "$S"
al_evidence df-clear df-changed | grep -q 'ip.flags: sent DF, captured -;'
lab_tap $? "df-clear: DF bit cleared"

al_case ipopt "ip-options-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 @nh,160,32 set 0x00009404'" \
	9929 --tcp -p 80 --ip-options '\x94\x04\x00\x00' $R "$S"
al_evidence ipopt ip-options-changed |
	grep -q 'ip.opts: sent router-alert, captured none;'
al_text ipopt ip-options-changed | grep -q ': router-alert removed in 3/3 probes:'
lab_tap $? "ipopt: router alert stripped"

al_case rr-clean "hops" : 9929 --tcp -p 80 --ip-options R $R "$S"
[ "$(grep -c '^CAPT .*RR{ 10.77.2.1 10.77.3.1 10.77.4.1#' \
	"$LAB_DIR/rr-clean.out")" = 3 ]
lab_tap $? "rr-clean: the 3 routers recorded their addresses, no finding"

al_case icmp-id "nat-source icmp-id-changed hops" \
	"lab_nft_masq r2 fully-random" 9929 --icmp --icmp-id 4242 $R "$S"
al_evidence icmp-id icmp-id-changed |
	grep -q 'icmp.id: sent 4242, captured [0-9]*; probes 1, 2, 3 \[' &&
	! al_evidence icmp-id icmp-id-changed | grep -q 'captured 4242;'
lab_tap $? "icmp-id: 4242 -> a random id"
[ "$(grep -c '^RCVD .*Echo reply.* id=4242 ' "$LAB_DIR/icmp-id.out")" = 3 ]
lab_tap $? "icmp-id: the NAT maps the replies back to 4242"

al_case icmp-clash "nat-source icmp-id-changed hops" \
	"lab_nft_masq r2 &&
	 { lab_exec r1 $NPECHO --icmp --icmp-id 4343 -c 1 $S >/dev/null 2>&1 || :; }" \
	9929 --icmp --icmp-id 4343 $R "$S"
al_evidence icmp-clash icmp-id-changed |
	grep -q 'icmp.id: sent 4343, captured [0-9]*; probes 1, 2, 3 \[' &&
	! al_evidence icmp-clash icmp-id-changed | grep -q 'captured 4343;'
lab_tap $? "icmp-clash: id 4343 already taken at the NAT, rewritten"

al_case truncated "payload-truncated hops" \
	"lab_nft_rule r2 up 'udp dport 7777 ip length set 38 udp length set 18 udp checksum set 0'" \
	9929 --udp -p 7777 --data-string 0123456789abcdefghij $R "$S"
al_evidence truncated payload-truncated |
	grep -q 'payload.len: sent 20 bytes, captured 10 bytes;'
lab_tap $? "truncated: 20 -> 10 data bytes"
[ "$(grep -c '^RCVD .*unreachable' "$LAB_DIR/truncated.out")" = 3 ]
lab_tap $? "truncated: the server's host still answers"

lab_tap_done
