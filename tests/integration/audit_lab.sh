#!/bin/sh
# audit_lab.sh: the path audit (--echo-client PASS --audit) through the
# middleboxes a network engineer meets, each built with nftables on r1.
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+ fd77:1::/64  +--------+ fd77:2::/64  +--------+
#   npecho --audit           the middlebox           npecho --echo-server
#
# Each case flushes r1, builds one kind of box, runs one audit and checks
# the set of checks that show a change: exactly the ones the box explains,
# nothing else flagged (a clean path flags nothing), and the details that
# name the change.  Cases: a clean path (IPv4 and IPv6); NAPT with random
# ports + ECN bleaching + timestamp stripping + MSS clamp + DSCP rewrite on
# one router; a transparent proxy on port 80; NAT66; a box that drops
# fragments; one that drops IPv6 hop-by-hop headers; one that rate-limits
# UDP (the second tries and the loss row); --json (one audit event per
# check, the summary event) and -w.
# TAP; every process runs under timeout and the lab's trap removes
# everything.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-"$LAB_TOP/build/npecho"}
PASS=audit-lab-secret
T=40

[ -x "$NPECHO" ] || { echo "not ok - build/npecho missing (make first)"; exit 1; }
lab_create 1
lab_tap $? "lab client - r1 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_sysctl server net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
lab_wait_reach client "$LAB_SERVER4"
lab_tap $? "client reaches the server"
lab_bg server "$LAB_DIR/server.log" timeout 300 "$NPECHO" --echo-server "$PASS"
lab_wait_port server 9929 tcp 5
lab_tap $? "the echo server listens"

# audit TAG ARGS... TARGET: one audit; stdout TAG.out, stderr TAG.err;
# its exit status.
audit() {
	local tag="$1" rc
	shift
	lab_exec client timeout "$T" "$NPECHO" --echo-client "$PASS" --audit \
		"$@" >"$LAB_DIR/$tag.out" 2>"$LAB_DIR/$tag.err"
	rc=$?
	sed "s/^/# $tag: /" "$LAB_DIR/$tag.out" "$LAB_DIR/$tag.err" >&2
	return "$rc"
}

# The verdict of CHECK in TAG's table.
verdict() {
	awk -v c="$2" '$1 == c { print $2; exit }' "$LAB_DIR/$1.out"
}

# The checks that show a change, "check verdict" sorted, one per line: the
# rows whose verdict is none of those of an untouched path.
changed() {
	awk 'f && $1 != "npecho" && $2 !~ /^(passed|none|preserved|endpoint-independent|unknown)$/ { print $1, $2 }
	     /^CHECK +VERDICT/ { f = 1 }' "$LAB_DIR/$1.out" | sort
}

# expect TAG "check verdict,check verdict,..." : exactly these changed.
expect() {
	local got want
	got=$(changed "$1" | paste -sd, -)
	want=$(printf '%s\n' "$2" | tr ',' '\n' | sed '/^$/d' | sort | paste -sd, -)
	[ "$got" = "$want" ]
	lab_tap $? "$1: the changes are exactly [${want}] (got [${got}])"
}

# detail TAG CHECK TEXT: CHECK's detail in TAG contains TEXT.
detail() {
	awk -v c="$2" '$1 == c' "$LAB_DIR/$1.out" | grep -qF -- "$3"
	lab_tap $? "$1: $2 says '$3'"
}

# well_formed TAG N: exit 0 was checked by the caller; N rows, the summary
# on top, the done line last, in under 15 s.
well_formed() {
	local rows secs
	rows=$(awk 'f && $1 != "npecho" { n++ } /^CHECK +VERDICT/ { f = 1 }
		END { print n + 0 }' "$LAB_DIR/$1.out")
	[ "$rows" -eq "$2" ] && grep -q "^Path audit of " "$LAB_DIR/$1.out" &&
		tail -1 "$LAB_DIR/$1.out" | grep -q "^npecho done: 1 IP address audited in "
	lab_tap $? "$1: $2 checks in one table, summary on top, done line last (got $rows)"
	secs=$(tail -1 "$LAB_DIR/$1.out" | awk '{ print $(NF - 1) }')
	awk -v s="${secs:-99}" 'BEGIN { exit !(s < 15) }'
	lab_tap $? "$1: the audit took ${secs:-?} s (< 15 s)"
}

# ---- a clean path ----
audit clean "$LAB_SERVER4"
lab_tap $? "clean: the audit exits 0"
well_formed clean 28
expect clean ""
for c in nat proxy-80 proxy-443; do
	[ "$(verdict clean $c)" = none ]
	lab_tap $? "clean: $c is none"
done
[ "$(verdict clean ttl)" = passed ] && detail clean ttl "1 hop (64 -> 63)"
[ "$(verdict clean reply-ttl)" = passed ]
lab_tap $? "clean: the reply path is audited (reply-ttl passed)"
n=$(awk '$2 == "unknown" || $2 == "dropped"' "$LAB_DIR/clean.out" | wc -l)
[ "$n" -eq 0 ]
lab_tap $? "clean: no check unknown or dropped ($n)"

# ---- a transparent proxy on port 80 ----
# (before the NAT case: its conntrack entries outlive the flush, and with a
# nat hook on r1 again their old mappings would apply to this case too)
lab_tcp_listen r1 3128
lab_nft r1 "table ip lab_proxy {
	chain pre { type nat hook prerouting priority dstnat; policy accept; }
}
add rule ip lab_proxy pre tcp dport 80 redirect to :3128"
audit proxy "$LAB_SERVER4"
lab_tap $? "proxy: the audit exits 0"
expect proxy "proxy-80 transparent-proxy"
lab_nft_flush r1

