#!/usr/bin/python3
# golden_norm.py: one npecho run's output with what changes from run to
# run made equal, for tests/integration/golden_output.sh.  Text lines go
# through tests/interop/nping_compat_norm.py's rules (times, IDs, sequence
# numbers, checksums, rates); JSON lines get the same treatment key by key;
# the echo server's "[unix time]" log prefix becomes "[T]"; MAC addresses
# (the lab's veths get new ones) become "MAC".
#
# usage: golden_norm.py CLIENT_IP < output > normalised
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT_NORM = os.path.join(HERE, "..", "interop", "nping_compat_norm.py")
# Keys whose values differ between runs: times, random IDs and sequence
# numbers, checksums (they follow those), ICMP timestamps.
VARY = {"t", "rtt", "id", "seq", "ack", "csum", "orig", "recv", "trans",
        "flow", "elapsed", "tx_secs", "rx_secs", "rtt_min", "rtt_max",
        "rtt_avg", "tx_bps", "rx_bps", "tx_pps", "rx_pps", "hex", "time",
        "start", "secs", "sport", "port"}


def scrub(v, key=None):
    if isinstance(v, dict):
        return {k: scrub(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [scrub(x) for x in v]
    if key in VARY and isinstance(v, (int, float, str)):
        return "X"
    return v


def main():
    lines = sys.stdin.read().split("\n")
    text = []
    out = []
    for line in lines:
        if line.startswith("{"):
            try:
                out.append(("json", json.dumps(scrub(json.loads(line)),
                                               sort_keys=True)))
                continue
            except ValueError:
                pass
        line = re.sub(r"^\[[0-9]+\] ", "[T] ", line)
        line = re.sub(r"RTT [0-9.]+ms", "RTT Xms", line)
        line = re.sub(r"\b[0-9]+\.[0-9]+ms\b", "Xms", line)  # hop tables
        line = re.sub(r"\([0-9]+\.[0-9]+s\)", "(Ts)", line)  # ERR: lines
        line = re.sub(r"\b([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}\b", "MAC", line)
        out.append(("text", line))
    # The text rules are one program: run it once over every text line.
    texts = "\n".join(l for k, l in out if k == "text")
    done = subprocess.run([sys.executable, TEXT_NORM, sys.argv[1], "rport"],
                          input=texts, capture_output=True, text=True,
                          check=True).stdout.split("\n")
    it = iter(done)
    for k, l in out:
        print(next(it) if k == "text" else l)


main()
