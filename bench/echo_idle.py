#!/usr/bin/env python3
# echo_idle.py HOST PORT N: opens N --no-crypto NEP sessions up to
# NEP_READY and holds them; prints "ready N" when all are up, then sleeps
# until killed.  Raises RLIMIT_NOFILE itself.
import os
import resource
import socket
import struct
import sys
import time

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_NOFILE, (n + 64, n + 64))


def hdr(mtype, length, seq):
    return struct.pack(">BBHIII", 1, mtype, length // 4, seq,
                       int(time.time()) & 0xffffffff, 0)


def recv_exact(s, k):
    b = b""
    while len(b) < k:
        c = s.recv(k - len(b))
        if not c:
            raise EOFError
        b += c
    return b


def session(i):
    s = socket.create_connection((host, port), timeout=5)
    hs = recv_exact(s, 96)
    cseq = struct.unpack(">I", os.urandom(4))[0]
    body = hs[16:48] + os.urandom(32) + socket.inet_aton(host) + bytes(12) + \
        bytes([4]) + bytes(15)
    s.sendall(hdr(2, 144, cseq) + body + bytes(32))
    recv_exact(s, 112)
    items = bytes([0xA1]) + struct.pack(">H", i & 0xffff) + \
        bytes([0xA0, 0, 0xD0, 8, 0xD1, 0, 0xA3, 1])
    spec = bytes([4, 1]) + struct.pack(">H", 1) + items.ljust(108, b"\0")
    s.sendall(hdr(4, 160, (cseq + 1) & 0xffffffff) + spec + bytes(32))
    r = recv_exact(s, 48)
    assert r[1] == 5, "READY"
    return s


socks = []
for i in range(n):
    try:
        socks.append(session(i))
    except (OSError, EOFError, AssertionError) as e:
        print("session %d failed: %s" % (i, e), flush=True)
        break
print("ready %d" % len(socks), flush=True)
while True:
    time.sleep(60)
