#!/bin/sh
# isolation.sh: sessions behind one NAT each get only their own probes, and
# a client elsewhere cannot steal them with a matching PacketSpec (server
# policy: a packet goes only to sessions whose client address, as accept()
# saw it, is its source; doc/nep-extensions.md "Server policy").
#
#   client  10.77.1.1  --west--+
#   client2 10.77.11.1 --west2-+ r1 (masquerade 10.77.1/24, 10.77.11/24)
#   evil    10.77.12.1 --west3-+  |east 10.77.2.1 (NAT address)
#                                 +----- server 10.77.2.2
#                                        npecho --echo-server --no-crypto
#
# 1. A (client) and B (client2) watch ICMP echo requests with IP ID 4242 /
#    4343; evil opens two sessions with the very same specs, after them (a
#    tie would go to evil under nping's rule).  Both NAT'd hosts ping at
#    once: A gets its 3, B its 3, evil none.
# 2. evil pings with IP ID 4242 from its own address: its session gets
#    them, A none.
# 3. two stock nping echo clients (shim) behind the NAT with the same probe
#    shape at once (TCP to port 80, source ports 31111 / 32222): each
#    gets exactly its own 3 echoes.
# TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
. "$LAB_TOP/tests/hostile/hostile_lib.inc"

hl_begin 1 shim

# add_host NODE K: namespace NODE linked to r1 (west<K>) on 10.77.K.0/24.
add_host() {
	lab__mkns "$1" &&
	lab_ip r1 link add name "west$2" type veth peer name east \
		netns "$LAB_ID-$1" &&
	lab_ip r1 addr add "10.77.$2.2/24" dev "west$2" &&
	lab_ip "$1" addr add "10.77.$2.1/24" dev east &&
	lab_ip r1 link set "west$2" up &&
	lab_ip "$1" link set east up &&
	lab_ip "$1" route add default via "10.77.$2.2"
}
add_host client2 11 && add_host evil 12 &&
lab_nft r1 'table inet lab_nat {
	chain post { type nat hook postrouting priority srcnat; policy accept; }
}
add rule inet lab_nat post oifname "east" ip saddr { 10.77.1.0/24, 10.77.11.0/24 } masquerade'
lab_tap $? "second NAT'd client and a non-NAT'd third host added"
S4=$LAB_SERVER4
lab_wait_reach client "$S4" && lab_wait_reach client2 "$S4" &&
	lab_wait_reach evil "$S4"
lab_tap $? "all three reach the server"
hl_server srv 9929 x --no-crypto -v
lab_tap $? "server listens"

watch() {
	lab_bg "$1" "$LAB_DIR/$2.log" timeout 30 "$HL_PY" "$HL_CLIENT" "$S4" \
		9929 watch "$3" 9
}
ready() {
	grep -q '^ready' "$LAB_DIR/$1.log"
}
watch client a 4242
PA=$LAB_PID
watch client2 b 4343
PB=$LAB_PID
lab_poll 5 ready a && lab_poll 5 ready b
watch evil e1 4242
PE1=$LAB_PID
watch evil e2 4343
PE2=$LAB_PID
lab_poll 5 ready e1 && lab_poll 5 ready e2
lab_tap $? "four watching sessions are live (evil's last)"

ping_id() {
	lab_exec "$1" timeout 10 nping --icmp --id "$2" -c 3 --delay 100ms -q \
		"$S4" >/dev/null 2>&1
}
ping_id client 4242 & p1=$!
ping_id client2 4343 & p2=$!
wait $p1 $p2
sleep 1
ping_id evil 4242
for p in $PA $PB $PE1 $PE2; do lab_wait_exit "$p" 15; done
for f in a b e1 e2; do sed "s/^/# $f: /" "$LAB_DIR/$f.log" >&2; done

grep -q '^total 3$' "$LAB_DIR/a.log" &&
	[ "$(grep -c '^echo ipid=4242 src=10.77.2.1 ' "$LAB_DIR/a.log")" -eq 3 ]
lab_tap $? "NAT'd client A gets exactly its 3 probes (source = NAT address)"
grep -q '^total 3$' "$LAB_DIR/b.log" &&
	[ "$(grep -c '^echo ipid=4343 src=10.77.2.1 ' "$LAB_DIR/b.log")" -eq 3 ]
lab_tap $? "NAT'd client B, pinging at the same time, gets exactly its 3"
grep -q '^total 3$' "$LAB_DIR/e1.log" &&
	[ "$(grep -c '^echo ipid=4242 src=10.77.12.1 ' "$LAB_DIR/e1.log")" -eq 3 ]
lab_tap $? "third host's spec matching A's probes: only its own 3 probes"
grep -q '^total 0$' "$LAB_DIR/e2.log"
lab_tap $? "third host's spec matching B's probes: nothing"

# --- stock nping echo clients behind the NAT, same probe shape.
nc_run() {
	lab_exec "$1" timeout 20 env LD_PRELOAD="$LAB_SHIM" nping \
		--echo-client x --no-crypto -c 3 --delay 200ms --tcp -p 80 \
		-g "$2" "$S4" >"$LAB_DIR/n$2.log" 2>&1
}
nc_run client 31111 & p1=$!
nc_run client2 32222 & p2=$!
wait $p1 $p2
n1=$(grep -c '^CAPT ' "$LAB_DIR/n31111.log")
n2=$(grep -c '^CAPT ' "$LAB_DIR/n32222.log")
o1=$(grep -c '^CAPT .*:31111 > ' "$LAB_DIR/n31111.log")
o2=$(grep -c '^CAPT .*:32222 > ' "$LAB_DIR/n32222.log")
[ "$n1" -eq 3 ] && [ "$o1" -eq 3 ] && [ "$n2" -eq 3 ] && [ "$o2" -eq 3 ]
lab_tap $? "two nping clients behind one NAT: $o1/$n1 and $o2/$n2 own/all echoes"
[ "$n1$n2" = 33 ] || sed 's/^/# /' "$LAB_DIR/n31111.log" "$LAB_DIR/n32222.log" >&2

hl_stop srv "$HL_PID"
hl_end "$LAB_DIR/srv.log"
