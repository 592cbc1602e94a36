#!/bin/sh
# trace_quote.sh: Path Change Analysis against real Linux routers.
#
#   +--------+      +--------+      +--------+      +--------+      +--------+
#   | client |------|   r1   |------|   r2   |------|   r3   |------| server |
#   +--------+      +--------+      +--------+      +--------+      +--------+
#   10.77.1.1       10.77.1.2       10.77.2.2       10.77.3.2       10.77.4.2
#                                   MSS clamp 536
#                                   (nft forward)
#
# build/helpers/trace_probe (tests/helpers/trace_probe.c) sends TCP SYNs
# with MSS 1460 and TTL 1..4 from the client and feeds the ICMP
# time-exceeded quotes to analysis/hops.h.  r2 drops the TTL-2 SYN before
# its forward hook, so its quote still says 1460; the TTL-3 SYN leaves r2
# clamped, so r3's quote says 536: the change must be placed between hop 2
# and hop 3.  Linux routers quote the whole 48-byte SYN (up to 576 bytes).
# A clean run before the clamp must report no change; a masquerade on r1
# must not change the verdict (its conntrack translates the quotes back).  Last, an ICMP echo
# request with TOS 0x28 and code 5 to the server: whether its reply keeps
# them is reported as an observation.  Needs root; TAP.
set -u
. "$(dirname "$0")/../netns/lab.sh"

helper=${BUILD_HELPERS:-$LAB_TOP/build/helpers}/trace_probe
if [ ! -x "$helper" ]; then
	echo "not ok - build/helpers/trace_probe is built (make helpers)"
	exit 1
fi

lab_create 3
lab_tap $? "lab with 3 routers comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
out=$LAB_DIR/trace.out

lab_exec client "$helper" "$LAB_CLIENT4" "$LAB_SERVER4" 4 1460 \
	"$LAB_CLIENT_IF" >"$out" 2>&1
lab_tap $? "clean path: trace_probe gets quotes"
sed 's/^/# /' "$out"
grep -q "No changes seen along the path" "$out"
lab_tap $? "clean path: no change reported"
for k in 1 2 3; do
	grep -q "^hop $k 10.77.$k.2 quoted 48 of 48 bytes, quote TTL 1" "$out"
	lab_tap $? "hop $k (10.77.$k.2) quotes the whole 48-byte SYN, TTL 1"
done

lab_ok "MSS clamp 536 loads on r2" lab_nft_mss r2 536
lab_exec client "$helper" "$LAB_CLIENT4" "$LAB_SERVER4" 4 1460 \
	"$LAB_CLIENT_IF" >"$out" 2>&1
lab_tap $? "clamped path: trace_probe gets quotes"
sed 's/^/# /' "$out"
grep -q "tcp-mss-changed between hop 2 (10.77.2.2) and hop 3 (10.77.3.2): mss 1460 -> 536\." "$out"
lab_tap $? "clamp placed between hop 2 (10.77.2.2) and hop 3 (10.77.3.2)"
[ "$(grep -c -- '-changed between' "$out")" -eq 1 ]
lab_tap $? "clamped path: exactly one change"

# Masquerade on r1 as well: r1's conntrack translates the quotes of r2
# and r3 back to the client's address, so no quote may claim a NAT, and
# the clamp is still placed between hop 2 and hop 3.
lab_ok "masquerade loads on r1" lab_nft_masq r1
lab_exec client "$helper" "$LAB_CLIENT4" "$LAB_SERVER4" 4 1460 \
	"$LAB_CLIENT_IF" >"$out" 2>&1
lab_tap $? "NAT + clamp: trace_probe gets quotes"
sed 's/^/# /' "$out"
! grep -q "nat-source\|port-source" "$out"
lab_tap $? "NAT + clamp: quotes come back translated, no NAT claimed"
grep -q "tcp-mss-changed between hop 2 (10.77.2.2) and hop 3 (10.77.3.2)" "$out"
lab_tap $? "NAT + clamp: clamp still between hop 2 and hop 3"

# The server's echo reply to a request with TOS 0x28 and ICMP code 5:
# observed and reported, whatever this kernel does (recorded in the log).
lab_exec client "$helper" "$LAB_CLIENT4" "$LAB_SERVER4" 1 1460 \
	"$LAB_CLIENT_IF" 0x28 5 >"$out" 2>&1
lab_tap $? "echo request with TOS 0x28, code 5: trace_probe runs"
sed 's/^/# /' "$out"
grep -q "the destination (10.77.4.2) echo reply: TOS 0x28 of the request \(not \)\{0,1\}reflected" "$out"
lab_tap $? "echo reply observation: TOS reflected or not"
grep -q "code 5 of the request \(not \)\{0,1\}echoed" "$out"
lab_tap $? "echo reply observation: code echoed or not"

lab_tap_done
