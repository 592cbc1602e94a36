# lab.sh: network-namespace test lab for npecho (POSIX sh, dash-clean).
# Source it:  . "$top/tests/netns/lab.sh"   then  lab_create N
#
# Topology for lab_create N (here N = 2).  Every box is its own network
# namespace "<LAB_PREFIX><pid>-<node>"; every link is a veth pair whose ends
# are called "west" (towards the client) and "east" (towards the server):
#
#   +--------+ seg 1  +--------+ seg 2  +--------+ seg 3  +--------+
#   | client |east--west|  r1  |east--west|  r2  |east--west| server |
#   +--------+        +--------+        +--------+        +--------+
#   .1            .2  .1           .2   .1          .2
#
#   segment k:  10.77.k.0/24 and fd77:k::/64;  west end .1 / ::1,
#               east end .2 / ::2  (so client = 10.77.1.1, server =
#               10.77.(N+1).2).  N = 0 links client and server directly.
#
# Routers forward IPv4 and IPv6 and know every segment; client and server
# have default routes into the line.  Nothing is ever configured in the
# root namespace, so no packet can leave the lab.  IPv6 DAD is off
# (accept_dad=0 and "nodad"), router solicitations and RAs are off.
#
# Direction words used by the nft helpers (routers only):
#   up   = client -> server (enters the router on "west")
#   down = server -> client (enters the router on "east")
#   any  = both
#
# Variables after lab_create: LAB_ID (namespace prefix), LAB_N, LAB_DIR
# (scratch dir, removed at exit unless LAB_KEEP=1), LAB_CLIENT4,
# LAB_SERVER4, LAB_CLIENT6, LAB_SERVER6, LAB_CLIENT_IF (east),
# LAB_SERVER_IF (west).  LAB_VERBOSE=1 echoes every command to stderr.
#
# lab.sh installs "trap ... EXIT INT TERM" running lab_cleanup, which kills
# every process started through lab_bg/lab_capture_start and every process
# still inside a lab namespace, then deletes the namespaces (and with them
# the veths).  Scripts that need their own exit work use lab_at_exit, not
# trap.  Do not call lab_bg / lab_capture_start inside $(...): the pid
# would belong to a subshell.  This kernel has no tc actions and no netem:
# loss and mangling are done with nftables.

LAB_PREFIX=${LAB_PREFIX:-npl}
LAB_ID=
LAB_N=
LAB_DIR=
LAB_NSLIST=
LAB_CLIENT_IF=east
LAB_PYTHON=${LAB_PYTHON:-/usr/bin/python3}
# LAB_LIBDIR: this directory (for lab_ping.py).  Found from the sourcing
# script when it sits in tests/<dir>/ or scripts/, or from the current
# directory being the repo top; set it before sourcing otherwise.
if [ -z "${LAB_LIBDIR:-}" ]; then
	for LAB_LIBDIR in "$(dirname "$0")/../netns" "$(dirname "$0")/../tests/netns" \
		"$(pwd)/tests/netns"; do
		[ -f "$LAB_LIBDIR/lab_ping.py" ] && break
	done
fi
LAB_LIBDIR=$(cd "$LAB_LIBDIR" 2>/dev/null && pwd)
LAB_TOP=$(cd "$LAB_LIBDIR/../.." 2>/dev/null && pwd)
[ -x "$LAB_PYTHON" ] || LAB_PYTHON=python3
LAB_SERVER_IF=west

# lab_log MSG...: print a "# " comment line (TAP-safe) to stderr.
lab_log() {
	echo "# $*" >&2
}

# lab__run CMD...: run a command in the root namespace, echoed if verbose.
lab__run() {
	[ "${LAB_VERBOSE:-0}" = 1 ] && echo "+ $*" >&2
	"$@"
}

# lab_ns NODE: print the namespace name of NODE (client, r1.., server).
lab_ns() {
	echo "$LAB_ID-$1"
}

# lab_exec NODE CMD...: run CMD inside NODE's namespace.
lab_exec() {
	local node="$1"
	shift
	[ "${LAB_VERBOSE:-0}" = 1 ] && echo "+ [$node] $*" >&2
	ip netns exec "$LAB_ID-$node" "$@"
}

# lab_ip NODE ARGS...: "ip ARGS" inside NODE.
lab_ip() {
	local node="$1"
	shift
	lab__run ip -n "$LAB_ID-$node" "$@"
}

