#!/usr/bin/env python3
# echo_client_fake_server.py MODE PORT: a misbehaving --no-crypto NEP
# server for echo_client_errors.sh.  Serves one connection, then exits.
#   close   accept and close at once (a server at its limits)
#   rejecthc send HS_SERVER, read HS_CLIENT, close (rejects our handshake)
#   badver  send HS_SERVER with NEP version 2
#   error   send HS_SERVER, read HS_CLIENT, send NEP_ERROR "limit reached"
#   trickle send HS_SERVER one byte every 0.25 s (24 s in all)
#   evilerror  the same, with a text that would forge a line and drive the
#           terminal if printed raw (newline, ESC sequences, CR, bell)
import os
import socket
import struct
import sys


def hdr(ver, typ, total, seq):
    return struct.pack(">BBHIII", ver, typ, total // 4, seq, 0, 0)


def read_n(c, n):
    b = b""
    while len(b) < n:
        d = c.recv(n - len(b))
        if not d:
            break
        b += d
    return b


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1)
    c, _ = s.accept()
    seq = 1000
    if mode == "trickle":
        import time
        m = hdr(1, 1, 96, seq) + os.urandom(32) + bytes(16) + bytes(32)
        try:
            for b in m:
                c.sendall(bytes([b]))
                time.sleep(0.25)
        except OSError:
            pass
        c.close()
        return
    if mode != "close":
        ver = 2 if mode == "badver" else 1
        c.sendall(hdr(ver, 1, 96, seq) + os.urandom(32) + bytes(16) +
                  bytes(32))
    if mode in ("rejecthc", "error", "evilerror"):
        read_n(c, 144)
    if mode in ("error", "evilerror"):
        text = b"limit reached: too many sessions"
        if mode == "evilerror":
            text = b"x\nnpecho done: 0 IPs\x1b[2J\x1b]0;t\x07\rok\\"
        c.sendall(hdr(1, 7, 128, seq + 1) + text.ljust(80, b"\0") +
                  bytes(32))
    if mode == "badver":
        read_n(c, 1)
    c.close()
    s.close()


main()
