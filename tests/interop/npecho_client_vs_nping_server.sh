#!/bin/sh
# npecho_client_vs_nping_server.sh: npecho --echo-client against a stock
# nping 0.7.93 --echo-server (with the nopad.so shim, nmap #2547).
#
#   +--------+ 10.77.1.0/24 +--------+ 10.77.2.0/24 +--------+
#   | client |east------west|   r1   |east------west| server |
#   +--------+              +--------+              +--------+
#   npecho --echo-client     (masquerade            nping --echo-server
#   (TCP 9929 side channel,   in the NAT part)      -e west --once
#    raw TCP/UDP/ICMP probes)
#
# Checks: every probe is echoed (CAPT count == -c) for TCP, UDP and ICMP,
# with crypto and with --no-crypto; lines come SENT, CAPT, RCVD per probe;
# the summary has Nping's "| Echoed: N (B) " and our "Echoed packets recv";
# -q prints no CAPT/RCVD; -N still gets the last echo; behind the NAT the
# CAPT line shows the rewritten source; a wrong passphrase and a missing
# server end with status 1 and one clear line.  TAP; every process runs
# under timeout and the lab's trap removes everything.
set -u
. "$(dirname "$0")/../netns/lab.sh"

SECRET=npecho-lab-secret
T=20
NPECHO=${NPECHO:-"$LAB_TOP/build/npecho"}

[ -x "$NPECHO" ] || { echo "not ok - build/npecho missing (make first)"; exit 1; }
lab_build_shim
lab_tap $? "nopad.so is built"
lab_create 1
lab_tap $? "lab client - r1 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_wait_reach client "$LAB_SERVER4"
lab_tap $? "client reaches server"

# session TAG "SERVER-OPTS" CLIENT-ARGS...: one --once nping server and one
# npecho client; stdout in $LAB_DIR/TAG.out, stderr in TAG.err; returns
# the client's exit status.
session() {
	local tag="$1" sopt="$2" spid rc
	shift 2
	lab_bg server "$LAB_DIR/$tag-server.log" timeout "$T" \
		env LD_PRELOAD="$LAB_SHIM" nping --echo-server "$SECRET" \
		-e "$LAB_SERVER_IF" --once $sopt
	spid=$LAB_PID
	lab_wait_port server 9929 || lab_log "$tag: server not listening"
	lab_exec client timeout "$T" "$NPECHO" "$@" "$LAB_SERVER4" \
		>"$LAB_DIR/$tag.out" 2>"$LAB_DIR/$tag.err"
	rc=$?
	lab_wait_exit "$spid" 5 || lab_kill "$spid"
	sed "s/^/# $tag: /" "$LAB_DIR/$tag.out" "$LAB_DIR/$tag.err" >&2
	return "$rc"
}

count() {
	grep -c "^$1 " "$LAB_DIR/$2.out"
}

# The order of SENT/CAPT/RCVD lines as one word per probe, e.g. "SCR SCR".
order() {
	awk '/^(SENT|CAPT|RCVD) /{ s = s substr($1, 1, 1) }
	     END { gsub(/SCR/, "SCR ", s); print s }' "$LAB_DIR/$1.out"
}

# all_echoed TAG N: exit 0, N CAPT lines, both echo summary lines say N.
all_echoed() {
	local tag="$1" n="$2" capt
	capt=$(count CAPT "$tag")
	[ "$capt" -eq "$n" ] &&
		grep -q "| Echoed: $n ([0-9]*B) \$" "$LAB_DIR/$tag.out" &&
		grep -q "^Echoed packets recv: $n ([0-9]*B) | Lost: 0 (0.00%)\$" \
			"$LAB_DIR/$tag.out"
}

session tcp "" --echo-client "$SECRET" --tcp -p 80 -c 3 --delay 200ms
lab_tap $? "TCP: client exits 0"
all_echoed tcp 3
lab_tap $? "TCP: 3 probes, 3 CAPT, Echoed: 3 and Lost: 0"
[ "$(order tcp)" = "SCR SCR SCR " ]
lab_tap $? "TCP: lines per probe are SENT, CAPT, RCVD (got '$(order tcp)')"
grep -q "^CAPT .* TCP $LAB_CLIENT4:[0-9]* > $LAB_SERVER4:80\$" "$LAB_DIR/tcp.out"
lab_tap $? "TCP: unchanged probe shows only addresses and ports in CAPT"

