#!/bin/sh
# install.sh: `make install DESTDIR=<tmp> PREFIX=/usr` puts every file
# where packagers and the docs expect it:
#
#   /usr/bin/npecho                                   0755, runs
#   /usr/share/man/man1/npecho.1                      = doc/npecho.1
#   /usr/share/bash-completion/completions/npecho     = contrib/npecho.bash
#   /usr/lib/systemd/system/npecho-echo.service       contrib's unit, started
#                                                     from /usr/bin/npecho
#
# Nothing outside the temporary DESTDIR is touched.  Prints TAP lines;
# exits non-zero when any check fails.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
dest=$(mktemp -d /tmp/npecho-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT INT TERM
fails=0

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }

# The product's own build (build/), not the sanitizer build that
# tests/run.sh exports as BUILD: make would otherwise relink that one
# without its sanitizer flags whenever a source is newer.
if env -u BUILD -u SANITIZE make -s install DESTDIR="$dest" PREFIX=/usr >"$dest.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/usr"
else
	nok "make install DESTDIR=... PREFIX=/usr"
	sed 's/^/# /' "$dest.log" | tail -20
fi
rm -f "$dest.log"

bin=$dest/usr/bin/npecho
man=$dest/usr/share/man/man1/npecho.1
comp=$dest/usr/share/bash-completion/completions/npecho
unit=$dest/usr/lib/systemd/system/npecho-echo.service

# mode FILE: its permission bits in octal.
mode() { stat -c %a "$1"; }

if [ -f "$bin" ] && [ "$(mode "$bin")" = 755 ]; then
	ok "binary installed as /usr/bin/npecho, mode 0755"
else
	nok "binary installed as /usr/bin/npecho, mode 0755"
fi
if [ -x "$bin" ] && "$bin" -V 2>/dev/null | grep -q 'npecho version'; then
	ok "the installed binary runs (-V)"
else
	nok "the installed binary runs (-V)"
fi

# same NAME SOURCE INSTALLED: installed, mode 0644, byte for byte.
same() {
	if [ -f "$3" ] && [ "$(mode "$3")" = 644 ] && cmp -s "$2" "$3"; then
		ok "$1"
	else
		nok "$1"
		ls -l "$3" 2>&1 | sed 's/^/# /'
	fi
}
same "man page installed as /usr/share/man/man1/npecho.1" doc/npecho.1 "$man"
same "bash completion installed as /usr/share/bash-completion/completions/npecho" \
	contrib/npecho.bash "$comp"

if [ -f "$unit" ] && [ "$(mode "$unit")" = 644 ]; then
	ok "systemd unit installed as /usr/lib/systemd/system/npecho-echo.service"
else
	nok "systemd unit installed as /usr/lib/systemd/system/npecho-echo.service"
fi
# The unit must start the binary where it was installed.
if grep -q '^ExecStart=/usr/bin/npecho ' "$unit" 2>/dev/null &&
   ! grep -q '/usr/local/bin' "$unit"; then
	ok "the unit's ExecStart is /usr/bin/npecho"
else
	nok "the unit's ExecStart is /usr/bin/npecho"
	grep -n 'ExecStart' "$unit" 2>&1 | sed 's/^/# /'
fi
# Apart from that path, the unit is contrib's.
if [ -f "$unit" ] &&
   sed 's|/usr/local/bin/npecho|/usr/bin/npecho|g' contrib/npecho-echo.service |
   cmp -s - "$unit"; then
	ok "the unit is contrib/npecho-echo.service"
else
	nok "the unit is contrib/npecho-echo.service"
fi

# The completion must load in bash and register for npecho.
if command -v bash >/dev/null 2>&1; then
	if bash -c ". '$comp' && complete -p npecho" >/dev/null 2>&1; then
		ok "the installed completion registers for npecho"
	else
		nok "the installed completion registers for npecho"
	fi
fi

# Nothing else: exactly these four files.
n=$(find "$dest" -type f | wc -l)
if [ "$n" -eq 4 ]; then
	ok "exactly four files installed"
else
	nok "exactly four files installed (found $n)"
	find "$dest" -type f | sed "s|^$dest|# |"
fi

[ "$fails" -eq 0 ]
