#!/bin/sh
# config.sh: settings that would weaken a public echo server are refused,
# and text a client chose never reaches the server's log raw.
#
#   +--------+ 10.77.1.0/24 +--------+
#   | client |east------west| server |  npecho --echo-server x --no-crypto -v
#   +--------+              +--------+
#   tests/hostile/hostile_client.py hs error-controls
#
# 1. An empty passphrase (command line, or a file whose line is empty):
#    exit 2 and one line on stderr naming it; nothing listens.
# 2. A short passphrase (< 8 characters) starts, with one warning.
# 3. --user root / --user 0: exit 2, "refusing to run as root".
# 4. --echo-budget above the server's maximum (10,000,000): exit 2; 0 is
#    the default (from the spec, capped: tests/unit/test_server.c).
# 5. A client's NEP_ERROR whose text holds a newline, ESC sequences, a
#    carriage return and a bell: the server logs it on one line, escaped.
# TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"
NPECHO=${NPECHO:-$LAB_TOP/build/npecho}
. "$LAB_TOP/tests/hostile/hostile_lib.inc"

hl_begin 0

# refused TAG PATTERN ARGS...: npecho ARGS exits 2 at once with one
# stderr line matching PATTERN.
refused() {
	local tag="$1" pat="$2" rc
	shift 2
	lab_exec server timeout 10 "$NPECHO" "$@" >"$LAB_DIR/$tag.out" \
		2>"$LAB_DIR/$tag.err"
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$LAB_DIR/$tag.err")" -eq 1 ] &&
		grep -q "$pat" "$LAB_DIR/$tag.err"
	lab_tap $? "$tag: exit 2 (got $rc): $(cat "$LAB_DIR/$tag.err")"
}

refused empty-argv '^npecho: --echo-server: the passphrase is empty' \
	--echo-server ''
printf '\n' >"$LAB_DIR/empty.pass"
chmod 600 "$LAB_DIR/empty.pass"
refused empty-file 'passphrase' --echo-server - \
	--echo-passphrase-file "$LAB_DIR/empty.pass"
refused user-root "^npecho: --user: refusing to run as root (uid 0): 'root'" \
	--echo-server long-enough-secret --user root
refused user-0 "^npecho: --user: refusing to run as root (uid 0): '0'" \
	--echo-server long-enough-secret --user 0
refused budget-max "^npecho: --echo-budget: must be a number between 0 .* and 10000000: '10000001'" \
	--echo-server long-enough-secret --echo-budget 10000001

hl_server short 9929 abc -v
lab_tap $? "a 3-character passphrase still starts the server"
grep -q '^npecho: --echo-server: a passphrase of 3 characters can be guessed offline' \
	"$LAB_DIR/short.log"
lab_tap $? "... with a warning"
lab_kill "$HL_PID" TERM

hl_server nc 9930 x --no-crypto -v
lab_tap $? "--no-crypto server listens"
lab_exec client timeout 20 "$HL_PY" "$HL_CLIENT" "$LAB_SERVER4" 9930 hs \
	error-controls >"$LAB_DIR/hc.log" 2>&1
lab_poll 3 grep -q 'sent NEP_ERROR' "$LAB_DIR/nc.log"
line=$(grep 'sent NEP_ERROR' "$LAB_DIR/nc.log")
printf '%s\n' "$line" | grep -Fq 'sent NEP_ERROR: bye\x0a[1] Client #99 (6.6.6.6:1) authenticated\x1b[2J\x1b]0;t\x07\x0d\\'
lab_tap $? "the client's NEP_ERROR text is logged escaped: $line"
! grep -q '^\[1\] Client #99' "$LAB_DIR/nc.log"
lab_tap $? "no forged log line"
! grep -q "$(printf '\033')" "$LAB_DIR/nc.log"
lab_tap $? "no ESC byte in the log"
hl_stop nc "$HL_PID"
hl_end "$LAB_DIR/nc.log"
