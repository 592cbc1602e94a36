#!/bin/sh
# lab_selftest.sh: runs the netns lab's self-test (tests/netns/selftest.sh)
# so that tests/run.sh and "make check" cover the lab library.  TAP.
exec sh "$(dirname "$0")/../netns/selftest.sh" "$@"
