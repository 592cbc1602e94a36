#!/bin/sh
# echo_valgrind.sh: echo servers running under valgrind (memcheck), then
# SIGTERM.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |  valgrind --leak-check=full
#   +--------+              +--------+    --errors-for-leak-kinds=definite
#                                         --error-exitcode=99 npecho ...
#                                         --no-seccomp
#   A (9929): a stock nping --echo-client (shim), TCP -c 3.
#   B (9930, --no-crypto -w FILE): tests/hostile/hostile_client.py
#     stallflood, a client that stops reading while its own UDP probes
#     flood in, until the server drops it ("send queue full, client not
#     reading") in the middle of relaying a packet whose pcapng record is
#     written after the close (once a use-after-free).
#
# Checks, for each server: its client got what it should; after SIGTERM
# valgrind's exit status is 0 (99 = a memory error or a definite leak),
# its log has "ERROR SUMMARY: 0 errors", no invalid read/write and no
# definitely lost bytes.  Skipped (TAP "# SKIP") without valgrind.  TAP;
# lab removed on exit.
#
# --no-seccomp: valgrind implements no seccomp(2) (its "unhandled amd64-linux
# syscall: 317"), so the server cannot install its filter and would refuse
# to start; and a filter, were it installed, would judge valgrind's own
# system calls (executable mappings for its translations) too.  The filter
# is tested by privileges.sh and test_sandbox, on both builds.
set -u
. "$(dirname "$0")/../netns/lab.sh"

# Valgrind cannot run a sanitizer build: NPECHO_PLAIN, never $NPECHO
# (tests/run.sh points NPECHO at the ASan+UBSan binary).
NPECHO=${NPECHO_PLAIN:-$LAB_TOP/build/npecho}
SECRET=npecho-valgrind-secret

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
if ! command -v valgrind >/dev/null 2>&1; then
	echo "ok - valgrind session # SKIP valgrind not installed"
	exit 0
fi
lab_build_shim
lab_tap $? "nopad.so is built"
lab_create 0
lab_tap $? "lab comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
VG="$LAB_DIR/valgrind.log"
VGB="$LAB_DIR/valgrind-b.log"
lab_bg server "$LAB_DIR/srv.log" valgrind --leak-check=full \
	--errors-for-leak-kinds=definite --error-exitcode=99 \
	--log-file="$VG" "$NPECHO" --echo-server "$SECRET" -v --no-seccomp
VPID=$LAB_PID
lab_bg server "$LAB_DIR/srv-b.log" valgrind --leak-check=full \
	--errors-for-leak-kinds=definite --error-exitcode=99 \
	--log-file="$VGB" "$NPECHO" --echo-server x --no-crypto \
	--echo-port 9930 -v -w "$LAB_DIR/b.pcapng" --no-seccomp
VPIDB=$LAB_PID
lab_wait_port server 9929 tcp 30
lab_tap $? "server A under valgrind listens"
lab_wait_port server 9930 tcp 30
lab_tap $? "server B (-w) under valgrind listens"
lab_exec client timeout 40 env LD_PRELOAD="$LAB_SHIM" nping --echo-client \
	"$SECRET" -c 3 --delay 200ms --tcp -p 80 "$LAB_SERVER4" \
	>"$LAB_DIR/nping.log" 2>&1
n=$(grep -c '^CAPT ' "$LAB_DIR/nping.log")
[ "$n" -eq 3 ]
lab_tap $? "3 TCP probes echoed by the server under valgrind ($n CAPT)"
[ "$n" -eq 3 ] || sed 's/^/# nping: /' "$LAB_DIR/nping.log" >&2
lab_exec client timeout 60 /usr/bin/python3 \
	"$LAB_TOP/tests/hostile/hostile_client.py" "$LAB_SERVER4" 9930 \
	stallflood 40 7 >"$LAB_DIR/stall.log" 2>&1
grep -q '^stallflood closed=1 ' "$LAB_DIR/stall.log"
lab_tap $? "B drops the client that stopped reading ($(tail -1 "$LAB_DIR/stall.log"))"
grep -q 'disconnected (send queue full, client not reading' "$LAB_DIR/srv-b.log"
lab_tap $? "B logs why"

# vg_check NAME PID LOG SRVLOG: SIGTERM, then valgrind's verdict.
vg_check() {
	local rc
	kill -TERM "$2"
	lab_wait_exit "$2" 30
	rc=$?
	lab_log "$1: valgrind exit status $rc; $(grep -E 'ERROR SUMMARY|definitely lost|in use at exit' "$3" | sed 's/^==[0-9]*== *//' | tr '\n' ';')"
	[ "$rc" -eq 0 ]
	lab_tap $? "$1: valgrind exit status 0 after SIGTERM (99 = memory error or definite leak)"
	grep -q 'ERROR SUMMARY: 0 errors' "$3" &&
		! grep -Eq 'Invalid (read|write|free)|uninitialised|Mismatched free' "$3"
	lab_tap $? "$1: no invalid read/write/free, no use of uninitialised values"
	grep -Eq 'definitely lost: 0 bytes|All heap blocks were freed' "$3" ||
		! grep -q 'definitely lost:' "$3"
	lab_tap $? "$1: no definite leak"
	grep -q '^npecho done: 1 client served' "$4"
	lab_tap $? "$1: server summary: 1 client served"
}
vg_check A "$VPID" "$VG" "$LAB_DIR/srv.log"
vg_check B "$VPIDB" "$VGB" "$LAB_DIR/srv-b.log"
[ "$LAB_FAIL" -eq 0 ] || sed 's/^/# /' "$VG" "$LAB_DIR/srv.log" "$VGB" \
	"$LAB_DIR/srv-b.log" | grep -v '^# \[.*Connection received' >&2
id=$LAB_ID
lab_cleanup
[ -z "$(ip netns list | grep "^$id-")" ]
lab_tap $? "no namespace left"
lab_tap_done
