#!/usr/bin/python3
# nping_compat_norm.py: the output of one nping or npecho run with what
# must differ between two runs (or the two programs) made equal, so the
# rest can be diffed line by line (tests/interop/nping_compat.sh).
#
# usage: nping_compat_norm.py CLIENT_IP FLAGS < output > normalised
#   FLAGS, comma-separated:
#     rport  the client's source port is random in this run (no -g)
#     arp    ARP mode: Nping prints no rtts (README: npecho does)
#     icmpids  information and address-mask requests: Nping sends id 0
#            and seq 0, npecho the run's (README)
#
# What is replaced, and why it may differ:
#   program name and version, date   (Starting / done lines)
#   times "(0.1234s)", "in 1.23 seconds", rtts, Tx/Rx rates
#   IP IDs and ICMP identifiers "id=N"     (random per run, both tools)
#   IPv6 flow labels                        (random per run)
#   ICMP timestamps orig/recv/trans         (the time of day)
#   TCP seq= and ack= in TCP lines          (random initial sequence)
#   checksums "csum=0x.."                   (follow the random fields; their
#                                            case is tested against real
#                                            Nping lines in test_output_oracle)
#   the client's source port, with rport
#   hexdump lines (-vvv): kept as offset + number of bytes (the bytes hold
#                 the random fields above)
import re
import sys

client = re.escape(sys.argv[1])
flags = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else set()
HEX = re.compile(r"^([0-9a-f]{4})   [0-9a-f]{2} ")


for line in sys.stdin:
    line = line.rstrip("\n")
    line = re.sub(r"^Starting (Nping|npecho) [^ ]+ (\( https://nmap\.org/nping \) )?"
                  r"at .*$", "Starting PROG at DATE", line)
    line = re.sub(r"^(Nping|npecho) done: (.*) in [0-9.]+ seconds$",
                  r"PROG done: \2 in T seconds", line)
    line = re.sub(r"^(SENT|RCVD|CAPT) \([0-9.]+s\)", r"\1 (Ts)", line)
    if "Max rtt:" in line:
        line = re.sub(r"[0-9.]+ms", "Xms", line)
        if "arp" in flags:
            line = line.replace("N/A", "Xms")
    line = re.sub(r"(Tx|Rx) (time|bytes/s|pkts/s): [0-9.]+",
                  r"\1 \2: X", line)
    line = re.sub(r"\bid=[0-9]+", "id=N", line)
    line = re.sub(r"\bflow=[0-9a-f]+", "flow=F", line)  # IPv6, random
    # ICMP timestamps: milliseconds since midnight, when sent and answered
    line = re.sub(r"\b(orig|recv|trans)=[0-9]+", r"\1=MS", line)
    if "icmpids" in flags and re.search(r"(Information|Address mask) "
                                        r"(request|reply)", line):
        line = re.sub(r"\bseq=[0-9]+", "seq=S", line)
    if " TCP " in line or "TCP [" in line or line.startswith("TCP"):
        line = re.sub(r"\bseq=[0-9]+", "seq=N", line)
        line = re.sub(r"\back=[0-9]+", "ack=N", line)
    line = re.sub(r"csum=0x[0-9a-fA-F]+", "csum=0xC", line)
    if "rport" in flags:
        line = re.sub(client + r":[0-9]+", sys.argv[1] + ":P", line)
    m = HEX.match(line)
    if m:  # offset, 3 spaces, 16 bytes in 49 columns, the ASCII column
        n = len([t for t in line[7:56].split() if re.match(r"^[0-9a-f]{2}$", t)])
        line = "HEX %s %d" % (m.group(1), n)
    print(line)
