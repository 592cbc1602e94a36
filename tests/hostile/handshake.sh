#!/bin/sh
# handshake.sh: hostile side channels against npecho --echo-server.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |  A: npecho --echo-server secret  (9929)
#   +--------+              +--------+  B: npecho --echo-server --no-crypto (9930)
#   tests/hostile/hostile_client.py      both --handshake-timeout 2
#                                        --handshake-rate 65535
#
# Attacks: random bytes; every handshake message truncated, padded,
# duplicated, reordered; bad PacketSpecs (duplicate items, zero items,
# huge payload magic, bad IP version); oversized Total Length before and
# after READY; replay of earlier sessions (tests/data/nep/*.vec) against a
# fresh nonce; a wrong passphrase (stock nping).  Each malformed handshake
# must end without READY, with the connection closed; after each group of
# attacks a stock nping client (shim) gets all 3 echoes and the server's
# RSS is within 8 MiB of its baseline.  NPECHO=build/asan/npecho: no
# sanitizer report either.  TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
. "$LAB_TOP/tests/hostile/hostile_lib.inc"

hl_begin 0 shim
S4=$LAB_SERVER4
# Every attack comes from the client's one address, as fast as the hostile
# client can open connections: at the default handshake rate (10/s per
# source, bursts of 20) the server refuses most of them before they are
# parsed, and whether a case or the legitimate client right after an attack
# gets in depends on the timing.  This test is about the parsing, so the
# rate is out of its way; lockout.sh tests the rate.
hl_server a 9929 secret --handshake-timeout 2 --handshake-rate 65535 -v
lab_tap $? "server A (crypto) listens"
A=$HL_PID
hl_server b 9930 x --no-crypto --handshake-timeout 2 --handshake-rate 65535 -v
lab_tap $? "server B (--no-crypto) listens"
B=$HL_PID
EA="--echo-client secret"
EB="--echo-client x --no-crypto"
hl_legit warm-up-A "$A" 9929 $EA
hl_legit warm-up-B "$B" 9930 $EB
hl_baseline "$A"
hl_baseline "$B"

# hc PORT LOG ARGS...: the hostile client, output to LOG.
hc() {
	local port="$1" log="$2"
	shift 2
	lab_exec client timeout 60 "$HL_PY" "$HL_CLIENT" "$S4" "$port" "$@" \
		>"$LAB_DIR/$log" 2>&1
}

# expect LOG CASE PATTERN: the case line of CASE matches PATTERN.
expect() {
	grep -q "^case $2 $3" "$LAB_DIR/$1"
	lab_tap $? "$2: $(grep "^case $2 " "$LAB_DIR/$1" || echo 'no result')"
}

# --- random bytes.
hc 9929 rnd-a.log random 40
hc 9930 rnd-b.log random 40
grep -q '^random sent=40 closed=40' "$LAB_DIR/rnd-a.log" &&
	grep -q '^random sent=40 closed=40' "$LAB_DIR/rnd-b.log"
lab_tap $? "random bytes: 80 connections, each closed by the server"
hl_legit random-A "$A" 9929 $EA
hl_legit random-B "$B" 9930 $EB

# --- handshake messages truncated, padded, duplicated, reordered (B:
# the valid handshake is built from the nocrypto vector with the fresh
# nonce, then mutated).
hc 9930 hs.log hs valid trunc-hs-1 trunc-hs-16 trunc-hs-143 \
	trunc-hs-143-hold trunc-spec-159 pad-hs-len pad-hs-trailer \
	pad-spec-len dup-hs reorder dup-spec error-first
expect hs.log valid 'ready=1 error=- closed=0'
for c in trunc-hs-1 trunc-hs-16 trunc-hs-143 trunc-spec-159; do
	expect hs.log "$c" 'ready=0 .* closed=1 secs=0'
