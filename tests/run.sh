#!/bin/sh
# run.sh: runs every test group and ends with "N passed, N failed".
#
# Every test speaks TAP: cmocka binaries through CMOCKA_MESSAGE_OUTPUT=TAP,
# shell tests by printing "ok - name" / "not ok - name" themselves.  A test
# program that exits non-zero without printing a "not ok" line counts as one
# failure, so a crash is never lost.
#
#   NPECHO_UNIT_ONLY=1  only the unit tests (of $BUILD, default build/asan)
#   NPECHO_TESTS="tests/integration/foo.sh ..."  only these scripts
#
# Integration, interop and hostile scripts run $BUILD's npecho and helpers
# (NPECHO, BUILD_HELPERS; default the ASan+UBSan build), so the whole suite
# runs once under the sanitizers.  Every sanitizer report of any process a
# script starts, including servers in the background and processes that
# dropped to nobody, goes to a file in a world-writable directory; a script
# that leaves one fails, with the report shown.  echo_valgrind.sh runs the
# plain build/npecho under valgrind (NPECHO_PLAIN).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
BUILD=${BUILD:-build/asan}
FUZZ_SMOKE=${FUZZ_SMOKE:-10}
pass=0
fail=0
skip=0
log=$(mktemp -d /tmp/npecho-tests.XXXXXX)
san=$log/sanitizer
chmod 711 "$log" && mkdir -p "$san" && chmod 1777 "$san"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:log_path=$san/asan}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:log_path=$san/ubsan}

# run_tap NAME CMD...: run, echo its output, add its ok / not ok lines.
run_tap() {
	name=$1
	shift
	out="$log/$(echo "$name" | tr '/ ' '__').log"
	"$@" >"$out" 2>&1
	rc=$?
	# Sanitizer reports written by this test's processes: each is a failure.
	for r in "$san"/*; do
		[ -f "$r" ] || continue
		echo "not ok - $name: sanitizer report $(basename "$r")" >>"$out"
		head -30 "$r" | sed 's/^/# /' >>"$out"
		rm -f "$r"
	done
	# "# SKIP" lines (cmocka's skip(), "ok - x # SKIP why") are neither.
	k=$(grep -c '^\(not \)\{0,1\}ok .*# SKIP' "$out")
	p=$(grep -v '# SKIP' "$out" | grep -c '^ok ')
	f=$(grep -v '# SKIP' "$out" | grep -c '^not ok ')
	skip=$((skip + k))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$out"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$k" -eq 0 ]; then
		f=1
		echo "not ok - $name ran no test" >>"$out"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		echo "== $name: $p passed, $f failed"
		grep -v '^ok ' "$out" | tail -40
	else
		echo "== $name: $p passed"
	fi
}

echo "== unit tests ($BUILD, sanitizers when built so)"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run_tap "unit/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
done
# The system call filter differs with sanitizers (they may open report
# files): the plain build's test_sandbox checks what production refuses.
if [ "$BUILD" != build ] && [ -x build/tests/test_sandbox ]; then
	run_tap "unit/plain/test_sandbox" env CMOCKA_MESSAGE_OUTPUT=TAP \
		build/tests/test_sandbox
fi
# ThreadSanitizer builds (make tsan) of the code two threads share.
for t in build/tsan/tests/test_*; do
	[ -x "$t" ] || continue
	run_tap "unit/tsan/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP \
		TSAN_OPTIONS=halt_on_error=1:exitcode=66 "$t"
done

if [ -z "${NPECHO_UNIT_ONLY:-}" ]; then
	if [ -z "${NPECHO_TESTS:-}" ]; then
		echo "== fuzz smoke (${FUZZ_SMOKE}s each)"
		for f in build/fuzz/fuzz_*; do
			[ -x "$f" ] || continue
			run_tap "fuzz/$(basename "$f")" sh tests/fuzz/smoke.sh "$f" "$FUZZ_SMOKE"
		done
		NPECHO_TESTS=$(ls tests/integration/*.sh tests/interop/*.sh \
			tests/hostile/*.sh 2>/dev/null)
	fi
	export BUILD
	export NPECHO=${NPECHO:-$top/$BUILD/npecho}
	export BUILD_HELPERS=${BUILD_HELPERS:-$top/$BUILD/helpers}
	export NPECHO_PLAIN=${NPECHO_PLAIN:-$top/build/npecho}
	echo "== integration tests ($NPECHO)"
	for s in $NPECHO_TESTS; do
		run_tap "$s" sh "$s"
	done
fi

rm -rf "$log"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