# ---- one router doing five things at once ----
lab_nft_masq r1 fully-random
lab_nft_rule r1 up "ip ecn set not-ect"
lab_nft_rule r1 up "ip6 ecn set not-ect"
lab_nft_rule r1 up "reset tcp option timestamp"
lab_nft_mss r1 536
lab_nft_rule r1 up "ip dscp set cs1"
audit box "$LAB_SERVER4"
lab_tap $? "box: the audit exits 0"
expect box "nat napt,port-preservation changed,nat-mapping port-dependent,ecn bleached,tcp-ts stripped,tcp-mss clamped,dscp rewritten"
detail box tcp-mss "MSS 1460 -> 536"
detail box ecn "ECT(0) -> not-ECT"
detail box dscp "DSCP 46 -> 8"
detail box nat "10.77.1.1 port"
lab_nft_flush r1

# ---- a box that drops fragments ----
lab_nft_rule r1 up "ip frag-off & 0x3fff != 0 drop"
audit nofrag "$LAB_SERVER4"
lab_tap $? "nofrag: the audit exits 0"
expect nofrag "fragments dropped"
lab_nft_flush r1

# ---- a box that rate-limits UDP (5/s): probes lost to the limit are sent
# again after a pause; the loss row says the path loses packets, and the
# checks the second try saved are not called dropped ----
[ "$(verdict clean loss)" = none ]
lab_tap $? "clean: loss none (no probe needed a second try)"
lab_nft_rule r1 up "meta l4proto udp limit rate over 5/second drop"
audit ratelimit "$LAB_SERVER4"
lab_tap $? "ratelimit: the audit exits 0"
[ "$(verdict ratelimit loss)" = seen ]
lab_tap $? "ratelimit: loss seen ($(awk '$1 == "loss"' "$LAB_DIR/ratelimit.out"))"
n=$(grep -c "; lost once, arrived when sent again" "$LAB_DIR/ratelimit.out")
[ "$n" -ge 1 ]
lab_tap $? "ratelimit: $n checks saved by their second try say so"
n=$(awk '$2 == "dropped"' "$LAB_DIR/ratelimit.out" | grep -vc "(sent twice, 1 s apart)")
[ "$n" -eq 0 ]
lab_tap $? "ratelimit: every dropped row was sent twice ($n not)"
lab_nft_flush r1

# ---- IPv6: clean, then NAT66 ----
audit clean6 -6 "$LAB_SERVER6"
lab_tap $? "clean6: the audit exits 0"
well_formed clean6 27
expect clean6 ""
[ "$(verdict clean6 flow-label)" = passed ]
lab_tap $? "clean6: the flow label is audited"
for c in ipv6-ext-hbh ipv6-ext-dest; do
	[ "$(verdict clean6 $c)" = passed ]
	lab_tap $? "clean6: $c passed (the header arrived)"
done
lab_nft_rule r1 up "exthdr hbh exists drop"
audit nohbh -6 "$LAB_SERVER6"
lab_tap $? "nohbh: the audit exits 0"
expect nohbh "ipv6-ext-hbh dropped"
lab_nft_flush r1
lab_nft_masq r1
audit nat66 -6 "$LAB_SERVER6"
lab_tap $? "nat66: the audit exits 0"
expect nat66 "nat nat"
detail nat66 nat "fd77:1::1 port"
lab_nft_flush r1

# ---- JSON and -w ----
audit json --json -w "$LAB_DIR/audit.pcapng" "$LAB_SERVER4"
lab_tap $? "json: the audit exits 0"
if command -v jq >/dev/null 2>&1; then
	bad=$(jq -R -r -f "$LAB_TOP/tests/integration/json_schema.jq" "$LAB_DIR/json.out")
	[ -z "$bad" ] && [ -s "$LAB_DIR/json.out" ]
	lab_tap $? "json: every line is an event of doc/json.md ($bad)"
	n=$(jq -r 'select(.event == "audit") | .check' "$LAB_DIR/json.out" | sort -u | wc -l)
	[ "$n" -eq 28 ]
	lab_tap $? "json: one audit event per check, names unique ($n)"
	v=$(jq -r 'select(.event == "audit" and .check == "tcp-mss") | "\(.verdict) \(.sent) \(.seen)"' "$LAB_DIR/json.out")
	[ "$v" = "passed 1460 1460" ]
	lab_tap $? "json: tcp-mss carries verdict, sent and seen ($v)"
	tail -1 "$LAB_DIR/json.out" | jq -e '.event == "audit_summary" and .checks == 28 and .changed == 0' >/dev/null
	lab_tap $? "json: the audit_summary event comes last"
else
	echo "ok - # SKIP jq missing"
fi
[ "$(head -c 4 "$LAB_DIR/audit.pcapng" | od -An -tx1 | tr -d ' ')" = 0a0d0d0a ] &&
	[ "$(stat -c %s "$LAB_DIR/audit.pcapng")" -gt 4000 ]
lab_tap $? "-w: the probes and echoes are in a pcapng file"

# ---- bad use ----
lab_exec client timeout 10 "$NPECHO" --echo-client "$PASS" --audit --tcp \
	"$LAB_SERVER4" >"$LAB_DIR/bad.out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q -- "--audit: the path audit chooses its own probes" "$LAB_DIR/bad.out"
lab_tap $? "a probe mode with --audit: exit 2 and one line (got $rc)"
lab_exec client timeout 20 "$NPECHO" --echo-client "$PASS" --audit \
	--echo-port 9930 "$LAB_SERVER4" >"$LAB_DIR/noserver.out" 2>&1
rc=$?
[ $rc -eq 1 ] && [ "$(grep -c "^npecho:" "$LAB_DIR/noserver.out")" -eq 1 ]
lab_tap $? "no server: exit 1 and one error line (got $rc)"

lab_tap_done