# lab_sysctl NODE KEY=VALUE...: set sysctls inside NODE.
lab_sysctl() {
	local node="$1"
	shift
	lab_exec "$node" sysctl -q -w "$@" >/dev/null
}

# lab_poll TIMEOUT CMD...: run CMD every 50 ms until it succeeds; 1 when
# TIMEOUT seconds (whole) have passed.
lab_poll() {
	local end=$(($(date +%s) + $1))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$(date +%s)" -le "$end" ] || return 1
		sleep 0.05
	done
}

# lab__node I: name of node number I (0 = client, N+1 = server).
lab__node() {
	if [ "$1" -eq 0 ]; then
		echo client
	elif [ "$1" -eq $((LAB_N + 1)) ]; then
		echo server
	else
		echo "r$1"
	fi
}

# lab__index NODE: number of NODE (inverse of lab__node).
lab__index() {
	case $1 in
	client) echo 0 ;;
	server) echo $((LAB_N + 1)) ;;
	r[0-9]*) echo "${1#r}" ;;
	*) return 1 ;;
	esac
}

# lab_addr NODE [4|6] [west|east]: address of NODE on the given side
# (client defaults to east, everything else to west).
lab_addr() {
	local i fam="${2:-4}" side="${3:-}" seg host
	i=$(lab__index "$1") || return 1
	[ -n "$side" ] || { [ "$i" -eq 0 ] && side=east || side=west; }
	if [ "$side" = west ]; then
		seg=$i
		host=2
	else
		seg=$((i + 1))
		host=1
	fi
	if [ "$fam" = 6 ]; then
		echo "fd77:$seg::$host"
	else
		echo "10.77.$seg.$host"
	fi
}

# lab__mkns NODE: create one namespace with DAD/RA/RS off and lo up.
lab__mkns() {
	local ns="$LAB_ID-$1"
	LAB_NSLIST="$LAB_NSLIST $ns"	# first: a signal may come during "add"
	lab__run ip netns add "$ns" || return 1
	lab_sysctl "$1" net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
		net.ipv6.conf.default.router_solicitations=0 || return 1
	lab_ip "$1" link set lo up
}

# lab__mkseg K: veth for segment K between node K-1 (east) and K (west).
lab__mkseg() {
	local k="$1" l r
	l=$(lab__node $((k - 1)))
	r=$(lab__node "$k")
	lab_ip "$l" link add name east type veth peer name west \
		netns "$LAB_ID-$r" || return 1
	lab_ip "$l" addr add "10.77.$k.1/24" dev east &&
	lab_ip "$l" addr add "fd77:$k::1/64" dev east nodad &&
	lab_ip "$r" addr add "10.77.$k.2/24" dev west &&
	lab_ip "$r" addr add "fd77:$k::2/64" dev west nodad &&
	lab_ip "$l" link set east up &&
	lab_ip "$r" link set west up
}

# lab__routes I: routes of router I to every segment it is not on.
lab__routes() {
	local i="$1" j via4 via6 node
	node=$(lab__node "$i")
	j=1
	while [ "$j" -le $((LAB_N + 1)) ]; do
		if [ "$j" -lt "$i" ]; then
			via4="10.77.$i.1"
			via6="fd77:$i::1"
		elif [ "$j" -gt $((i + 1)) ]; then
			via4="10.77.$((i + 1)).2"
			via6="fd77:$((i + 1))::2"
		else
			j=$((j + 1))
			continue
		fi
		lab_ip "$node" route add "10.77.$j.0/24" via "$via4" || return 1
		lab_ip "$node" -6 route add "fd77:$j::/64" via "$via6" || return 1
		j=$((j + 1))
	done
}

