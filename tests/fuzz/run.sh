#!/bin/sh
# run.sh FUZZER...: make fuzz, each target for FUZZ_SECONDS (default 60).
set -u
rc=0
for f in "$@"; do
	sh "$(dirname "$0")/smoke.sh" "$f" "${FUZZ_SECONDS:-60}" || rc=1
done
exit $rc
