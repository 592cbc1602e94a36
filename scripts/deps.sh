#!/bin/sh
# deps.sh: install the Debian packages npecho needs to build and test.
# Installs only what is missing; as root on Debian/Ubuntu it runs apt-get,
# otherwise it prints the exact apt-get line and fails.
set -u
PKGS="gcc libtsan2 make pkg-config clang libclang-rt-14-dev libpcap-dev libssl-dev
libevent-dev libseccomp-dev libcmocka-dev iproute2 nftables tcpdump tshark nmap jq
valgrind libcap2-bin procps python3 hping3 man-db"
missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
line="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "npecho: missing packages:$missing" >&2
	echo "npecho: run as root: apt-get update && $line" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || exit 1
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing </dev/null >/tmp/npecho-apt.log 2>&1 || {
	tail -20 /tmp/npecho-apt.log >&2
	echo "npecho: apt-get failed: $line" >&2
	exit 1
}