done
expect hs.log trunc-hs-143-hold 'ready=0 .* closed=1 secs=[23]\.'
expect hs.log pad-hs-len 'ready=0 error=wrong_length_for_type closed=1'
expect hs.log pad-hs-trailer 'ready=0 error=[a-z_]* closed=1'
expect hs.log pad-spec-len 'ready=0 error=wrong_length_for_type closed=1'
expect hs.log dup-hs 'ready=0 error=[A-Za-z_]* closed=1'
expect hs.log reorder 'ready=0 error=unexpected_message_type closed=1'
# A second PacketSpec after READY is a stray message: ignored, session on.
expect hs.log dup-spec 'ready=1 error=- closed=0'
expect hs.log error-first 'ready=0 .* closed=1'
hl_legit handshake-mutations "$B" 9930 $EB

# --- bad PacketSpecs.
hc 9930 spec.log hs spec-dup-items spec-zero-items spec-huge-magic \
	spec-magic-zero spec-ipver-9 spec-unknown-item spec-count-max
expect spec.log spec-dup-items \
	'ready=0 error=PacketSpec_has_a_duplicate_item closed=1'
expect spec.log spec-zero-items \
	'ready=0 error=PacketSpec_has_fewer_than_4_items closed=1'
expect spec.log spec-huge-magic \
	'ready=0 error=malformed_PacketSpec_(payload_magic) closed=1'
expect spec.log spec-magic-zero 'ready=0 error=malformed_PacketSpec'
expect spec.log spec-ipver-9 'ready=0 error=PacketSpec_IP_version_not_4_or_6'
# Unknown item types and a count of 65535 are tolerated as nping does
# (the echo budget still bounds what such a session gets).
expect spec.log spec-unknown-item 'ready=1'
expect spec.log spec-count-max 'ready=1'
hl_legit bad-specs "$B" 9930 $EB

# --- oversized Total Length (0xffff words = 256 KiB).
hc 9930 len.log hs big-len-hs big-len-spec big-len-live
expect len.log big-len-hs 'ready=0 error=wrong_length_for_type closed=1 secs=0'
expect len.log big-len-spec 'ready=0 error=wrong_length_for_type closed=1 secs=0'
expect len.log big-len-live 'ready=1 error=- closed=0'
hc 9929 len-a.log replay tcp
hl_legit total-length "$B" 9930 $EB

# --- replays of earlier sessions: the fresh server nonce defeats them.
hc 9930 replay-nc.log replay nocrypto
expect replay-nc.log replay-nocrypto \
	'ready=0 error=server_nonce_not_echoed closed=1'
for v in tcp udp icmp nat; do
	hc 9929 "replay-$v.log" replay "$v"
	expect "replay-$v.log" "replay-$v" 'ready=0 .* closed=1'
done
# A replayed HS_CLIENT echoes an old server nonce: refused on its clear
# bytes, before the server derives a key for it (nping closes too).
n=$(grep -c 'disconnected (server nonce not echoed)' "$LAB_DIR/a.log")
[ "$n" -ge 5 ]
lab_tap $? "crypto replays fail at HS_CLIENT on the stale server nonce, before any key is derived: $n logged"
hl_legit replay "$A" 9929 $EA

# --- wrong passphrase (stock nping).
lab_exec client timeout 15 env LD_PRELOAD="$LAB_SHIM" nping --echo-client \
	not-the-secret -c 2 --delay 100ms --tcp -p 80 "$S4" \
	>"$LAB_DIR/badpass.log" 2>&1
[ "$(grep -c '^CAPT ' "$LAB_DIR/badpass.log")" -eq 0 ] &&
	grep -Eq 'Handshake failed|authentication failed' "$LAB_DIR/badpass.log"
lab_tap $? "wrong passphrase: no echo, nping reports the failed handshake"
hl_legit wrong-passphrase "$A" 9929 $EA

hl_stop a "$A"
hl_stop b "$B"
hl_end "$LAB_DIR/a.log" "$LAB_DIR/b.log"
