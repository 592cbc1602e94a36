#!/bin/sh
# audit_tr.sh: the path audit with --tr places each change on the path.
#
#   +--------+ seg 1  +--------+ seg 2  +--------+ seg 3  +--------+
#   | client |east--west|  r1  |east--west|  r2  |east--west| server |
#   +--------+        +--------+        +--------+        +--------+
#                     MSS clamp 536     DSCP set CS1, fragments dropped
#
# For every check that shows a change, --tr sends its probe again with
# TTL 1, 2, ... and compares the routers' ICMP quotes with the server's
# capture: the MSS clamp of r1 shows in r2's quote (between hop 1 and hop
# 2), r2's DSCP rewrite only at the server (between hop 2 and the server),
# the fragments are lost after hop 2, the last hop that answered.  Nothing
# else is flagged, and checks that passed are not re-sent (no "where").
# TAP; the lab is removed on exit.
set -u
. "$(dirname "$0")/../netns/lab.sh"

NPECHO=${NPECHO:-"$LAB_TOP/build/npecho"}
PASS=audit-tr-secret

[ -x "$NPECHO" ] || { echo "not ok - build/npecho missing (make first)"; exit 1; }
lab_create 2
lab_tap $? "lab client - r1 - r2 - server comes up"
[ -n "$LAB_ID" ] || { lab_tap_done; exit 1; }
lab_sysctl server net.ipv4.icmp_ratelimit=0
for r in r1 r2; do lab_sysctl $r net.ipv4.icmp_ratelimit=0; done
lab_wait_reach client "$LAB_SERVER4"
lab_tap $? "client reaches the server"
lab_bg server "$LAB_DIR/server.log" timeout 120 "$NPECHO" --echo-server "$PASS"
lab_wait_port server 9929 tcp 5
lab_tap $? "the echo server listens"
lab_nft_mss r1 536
lab_nft_rule r2 up "ip dscp set cs1"
lab_nft_rule r2 up "ip frag-off & 0x3fff != 0 drop"

lab_exec client timeout 60 "$NPECHO" --echo-client "$PASS" --audit --tr \
	"$LAB_SERVER4" >"$LAB_DIR/tr.out" 2>"$LAB_DIR/tr.err"
lab_tap $? "the audit with --tr exits 0"
sed 's/^/# /' "$LAB_DIR/tr.out" "$LAB_DIR/tr.err" >&2

row() {
	awk -v c="$1" '$1 == c' "$LAB_DIR/tr.out"
}
row tcp-mss | grep -q "clamped  *MSS 1460 -> 536; between hop 1 (10.77.1.2) and hop 2 (10.77.2.2)\$"
lab_tap $? "tcp-mss: clamped between hop 1 and hop 2 ($(row tcp-mss))"
row dscp | grep -q "rewritten  *DSCP 46 -> 8; between hop 2 (10.77.2.2) and the server\$"
lab_tap $? "dscp: rewritten between hop 2 and the server ($(row dscp))"
row fragments | grep -q "dropped .*; lost after hop 2 (10.77.2.2)\$"
lab_tap $? "fragments: lost after hop 2 ($(row fragments))"
n=$(awk 'f && $1 != "npecho" && $2 !~ /^(passed|none|preserved|endpoint-independent)$/
	/^CHECK +VERDICT/ { f = 1 }' "$LAB_DIR/tr.out" | wc -l)
[ "$n" -eq 3 ]
lab_tap $? "nothing else flagged (3 rows changed, got $n)"
n=$(grep -c "; between \|; before \|; lost " "$LAB_DIR/tr.out")
[ "$n" -eq 3 ]
lab_tap $? "only the changed checks are placed ($n)"
row ttl | grep -q "2 hops (64 -> 62)"
lab_tap $? "ttl: 2 hops"

lab_exec client timeout 60 "$NPECHO" --echo-client "$PASS" --audit --tr \
	--json "$LAB_SERVER4" >"$LAB_DIR/tr.json" 2>"$LAB_DIR/tr.jerr"
lab_tap $? "the audit with --tr --json exits 0"
if command -v jq >/dev/null 2>&1; then
	bad=$(jq -R -r -f "$LAB_TOP/tests/integration/json_schema.jq" "$LAB_DIR/tr.json")
	[ -z "$bad" ]
	lab_tap $? "every line is an event of doc/json.md ($bad)"
	w=$(jq -r 'select(.event == "audit" and .check == "tcp-mss") | .where' "$LAB_DIR/tr.json")
	[ "$w" = "between hop 1 (10.77.1.2) and hop 2 (10.77.2.2)" ]
	lab_tap $? "json: tcp-mss where ($w)"
	n=$(jq -r 'select(.event == "audit" and .where == null) | .check' "$LAB_DIR/tr.json" | wc -l)
	[ "$n" -eq 25 ]
	lab_tap $? "json: where is null for the 25 others ($n)"
else
	echo "ok - # SKIP jq missing"
fi

lab_tap_done