# lab_create N: build client - r1 - ... - rN - server and wait until every
# link is up and no address is tentative.  Returns non-zero on failure
# (whatever was built is still torn down at exit).
lab_create() {
	local n="${1:-0}" i s
	case $n in '' | *[!0-9]*) lab_log "lab_create: bad N '$n'"; return 1 ;; esac
	[ -z "$LAB_ID" ] || { lab_log "lab_create: lab exists"; return 1; }
	LAB_N=$n
	LAB_ID="$LAB_PREFIX$$"
	LAB_DIR=$(mktemp -d "/tmp/$LAB_ID.XXXXXX") || return 1
	s=$((n + 1))
	i=0
	while [ "$i" -le "$s" ]; do
		lab__mkns "$(lab__node "$i")" || return 1
		i=$((i + 1))
	done
	i=1
	while [ "$i" -le "$s" ]; do
		lab__mkseg "$i" || return 1
		i=$((i + 1))
	done
	i=1
	while [ "$i" -le "$n" ]; do
		lab_sysctl "r$i" net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1 || return 1
		lab__routes "$i" || return 1
		i=$((i + 1))
	done
	lab_ip client route add default via 10.77.1.2 &&
	lab_ip client -6 route add default via fd77:1::2 &&
	lab_ip server route add default via "10.77.$s.1" &&
	lab_ip server -6 route add default via "fd77:$s::1" || return 1
	LAB_CLIENT4=10.77.1.1
	LAB_CLIENT6=fd77:1::1
	LAB_SERVER4="10.77.$s.2"
	LAB_SERVER6="fd77:$s::2"
	lab_wait_up 5
}

# lab__settled NODE: every link up with carrier, nothing tentative.
lab__settled() {
	local ns="$LAB_ID-$1"
	[ -z "$(ip -n "$ns" -6 addr show tentative)" ] &&
	[ -z "$(ip -n "$ns" -6 addr show dadfailed)" ] &&
	! ip -n "$ns" -o link show | grep -v 'lo:' | grep -q 'NO-CARRIER\|state DOWN'
}

# lab_wait_up [TIMEOUT]: wait until every node is settled (see above).
lab_wait_up() {
	local t="${1:-5}" i=0
	while [ "$i" -le $((LAB_N + 1)) ]; do
		lab_poll "$t" lab__settled "$(lab__node "$i")" || {
			lab_log "lab_wait_up: $(lab__node "$i") not ready"
			return 1
		}
		i=$((i + 1))
	done
}

# lab_wait_dad NODE [TIMEOUT]: wait until NODE has no tentative address.
lab_wait_dad() {
	lab_poll "${2:-5}" lab__settled "$1"
}

# lab__listening NODE PORT PROTO: is a PROTO socket listening on PORT?
lab__listening() {
	local flag=-t
	[ "$3" = udp ] && flag=-u
	[ -n "$(ip netns exec "$LAB_ID-$1" ss -Hln "$flag" "sport = :$2")" ]
}

# lab_wait_port NODE PORT [tcp|udp] [TIMEOUT]: wait for a listener.
lab_wait_port() {
	lab_poll "${4:-5}" lab__listening "$1" "$2" "${3:-tcp}"
}

# lab_ping NODE ADDR [COUNT] [TIMEOUT]: ICMP(v6) echo from NODE; 0 when all
# COUNT requests were answered (each waits TIMEOUT s, default 1).  There
# is no ping(8) on the test machine; this uses tests/netns/lab_ping.py.
lab_ping() {
	lab_exec "$1" "$LAB_PYTHON" "$LAB_LIBDIR/lab_ping.py" "$2" "${3:-1}" "${4:-1}"
}

# lab_wait_reach NODE ADDR [TIMEOUT]: wait until NODE can ping ADDR.
lab_wait_reach() {
	lab_poll "${3:-5}" lab_ping "$1" "$2" 1 0.2
}

# lab_bg NODE LOG CMD...: start CMD in NODE in the background, output to
# LOG; sets LAB_PID.  The process is killed by lab_cleanup.
lab_bg() {
	local node="$1" log="$2"
	shift 2
	[ "${LAB_VERBOSE:-0}" = 1 ] && echo "+ [$node] $* &" >&2
	ip netns exec "$LAB_ID-$node" "$@" >"$log" 2>&1 &
	LAB_PID=$!
	echo "$LAB_PID" >>"$LAB_DIR/pids"
}

# lab_tcp_listen NODE PORT: a TCP listener on PORT (IPv4 and IPv6) in NODE
# that accepts and closes every connection (a SYN gets a SYN-ACK); waits
# until it listens.  0 when it does.
lab_tcp_listen() {
	lab_bg "$1" "$LAB_DIR/listen-$1-$2.log" "$LAB_PYTHON" -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", int(sys.argv[1])))
s.listen(64)
while True:
    c, _ = s.accept()
    c.close()
' "$2"
	lab_wait_port "$1" "$2"
}

