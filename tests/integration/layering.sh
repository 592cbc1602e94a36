#!/bin/sh
# layering.sh: the module boundaries of src/ (README "Layout") hold, so a
# change that blurs them fails here instead of going unnoticed:
#   - each module includes only modules before it in the order
#     util; proto; cli net echo analysis; output; probe; client server
#   - probe/engine_int.h (the raw run's state) is included only in probe/,
#     and the echo client reaches the engine only through probe/run.h
#   - only src/output decides between text and JSON (sink_json) and writes
#     to stdout (besides src/cli/usage.c and src/main.c)
#   - CLOCK_MONOTONIC is read in one place (src/net/clock.c)
#   - every private header is <name>_int.h
# Reads the sources only.  Prints TAP lines; exits non-zero on a failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top/src" || exit 1
fails=0

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
# check NAME OFFENDERS: passes when OFFENDERS is empty, else lists them.
check() {
	if [ -z "$2" ]; then
		ok "$1"
	else
		nok "$1"
		echo "$2" | sed 's/^/# /' | head -20
	fi
}

rank() {
	case $1 in
	util) echo 0 ;;
	proto) echo 1 ;;
	cli | net | echo | analysis) echo 2 ;;
	output) echo 3 ;;
	probe) echo 4 ;;
	client | server) echo 5 ;;
	*) echo 9 ;;
	esac
}

bad=""
for dir in */; do
	m=${dir%/}
	r=$(rank "$m")
	[ "$r" = 9 ] && bad="$bad
src/$m: a module the layering does not know (add it to README and here)"
	for used in $(grep -ho '^#include "[a-z_]*/' "$m"/*.[ch] |
		sed 's/#include "//; s,/,,' | sort -u); do
		[ "$used" = "$m" ] && continue
		if [ "$(rank "$used")" -ge "$r" ]; then
			bad="$bad
src/$m includes src/$used: $(grep -l "^#include \"$used/" "$m"/*.[ch] |
				tr '\n' ' ')"
		fi
	done
done
check "every module includes only the modules below it" "$bad"

check "probe/engine_int.h is included only inside probe/" \
	"$(grep -l '#include "probe/engine_int.h"' ./*/*.[ch] main.c |
		grep -v '^\./probe/')"
check "client/ includes nothing of probe/ but run.h" \
	"$(grep -n '#include "probe/' client/*.[ch] |
		grep -v '"probe/run.h"')"
check "server/ and echo/ include nothing of probe/" \
	"$(grep -ln '#include "probe/' server/*.[ch] echo/*.[ch])"
check "no sink_json() outside src/output" \
	"$(grep -ln 'sink_json(' ./*/*.c | grep -v '^\./output/')"
# printf/puts/putchar, or anything naming stdout but a flush (util/err.c
# flushes stdout so that a warning lands after the lines before it).
check "no stdout writes outside src/output, cli/usage.c and main.c" \
	"$(grep -nE '(^|[^a-z_])(printf|puts|putchar|vprintf)\(|[^f]stdout\b|STDOUT_FILENO' \
		./*/*.c | grep -v '^\./output/' | grep -v '^\./cli/usage\.c:' |
		grep -v 'fflush(stdout)' | grep -vE '^[^:]*:[0-9]+:\s*(/?\*|//)')"
check "CLOCK_MONOTONIC is read only in net/clock.c" \
	"$(grep -n 'CLOCK_MONOTONIC' ./*/*.c main.c | grep -v '^\./net/clock\.c:' |
		grep -vE '^[^:]*:[0-9]+:\s*(/?\*|//)' | grep -vE '/\*.*CLOCK_MONOTONIC')"
check "private headers are named <name>_int.h" \
	"$(ls ./*/*.h | grep -iE 'internal|private|_priv\.h')"

[ "$fails" -eq 0 ]
