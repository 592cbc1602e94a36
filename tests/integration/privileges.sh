#!/bin/sh
# privileges.sh: a running npecho holds no capability and no root identity,
# and the echo server runs under its seccomp filter.
#
#   +--------+           +--------+
#   | client |east--west | server |      lab_create 0
#   +--------+           +--------+
#   npecho --icmp -c 0   npecho --echo-server
#
# Both are started as root; once their raw sockets and captures are open
# they must run as nobody (or --user) with every capability set empty
# (/proc/PID/status), and still work: the prober keeps sending and
# matching replies, the server keeps serving an echo session.  The server
# and each of its threads must also show "Seccomp: 2" (server/sandbox.h)
# and end on SIGTERM with status 0, not killed by SIGSYS (159); with
# --no-seccomp it runs unfiltered.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$(pwd)/build/npecho}

# caps_zero PID (or PID/task/TID): CapInh/CapPrm/CapEff/CapAmb and the
# bounding set all zero, uid not 0.
caps_zero() {
	awk '/^Cap(Inh|Prm|Eff|Amb|Bnd):/ { if ($2 !~ /^0+$/) bad = 1 }
	     /^Uid:/ { if ($2 == 0 || $3 == 0 || $4 == 0) bad = 1 }
	     END { exit bad }' "/proc/$1/status"
}
uid_of() { awk '/^Uid:/ {print $3}' "/proc/$1/status"; }
# seccomp_modes PID: "Seccomp:" of the process, then of each thread.
seccomp_modes() {
	for f in /proc/"$1"/status /proc/"$1"/task/*/status; do
		awk '/^Seccomp:/ {print $2}' "$f"
	done | tr '\n' ' '
}
# thread_nices PID: the nice value of each of its threads, space-separated.
thread_nices() {
	for t in /proc/"$1"/task/*; do awk '{print $19}' "$t/stat"; done | tr '\n' ' '
}
# ready LOG: the server's set-up is over (it ends after the listener
# opens: privilege drop, capture thread, seccomp filter).
ready() { lab_poll 5 grep -q '^Waiting for connections' "$1"; }
# echoes_two: an echo client's two TCP probes both come back as CAPT.
echoes_two() {
	out=$(lab_exec client timeout 20 "$NPECHO" --echo-client secret --tcp -p 80 \
		-c 2 --delay 100ms "$LAB_SERVER4" 2>&1)
	[ "$(echo "$out" | grep -c '^CAPT')" -eq 2 ]
}

lab_create 0
lab_tap $? "lab client - server is up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
nobody=$(id -u nobody)

lab_bg client "$LAB_DIR/probe.log" "$NPECHO" --icmp -c 0 --delay 50ms "$LAB_SERVER4"
probe=$LAB_PID
lab_poll 5 grep -q '^RCVD' "$LAB_DIR/probe.log"
lab_tap $? "the prober matches replies"
pid=$(pgrep -n -f "npecho --icmp -c 0 --delay 50ms $LAB_SERVER4")
caps_zero "$pid"
lab_tap $? "the running prober holds no capability and is not root"
[ "$(uid_of "$pid")" = "$nobody" ]
lab_tap $? "the prober runs as nobody by default"
n1=$(grep -c '^RCVD' "$LAB_DIR/probe.log")
sleep 0.3
n2=$(grep -c '^RCVD' "$LAB_DIR/probe.log")
[ "$n2" -gt "$n1" ]
lab_tap $? "after the drop it still sends and matches ($n1 -> $n2 replies)"
lab_kill "$probe" INT

lab_bg server "$LAB_DIR/server.log" "$NPECHO" --echo-server secret --user daemon
srv=$LAB_PID
lab_wait_port server 9929
lab_tap $? "the echo server listens"
ready "$LAB_DIR/server.log"
lab_tap $? "and has finished its set-up"
pid=$(pgrep -n -f "npecho --echo-server secret --user daemon")
caps_zero "$pid"
lab_tap $? "the running server holds no capability and is not root"
[ "$(uid_of "$pid")" = "$(id -u daemon)" ]
lab_tap $? "--user daemon is honoured"
# Capabilities are per thread: the capture thread too (it is started
# after the drop and must not keep what the loop gave up).
n=0 bad=0
for t in /proc/"$pid"/task/*; do
	n=$((n + 1))
	caps_zero "$pid/task/${t##*/}" || bad=1
	[ "$(uid_of "$pid/task/${t##*/}")" = "$(id -u daemon)" ] || bad=1
done
[ "$n" -eq 2 ] && [ "$bad" -eq 0 ]
lab_tap $? "both server threads (event loop, capture) run as daemon with no capability ($n threads)"
nices=$(thread_nices "$pid")
[ "$nices" = "-20 -20 " ]
lab_tap $? "both threads raised to nice -20 ($nices)"
modes=$(seccomp_modes "$pid")
[ "$modes" = "2 2 2 " ]
lab_tap $? "seccomp filter on the server and both its threads (Seccomp: $modes)"
echoes_two
lab_tap $? "the unprivileged, filtered server still echoes every probe"
echoes_two
lab_tap $? "and does so for a second session"
lab_kill "$srv" TERM
rc=$?
[ "$rc" -eq 0 ]
lab_tap $? "the filtered server ends on SIGTERM with status 0 ($rc; 159 = SIGSYS)"
grep -q '^npecho done: 2 clients served' "$LAB_DIR/server.log"
lab_tap $? "and prints its summary (2 clients served)"

# --no-raise-priority: both threads keep the nice they were started with.
# --no-seccomp: no filter on either.
lab_bg server "$LAB_DIR/server2.log" nice -n 3 "$NPECHO" --echo-server secret \
	--no-raise-priority --no-seccomp
srv=$LAB_PID
lab_wait_port server 9929
ready "$LAB_DIR/server2.log"
pid=$(pgrep -n -f "npecho --echo-server secret --no-raise-priority")
nices=$(thread_nices "$pid")
[ "$nices" = "3 3 " ]
lab_tap $? "--no-raise-priority: both threads stay at the inherited nice 3 ($nices)"
modes=$(seccomp_modes "$pid")
[ "$modes" = "0 0 0 " ]
lab_tap $? "--no-seccomp: no filter on the server or its threads (Seccomp: $modes)"
lab_kill "$srv" TERM
lab_wait_exit "$srv" 5

# No thread allowed (RLIMIT_NPROC 1 counts against the user the server
# became): it says so once, and its event loop reads the captures itself.
# (LeakSanitizer needs a thread of its own at exit: off for this one.)
lab_bg server "$LAB_DIR/server3.log" env ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
	prlimit --nproc=1:1 "$NPECHO" --echo-server secret
srv=$LAB_PID
lab_wait_port server 9929
ready "$LAB_DIR/server3.log"
pid=$(pgrep -n -f "npecho --echo-server secret$")
n=$(ls /proc/"$pid"/task | wc -l)
grep -q "capture thread: .*; the event loop reads the captures itself" \
	"$LAB_DIR/server3.log" && [ "$n" -eq 1 ]
lab_tap $? "without a capture thread ($n thread) the server says so once"
modes=$(seccomp_modes "$pid")
[ "$modes" = "2 2 " ]
lab_tap $? "the one thread is filtered (Seccomp: $modes)"
echoes_two
lab_tap $? "and still echoes every probe"
lab_kill "$srv" TERM
rc=$?
[ "$rc" -eq 0 ]
lab_tap $? "and ends on SIGTERM with status 0 ($rc)"

lab_tap_done