# lab__alive PID: true while PID exists and is not a zombie.
lab__alive() {
	[ -r "/proc/$1/stat" ] || return 1
	case $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) in
	Z* | X* | '') return 1 ;;
	esac
	return 0
}

# lab_kill PID [SIG]: signal PID (default TERM), wait up to 2 s, then KILL;
# reaps it.  Returns the process's exit status.
lab_kill() {
	local pid="$1"
	kill "-${2:-TERM}" "$pid" 2>/dev/null
	lab_poll 2 eval "! lab__alive $pid" || kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# lab_wait_exit PID [TIMEOUT]: wait for PID to end on its own; returns its
# exit status, or 124 (and kills it) on timeout.
lab_wait_exit() {
	if lab_poll "${2:-10}" eval "! lab__alive $1"; then
		wait "$1" 2>/dev/null
		return $?
	fi
	lab_kill "$1" KILL
	return 124
}

# lab_at_exit CMD: run the shell command CMD at cleanup (before teardown).
lab_at_exit() {
	[ -n "$LAB_DIR" ] || return 1
	printf '%s\n' "$1" >>"$LAB_DIR/at_exit"
}

# ---- nftables middleboxes -------------------------------------------------
# Verified with nft 1.0.6 on this kernel (load + the selftest's runtime
# checks): masquerade [fully-random|random,persistent], snat, dnat,
# "tcp option maxseg size set N|rt mtu", "ip dscp set", "ip6 dscp set",
# "ip ttl set", "ip6 hoplimit set", "ip id set", "tcp window set",
# "ip ecn set", "tcp flags set", "tcp sequence set", "tcp urgptr set",
# "ip6 flowlabel set", "numgen random mod 100 < P drop",
# "reject with tcp reset", raw "@ih,OFF,LEN set V" / "@th,OFF,LEN set V".
# NOT supported by nft 1.0.6: "tcp option ... remove", "tcp option KIND set".
# Seen working at runtime by tests/integration/analysis_lab_{tcp,ip,reply}.sh
# (checksums fixed by nft): "ip ecn set ect0|ce", "tcp sequence set",
# "tcp ackseq set", "tcp flags set", "tcp urgptr set",
# "reset tcp option sack-perm" (the option becomes NOPs), "ip frag-off set",
# "ip length set" + "udp length set" + "udp checksum set 0" (the next hop
# trims the frame to the new length).  Raw "@nh,OFF,LEN set V" writes the
# bytes but leaves the IPv4 header checksum stale (the next hop drops the
# packet), and IPv4 options cannot be set or reset ("reset ip option ra":
# syntax error; "ip option ra type set 1": Operation not supported).

# lab_nft NODE SCRIPT: load an nft script (tables, rules) into NODE.
lab_nft() {
	[ "${LAB_VERBOSE:-0}" = 1 ] && echo "+ [$1] nft -f - <<< $2" >&2
	printf '%s\n' "$2" | ip netns exec "$LAB_ID-$1" nft -f -
}

# lab_nft_flush NODE: drop every table in NODE.
lab_nft_flush() {
	lab_exec "$1" nft flush ruleset
}

# lab__dir DIR: the iifname match for up / down / any.
lab__dir() {
	case $1 in
	up) echo 'iifname "west"' ;;
	down) echo 'iifname "east"' ;;
	any) echo '' ;;
	*) lab_log "bad direction '$1' (up|down|any)"; return 1 ;;
	esac
}

# lab_nft_rule ROUTER DIR RULE: append RULE to the forward chain (filter,
# priority mangle) of ROUTER for packets going DIR (up|down|any).
# Examples: 'ip dscp set cs1', 'ip ttl set 5', 'tcp window set 1000',
# 'udp dport 9 @th,64,16 set 0x4142', 'ip protocol icmp drop'.
lab_nft_rule() {
	local m
	m=$(lab__dir "$2") || return 1
	lab_nft "$1" "table inet lab_fwd {
	chain forward { type filter hook forward priority mangle; policy accept; }
}
add rule inet lab_fwd forward $m $3"
}

# lab_nft_local NODE input|output RULE: append RULE to a filter chain
# (priority mangle) on NODE's own traffic, e.g. for the client or server:
# lab_nft_local server input 'tcp dport 80 drop'.
lab_nft_local() {
	case $2 in input | output) ;; *) lab_log "bad hook '$2'"; return 1 ;; esac
	lab_nft "$1" "table inet lab_local {
	chain $2 { type filter hook $2 priority mangle; policy accept; }
}
add rule inet lab_local $2 $3"
}

