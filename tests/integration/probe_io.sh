#!/bin/sh
# probe_io.sh: the OS-facing probe modules across a real link.
#
#   +-------------------------+          +-------------------------+
#   | $nsa                    |          | $nsb                    |
#   |  $va 10.200.0.1/24 =====|== veth ==|===== $vb 10.200.0.2/24  |
#   |      fd77::1/64         |          |      fd77::2/64         |
#   |  10.201.0.0/24, fd78::/64 via B    |  lo 10.201.0.5, fd78::5 |
#   +-------------------------+          +-------------------------+
#
# build/helpers/probe_io (tests/helpers/probe_io.c) runs in $nsa: route
# lookups, neighbour resolution, then raw IPv4 TCP SYNs, raw IPv6 UDP
# (hdrincl and cooked), and AF_PACKET ICMP echo frames, each probe's reply
# captured with the generated BPF filter.  A reply proves the packet arrived
# with valid checksums (B's kernel drops bad ones silently).  1000 SYNs at
# --flood must all be answered and captured, and a flood through a tiny
# tbf qdisc must hit ENOBUFS, retry, and count as sent exactly what B sees.
# B also runs tcpdump to see the frames on the wire.  Needs root; names
# use $$.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
helper=${BUILD_HELPERS:-$top/build/helpers}/probe_io
nsa=npa$$
nsb=npb$$
va=npva$$
vb=npvb$$
tmp=$(mktemp -d /tmp/npecho-probe-io.XXXXXX)
failed=0

tdpid=
cleanup() {
	[ -n "$tdpid" ] && kill "$tdpid" 2>/dev/null
	ip netns del "$nsa" 2>/dev/null
	ip netns del "$nsb" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; failed=$((failed + 1)); }
na() { ip netns exec "$nsa" "$@"; }
nb() { ip netns exec "$nsb" "$@"; }

# check NAME CMD...: ok when CMD succeeds; its output stays in $tmp/out.
check() {
	name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		ok "$name"
	else
		nok "$name"
		sed 's/^/# /' "$tmp/out"
	fi
}

# expect NAME PATTERN: the last command's output contains PATTERN.
expect() {
	if grep -q -- "$2" "$tmp/out"; then
		ok "$1"
	else
		nok "$1 (no '$2')"
		sed 's/^/# /' "$tmp/out"
	fi
}

if [ "$(id -u)" -ne 0 ] || ! [ -x "$helper" ]; then
	echo "ok - probe_io # SKIP needs root and build/helpers/probe_io"
	exit 0
fi

setup() {
	ip netns add "$nsa" && ip netns add "$nsb" &&
	ip link add "$va" netns "$nsa" type veth peer name "$vb" netns "$nsb" &&
	na ip link set lo up && nb ip link set lo up &&
	na ip addr add 10.200.0.1/24 dev "$va" &&
	nb ip addr add 10.200.0.2/24 dev "$vb" &&
	na ip -6 addr add fd77::1/64 dev "$va" nodad &&
	nb ip -6 addr add fd77::2/64 dev "$vb" nodad &&
	nb ip addr add 10.201.0.5/32 dev lo &&
	nb ip -6 addr add fd78::5/128 dev lo &&
	na ip link set "$va" up && nb ip link set "$vb" up &&
	na ip route add 10.201.0.0/24 via 10.200.0.2 &&
	na ip -6 route add fd78::/64 via fd77::2 &&
	nb sysctl -qw net.ipv6.icmp.ratelimit=0 &&
	nb sysctl -qw net.ipv4.icmp_ratelimit=0
}

if ! setup >"$tmp/setup" 2>&1; then
	sed 's/^/# /' "$tmp/setup"
	echo "not ok - probe_io: namespace setup"
	exit 1
fi
mac_a=$(na cat "/sys/class/net/$va/address")
mac_b=$(nb cat "/sys/class/net/$vb/address")

# Wait until the link is up on both sides (polling, not sleeping blindly).
i=0
while [ $i -lt 50 ]; do
	na ip link show "$va" | grep -q 'state UP' &&
		nb ip link show "$vb" | grep -q 'state UP' && break
	sleep 0.1
	i=$((i + 1))
done

check "route: on-link IPv4" na "$helper" route 10.200.0.2
expect "route: on-link IPv4 fields" "src=10.200.0.1 dev=$va gw=- mtu=1500 mac=$mac_a"
check "route: IPv4 via gateway" na "$helper" route 10.201.0.5
expect "route: IPv4 gateway fields" "src=10.200.0.1 dev=$va gw=10.200.0.2"
check "route: IPv6 via gateway" na "$helper" route fd78::5 "$va"
expect "route: IPv6 gateway fields" "src=fd77::1 dev=$va gw=fd77::2"
check "route: IPv6 on-link" na "$helper" route fd77::2
expect "route: IPv6 on-link fields" "src=fd77::1 dev=$va gw=-"
if na "$helper" route 10.99.0.1 >"$tmp/out" 2>&1; then
	nok "route: unreachable destination fails"
else
	ok "route: unreachable destination fails"
fi
check "addrs: lists every address" na "$helper" addrs
expect "addrs: IPv4 with prefix" "$va 10.200.0.1/24"
expect "addrs: IPv6 with prefix" "$va fd77::1/64"

