#!/bin/sh
# pcapng_tshark.sh: a pcapng file written by src/output/pcapng.c opens in
# tshark with the right interfaces, comments, timestamps and decoded fields.
#
#   build/helpers/pcapng_write FILE  ->  tshark -r FILE -T fields ...
#
# The helper writes 4 known packets on 3 interfaces (see its header).
# Prints TAP lines; exits non-zero when any check fails.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
helper=${BUILD_HELPERS:-build/helpers}/pcapng_write
work=$(mktemp -d /tmp/npecho-pcapng.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
fails=0

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }

# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		nok "$1"
		echo "# expected: $2"
		echo "# actual:   $3"
	fi
}

if ! command -v tshark >/dev/null 2>&1; then
	echo "ok - pcapng_tshark # SKIP tshark not installed"
	exit 0
fi
if [ ! -x "$helper" ]; then
	make -s helpers >/dev/null 2>&1
fi
f=$work/t.pcapng
if "$helper" "$f" && [ -s "$f" ]; then
	ok "helper wrote $f"
else
	nok "helper wrote a pcapng file"
	exit 1
fi

ts() { tshark -r "$f" "$@" 2>/dev/null; }

if ts >/dev/null; then
	ok "tshark reads the file"
else
	nok "tshark reads the file"
fi
check "4 packets" 4 "$(ts | wc -l | tr -d ' ')"

# Interface names, comments and the IPv4 layer, one line per packet.
got=$(ts -T fields -E separator=, -e frame.interface_name \
	-e frame.comment -e ip.src -e ip.dst -e ip.ttl -e ipv6.dst)
exp="sent,probe 1,10.9.1.2,10.9.2.2,64,
rcvd,probe 1,10.9.2.2,10.9.1.2,63,
capt@198.51.100.7,probe 2,10.9.1.2,10.9.2.2,63,
sent,,,,,2001:db8::2"
check "interface names, comments, IP fields" "$exp" "$got"

got=$(ts -T fields -E separator=, -e tcp.srcport -e tcp.dstport \
	-e tcp.flags -e tcp.seq_raw -e udp.srcport -e udp.dstport \
	-e icmpv6.type)
exp="40000,80,0x0002,1000,,,
80,40000,0x0012,5000,,,
,,,,33333,40125,
,,,,,,128"
check "transport fields" "$exp" "$got"

got=$(ts -T fields -E separator=, -e frame.time_epoch -e frame.len \
	-e frame.cap_len)
exp="1700000000.000000001,40,40
1700000000.000250000,40,40
1700000001.000000000,45,45
1700000002.000000000,48,48"
check "nanosecond timestamps and lengths" "$exp" "$got"

got=$(ts -T fields -e eth.src -Y 'frame.interface_id == 2')
check "Ethernet linktype on capt interface" "02:00:00:00:00:01" "$got"

got=$(ts -T fields -e ip.checksum.status -o ip.check_checksum:TRUE \
	-Y 'ip.version == 4' | sort -u)
check "IPv4 header checksums verify (status 1 = good)" "1" "$got"

if ts -V | grep -qi 'malformed\|expert.*error'; then
	nok "no malformed packets"
else
	ok "no malformed packets"
fi

[ "$fails" -eq 0 ]
