#!/bin/sh
# progress_tty.sh: the one-line progress indicator shows on a terminal only.
# Runs on loopback (127.0.0.1, UDP to the discard port, -N): `script` gives
# npecho a pseudo-terminal; a pipe must get no progress line, nor -q.
set -u
NPECHO=${NPECHO:-$(pwd)/build/npecho}
run="$NPECHO --udp -p 9 --rate 2000 -c 3000 -H -N 127.0.0.1"
n=0
t() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
fail=0
out=$(script -qc "$run" /dev/null | tr '\r' '\n')
echo "$out" | grep -aq '^npecho: [0-9]*/3000 probes sent ([0-9.]*%), 0 replies, ETA [0-9]*s'
t $? "a terminal gets the progress line"
echo "$out" | grep -aq '^Raw packets sent: 3000 '
t $? "the run completes with its summary"
out=$(script -qc "$run -q" /dev/null | tr '\r' '\n')
echo "$out" | grep -aq 'probes sent'
[ $? -ne 0 ]
t $? "-q: no progress line"
out=$($run 2>&1)
echo "$out" | grep -q 'probes sent'
[ $? -ne 0 ]
t $? "a pipe: no progress line"
echo "1..$n"
exit $fail