# lab_nft_masq ROUTER [FLAGS]: masquerade IPv4 and IPv6 leaving ROUTER's
# east side (FLAGS e.g. "fully-random" or "random,persistent").
lab_nft_masq() {
	lab_nft "$1" "table inet lab_nat {
	chain post { type nat hook postrouting priority srcnat; policy accept; }
}
add rule inet lab_nat post oifname \"east\" masquerade ${2:-}"
}

# lab_nft_dnat ROUTER MATCH TARGET: "MATCH dnat TARGET" in prerouting,
# e.g. lab_nft_dnat r1 'ip daddr 10.77.1.2 tcp dport 80' 'ip to 10.77.2.2:8080'.
lab_nft_dnat() {
	lab_nft "$1" "table inet lab_nat {
	chain pre { type nat hook prerouting priority dstnat; policy accept; }
}
add rule inet lab_nat pre $2 dnat $3"
}

# lab_nft_mss ROUTER SIZE: clamp the MSS option of forwarded SYN and
# SYN/ACK segments to SIZE (an option that is absent is not added).
lab_nft_mss() {
	lab_nft_rule "$1" any "tcp flags & syn == syn tcp option maxseg size set $2"
}

# lab_nft_drop ROUTER DIR [MATCH]: drop forwarded packets (matching MATCH).
lab_nft_drop() {
	lab_nft_rule "$1" "$2" "${3:-} drop"
}

# lab_nft_loss ROUTER DIR PERCENT [MATCH]: drop PERCENT % at random.
lab_nft_loss() {
	lab_nft_rule "$1" "$2" "${4:-} numgen random mod 100 < $3 drop"
}

# lab_nft_reset ROUTER DIR [MATCH]: answer forwarded TCP with a RST.
lab_nft_reset() {
	lab_nft_rule "$1" "$2" "meta l4proto tcp ${3:-} reject with tcp reset"
}

# lab_mtu NODE IFACE MTU: set the MTU of one interface (IPv6 needs >= 1280;
# below that the kernel removes IPv6 from the link).
lab_mtu() {
	lab_ip "$1" link set dev "$2" mtu "$3"
}

# lab_seg_mtu K MTU: set the MTU of both ends of segment K.
lab_seg_mtu() {
	lab_mtu "$(lab__node $(($1 - 1)))" east "$2" &&
	lab_mtu "$(lab__node "$1")" west "$2"
}

# ---- captures ---------------------------------------------------------------

# lab_capture_start NODE IFACE FILE [FILTER]: start tcpdump (immediate mode,
# per-packet flush) writing FILE; returns once tcpdump is really capturing
# (it printed "listening on"), 1 if it did not start within 5 s.
lab_capture_start() {
	local node="$1" ifc="$2" file="$3" pid
	shift 3
	[ "${LAB_VERBOSE:-0}" = 1 ] && echo "+ [$node] tcpdump -i $ifc -w $file $*" >&2
	ip netns exec "$LAB_ID-$node" tcpdump -i "$ifc" -n -U --immediate-mode \
		-Z root -s 0 -w "$file" "$@" 2>"$file.log" &
	pid=$!
	echo "$pid $file" >>"$LAB_DIR/captures"
	lab_poll 5 grep -q 'listening on' "$file.log" && return 0
	lab_log "tcpdump did not start: $(cat "$file.log")"
	return 1
}

# lab_capture_count FILE [FILTER]: number of packets in FILE (matching).
lab_capture_count() {
	local file="$1"
	shift
	tcpdump -r "$file" -n "$@" 2>/dev/null | wc -l
}

# lab_capture_wait FILE COUNT [FILTER] [TIMEOUT]: poll until FILE holds at
# least COUNT packets matching FILTER.
lab_capture_wait() {
	lab_poll "${4:-5}" lab__has "$1" "$2" "${3:-}"
}

lab__has() {
	[ "$(lab_capture_count "$1" ${3:+"$3"})" -ge "$2" ]
}

