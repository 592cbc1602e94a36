#!/bin/sh
# analysis_lab_tcp.sh: Packet Echo Analysis of TCP header rewriting with
# nftables payload statements on r2 (upstream); each case asserts the
# EXACT tag set and one evidence line.
#
#   client --- r1 --- r2 --- r3 --- server      (lab_create 3)
#                                   npecho --echo-server (9929, reply echo)
#
#   case   middlebox on r2, upstream tcp dport 80    probes               tags
#   seq    tcp sequence set 5000                     --seq 1000           tcp-seq-changed hops
#   ack    tcp ackseq set 777                        (ack 0, no ACK flag) tcp-ack-changed hops
#   flags  tcp flags set syn                         --flags syn,ece,cwr  tcp-flags-changed hops
#   urp    tcp urgptr set 5                          (urp 0)              tcp-urp-changed hops
#   opts   reset tcp option sack-perm                mss,sackok,ts        tcp-options-changed hops
#
# nft updates the TCP checksum for each of these, so the server's host
# answers (a reset: nothing listens on port 80) and the reply echo shows
# nothing changed on the way back.  seq: "tcp sequence set" keeps no
# state, so the reset acknowledges 5001, not 1001; the reply arrived as the
# server sent it, which is no return-path change (tests/unit/
# test_analysis_lab.c).  opts: "reset tcp option KIND" overwrites the option
# with NOPs (nft 1.0.6 has no "tcp option KIND remove": "Could not parse
# boolean type"); the analysis names the option removed.
# Clients: --echo-client -v -c 3 --delay 100ms.  TAP.
set -u
. "$(dirname "$0")/analysis_lab_lib.sh"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
al_lab 3 || { lab_tap_done; exit 1; }
al_start_server srv 9929
lab_tap $? "echo server listens"
S=$LAB_SERVER4
R=-c\ 3\ --delay\ 100ms

al_case seq "tcp-seq-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 tcp sequence set 5000'" \
	9929 --tcp -p 80 --seq 1000 $R "$S"
al_evidence seq tcp-seq-changed |
	grep -q 'tcp.seq: sent 1000, captured 5000; probes 1, 2, 3 \['
lab_tap $? "seq: 1000 -> 5000 in 3/3"
[ "$(grep -c '^RCVD .* RA ' "$LAB_DIR/seq.out")" = 3 ]
lab_tap $? "seq: 3 resets received (not a return-path change)"

al_case ack "tcp-ack-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 tcp ackseq set 777'" \
	9929 --tcp -p 80 $R "$S"
al_evidence ack tcp-ack-changed | grep -q 'tcp.ack: sent 0, captured 777;'
lab_tap $? "ack: 0 -> 777"

al_case flags "tcp-flags-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 tcp flags set syn'" \
	9929 --tcp -p 80 --flags syn,ece,cwr $R "$S"
al_evidence flags tcp-flags-changed | grep -q 'tcp.flags: sent CES, captured S;'
lab_tap $? "flags: ECN-setup SYN (CES) bleached to S"

al_case urp "tcp-urp-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 tcp urgptr set 5'" \
	9929 --tcp -p 80 $R "$S"
al_evidence urp tcp-urp-changed | grep -q 'tcp.urp: sent 0, captured 5;'
lab_tap $? "urp: 0 -> 5"

al_case opts "tcp-options-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 reset tcp option sack-perm'" \
	9929 --tcp -p 80 --tcp-options mss=1460,sackok,ts $R "$S"
al_evidence opts tcp-options-changed |
	grep -q 'tcp.opts: sent mss,sack-permitted,timestamp, captured mss,timestamp;'
lab_tap $? "opts: sack-permitted dropped from mss,sack-permitted,timestamp"
al_text opts tcp-options-changed | grep -q ': sack-permitted removed in 3/3 probes:'
lab_tap $? "opts: the sentence names the option removed"

lab_tap_done
