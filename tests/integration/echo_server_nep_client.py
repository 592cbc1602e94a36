#!/usr/bin/python3
# echo_server_nep_client.py: a minimal NEP client in --no-crypto mode (no
# encryption, all-zero MACs: doc/nep.md §12), written from doc/nep.md §3 and
# doc/nep-extensions.md, for the echo server integration tests.  It can
# offer the reply-echo extension, sends one PacketSpec, then prints one
# line per NEP_ECHO until DURATION seconds have passed or the server
# closes.  Output lines:
#   final ext_mark=0x4e ext=0x01
#   ready
#   echo reply=0|1 len=N proto=P src=A dst=B
#   closed-by-server | done
#   total probes=N replies=M
#
# usage: HOST PORT icmp|udp|tcp|udp6 IPID SPORT DPORT EXT(0|1) DURATION [COUNT]
#   udp6: IPv6 side channel and RFC-form spec (version 6: IPv6_FLOW,
#         IPv6_TCLASS, UDP ports and length, IPv6_NHDR); the client then
#         sends COUNT UDP datagrams (4 bytes) itself from SPORT to DPORT.
#   udpself: IPv4; spec with UDP ports, length and an 8-byte PAYLOAD_MAGIC
#         ("M" + SPORT); the client sends COUNT such datagrams itself.
#   badspec: IPv4 spec with only 3 items (invalid); prints the server's
#         answer ("error text=..." for a NEP_ERROR, then "closed").
#   env JUNK=1: send 16 junk bytes right after READY (must be ignored).
#   env WAIT=S: sleep S seconds after READY before sending anything.
#   env STALL=S: tiny receive buffer and no reading for S seconds after
#         READY (the server's send queue must fill and drop).
import os
import socket
import struct
import sys
import time

host, port, proto, ipid, sport, dport, ext, duration = sys.argv[1:9]
count = int(sys.argv[9]) if len(sys.argv) > 9 else 3
port, ipid, sport, dport = int(port), int(ipid), int(sport), int(dport)
ext, duration = int(ext), float(duration)

def hdr(mtype, length, seq):
    return struct.pack(">BBHIII", 1, mtype, length // 4, seq, int(time.time()) & 0xffffffff, 0)

def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b

v6 = ":" in host
stall = float(os.environ.get("STALL", "0"))
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM)
if stall:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.settimeout(5)
s.connect((host, port))
hs = recv_exact(s, 96)
assert hs[0] == 1 and hs[1] == 1 and hs[64:96] == bytes(32), "HS_SERVER"
snonce = hs[16:48]
cnonce = os.urandom(32)
cseq = struct.unpack(">I", os.urandom(4))[0]
if v6:
    partner = socket.inet_pton(socket.AF_INET6, host)
else:
    partner = socket.inet_aton(host) + bytes(12)
body = snonce + cnonce + partner + bytes([6 if v6 else 4, 0x4E if ext else 0, 1 if ext else 0]) + bytes(13)
s.sendall(hdr(2, 144, cseq) + body + bytes(32))
fin = recv_exact(s, 112)
assert fin[1] == 3 and fin[16:48] == cnonce, "HS_FINAL"
print("final ext_mark=0x%02x ext=0x%02x" % (fin[65], fin[66]), flush=True)

items = bytes([0xA1]) + struct.pack(">H", ipid) + bytes([0xA0, 0])
ipver = 4
if proto == "udp6":
    ipver = 6
    items = bytes([0xB1, 0, 0, 0, 0xB0, 0, 0xE0]) + struct.pack(">H", sport) + bytes([0xE1]) + struct.pack(">H", dport) + bytes([0xE2]) + struct.pack(">H", 12) + bytes([0xB2, 17])
    pnum = 17
elif proto == "badspec":
    items = bytes([0xA1]) + struct.pack(">H", ipid) + bytes([0xA0, 0, 0xA3, 1])
    pnum = 1
elif proto == "udpself":
    magic = b"M%07d" % sport
    items += bytes([0xE0]) + struct.pack(">H", sport) + bytes([0xE1]) + struct.pack(">H", dport) + bytes([0xE2]) + struct.pack(">H", 16) + bytes([0xA3, 17, 0xFF, 8]) + magic
    pnum = 17
elif proto == "icmp":
    items += bytes([0xD0, 8, 0xD1, 0, 0xA3, 1])
    pnum = 1
elif proto == "udp":
    items += bytes([0xE0]) + struct.pack(">H", sport) + bytes([0xE1]) + struct.pack(">H", dport) + bytes([0xA3, 17])
    pnum = 17
else:
    items += bytes([0xC0]) + struct.pack(">H", sport) + bytes([0xC1]) + struct.pack(">H", dport) + bytes([0xC4, 2, 0xA3, 6])
    pnum = 6
spec = bytes([ipver, pnum]) + struct.pack(">H", count) + items.ljust(108, b"\0")
s.sendall(hdr(4, 160, (cseq + 1) & 0xffffffff) + spec + bytes(32))
if proto == "badspec":
    try:
        m = recv_exact(s, 128)
        text = m[16:96].split(b"\0")[0].decode()
        print("error type=%d text=%s" % (m[1], text), flush=True)
        print("closed" if s.recv(1) == b"" else "open", flush=True)
    except EOFError:
        print("closed without error", flush=True)
    sys.exit(0)
ready = recv_exact(s, 48)
assert ready[1] == 5, "READY"
print("ready", flush=True)
if os.environ.get("JUNK"):
    s.sendall(b"junk-after-ready")
time.sleep(float(os.environ.get("WAIT", "0")))
if proto == "udp6":
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.bind(("::", sport))
    for i in range(count):
        u.sendto(b"ping", (host, dport))
        time.sleep(0.05)
if proto == "udpself":
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("0.0.0.0", sport))
    for i in range(count):
        u.sendto(magic, (host, dport))
        time.sleep(0.05)
if stall:
    time.sleep(stall)

probes = replies = 0
end = time.time() + duration
s.settimeout(0.2)
buf = b""
state = "done"
while time.time() < end:
    try:
        c = s.recv(65536)
    except socket.timeout:
        continue
    if not c:
        state = "closed-by-server"
        break
    buf += c
    while len(buf) >= 16:
        total = struct.unpack(">H", buf[2:4])[0] * 4
        if len(buf) < total:
            break
        m, buf = buf[:total], buf[total:]
        if m[1] != 6:
            print("message type %d" % m[1], flush=True)
            continue
        dlt, plen = struct.unpack(">HH", m[16:20])
        pkt = m[20:20 + plen]
        rep = 1 if dlt & 0x8000 else 0
        replies += rep
        probes += 1 - rep
        if stall:
            continue
        if pkt[0] >> 4 == 6:
            src = socket.inet_ntop(socket.AF_INET6, pkt[8:24])
            dst = socket.inet_ntop(socket.AF_INET6, pkt[24:40])
            nh = pkt[6]
        else:
            src = socket.inet_ntoa(pkt[12:16])
            dst = socket.inet_ntoa(pkt[16:20])
            nh = pkt[9]
        extra = ""
        if nh in (6, 17) and pkt[0] >> 4 == 4:
            extra = " sport=%d" % struct.unpack(">H", pkt[20:22])[0]
        print("echo reply=%d len=%d proto=%d src=%s dst=%s%s" % (
            rep, plen, nh, src, dst, extra), flush=True)
print(state, flush=True)
print("total probes=%d replies=%d" % (probes, replies), flush=True)
s.close()
