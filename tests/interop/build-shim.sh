#!/bin/sh
# build-shim.sh: builds tests/interop/nopad.c into build/interop/nopad.so
# (LD_PRELOAD fix for nping 0.7.93 echo mode under OpenSSL 3, nmap #2547)
# with the house warnings plus -Werror, and checks that it exports the four
# wrapped EVP init functions.  Speaks TAP (tests/run.sh runs it).
#   sh tests/interop/build-shim.sh
set -u
. "$(dirname "$0")/../netns/lab.sh"

tmp=$(mktemp -d /tmp/npecho-shim.XXXXXX) || exit 1
LAB_SHIM_CFLAGS=-Werror lab_build_shim "$tmp"
lab_tap $? "nopad.so builds with -Werror"
for f in EVP_EncryptInit EVP_DecryptInit EVP_EncryptInit_ex EVP_DecryptInit_ex; do
	nm -D --defined-only "$LAB_SHIM" 2>/dev/null | grep -q " T $f\$"
	lab_tap $? "nopad.so exports $f"
done
# nping must import what the shim wraps, or the shim silently does nothing.
nm -D /usr/bin/nping 2>/dev/null | grep -q ' U EVP_EncryptInit@'
lab_tap $? "nping imports EVP_EncryptInit (the wrapped symbol)"
rm -rf "$tmp"
lab_tap_done
