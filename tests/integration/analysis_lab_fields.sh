#!/bin/sh
# analysis_lab_fields.sh: Packet Echo Analysis of header and payload
# rewriting middleboxes (nftables) and of a small-MTU link; each case
# asserts the EXACT tag set.
#
#   client --- r1 --- r2 --- r3 --- server      (lab_create 3)
#                                   npecho --echo-server (9929, safe payloads)
#                                   npecho --echo-server --include-payloads (9930)
#
#   case        middlebox on r2 (upstream)               probes              tags
#   mss         tcp option maxseg size set 1200 (SYNs)   TCP mss=1460        tcp-mss-changed hops
#   window      tcp window set 1000                      TCP                 tcp-window-changed hops
#   dscp        ip dscp set cs1                          TCP                 dscp-changed hops
#   ip-id       ip id set 4242                           TCP                 ip-id-changed hops
#   payload     @ih,0,16 set 0x5858 (first 2 data bytes) UDP --data-string   payload-changed hops
#   mtu         segment r2-r3 MTU 576, no DF             UDP 1000 data bytes fragmented hops
#
# Clients: --echo-client -v -c 3 --delay 100ms.  TAP.
set -u
. "$(dirname "$0")/analysis_lab_lib.sh"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
al_lab 3 || { lab_tap_done; exit 1; }
al_start_server srv 9929 && al_start_server pay 9930 --include-payloads
lab_tap $? "echo servers listen (safe payloads, --include-payloads)"
S=$LAB_SERVER4
R=-c\ 3\ --delay\ 100ms

al_case mss "tcp-mss-changed hops" "lab_nft_mss r2 1200" \
	9929 --tcp -p 80 --tcp-options mss=1460 $R "$S"
al_evidence mss tcp-mss-changed | grep -q 'tcp.mss: sent 1460, captured 1200; probes 1, 2, 3 \['
lab_tap $? "mss: 1460 -> 1200 in 3/3"

al_case window "tcp-window-changed hops" \
	"lab_nft_rule r2 up 'tcp dport 80 tcp window set 1000'" \
	9929 --tcp -p 80 --win 1480 $R "$S"
al_evidence window tcp-window-changed | grep -q 'tcp.win: sent 1480, captured 1000;'
lab_tap $? "window: 1480 -> 1000"

al_case dscp "dscp-changed hops" "lab_nft_rule r2 up 'ip dscp set cs1'" \
	9929 --tcp -p 80 $R "$S"
al_evidence dscp dscp-changed | grep -q 'ip.dscp: sent 0, captured 8;'
lab_tap $? "dscp: 0 -> 8 (cs1)"

al_case ip-id "ip-id-changed hops" "lab_nft_rule r2 up 'ip id set 4242'" \
	9929 --tcp -p 80 $R "$S"
al_evidence ip-id ip-id-changed | grep -q 'ip.id: sent [0-9]*, captured 4242;'
lab_tap $? "ip-id: set to 4242"

# The safe-payloads server would zero the data: use the other one.
al_case payload "payload-changed hops" \
	"lab_nft_rule r2 up 'udp dport 7777 @ih,0,16 set 0x5858'" \
	9930 --udp -p 7777 --data-string hello-payload $R "$S"
al_evidence payload payload-changed | grep -q 'payload: sent 0x68, captured 0x58;'
lab_tap $? "payload: first byte 'h' -> 'X'"

# Same run against the safe-payloads server: nothing to compare.
al_case payload-safe "hops" \
	"lab_nft_rule r2 up 'udp dport 7777 @ih,0,16 set 0x5858'" \
	9929 --udp -p 7777 --data-string hello-payload $R "$S"
grep -q '^ |_Payloads came back zeroed' "$LAB_DIR/payload-safe.out"
lab_tap $? "payload-safe: zeroed payloads are noted, not compared"

al_case mtu "fragmented hops" "lab_seg_mtu 3 576" \
	9929 --udp -p 7777 --data-length 1000 $R "$S"
grep -q '^SENT .*iplen=1028' "$LAB_DIR/mtu.out" &&
	! grep -q '^SENT .*DF' "$LAB_DIR/mtu.out" &&
	[ "$(grep -c '^CAPT .*paylen=544\] IP \[iplen=572 flg=M ' \
		"$LAB_DIR/mtu.out")" = 3 ]
lab_tap $? "mtu: 1028-byte probes without DF arrive as 572-byte first fragments"
lab_seg_mtu 3 1500

lab_tap_done
