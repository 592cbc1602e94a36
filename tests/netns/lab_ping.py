#!/usr/bin/python3
"""lab_ping.py ADDR [COUNT] [TIMEOUT]: minimal ICMP/ICMPv6 echo for the lab.

The test machine has no ping(8), and nping -6 --icmp cannot open its capture
filter, so lab.sh uses this.  Sends COUNT echo requests (one at a time, each
waiting up to TIMEOUT seconds for its reply) from a raw socket; exits 0 when
every request got a matching echo reply, 1 otherwise.  Root only.
"""
import os
import select
import socket
import struct
import sys
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def one(sock, v6, addr, ident, seq, timeout):
    typ, reply = (128, 129) if v6 else (8, 0)
    body = struct.pack("!HH", ident, seq) + b"npecho-lab"
    hdr = struct.pack("!BBH", typ, 0, 0)
    ck = 0 if v6 else csum(hdr + body)   # the kernel fills ICMPv6 sums
    sock.sendto(struct.pack("!BBH", typ, 0, ck) + body, (addr, 0))
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return False
        pkt = sock.recv(2048)
        if not v6:
            pkt = pkt[(pkt[0] & 0x0F) * 4:]
        if len(pkt) >= 8 and pkt[0] == reply and \
                struct.unpack("!HH", pkt[4:8]) == (ident, seq):
            return True


def main():
    addr = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    v6 = ":" in addr
    if v6:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                             socket.IPPROTO_ICMPV6)
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                             socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xFFFF
    got = sum(one(sock, v6, addr, ident, s, timeout) for s in range(1, count + 1))
    print("%d/%d replies from %s" % (got, count, addr))
    return 0 if got == count else 1


if __name__ == "__main__":
    sys.exit(main())