# The neighbour table starts empty: resolution has to ask.
na ip neigh flush dev "$va" 2>/dev/null
check "neigh: ARP resolution" na "$helper" neigh 10.200.0.2 "$va" 2000
expect "neigh: ARP gives B's MAC" "mac=$mac_b"
check "neigh: ND resolution" na "$helper" neigh fd77::2 "$va" 2000
expect "neigh: ND gives B's MAC" "mac=$mac_b"
if na "$helper" neigh 10.200.0.99 "$va" 300 >"$tmp/out" 2>&1; then
	nok "neigh: silent address times out"
else
	expect "neigh: silent address times out" "no ARP reply from 10.200.0.99"
fi

# Watch B's side of the wire while the probes run.
# (ip netns exec, not the nb function: $! must be tcpdump itself)
ip netns exec "$nsb" tcpdump -n --immediate-mode -U -B 16384 -s 256 -i "$vb" \
	-w "$tmp/b.pcap" 'tcp or udp or icmp or icmp6' >"$tmp/td.log" 2>&1 &
tdpid=$!
# syns: SYNs from A in B's capture so far.
syns() {
	tcpdump -n -r "$tmp/b.pcap" "ether src $mac_a and tcp[tcpflags] = tcp-syn" \
		2>/dev/null | wc -l
}
# Ready when a marker SYN shows up in the file (poll, do not guess).
i=0
marks=0
while [ $i -lt 50 ]; do
	na "$helper" probe tcp4 "$va" 10.200.0.2 1 100 >/dev/null 2>&1
	marks=$(syns)
	[ "$marks" -gt 0 ] && break
	sleep 0.1
	i=$((i + 1))
done

check "probe: raw IPv4 TCP SYN x20 -> RST replies" \
	na "$helper" probe tcp4 "$va" 10.200.0.2 20 1000
expect "probe: tcp4 all sent" "^sent 20"
expect "probe: tcp4 all answered" "^replies 20"
check "probe: 1000 SYNs at --flood, every RST captured" \
	na "$helper" probe tcp4 "$va" 10.200.0.2 1000 0
expect "probe: flood all answered" "^replies 1000"
check "probe: raw IPv6 UDP (hdrincl) -> port unreachable" \
	na "$helper" probe udp6 "$va" fd77::2 5 200
expect "probe: raw6 uses hdrincl" "raw6 hdrincl"
expect "probe: IPv6 filter has the real source" "dst host fd77::1"
check "probe: raw IPv6 UDP (cooked fallback) -> port unreachable" \
	na "$helper" probe udp6c "$va" fd77::2 5 200
expect "probe: raw6 cooked mode" "raw6 cooked"
check "probe: AF_PACKET ICMP echo x20 -> echo replies" \
	na "$helper" probe eth-icmp4 "$va" 10.200.0.2 20 1000
expect "probe: eth capture link type" "linktype EN10MB"
check "probe: AF_PACKET via gateway MAC" \
	na "$helper" probe eth-icmp4 "$va" 10.201.0.5 3 100

# A tiny token bucket on A: the qdisc fills, the kernel says ENOBUFS, and
# the sender must back off and retry instead of counting drops as sent.
na tc qdisc add dev "$va" root tbf rate 2mbit burst 3000 limit 3000
check "send: flood through a full qdisc" na "$helper" blast "$va" 10.200.0.2 500
sent=$(sed -n 's/^sent //p' "$tmp/out")
retries=$(sed -n 's/^retries //p' "$tmp/out")
[ "${retries:-0}" -gt 0 ] && ok "send: ENOBUFS seen and retried ($retries)" ||
	nok "send: no ENOBUFS retry (retries=${retries:-?})"
sleep 0.2 # the queued packets drain (12 ms); deleting the qdisc drops them
na tc qdisc del dev "$va" root

# udp7: IPv4 datagrams from A to port 7 in B's capture so far.
udp7() {
	tcpdump -n -r "$tmp/b.pcap" "ether src $mac_a and ip and udp dst port 7" \
		2>/dev/null | wc -l
}
# tcpdump may lag behind on a busy machine: poll until it has caught up.
i=0
while [ $i -lt 50 ] && [ "$(udp7)" -lt "${sent:-0}" ]; do
	sleep 0.1
	i=$((i + 1))
done

kill -INT "$tdpid" 2>/dev/null
wait "$tdpid" 2>/dev/null
tdpid=
n=$(($(syns) - marks))
[ "$n" -eq 1020 ] && ok "wire: B saw 1020 SYNs" || nok "wire: B saw $n SYNs, want 1020"
n=$(tcpdump -n -r "$tmp/b.pcap" "icmp[icmptype] = icmp-echo" 2>/dev/null |
	wc -l)
[ "$n" -eq 23 ] && ok "wire: B saw 23 echo requests" ||
	nok "wire: B saw $n echo requests, want 23"
n=$(udp7)
[ "$n" -eq "${sent:-0}" ] && ok "wire: B saw exactly the $n datagrams counted as sent" ||
	nok "wire: B saw $n datagrams, sender counted ${sent:-?} as sent"
n=$(tcpdump -vv -n -r "$tmp/b.pcap" "ip6 and udp and dst port 7" 2>/dev/null |
	grep -c 'udp sum ok')
[ "$n" -eq 10 ] && ok "wire: 10 IPv6 UDP probes with valid checksums" ||
	nok "wire: $n IPv6 UDP probes with valid checksums, want 10"

[ "$failed" -eq 0 ]
