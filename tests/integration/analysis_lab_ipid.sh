#!/bin/sh
# analysis_lab_ipid.sh: echo mode through a box that rewrites the IPv4 ID
# (a scrubbing firewall, pf's "scrub random-id", many NATs); each case
# asserts the EXACT tag set.
#
#   client  10.77.1.1  --west--+
#   client2 10.77.11.1 --west2-+ r1 --- r2 --- r3 --- server   (lab_create 3)
#                                       "ip id set 4242" upstream,
#                                       with or without masquerade
#
#   case          middlebox on r2                 probes  tags
#   id-udp        ip id set                       UDP     hops ip-id-changed
#   id-icmp       ip id set                       ICMP    hops ip-id-changed
#   id-tcp        ip id set                       TCP     hops ip-id-changed
#   id-nat-udp    ip id set + masquerade          UDP     nat-source hops ip-id-changed
#   id-nat-icmp   ip id set + masquerade          ICMP    nat-source hops ip-id-changed
#   id-nat-tcp    ip id set + masquerade          TCP     nat-source hops ip-id-changed
#
# Nping's scoring gives the ID 500 points and UDP (800) and ICMP (600)
# cannot reach their thresholds without it: nothing was echoed and the
# client said the probes "never reached the server" (and, for ICMP, that
# the replies were forged).  Between npecho peers the probe token
# (doc/nep-extensions.md) names the probes whatever the ID.
# Then two clients behind the same ID-rewriting NAT probe the same UDP port
# (and then ICMP) at the same time: each gets its own 5 probes, and no
# echo the other's (its -v "not matched to a probe" count is 0, and the
# server echoed each session exactly its probes and their replies).
# Clients: --echo-client -v -c 3 --delay 100ms.  TAP.
set -u
. "$(dirname "$0")/analysis_lab_lib.sh"

[ -x "$NPECHO" ] || { echo "not ok - $NPECHO is built"; exit 1; }
al_lab 3 || { lab_tap_done; exit 1; }
al_start_server srv 9929 -v
lab_tap $? "echo server listens"
S=$LAB_SERVER4
R=-c\ 3\ --delay\ 100ms
IDSET="lab_nft_rule r2 up 'ip id set 4242'"
NAT="lab_nft_masq r2"

# never_lost NAME: the run claims neither loss nor forgery.
never_lost() {
	! grep -q 'never reached\|answers in its name' "$LAB_DIR/$1.out"
	lab_tap $? "$1: no probe called lost, no reply called forged"
}

al_case id-udp "hops ip-id-changed" "$IDSET" 9929 --udp -p 7777 $R "$S"
al_evidence id-udp ip-id-changed | grep -q 'captured 4242; probes 1, 2, 3 \['
lab_tap $? "id-udp: every probe arrived with ID 4242"
never_lost id-udp
al_case id-icmp "hops ip-id-changed" "$IDSET" 9929 --icmp $R "$S"
never_lost id-icmp
al_case id-tcp "hops ip-id-changed" "$IDSET" 9929 --tcp -p 80 $R "$S"
never_lost id-tcp
al_case id-nat-udp "hops ip-id-changed nat-source" "$IDSET && $NAT" 9929 \
	--udp -p 7777 $R "$S"
never_lost id-nat-udp
al_case id-nat-icmp "hops ip-id-changed nat-source" "$IDSET && $NAT" 9929 \
	--icmp $R "$S"
never_lost id-nat-icmp
al_case id-nat-tcp "hops ip-id-changed nat-source" "$IDSET && $NAT" 9929 \
	--tcp -p 80 $R "$S"
never_lost id-nat-tcp

# --- two clients behind the same ID-rewriting NAT, at the same time.
lab__mkns client2 &&
	lab_ip r1 link add name west2 type veth peer name east \
		netns "$LAB_ID-client2" &&
	lab_ip r1 addr add 10.77.11.2/24 dev west2 &&
	lab_ip client2 addr add 10.77.11.1/24 dev east &&
	lab_ip r1 link set west2 up && lab_ip client2 link set east up &&
	lab_ip client2 route add default via 10.77.11.2 &&
	lab_ip r2 route add 10.77.11.0/24 via "$(lab_addr r1 4 east)"
lab_tap $? "a second client behind r1"
al_reset
eval "$IDSET" && eval "$NAT"
lab_tap $? "r2 rewrites IDs and masquerades both"
lab_wait_reach client2 "$S"

# pair PROTO ARGS...: both clients at once, 5 probes each.
pair() {
	local proto="$1" n c e u
	shift
	for n in client client2; do
		lab_bg "$n" "$LAB_DIR/$proto-$n.out" timeout 30 "$NPECHO" \
			--echo-client "$AL_PASS" -v -c 5 --delay 100ms "$@" "$S"
		eval "P_$n=\$LAB_PID"
	done
	lab_wait_exit "$P_client" 30
	lab_wait_exit "$P_client2" 30
	for n in client client2; do
		sed "s/^/# $proto-$n: /" "$LAB_DIR/$proto-$n.out" >&2
		c=$(grep -c '^CAPT ' "$LAB_DIR/$proto-$n.out")
		e=$(sed -n 's/^Echoed packets recv: \([0-9]*\) .*/\1/p' \
			"$LAB_DIR/$proto-$n.out")
		u=$(sed -n 's/^Echoes: .*, \([0-9]*\) not matched to a probe.*/\1/p' \
			"$LAB_DIR/$proto-$n.out")
		[ "$c" -eq 5 ] && [ "${e:-0}" -eq 5 ] && [ "${u:-0}" -eq 0 ]
		lab_tap $? "$proto, two clients behind one NAT: $n got its 5 probes and nothing else (CAPT $c, echoed ${e:-?}, foreign ${u:-0})"
	done
}
pair udp --udp -p 7777
pair icmp --icmp
# The server's side: each session was echoed its 5 probes and their 5
# replies (port unreachables, echo replies), nothing more.
n=$(grep -c 'disconnected (client closed the connection; echoed 10 (5 replies)' \
	"$LAB_DIR/srv.log")
[ "$n" -ge 4 ]
lab_tap $? "server: the 4 sessions were each echoed 10 packets, 5 of them replies ($n)"
lab_tap_done
