#!/bin/sh
# audit_vs_nping_server.sh: the path audit against a stock nping 0.7.93
# --echo-server (with the nopad.so shim, nmap #2547).
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+              +--------+              +--------+
#   npecho --audit                                  nping --echo-server
#
# Every check that needs no NEP extension runs and, on this clean path,
# passes; the reply-path checks need the reply-echo extension a stock
# server does not offer, and say unknown with that reason.  A stock session
# takes about a second to come up, so the audit takes about 25 s here.
# TAP; every process runs under timeout and the lab's trap removes
# everything.
set -u
. "$(dirname "$0")/../netns/lab.sh"

SECRET=npecho-lab-secret
NPECHO=${NPECHO:-"$LAB_TOP/build/npecho"}

[ -x "$NPECHO" ] || { echo "not ok - build/npecho missing (make first)"; exit 1; }
lab_build_shim
lab_tap $? "nopad.so is built"
lab_create 1
lab_tap $? "lab client - r1 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_sysctl server net.ipv4.icmp_ratelimit=0
lab_wait_reach client "$LAB_SERVER4"
lab_tap $? "client reaches server"
lab_bg server "$LAB_DIR/server.log" timeout 90 \
	env LD_PRELOAD="$LAB_SHIM" nping --echo-server "$SECRET" -e "$LAB_SERVER_IF"
lab_wait_port server 9929
lab_tap $? "nping --echo-server listens"

lab_exec client timeout 80 "$NPECHO" --echo-client "$SECRET" --audit \
	"$LAB_SERVER4" >"$LAB_DIR/audit.out" 2>"$LAB_DIR/audit.err"
lab_tap $? "the audit exits 0"
sed 's/^/# /' "$LAB_DIR/audit.out" "$LAB_DIR/audit.err" >&2

rows=$(awk 'f && $1 != "npecho" { n++ } /^CHECK +VERDICT/ { f = 1 }
	END { print n + 0 }' "$LAB_DIR/audit.out")
[ "$rows" -eq 28 ]
lab_tap $? "28 rows in the table (27 checks and loss) (got $rows)"
for c in reply-dscp reply-ttl; do
	awk -v c=$c '$1 == c && $2 == "unknown"' "$LAB_DIR/audit.out" |
		grep -q "does not echo its replies"
	lab_tap $? "$c: unknown, the stock server does not echo its replies"
done
other=$(awk 'f && $1 != "npecho" && $1 !~ /^reply-/ &&
	$2 !~ /^(passed|none|preserved|endpoint-independent)$/ { print $1, $2 }
	/^CHECK +VERDICT/ { f = 1 }' "$LAB_DIR/audit.out" | paste -sd, -)
[ -z "$other" ]
lab_tap $? "every other check ran and passed on the clean path ($other)"
tail -1 "$LAB_DIR/audit.out" | grep -q "^npecho done: 1 IP address audited in "
lab_tap $? "the done line is last"

lab_tap_done
