#!/bin/sh
# smoke.sh FUZZER SECONDS: one bounded libFuzzer run from the seed corpus.
# Prints one TAP line.  The seed corpus is copied so runs never grow it.
set -u
f=$1
secs=${2:-10}
name=$(basename "$f")
seeds="tests/fuzz/corpus/${name#fuzz_}"
work=$(mktemp -d /tmp/npecho-fuzz.XXXXXX)
[ -d "$seeds" ] && cp -r "$seeds"/. "$work"/ 2>/dev/null
if "$f" -max_total_time="$secs" -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work" >"$work.log" 2>&1; then
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work.log" | grep -o '[0-9]*$')
	echo "ok - $name: ${runs:-?} executions in ${secs}s, no crash"
else
	tail -30 "$work.log"
	echo "not ok - $name crashed (artifacts in $work)"
	exit 1
fi
rm -rf "$work" "$work.log"
