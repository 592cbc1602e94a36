#!/bin/sh
# analysis_lab_lib.sh: shared part of the analysis_lab_*.sh tests (sourced,
# never a test of its own; run directly it only reports a skip).
#
# Each analysis_lab_*.sh builds one lab (tests/netns/lab.sh), starts echo
# servers in the server namespace, and runs one echo client per case with
# a middlebox built from nftables rules on a router.  Between cases the
# routers' rulesets are flushed (al_reset), so one lab serves every case.
#
# The tags of a run are read from the evidence lines that -v adds under
# each finding (src/output/analysis_text.c):
#   " |    FIELD: ...; probes 1, 2, 3 [TAG, SEVERITY]"
#   " |    FIELD: ...; probes 1, 2 [TAG, SEVERITY, values vary]"
# and compared as a sorted set with the expected one: no more, no fewer.
#
#   al_lab N                      lab_create N and settings (TAP lines)
#   al_start_server NAME PORT [ARGS...]   echo server on PORT, log NAME.log
#   al_reset                      flush every router's ruleset
#   al_client NAME PORT ARGS...   one client run (-v, -c/--delay from ARGS),
#                                 output in $LAB_DIR/NAME.out; 1 if it did
#                                 not end in time or printed no analysis
#                                 (AL_VERBOSITY replaces the -v when set,
#                                 e.g. AL_VERBOSITY=-q)
#   al_tags NAME                  the tags of NAME's run, sorted, one a line
#   al_expect NAME "TAG ..."      TAP line: the tag set is exactly this
#   al_text NAME TAG              the English line of TAG's finding
#   al_evidence NAME TAG          the evidence line of TAG's finding
if [ "$(basename "$0")" = analysis_lab_lib.sh ]; then
	echo "ok - analysis_lab_lib.sh is sourced by analysis_lab_*.sh # SKIP"
	exit 0
fi

. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
AL_PASS=al-secret
AL_T=20

# al_lab N: lab_create N (TAP line), the server's host without ICMP rate
# limits (a case's port unreachables must not be missing because earlier
# cases used up the token bucket), and a working path.  1 on failure.
al_lab() {
	lab_create "$1"
	lab_tap $? "lab with $1 routers comes up"
	[ -n "$LAB_ID" ] || return 1
	lab_sysctl server net.ipv4.icmp_ratelimit=0 \
		net.ipv4.icmp_msgs_per_sec=100000 net.ipv6.icmp.ratelimit=0
	lab_wait_reach client "$LAB_SERVER4"
	lab_tap $? "client reaches the server"
}

# al_start_server NAME PORT [ARGS...]: start an echo server; wait for it.
al_start_server() {
	local name="$1" port="$2"
	shift 2
	lab_bg server "$LAB_DIR/$name.log" timeout 120 "$NPECHO" \
		--echo-server "$AL_PASS" --echo-port "$port" "$@"
	lab_wait_port server "$port" tcp 5
}

# al_reset: flush the rulesets of every router.
al_reset() {
	local i=1
	while [ "$i" -le "$LAB_N" ]; do
		lab_nft_flush "r$i"
		i=$((i + 1))
	done
}

# al_client NAME PORT ARGS...: run the echo client against echo port PORT.
al_client() {
	local name="$1" port="$2" rc
	shift 2
	lab_exec client timeout "$AL_T" "$NPECHO" --echo-client "$AL_PASS" \
		--echo-port "$port" ${AL_VERBOSITY:--v} "$@" \
		>"$LAB_DIR/$name.out" 2>&1
	rc=$?
	sed "s/^/# $name: /" "$LAB_DIR/$name.out" >&2
	[ "$rc" -ne 124 ] && grep -q '^Packet Echo Analysis:' "$LAB_DIR/$name.out"
}

# al_tags NAME: the tags of the run's evidence lines, sorted, unique.
al_tags() {
	sed -n 's/^ |    .*\[\([a-z-]*\), \(info\|notice\|warning\)\(, values vary\)\{0,1\}\]$/\1/p' \
		"$LAB_DIR/$1.out" | sort -u
}

# al_expect NAME "TAG ...": one TAP line, ok when the tag set is exactly
# the given one.  The run must have worked (al_client returned 0 before).
al_expect() {
	local want got
	want=$(printf '%s\n' $2 | sort -u)
	got=$(al_tags "$1")
	if [ -n "$got" ] && [ "$want" = "$got" ]; then
		lab_tap 0 "$1: tags {$(echo $got)}"
		return 0
	fi
	lab_log "$1: want {$(echo $want)} got {$(echo $got)}"
	lab_tap 1 "$1: tags {$(echo $want)}"
	return 1
}

# al_text NAME TAG: the " |_" sentence printed just before TAG's evidence.
al_text() {
	awk -v tag="$2" '
		/^ \|_/ { last = $0 }
		/^ \|    / && index($0, "[" tag ", ") { print last; exit }
	' "$LAB_DIR/$1.out"
}

# al_evidence NAME TAG: the evidence line of TAG.
al_evidence() {
	grep "^ |    .*\[$2, " "$LAB_DIR/$1.out" | head -n 1
}

# al_case NAME EXPECTED SETUP CLIENT-ARGS...: flush the routers, run the
# shell command SETUP (nft rules), run the client, check the tag set.
al_case() {
	local name="$1" want="$2" setup="$3"
	shift 3
	al_reset
	if ! eval "$setup"; then
		lab_tap 1 "$name: middlebox set up ($setup)"
		return 1
	fi
	if ! al_client "$name" "$@"; then
		lab_tap 1 "$name: client run ended with an analysis"
		return 1
	fi
	al_expect "$name" "$want"
}
