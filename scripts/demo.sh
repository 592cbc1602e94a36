#!/bin/sh
# demo.sh: an echo session through a NAT, in network namespaces ("make demo").
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+              +--------+              +--------+
#   10.77.1.1               masquerade              10.77.2.2
#   echo client             out of east             echo server (--once)
#
# PLACEHOLDER: for now it runs the STOCK nping 0.7.93 echo client/server
# (with tests/interop/nopad.c preloaded, nmap #2547); npecho's echo mode
# will replace it.  The echoed probes (CAPT lines) show the source address
# rewritten by the NAT.  Needs root; non-interactive; every step is bounded
# by timeout and the lab is torn down on exit (tests/netns/lab.sh).
set -u
. "$(dirname "$0")/../tests/netns/lab.sh"

SECRET=npecho-demo
T=30

[ "$(id -u)" = 0 ] || { echo "demo: must run as root" >&2; exit 1; }
cat <<'EOF'
======================================================================
 npecho demo -- PLACEHOLDER
 This runs the STOCK nping 0.7.93 echo mode (nping --echo-server /
 --echo-client, with the nopad.so OpenSSL 3 fix preloaded) through a
 NAT router.  npecho's own echo mode will replace nping here.
======================================================================
EOF
lab_build_shim || { echo "demo: cannot build the nopad shim" >&2; exit 1; }
lab_create 1 || { echo "demo: cannot create the lab" >&2; exit 1; }
lab_nft_masq r1 || exit 1
lab_wait_reach client "$LAB_SERVER4" || { echo "demo: no route" >&2; exit 1; }
echo "lab: client $LAB_CLIENT4 -> r1 (NAT to $(lab_addr r1 4 east)) -> server $LAB_SERVER4"

lab_bg server "$LAB_DIR/server.log" timeout "$T" env LD_PRELOAD="$LAB_SHIM" \
	nping --echo-server "$SECRET" --once
srv=$LAB_PID
lab_wait_port server 9929 || { echo "demo: echo server did not start" >&2; exit 1; }

echo
echo "---- client: nping --echo-client -c 3 --tcp -p 80 $LAB_SERVER4 ----"
lab_exec client timeout "$T" env LD_PRELOAD="$LAB_SHIM" \
	nping --echo-client "$SECRET" -c 3 --delay 200ms --tcp -p 80 \
	"$LAB_SERVER4" >"$LAB_DIR/client.log" 2>&1
cat "$LAB_DIR/client.log"
# nping exits 0 even when the handshake fails: judge by the echoed probes.
rc=0
grep -q '^CAPT ' "$LAB_DIR/client.log" || rc=1
lab_wait_exit "$srv" 10
echo
echo "---- server: nping --echo-server --once ----"
cat "$LAB_DIR/server.log"
echo
echo "(CAPT lines are the probes as the server captured them: source"
echo " $LAB_CLIENT4 became $(lab_addr r1 4 east) at the NAT.)"
[ "$rc" -eq 0 ] || echo "demo: no probe was echoed" >&2
exit "$rc"