# lab_capture_stop [FILE]: stop the capture writing FILE (all if omitted).
lab_capture_stop() {
	local pid file
	[ -f "$LAB_DIR/captures" ] || return 0
	while read -r pid file; do
		[ -z "${1:-}" ] || [ "$file" = "$1" ] || continue
		lab_kill "$pid" INT
	done <"$LAB_DIR/captures"
	if [ -n "${1:-}" ]; then
		grep -v " $1\$" "$LAB_DIR/captures" >"$LAB_DIR/captures.new"
		mv "$LAB_DIR/captures.new" "$LAB_DIR/captures"
	else
		: >"$LAB_DIR/captures"
	fi
}

# lab_tshark FILE ARGS...: decode FILE with tshark -n (stderr dropped),
# e.g. lab_tshark f.pcap -Y tcp.flags.syn==1 -T fields -e tcp.options.mss_val
lab_tshark() {
	local file="$1"
	shift
	tshark -r "$file" -n "$@" 2>/dev/null
}

# ---- TAP ---------------------------------------------------------------------

LAB_PASS=0
LAB_FAIL=0

# lab_tap STATUS NAME: print "ok - NAME" when STATUS is 0, else "not ok".
lab_tap() {
	if [ "$1" -eq 0 ]; then
		echo "ok - $2"
		LAB_PASS=$((LAB_PASS + 1))
	else
		echo "not ok - $2"
		LAB_FAIL=$((LAB_FAIL + 1))
	fi
}

# lab_ok NAME CMD...: run CMD (output to stderr) and report it as NAME.
lab_ok() {
	local name="$1"
	shift
	"$@" >&2
	lab_tap $? "$name"
}

# lab_tap_done: print the plan line "1..N"; status 1 if anything failed.
lab_tap_done() {
	echo "1..$((LAB_PASS + LAB_FAIL))"
	[ "$LAB_FAIL" -eq 0 ]
}

# ---- shim -----------------------------------------------------------------

# lab_build_shim [OUTDIR]: build tests/interop/nopad.c (LD_PRELOAD fix for
# nping 0.7.93 echo mode under OpenSSL 3, nmap #2547) into
# OUTDIR/nopad.so (default $LAB_TOP/build/interop) if missing or stale;
# sets LAB_SHIM to its absolute path.
lab_build_shim() {
	local src="$LAB_TOP/tests/interop/nopad.c" out="${1:-$LAB_TOP/build/interop}"
	LAB_SHIM="$out/nopad.so"
	[ -f "$LAB_SHIM" ] && [ ! "$src" -nt "$LAB_SHIM" ] && return 0
	mkdir -p "$out" || return 1
	${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Wshadow \
		-Wstrict-prototypes -Wmissing-prototypes -Wcast-qual \
		${LAB_SHIM_CFLAGS:-} -shared -fPIC -o "$LAB_SHIM.tmp" "$src" -ldl &&
	mv "$LAB_SHIM.tmp" "$LAB_SHIM"
}

# ---- teardown -----------------------------------------------------------------

# lab_cleanup: kill everything the lab started, delete its namespaces and
# scratch dir.  Idempotent; installed as the EXIT/INT/TERM trap.
lab_cleanup() {
	local pid ns
	[ -n "$LAB_ID" ] || return 0
	if [ -n "$LAB_DIR" ] && [ -f "$LAB_DIR/at_exit" ]; then
		while read -r pid; do
			eval "$pid"
		done <"$LAB_DIR/at_exit"
		rm -f "$LAB_DIR/at_exit"
	fi
	[ -n "$LAB_DIR" ] && lab_capture_stop
	if [ -n "$LAB_DIR" ] && [ -f "$LAB_DIR/pids" ]; then
		while read -r pid; do
			lab__alive "$pid" && lab_kill "$pid"
		done <"$LAB_DIR/pids"
		rm -f "$LAB_DIR/pids"
	fi
	for ns in $LAB_NSLIST $(lab_left); do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	LAB_NSLIST=
	if [ -n "$LAB_DIR" ] && [ "${LAB_KEEP:-0}" != 1 ]; then
		rm -rf "$LAB_DIR"
	elif [ -n "$LAB_DIR" ]; then
		lab_log "kept $LAB_DIR"
	fi
	LAB_DIR=
	LAB_ID=
}

# lab_left: list namespaces of this lab that still exist (empty = clean).
lab_left() {
	ip netns list | awk '{print $1}' | grep "^$LAB_PREFIX$$-" || true
}

trap 'lab__rc=$?; lab_cleanup; trap - EXIT; exit $lab__rc' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
