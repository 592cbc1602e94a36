#!/bin/sh
# analysis_lab_reply.sh: Packet Echo Analysis of the way back, with the
# reply-echo extension (our client <-> our server, doc/nep-extensions.md);
# each case asserts the EXACT tag set and one evidence line.  Last, the
# same middlebox run with -q (one line per finding) and -v (evidence).
#
#   client --- r1 --- r2 --- r3 --- server      (lab_create 3)
#                                   npecho --echo-server (9929, reply echo)
#
#   case          middlebox                                  probes        tags
#   no-reply      server's own nft: input tcp dport 80 drop  TCP           no-reply hops
#   no-reply-out  server's own nft: output tcp sport 80 drop TCP           no-reply hops
#   reply-win     r2 down: tcp sport 80 tcp window set 1000  TCP           reply-path-changed hops
#   reply-dscp    r2 down: ip dscp set af41                  ICMP echo     reply-path-changed hops
#   reply-ce      r2 down: ip ecn set ce                     ICMP --tos 2  hops
#   quiet         r2 masquerade + r2 down window 1000        TCP           nat-source reply-path-changed hops
#
# no-reply: the server captures from the wire (pcap), ahead of its host's
# input hook and behind its output hook, so in both cases it reports the
# probe and no reply of its host.  reply-ce: a CE mark on an ECT reply is
# ECN doing its job, not a change.  quiet: the NAT seen on the way out is
# undone before the replies are compared, so only the window is named.
# Clients: --echo-client -v -c 3 --delay 100ms (quiet: also -q).  TAP.
set -u
. "$(dirname "$0")/analysis_lab_lib.sh"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
al_lab 3 || { lab_tap_done; exit 1; }
al_start_server srv 9929
lab_tap $? "echo server listens"
S=$LAB_SERVER4
R=-c\ 3\ --delay\ 100ms

al_case no-reply "no-reply hops" \
	"lab_nft_local server input 'tcp dport 80 drop'" \
	9929 --tcp -p 80 $R "$S"
al_evidence no-reply no-reply |
	grep -q 'reply: captured -> no reply from the server host; probes 1, 2, 3 \['
lab_tap $? "no-reply: 3/3 captured, the host dropped them"
lab_nft_flush server

al_case no-reply-out "no-reply hops" \
	"lab_nft_local server output 'tcp sport 80 drop'" \
	9929 --tcp -p 80 $R "$S"
al_text no-reply-out no-reply | grep -q '^ |_3/3 probes reached the server but its host sent nothing back'
lab_tap $? "no-reply-out: the host's resets never left it"
lab_nft_flush server

al_case reply-win "reply-path-changed hops" \
	"lab_nft_rule r2 down 'tcp sport 80 tcp window set 1000'" \
	9929 --tcp -p 80 $R "$S"
al_evidence reply-win reply-path-changed |
	grep -q 'tcp.win: server sent 0, received 1000; probes 1, 2, 3 \['
lab_tap $? "reply-win: the resets' window 0 -> 1000 on the way back"

al_case reply-dscp "reply-path-changed hops" \
	"lab_nft_rule r2 down 'ip dscp set af41'" 9929 --icmp $R "$S"
al_evidence reply-dscp reply-path-changed |
	grep -q 'ip.dscp: server sent 0, received 34;'
lab_tap $? "reply-dscp: echo replies re-marked AF41 on the way back"

al_case reply-ce "hops" "lab_nft_rule r2 down 'ip ecn set ce'" \
	9929 --icmp --tos 2 $R "$S"

# -v and -q on the same middlebox: -q keeps the sentences of -v,
# one line per finding, and drops every evidence line.
Q="lab_nft_masq r2 && lab_nft_rule r2 down 'tcp sport 80 tcp window set 1000'"
al_case quiet "nat-source reply-path-changed hops" "$Q" \
	9929 --tcp -p 80 $R "$S"
al_evidence quiet reply-path-changed | grep -q 'tcp.win: server sent 0, received 1000;'
lab_tap $? "quiet: the NAT is undone, only the window is named on the way back"
# al_block NAME KIND: the analysis lines of NAME starting " |KIND", with
# port numbers masked (each run has its own random source port).
al_block() {
	sed -n '/^Packet Echo Analysis:/,$p' "$LAB_DIR/$1.out" |
		grep "^ |$2" | sed 's/:[0-9][0-9]*/:PORT/g'
}
[ "$(al_block quiet '_' | wc -l)" = 3 ] && [ "$(al_block quiet '    ' | wc -l)" = 3 ]
lab_tap $? "quiet -v: 3 findings, each with its evidence line"
al_reset
eval "$Q" && AL_VERBOSITY=-q && al_client quiet-q 9929 --tcp -p 80 $R "$S"
lab_tap $? "quiet -q: client run ended with an analysis"
AL_VERBOSITY=
[ "$(al_block quiet-q '_' | wc -l)" = 3 ] &&
	[ "$(al_block quiet-q '    ' | wc -l)" = 0 ] &&
	[ "$(al_block quiet '_')" = "$(al_block quiet-q '_')" ] &&
	[ "$(sed -n '/^Packet Echo Analysis:/,$p' "$LAB_DIR/quiet-q.out" |
		grep -vc '^ |_\|^Packet Echo Analysis:\|^npecho done')" = 0 ]
lab_tap $? "quiet -q: the same 3 sentences, one line each, no evidence"

lab_tap_done
