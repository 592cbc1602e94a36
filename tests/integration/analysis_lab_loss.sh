#!/bin/sh
# analysis_lab_loss.sh: Packet Echo Analysis of loss and forgery built with
# nftables on r2; each case asserts the EXACT tag set.
#
#   client --- r1 --- r2 --- r3 --- server      (lab_create 3)
#                                   npecho --echo-server (9929, reply echo)
#
#   case       middlebox on r2                          probes        tags
#   reset      reject with tcp reset, upstream dport 80 TCP -c 3      probe-lost forged-reply
#   drop-up    drop upstream tcp dport 80               TCP -c 3      probe-lost
#   drop-down  drop downstream tcp sport 80 (replies)   TCP -c 3      reply-lost hops
#   loss       numgen random mod 100 < 50 drop, ICMP up ICMP -c 10    probe-lost hops
#   ratelimit  none: the server's host limits its ICMP  UDP -c 40     icmp-rate-limited hops
#              errors (Linux defaults: a burst of 6,   (10 ms apart,
#              then one a second per destination)      closed port)
#
# reset: the SYN never reaches the server and the RST comes from r2 in the
# server's name.  Nothing was captured, so there is no hop count; the
# session has the reply-echo extension, so a reply to a probe the server
# never saw is forged (analysis.h) even though no probe was captured.
# loss: ICMP echo probes differ by sequence number, so every echo belongs
# to exactly one probe; the count "k/10" must match the probes missing a
# CAPT line (a run where 0 or 10 were dropped is retried once).  (Ten
# identical TCP SYNs are not used: see the report on echo association.)
# Clients: --echo-client -v --delay 100ms.  TAP.
set -u
. "$(dirname "$0")/analysis_lab_lib.sh"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
al_lab 3 || { lab_tap_done; exit 1; }
al_start_server srv 9929
lab_tap $? "echo server listens"
S=$LAB_SERVER4
R=-c\ 3\ --delay\ 100ms

al_case reset "probe-lost forged-reply" \
	"lab_nft_reset r2 up 'tcp dport 80'" 9929 --tcp -p 80 $R "$S"
al_evidence reset forged-reply |
	grep -q "reply: probe not captured -> TCP AR from $S:80; probes 1, 2, 3 \["
lab_tap $? "reset: 3/3 resets in the server's name for uncaptured SYNs"
! grep -q '^CAPT ' "$LAB_DIR/reset.out" &&
	[ "$(grep -c '^RCVD .* RA ' "$LAB_DIR/reset.out")" = 3 ]
lab_tap $? "reset: no CAPT, 3 RA received"

al_case drop-up "probe-lost" "lab_nft_drop r2 up 'tcp dport 80'" \
	9929 --tcp -p 80 $R "$S"
al_text drop-up probe-lost | grep -q '3/3 probes never reached the server'
lab_tap $? "drop-up: 3/3 lost"

al_case drop-down "reply-lost hops" "lab_nft_drop r2 down 'tcp sport 80'" \
	9929 --tcp -p 80 $R "$S"
al_text drop-down reply-lost | grep -q 'replied to 3/3 probes but the replies never reached you'
lab_tap $? "drop-down: 3/3 replies lost"

# loss_run: one 10-probe run; sets LOSS_OK, K (probes lost as the text
# says) and C (probes with a CAPT line).
loss_run() {
	al_reset
	lab_nft_loss r2 up 50 'ip protocol icmp' &&
		al_client loss 9929 --icmp -c 10 --delay 100ms "$S"
	LOSS_OK=$?
	K=$(al_text loss probe-lost |
		sed -n 's/^ |_\([0-9]*\)\/10 probes never.*/\1/p')
	C=$(grep -c '^CAPT ' "$LAB_DIR/loss.out")
}
loss_run
if [ "$LOSS_OK" = 0 ] && { [ "$C" = 0 ] || [ "$C" = 10 ]; }; then
	lab_log "loss: $C/10 captured, once in 512 runs: again"
	loss_run
fi
lab_tap "$LOSS_OK" "loss: client run ended with an analysis"
al_expect loss "probe-lost hops"
[ -n "$K" ] && [ "$K" -ge 1 ] && [ "$K" -le 9 ] && [ $((K + C)) = 10 ]
lab_tap $? "loss: $K/10 lost, $C captured"

# Identical TCP SYNs (same ports, seq and IP id every round) under loss:
# each echo must go to the probe it belongs to, not slide onto a lost one.
tloss_run() {
	al_reset
	lab_nft_loss r2 up 50 'tcp dport 80' &&
		al_client tloss 9929 --tcp -p 80 -c 10 --delay 100ms "$S"
	TLOSS_OK=$?
	C=$(grep -c '^CAPT ' "$LAB_DIR/tloss.out")
}
tloss_run
if [ "$TLOSS_OK" = 0 ] && { [ "$C" = 0 ] || [ "$C" = 10 ]; }; then
	tloss_run
fi
lab_tap "$TLOSS_OK" "identical SYNs under loss: client run ended with an analysis"
al_expect tloss "probe-lost hops"

# --- ratelimit: the target's own ICMP rate limit (back to Linux's
# defaults for this case; al_lab turned it off).
lab_sysctl server net.ipv4.icmp_ratelimit=1000 net.ipv4.icmp_msgs_per_sec=1000
sleep 1.1 # a full token bucket for this destination
al_case ratelimit "hops icmp-rate-limited" true 9929 --udp -p 7777 -c 40 \
	--delay 10ms "$S"
al_text ratelimit icmp-rate-limited |
	grep -q "after the first 6 were answered and then 0 of the next 34: the target rate-limits its ICMP errors"
lab_tap $? "ratelimit: a burst of 6 answered, then none: named as the target's rate limit"
! grep -q 'no listener\|firewall\|never reached' "$LAB_DIR/ratelimit.out"
lab_tap $? "ratelimit: neither loss nor a firewall is claimed"
lab_sysctl server net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000

lab_tap_done
