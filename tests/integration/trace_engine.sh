#!/bin/sh
# trace_engine.sh: `npecho --tr` lists the hops and says where on the path
# a field was changed, from the routers' ICMP time-exceeded quotes.
#
#   client -- r1 -- r2 -- r3 -- server      (lab_create 3)
#
# Linux routers quote the whole probe and expire the TTL before their nft
# forward hook, so a rewrite on r2 is first seen in r3's quote: the change
# lies "between hop 2 and hop 3".
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$(pwd)/build/npecho}

lab_create 3
lab_tap $? "lab with 3 routers is up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
R1=$(lab_addr r1 4 west); R2=$(lab_addr r2 4 west); R3=$(lab_addr r3 4 west)

out=$(lab_exec client "$NPECHO" --tr --udp -p 7 --data-length 20 -c 4 \
	--delay 100ms "$LAB_SERVER4" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^ 1  $R1  [0-9.]*ms  TTL=0 during transit (type=11/code=0)$" &&
	echo "$out" | grep -q "^ 3  $R3  " &&
	echo "$out" | grep -q "^ 4  $LAB_SERVER4  .*(destination)$"
lab_tap $? "the hop table lists r1, r2, r3 and the destination"
echo "$out" | grep -q "^ |_No changes seen along the path.$"
lab_tap $? "a clean path reports no change"
echo "$out" | tail -n 1 | grep -q '^npecho done: 1 IP address pinged in '
lab_tap $? "the done line is the last line, after the hop table (as Nping's)"

lab_nft_mss r2 536
out=$(lab_exec client "$NPECHO" --tr --tcp -p 80 --tcp-options mss=1460,sackok \
	-c 4 --delay 100ms "$LAB_SERVER4" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^ |_tcp-mss-changed between hop 2 ($R2) and hop 3 ($R3): mss 1460 -> 536.$"
lab_tap $? "an MSS clamp on r2 is placed between hop 2 and hop 3"
[ "$(echo "$out" | grep -c '^ |_')" -eq 1 ]
lab_tap $? "and nothing else is reported"

lab_nft_flush r2
lab_nft_rule r1 up 'ip dscp set cs1'
out=$(lab_exec client "$NPECHO" --tr --icmp -c 4 --delay 100ms "$LAB_SERVER4" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^ |_dscp-changed between hop 1 ($R1) and hop 2 ($R2)"
lab_tap $? "a DSCP remark on r1 is placed between hop 1 and hop 2"

lab_nft_flush r1
lab_nft_rule r2 up 'tcp window set 1000'
out=$(lab_exec client "$NPECHO" --tr --tcp -p 80 -c 4 --delay 100ms \
	"$LAB_SERVER4" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^ |_tcp-window-changed between hop 2 ($R2) and hop 3 ($R3): win 1480 -> 1000.$"
lab_tap $? "a window rewrite on r2 is placed between hop 2 and hop 3"

# NAT: conntrack translates the routers' quotes back, so only the echo
# server's capture (the last hop of --tr --echo-client) shows it.
lab_nft_flush r2
lab_nft_masq r1
lab_bg server "$LAB_DIR/srv.log" "$NPECHO" --echo-server trsecret
srv=$LAB_PID
lab_wait_port server 9929
out=$(lab_exec client "$NPECHO" --tr --echo-client trsecret --icmp -c 4 \
	--delay 100ms "$LAB_SERVER4" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^ |_nat-source between the sender and the destination ($LAB_SERVER4)"
lab_tap $? "--tr --echo-client: a NAT is seen at the server's capture"
echo "$out" | tail -n 1 | grep -q '^npecho done: 1 IP address pinged in ' &&
	[ "$(echo "$out" | grep -n '^Packet Echo Analysis:' | cut -d: -f1)" -lt \
		"$(echo "$out" | grep -n '^Hops to ' | cut -d: -f1)" ]
lab_tap $? "--tr --echo-client: analysis, then hops, then the done line last"
# The same in JSON: the path finding places it at the destination.
J="$LAB_DIR/trec.json"
lab_exec client "$NPECHO" --json --tr --echo-client trsecret --icmp -c 4 \
	--delay 100ms "$LAB_SERVER4" >"$J" 2>/dev/null
[ -z "$(jq -R -r -f "$LAB_TOP/tests/integration/json_schema.jq" "$J")" ] &&
	[ "$(jq -s -c '[.[] | select(.event == "finding" and has("path") and
		.tag == "nat-source") | [.path.at_dest, .path.at_addr]]' "$J")" = \
		"[[true,\"$LAB_SERVER4\"]]" ] &&
	[ "$(jq -s -c '[.[] | select(.event == "hop" and .dest) |
		[.ttl, .changes]]' "$J")" = '[[4,["nat-source"]]]' ] &&
	[ "$(jq -s -r '.[-1].event' "$J")" = stats ]
lab_tap $? "--json --tr --echo-client: nat-source at the destination, hop 4"
lab_kill "$srv" TERM
lab_nft_flush r1

out=$(lab_exec client "$NPECHO" -6 --tr --udp -p 7 -c 4 --delay 100ms \
	"$LAB_SERVER6" 2>&1)
lab_log "$out"
echo "$out" | grep -q "^ 4  $LAB_SERVER6  .*(destination)$" &&
	echo "$out" | grep -q "^ |_No changes seen along the path.$"
lab_tap $? "IPv6: hops listed up to the destination, clean path"

lab_tap_done