session udp "" --echo-client "$SECRET" --udp -p 5353 -c 3 --delay 200ms \
	--data-string NEPtest
lab_tap $? "UDP: client exits 0"
all_echoed udp 3
lab_tap $? "UDP: 3 CAPT, Echoed: 3"
! grep -q '^CAPT .*payload=modified' "$LAB_DIR/udp.out" &&
	grep -q '^ |_Payloads came back zeroed' "$LAB_DIR/udp.out"
lab_tap $? "UDP: the server's payload erasure is no change in CAPT, the analysis says it"

session icmp "--no-crypto" --echo-client "$SECRET" --no-crypto --icmp \
	-c 3 --delay 200ms
lab_tap $? "ICMP --no-crypto: client exits 0"
all_echoed icmp 3
lab_tap $? "ICMP --no-crypto: 3 CAPT, Echoed: 3"

session tcpnc "--no-crypto" --echo-client "$SECRET" --no-crypto --tcp \
	-p 443 -c 2 --delay 200ms
all_echoed tcpnc 2
lab_tap $? "TCP --no-crypto: 2 CAPT, Echoed: 2"

session quiet "" --echo-client "$SECRET" --icmp -c 2 --delay 200ms -q
rc=$?
[ $rc -eq 0 ] && [ "$(count CAPT quiet)" -eq 0 ] &&
	[ "$(count RCVD quiet)" -eq 0 ] && grep -q '| Echoed: 2 ' "$LAB_DIR/quiet.out"
lab_tap $? "-q: no CAPT or RCVD lines, summary still counts 2 echoes"

session noc "" --echo-client "$SECRET" --icmp -c 2 --delay 200ms -N
all_echoed noc 2 && [ "$(count RCVD noc)" -eq 0 ]
lab_tap $? "-N: both echoes arrive (the last one too), no RCVD"

session badpass "" --echo-client wrong-pass --tcp -p 80 -c 1
rc=$?
[ $rc -eq 1 ] && grep -q "^npecho: authentication failed: the server's handshake did not verify (wrong passphrase?)\$" \
	"$LAB_DIR/badpass.err" && [ "$(count SENT badpass)" -eq 0 ]
lab_tap $? "wrong passphrase: exit 1 (got $rc), authentication line, no probe sent"

lab_exec client timeout "$T" "$NPECHO" --echo-client "$SECRET" -c 1 \
	"$LAB_SERVER4" >"$LAB_DIR/refused.out" 2>"$LAB_DIR/refused.err"
rc=$?
[ $rc -eq 1 ] && grep -q "^npecho: cannot connect to echo server $LAB_SERVER4:9929: Connection refused\$" \
	"$LAB_DIR/refused.err"
lab_tap $? "no server: exit 1 (got $rc), 'cannot connect ... Connection refused'"

# --- behind a masquerading router the echoed source is r1's address.
lab_nft_masq r1
lab_tap $? "masquerade on r1"
NAT4=$(lab_addr r1 4 east)
session nat "" --echo-client "$SECRET" --tcp -p 80 -c 3 --delay 200ms
lab_tap $? "NAT: client exits 0"
all_echoed nat 3
lab_tap $? "NAT: 3 CAPT, Echoed: 3"
[ "$(grep -c "^CAPT .* TCP $NAT4:[0-9]* > $LAB_SERVER4:80\$" "$LAB_DIR/nat.out")" -eq 3 ]
lab_tap $? "NAT: CAPT shows the rewritten source $NAT4"
session natv "" --echo-client "$SECRET" --icmp -c 1 -v
grep -q "the server sees us as $NAT4\$" "$LAB_DIR/natv.out" &&
	grep -q "^CAPT .* ICMP \[$NAT4 > $LAB_SERVER4[] ]" "$LAB_DIR/natv.out"
lab_tap $? "NAT -v: the side channel reports how the server sees us; ICMP CAPT"
grep -q '^Packet Echo Analysis:' "$LAB_DIR/natv.out" &&
	grep -q '\[nat-source, ' "$LAB_DIR/natv.out" &&
	! grep -q 'Source IP changed' "$LAB_DIR/tcp.out"
lab_tap $? "analysis: nat-source behind the NAT only"

lab_tap_done
