#!/bin/sh
# echo_slow_server.sh: an echo server whose host keeps it off the CPU
# falls behind but loses nothing, and the client waits for it.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |   npecho --echo-server in a CPU
#   +--------+              +--------+   cgroup with 1 ms per 25 ms
#
# The client sends 8,000 ICMP probes in 0.4 s.  The server (both threads:
# the cgroup holds the process, taskset keeps them on one CPU so they
# share its quota fairly) may run 1 ms of every 25 ms (ASan build; 50 ms
# for others), so its captures wait in the kernel ring and its queue and
# the echoes come out in bursts for half a second or more after the last
# probe, each burst within the client's end wait (>= 250 ms) of the one
# before.  With 100 ms periods, or both CPUs, gaps of three periods or
# more happened (one thread took a period's whole quota) and the client
# rightly gave up: the test failed about one run in three.  Before the end
# wait counted from the latest echo, the client left 250 ms after its last
# probe and lost the backlog.  Needs the cgroup v1 cpu controller's CFS
# quota (skipped without it).  TAP; bounded by timeouts.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-"$LAB_TOP/build/npecho"}
N=8000
# The period: long enough that the server falls well behind, short enough
# that no gap between its bursts reaches the client's end wait.  An ASan
# build needs several times the CPU per echo.
asan=0
ldd "$NPECHO" 2>/dev/null | grep -q libasan && asan=1
PERIOD=50000
[ $asan = 1 ] && PERIOD=25000

[ -x "$NPECHO" ] || { echo "not ok - build/npecho missing (make first)"; exit 1; }
lab_create 0
lab_tap $? "lab client - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_exec server sysctl -qw net.ipv4.icmp_echo_ignore_all=1

lab_bg server "$LAB_DIR/server.log" "$NPECHO" --echo-server slowpass -v
srv=$LAB_PID
lab_wait_port server 9929
lab_tap $? "the echo server listens"

CG=/sys/fs/cgroup/cpu/npecho-slow-$$
if ! [ -w /sys/fs/cgroup/cpu/cgroup.procs ] || ! mkdir "$CG" 2>/dev/null; then
	echo "ok - # SKIP no cgroup v1 cpu controller to throttle the server"
	lab_kill "$srv" INT
	lab_tap_done
	exit $?
fi
lab_at_exit "cat $CG/cgroup.procs 2>/dev/null | while read p; do echo \$p >/sys/fs/cgroup/cpu/cgroup.procs; done; rmdir $CG"
echo $PERIOD >"$CG/cpu.cfs_period_us" && echo 1000 >"$CG/cpu.cfs_quota_us" &&
	echo "$srv" >"$CG/cgroup.procs" && taskset -a -p 1 "$srv" >/dev/null
lab_tap $? "the server runs at most 1 ms per $((PERIOD / 1000)) ms (cgroup cpu quota), on one CPU"

lab_exec client timeout 60 "$NPECHO" --echo-client slowpass \
	--icmp --rate 20000 -c $N -N -v "$LAB_SERVER4" >"$LAB_DIR/client.log" 2>&1
lab_tap $? "the client exits 0"
throttled=$(awk '$1 == "nr_throttled" { print $2 }' "$CG/cpu.stat")
lab_log "server throttled ${throttled:-?} times"
echo "$srv" >/sys/fs/cgroup/cpu/cgroup.procs

got=$(sed -n 's/^Echoed packets recv: \([0-9]*\).*/\1/p' "$LAB_DIR/client.log")
[ "${got:-0}" -eq $N ]
lab_tap $? "every probe echoed although the server was throttled ${throttled:-?} times (got ${got:-0}/$N)"
# The echoes did come late: the client received for longer after its last
# probe than the 250 ms it waited before.
late=$(awk '/^Tx time:/ && !tx { tx = $3 + 0 }
	/^Rx time:/ { rx = $3 + 0 }
	END { printf "%.3f", rx - tx }' "$LAB_DIR/client.log")
if awk -v l="$late" 'BEGIN { exit !(l > 0.3) }'; then
	lab_tap 0 "the last echoes came ${late}s after the last probe, and were waited for"
elif [ $asan = 0 ]; then
	echo "ok - # SKIP this build's server kept up (last echo ${late}s after the last probe); make check runs the ASan build, which falls behind"
	LAB_PASS=$((LAB_PASS + 1))
else
	lab_tap 1 "the last echoes came ${late}s after the last probe: the server never fell behind, nothing was tested"
fi
lab_kill "$srv" INT
lab_wait_exit "$srv" 5
grep -q "^npecho done:" "$LAB_DIR/server.log"
lab_tap $? "the server shut down cleanly"

lab_tap_done
