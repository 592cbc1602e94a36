#!/bin/sh
# nping_compat.sh: real nping 0.7.93 and npecho, side by side, over the
# option sets of nping_compat.cases; what scripts read must be the same.
#
#   +--------+ seg 1  +--------+ seg 2  +--------+
#   | client |east--west|  r1  |east--west| server |  TCP 80 listening,
#   +--------+        +--------+        +--------+  other ports closed
#   10.77.1.1     10.77.1.2             10.77.2.2   (fd77:2::2)
#
# Each case runs `nping ARGS` and `npecho ARGS` in the client namespace
# (stdout and stderr apart, exit statuses kept), normalises what must
# differ (tests/interop/nping_compat_norm.py: times, random IDs, sequence
# numbers, checksums, the program's name; flags in the cases file for the
# documented deviations) and diffs the rest: every SENT/RCVD line, the
# statistics and done lines, the exit status.  A "usage" case compares the
# error instead: both fail (Nping 1, npecho 2: README), and npecho's one
# line carries Nping's message.  Where Nping itself is broken the case
# says so (TAP SKIP) and only checks that npecho works.  Without nping
# the whole test skips.  TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
CASES="$LAB_TOP/tests/interop/nping_compat.cases"
NORM="$LAB_TOP/tests/interop/nping_compat_norm.py"
T=30

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
if ! command -v nping >/dev/null 2>&1; then
	echo "ok - nping 0.7.93 side by side # SKIP nping is not installed (make check installs the nmap package)"
	exit 0
fi
lab_create 1
lab_tap $? "lab client - r1 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_sysctl server net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
lab_sysctl r1 net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
lab_tcp_listen server 80
lab_tap $? "TCP 80 listens on the server"
lab_wait_reach client "$LAB_SERVER4"
S=$LAB_SERVER4
S6=$LAB_SERVER6
R=$(lab_addr r1 4 west)
C=$LAB_CLIENT4
C6=$LAB_CLIENT6
CMAC=$(lab_ip client link show east | awk '/link\/ether/ { print $2 }')
RMAC=$(lab_ip r1 link show west | awk '/link\/ether/ { print $2 }')
lab_ping client "$R" 1 1 >/dev/null 2>&1 # a neighbour entry for ARP

# run PROG NAME ARGS...: one run, NAME.out / NAME.err / NAME.rc.
run() {
	local prog="$1" name="$2"
	shift 2
	lab_exec client timeout "$T" "$prog" "$@" >"$LAB_DIR/$name.out" \
		2>"$LAB_DIR/$name.err"
	echo $? >"$LAB_DIR/$name.rc"
}

# norm FILE FLAGS: FILE normalised; with tr, npecho's hop block left out.
norm() {
	case ",$2," in
	*,tr,*) awk '/^$/ { held++; next }
		/^Hops to / { skip = 1 }
		/^(Nping|npecho) done:/ { skip = 0 }
		{ if (!skip) while (held > 0) { print ""; held-- }; held = 0 }
		!skip' "$1" ;;
	*) cat "$1" ;;
	esac | "$LAB_PYTHON" "$NORM" "$C" "$2"
}

# compare NAME FLAGS: the two runs agree (TAP line).
compare() {
	local name="$1" flags="$2" n e
	norm "$LAB_DIR/$name.nping.out" "$flags" >"$LAB_DIR/$name.a"
	norm "$LAB_DIR/$name.npecho.out" "$flags" >"$LAB_DIR/$name.b"
	n=$(cat "$LAB_DIR/$name.nping.rc")
	e=$(cat "$LAB_DIR/$name.npecho.rc")
	if diff -u "$LAB_DIR/$name.a" "$LAB_DIR/$name.b" >"$LAB_DIR/$name.diff" &&
		[ "$n" = "$e" ] && [ -n "$(grep -c '' "$LAB_DIR/$name.b")" ]; then
		lab_tap 0 "$name: same output and exit status ($e): $ARGS"
	else
		lab_tap 1 "$name: same output and exit status (nping $n, npecho $e): $ARGS"
		sed 's/^/# /' "$LAB_DIR/$name.diff" >&2
		sed 's/^/# npecho stderr: /' "$LAB_DIR/$name.npecho.err" >&2
	fi
}

# nping_agrees NAME FLAGS: the normalised outputs and exit statuses are the
# same (usage cases: both refused), quietly.
nping_agrees() {
	case ",$2," in
	*,usage,*) [ "$(cat "$LAB_DIR/$1.nping.rc")" = 1 ]; return ;;
	esac
	norm "$LAB_DIR/$1.nping.out" "$2" >"$LAB_DIR/$1.a"
	norm "$LAB_DIR/$1.npecho.out" "$2" >"$LAB_DIR/$1.b"
	cmp -s "$LAB_DIR/$1.a" "$LAB_DIR/$1.b" &&
		[ "$(cat "$LAB_DIR/$1.nping.rc")" = "$(cat "$LAB_DIR/$1.npecho.rc")" ]
}

# usage NAME: both refuse; npecho's line carries Nping's message.
usage() {
	local name="$1" n e msg
	n=$(cat "$LAB_DIR/$name.nping.rc")
	e=$(cat "$LAB_DIR/$name.npecho.rc")
	msg=$(grep -v '^$' "$LAB_DIR/$name.nping.err" | head -n 1)
	[ "$n" = 1 ] && [ "$e" = 2 ] && [ -n "$msg" ] &&
		[ "$(grep -c '' "$LAB_DIR/$name.npecho.err")" -eq 1 ] &&
		grep -Fq -- "$msg" "$LAB_DIR/$name.npecho.err"
	lab_tap $? "$name: both refuse (nping $n, npecho $e) with Nping's message: $msg"
}

ncases=0
while IFS='|' read -r name flags args; do
	name=$(echo "$name" | tr -d ' ')
	case "$name" in '' | \#*) continue ;; esac
	flags=$(echo "$flags" | sed 's/^ *//; s/ *$//')
	ARGS=$(eval "echo $args")
	ncases=$((ncases + 1))
	case "$flags" in
	broken:*)
		run "$NPECHO" "$name.npecho" $ARGS
		[ "$(cat "$LAB_DIR/$name.npecho.rc")" = 0 ] &&
			grep -q '^npecho done: ' "$LAB_DIR/$name.npecho.out"
		lab_tap $? "$name: npecho runs: $ARGS"
		echo "ok - $name: not diffed # SKIP ${flags#broken:}"
		continue
		;;
	esac
	run nping "$name.nping" $ARGS
	run "$NPECHO" "$name.npecho" $ARGS
	# nping 0.7.93 now and then skips one probe and repeats another with
	# its capture on, even 1 s apart (seen under make check's load:
	# ports 80, 82, 82 for -p 80-82): a diff gets nping's run again, at
	# most twice.  npecho's run is never repeated, so a difference of
	# npecho's own stays.
	tries=0
	while [ $tries -lt 2 ] && ! nping_agrees "$name" "$flags"; do
		lab_log "$name: nping's run differs, running nping again"
		run nping "$name.nping" $ARGS
		tries=$((tries + 1))
	done
	case ",$flags," in
	*,usage,*) usage "$name" ;;
	*) compare "$name" "$flags" ;;
	esac
done <"$CASES"
[ "$ncases" -ge 40 ]
lab_tap $? "at least 40 option sets compared ($ncases)"
lab_tap_done
