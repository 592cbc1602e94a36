#!/bin/sh
# manpage.sh: doc/npecho.1 renders without a single warning, and it
# documents every option `npecho -h` prints, every option of the parser's
# table (src/cli/opts.c) and every Packet Echo Analysis tag, so the three
# cannot drift apart.
#
# The help text comes from build/npecho -h; until main handles -h, from
# build/helpers/usage_print (the same cli_usage() text).  Prints TAP lines;
# exits non-zero when any check fails.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
page=doc/npecho.1
work=$(mktemp -d /tmp/npecho-manpage.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
fails=0

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }

# Every "# ..." line of a file, as TAP diagnostics.
diag() { sed 's/^/# /' "$1" | head -20; }

# groff's own warnings, all of them (-ww), no output.
if groff -man -ww -z "$page" >"$work/groff.err" 2>&1 && ! [ -s "$work/groff.err" ]; then
	ok "groff -man -ww renders $page without warnings"
else
	nok "groff -man -ww renders $page without warnings"
	diag "$work/groff.err"
fi

# man-db's check (it adds its own preprocessing and line length).
if command -v man >/dev/null 2>&1; then
	if man --warnings -l "$page" >/dev/null 2>"$work/man.err" &&
	   ! [ -s "$work/man.err" ]; then
		ok "man --warnings -l renders $page cleanly"
	else
		nok "man --warnings -l renders $page cleanly"
		diag "$work/man.err"
	fi
else
	ok "man --warnings -l renders $page cleanly # SKIP man not installed"
fi

# The rendered text: plain ASCII, no overstriking.  The page turns
# hyphenation off, so an option name is never split across lines.
groff -man -Tascii -P-cbou "$page" 2>/dev/null >"$work/page.txt"
if [ "$(wc -l <"$work/page.txt")" -gt 300 ]; then
	ok "the page renders to text"
else
	nok "the page renders to text"
fi

# documented OPTION: the rendered page holds OPTION as a whole word.
documented() {
	grep -Eq -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|$)" "$work/page.txt"
}

# check_all NAME FILE: every word of FILE is documented.
check_all() {
	: >"$work/missing"
	n=0
	for o in $(sort -u "$2"); do
		n=$((n + 1))
		documented "$o" || echo "$o" >>"$work/missing"
	done
	if [ "$n" -eq 0 ]; then
		nok "$1 (nothing to check)"
	elif [ -s "$work/missing" ]; then
		nok "$1"
		echo "# missing from $page:"
		diag "$work/missing"
	else
		ok "$1 ($n checked)"
	fi
}

# The help text.
help=""
for b in "${BUILD:-build}" build build/asan; do
	if [ -x "$b/npecho" ] && "$b/npecho" -h 2>/dev/null | grep -q '^Usage:'; then
		"$b/npecho" -h >"$work/help.txt" 2>/dev/null
		help="$b/npecho -h"
		break
	fi
done
if [ -z "$help" ]; then
	for b in "${BUILD:-build}" build build/asan; do
		if [ -x "$b/helpers/usage_print" ]; then
			"$b/helpers/usage_print" >"$work/help.txt"
			help="$b/helpers/usage_print"
			break
		fi
	done
fi
if [ -n "$help" ] && grep -q '^Usage:' "$work/help.txt"; then
	ok "help text from $help"
	grep -oE -- '(^|[^A-Za-z0-9-])--[A-Za-z0-9][A-Za-z0-9-]*' "$work/help.txt" |
		sed 's/^[^-]*//' >"$work/long"
	grep -oE -- '(^|[ ,|])-[A-Za-z0-9]([ ,[]|$)' "$work/help.txt" |
		grep -oE -- '-[A-Za-z0-9]' >"$work/short"
	check_all "every long option of '$help' is in the man page" "$work/long"
	check_all "every short option of '$help' is in the man page" "$work/short"
else
	nok "help text: build npecho (make) or the helpers (make helpers) first"
fi

# The parser's option table: NP("name", ...) / NE("name", ...).
grep -oE '^[[:space:]]*N[PE]\("[A-Za-z0-9-]+"' src/cli/opts.c |
	sed 's/.*"\(.*\)"/--\1/' >"$work/table"
check_all "every option of src/cli/opts.c is in the man page" "$work/table"

# The Packet Echo Analysis tags, from the table of the analysis module
# (check_all fails when it finds none).
grep -oE '^[[:space:]]*\[T_[A-Z_]+\] = "[a-z-]+"' src/analysis/findings.c |
	sed 's/.*"\(.*\)"/\1/' >"$work/tags"
check_all "every Packet Echo Analysis tag is in the man page" "$work/tags"

# Every npecho command of EXAMPLES parses (the part before any pipe, with
# environment assignments dropped, backslash continuations joined).
checker=""
for b in "${BUILD:-build}" build build/asan; do
	if [ -x "$b/helpers/cli_check" ]; then
		checker=$b/helpers/cli_check
		break
	fi
done
sed -n '/^EXAMPLES/,/^EXIT STATUS/p' "$work/page.txt" |
	sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' |
	sed -n 's/^[[:space:]]*\(\$ \)\{0,1\}//; s/^\([A-Z_]*="[^"]*" \)*//p' |
	grep '^npecho ' | sed 's/ | .*//' >"$work/examples"
if [ -z "$checker" ]; then
	nok "the examples parse: build the helpers (make helpers) first"
elif [ "$(wc -l <"$work/examples")" -lt 10 ]; then
	nok "the examples parse (only $(wc -l <"$work/examples") found)"
else
	: >"$work/bad"
	while IFS= read -r cmd; do
		eval "set -- ${cmd#npecho }"
		"$checker" "$@" 2>>"$work/bad" >/dev/null ||
			echo "in: $cmd" >>"$work/bad"
	done <"$work/examples"
	if [ -s "$work/bad" ]; then
		nok "the examples parse"
		diag "$work/bad"
	else
		ok "the examples parse ($(wc -l <"$work/examples") commands)"
	fi
fi

# The sections the page promises.
: >"$work/missing"
for s in NAME SYNOPSIS DESCRIPTION OPTIONS OUTPUT EXAMPLES "EXIT STATUS" \
	ENVIRONMENT "DIFFERENCES FROM NPING" SECURITY "SEE ALSO"; do
	grep -q "^\.SH \"\{0,1\}$s\"\{0,1\}\$" "$page" || echo "$s" >>"$work/missing"
done
if [ -s "$work/missing" ]; then
	nok "the page has every section"
	diag "$work/missing"
else
	ok "the page has every section"
fi

# Exit statuses and environment variables the code defines.
: >"$work/missing"
for w in NPECHO_PASSPHRASE NPING_PRIVILEGED NPING_UNPRIVILEGED \
	NMAP_PRIVILEGED NMAP_UNPRIVILEGED SCRIPT_KIDDIE 130; do
	documented "$w" || echo "$w" >>"$work/missing"
done
if [ -s "$work/missing" ]; then
	nok "environment variables and exit statuses are documented"
	diag "$work/missing"
else
	ok "environment variables and exit statuses are documented"
fi

[ "$fails" -eq 0 ]
