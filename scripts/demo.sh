#!/bin/sh
# demo.sh: an npecho echo session through a NAT, in network namespaces
# ("make demo").
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+              +--------+              +--------+
#   10.77.1.1               masquerade,             10.77.2.2
#   npecho --echo-client    MSS clamp 1200          npecho --echo-server --once
#
# The client sends three TCP SYNs carrying MSS 1460; the server echoes each
# one as it arrived; the client prints SENT / CAPT / RCVD and the Packet
# Echo Analysis (NAT, hop count, MSS clamp).  Needs root; non-interactive;
# every step is bounded by timeout and the lab is torn down on exit.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/netns/lab.sh"
NPECHO=${NPECHO:-$top/build/npecho}
SECRET=npecho-demo
T=30

[ "$(id -u)" = 0 ] || { echo "demo: must run as root" >&2; exit 1; }
[ -x "$NPECHO" ] || { echo "demo: build $NPECHO first (make)" >&2; exit 1; }
lab_create 1 || { echo "demo: cannot create the lab" >&2; exit 1; }
lab_nft_masq r1 || exit 1
lab_nft_mss r1 1200 || exit 1
lab_wait_reach client "$LAB_SERVER4" || { echo "demo: no route" >&2; exit 1; }
cat <<EOF
npecho demo: client $LAB_CLIENT4 -> r1 (NAT to $(lab_addr r1 4 east), MSS clamp 1200) -> server $LAB_SERVER4

---- server: npecho --echo-server $SECRET --once ----
EOF
lab_bg server "$LAB_DIR/server.log" timeout "$T" "$NPECHO" \
	--echo-server "$SECRET" --once
srv=$LAB_PID
lab_wait_port server 9929 || { echo "demo: echo server did not start" >&2; exit 1; }

echo "---- client: npecho --echo-client $SECRET --tcp -p 80 -c 3 --tcp-options mss=1460,sackok $LAB_SERVER4 ----"
lab_exec client timeout "$T" "$NPECHO" --echo-client "$SECRET" --tcp -p 80 \
	-c 3 --delay 200ms --tcp-options mss=1460,sackok "$LAB_SERVER4" \
	>"$LAB_DIR/client.log" 2>&1
rc=$?
cat "$LAB_DIR/client.log"
lab_wait_exit "$srv" 10 >/dev/null
echo
echo "---- server log ----"
cat "$LAB_DIR/server.log"
echo
echo "(CAPT lines are the probes as the server captured them: only the fields"
echo " that changed on the way are shown.)"
grep -q '^CAPT ' "$LAB_DIR/client.log" || { echo "demo: no probe was echoed" >&2; rc=1; }
exit "$rc"
