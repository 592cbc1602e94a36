#!/usr/bin/python3
# hostile_client.py: hostile NEP side channels against npecho --echo-server,
# for tests/hostile/*.sh.  Written from doc/nep.md §3/§12 and the recorded
# sessions in tests/data/nep/*.vec ("msg DIR TYPE SEQ TS WIRE_HEX PLAIN_HEX").
#
# usage: hostile_client.py HOST PORT MODE [ARGS...]
#   hs CASE...     --no-crypto server: a valid handshake built from the
#                  nocrypto vector (fresh nonce and timestamp), then mutated
#                  per CASE (see CASES below).  One line per case:
#                  "case NAME ready=0|1 error=TEXT|- closed=0|1 secs=S"
#   replay VEC     send the client messages of tests/data/nep/VEC.vec as
#                  recorded (an earlier session) after reading HS_SERVER;
#                  same output line, NAME "replay-VEC".
#   random N       N connections, each sends 1..8192 random bytes then
#                  waits for the server to close; "random sent=N closed=C"
#   slow N [SRC] [HOLD]  N connections (bound to SRC when given) that
#                  never send; hold them HOLD s (default 5), print
#                  "slow opened=O refused=R served_hs=H still_open=S" (R:
#                  closed by the server without a byte, i.e. refused by a
#                  limit; H: got HS_SERVER), exit.
#   junk N [SRC]   N connections (from SRC) that send 64 random bytes and
#                  close at once, 200 in flight; "junk done=N".
#   stopread SECS  --no-crypto: ICMP spec (id 4848, count 0), READY, then
#                  never read for SECS s; "stopread closed=0|1 secs=S"
#   watch IPID SECS  --no-crypto: spec for ICMP echo requests with IP ID
#                  IPID; prints "ready", then "echo ipid=N src=A dst=B" per
#                  echo for SECS s, then "total N".
#   midecho        --no-crypto: ICMP spec (id 4949), READY, read one echo,
#                  reset the connection (SO_LINGER 0); "midecho got=N"
#   badmac N [SRC] [PAR]  a crypto server: N handshakes (PAR at a time,
#                  default 1; from SRC when given) whose HS_CLIENT echoes
#                  the server nonce with a fresh timestamp but carries a
#                  random MAC; each waits for the server to close.
#                  "badmac done=N closed=C refused=R secs=S" (R: closed
#                  before HS_SERVER, i.e. refused by a limit)
#   trickle GAP    after HS_SERVER, a valid HS_CLIENT one byte every GAP
#                  s until the server closes (at most 60 s);
#                  "trickle closed=0|1 secs=S sent=N"
#   stallflood SECS [PORT]  --no-crypto: UDP spec (ports 40000 -> PORT,
#                  default 7), a 4 KiB receive buffer, READY, then never
#                  reads while it sends its own 1,200-byte UDP probes
#                  (~2,000/s) for at most SECS s or until the server
#                  closes the side channel; "stallflood closed=0|1 secs=S
#                  sent=N"
import os
import select
import socket
import struct
import sys
import time

TOP = os.path.dirname(os.path.abspath(__file__)) + "/../data/nep/"
host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
args = sys.argv[4:]


def vec(name):
    msgs = []
    for line in open(TOP + name + ".vec"):
        f = line.split()
        if f and f[0] == "msg":
            msgs.append((f[1], int(f[2]), bytes.fromhex(f[5])))
    return msgs


def conn(src=None, timeout=5):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    if src:
        s.bind((src, 0))
    s.settimeout(timeout)
    s.connect((host, port))
    return s


def recv_n(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            break
        b += c
    return b


def stamp(m, seq=None):
    """m with a fresh timestamp (and seq when given); header only."""
    m = bytearray(m)
    m[8:12] = struct.pack(">I", int(time.time()) & 0xffffffff)
    if seq is not None:
        m[4:8] = struct.pack(">I", seq & 0xffffffff)
    return bytes(m)


NC = vec("nocrypto")
HS_CLIENT = [m for d, t, m in NC if d == "C" and t == 2][0]
SPEC = [m for d, t, m in NC if d == "C" and t == 4][0]


def hs_client(snonce):
    m = bytearray(stamp(HS_CLIENT))
    m[16:48] = snonce
    return bytes(m)


def spec(items=None, seq_off=1, words=None, ver=4, proto=1, count=3):
    seq = struct.unpack(">I", HS_CLIENT[4:8])[0] + seq_off
    m = bytearray(stamp(SPEC, seq))
    if items is not None:
        body = struct.pack(">BBH", ver, proto, count) + items
        m[16:16 + 112] = body[:112].ljust(112, b"\0")
    if words is not None:
        m[2:4] = struct.pack(">H", words)
    return bytes(m)


def error_msg(text, seq_off=1):
    """A NEP_ERROR (128 bytes, zero MAC: --no-crypto) after HS_CLIENT."""
    seq = struct.unpack(">I", HS_CLIENT[4:8])[0] + seq_off
    return stamp(b"\x01\x07\x00\x20" + bytes(12) + text[:79].ljust(80, b"\0")
                 + bytes(32), seq)


ICMP_ITEMS = bytes([0xA1, 0x12, 0x34, 0xA0, 0, 0xD0, 8, 0xD1, 0, 0xA3, 1])

# name -> list of byte strings to send after HS_SERVER ("HS" = the valid
# HS_CLIENT, "SPEC" = the valid PacketSpec, bytes as they are otherwise);
# "shut" closes our write side afterwards.
CASES = {
    "valid": ["HS", "SPEC"],
    "trunc-hs-1": [lambda hs, sp: hs[:1], "shut"],
    "trunc-hs-16": [lambda hs, sp: hs[:16], "shut"],
    "trunc-hs-143": [lambda hs, sp: hs[:143], "shut"],
    "trunc-hs-143-hold": [lambda hs, sp: hs[:143]],
    "trunc-spec-159": ["HS", lambda hs, sp: sp[:159], "shut"],
    "pad-hs-len": [lambda hs, sp: hs[:2] + struct.pack(">H", 40) + hs[4:] +
                   bytes(16), "SPEC"],
    "pad-hs-trailer": [lambda hs, sp: hs + bytes(16), "SPEC"],
    "pad-spec-len": ["HS", lambda hs, sp: sp[:2] + struct.pack(">H", 44) +
                     sp[4:] + bytes(16)],
    "dup-hs": ["HS", "HS", "SPEC"],
    "reorder": ["SPEC", "HS"],
    "dup-spec": ["HS", "SPEC", "SPEC"],
    "spec-dup-items": ["HS", lambda hs, sp: spec(
        ICMP_ITEMS + bytes([0xD0, 8]))],
    "spec-zero-items": ["HS", lambda hs, sp: spec(b"")],
    "spec-huge-magic": ["HS", lambda hs, sp: spec(
        ICMP_ITEMS + bytes([0xFF, 255]) + b"M" * 96)],
    "spec-magic-zero": ["HS", lambda hs, sp: spec(
        ICMP_ITEMS + bytes([0xFF, 0]))],
    "spec-unknown-item": ["HS", lambda hs, sp: spec(
        ICMP_ITEMS + bytes([0x77, 1, 2, 3]))],
    "spec-count-max": ["HS", lambda hs, sp: spec(ICMP_ITEMS, count=65535)],
    "spec-ipver-9": ["HS", lambda hs, sp: spec(ICMP_ITEMS, ver=9)],
    "big-len-hs": [lambda hs, sp: hs[:2] + b"\xff\xff" + hs[4:], "SPEC"],
    "big-len-spec": ["HS", lambda hs, sp: spec(words=0xffff)],
    "big-len-live": ["HS", "SPEC", lambda hs, sp: b"\x01\x06\xff\xff" +
                     bytes(12) + os.urandom(4096)],
    "error-first": [lambda hs, sp: b"\x01\x07\x00\x20" + bytes(124)],
    # A NEP_ERROR whose text would forge a log line and drive a terminal.
    "error-controls": ["HS", lambda hs, sp: error_msg(
        b"bye\n[1] Client #99 (6.6.6.6:1) authenticated\x1b[2J\x1b]0;t\x07"
        b"\r\\")],
}


def read_msgs(s, deadline):
    """Reads until the server closes or deadline; returns (types, error
    text, closed)."""
    buf, types, err, closed = b"", [], "-", 0
    while time.time() < deadline:
        r, _, _ = select.select([s], [], [], max(0, deadline - time.time()))
        if not r:
            break
        try:
            c = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            closed = 1
            break
        if not c:
            closed = 1
            break
        buf += c
        while len(buf) >= 16:
            n = struct.unpack(">H", buf[2:4])[0] * 4
            if n < 16 or len(buf) < n:
                break
            m, buf = buf[:n], buf[n:]
            types.append(m[1])
            if m[1] == 5:  # READY: a little longer for stray answers
                deadline = min(deadline, time.time() + 0.3)
            if m[1] == 7:
                err = m[16:96].split(b"\0")[0].decode(errors="replace")
                err = err.replace(" ", "_") or "-"
    return types, err, closed


def run_case(name, steps, wait):
    t0 = time.time()
    s = conn()
    hs = recv_n(s, 96)
    if len(hs) < 96:
        print("case %s no-hs-server" % name, flush=True)
        return
    h = hs_client(hs[16:48])
    sp = spec()
    for st in steps:
        if st == "shut":
            s.shutdown(socket.SHUT_WR)
            continue
        if st == "HS":
            b = h
        elif st == "SPEC":
            b = sp
        elif callable(st):
            b = st(h, sp)
        else:
            b = st
        try:
            s.sendall(b)
        except OSError:
            break
        time.sleep(0.05)
    types, err, closed = read_msgs(s, time.time() + wait)
    print("case %s ready=%d error=%s closed=%d secs=%.1f" % (
        name, 1 if 5 in types else 0, err, closed, time.time() - t0),
        flush=True)
    s.close()


def do_replay(name):
    t0 = time.time()
    s = conn()
    recv_n(s, 96)
    for d, t, m in vec(name):
        if d == "C":
            try:
                s.sendall(m)
            except OSError:
                break
            time.sleep(0.05)
    types, err, closed = read_msgs(s, time.time() + 4)
    print("case replay-%s ready=%d error=%s closed=%d secs=%.1f" % (
        name, 1 if 5 in types else 0, err, closed, time.time() - t0),
        flush=True)


def do_random(n):
    closed = 0
    for i in range(n):
        s = conn()
        try:
            s.sendall(os.urandom(1 + int.from_bytes(os.urandom(2), "big") % 8192))
        except OSError:
            pass
        _, _, c = read_msgs(s, time.time() + 4)
        closed += c
        s.close()
    print("random sent=%d closed=%d" % (n, closed), flush=True)


def raise_nofile(n):
    import resource
    resource.setrlimit(resource.RLIMIT_NOFILE, (n + 256, n + 256))


def do_slow(n, src, hold):
    raise_nofile(n)
    socks, opened = [], 0
    for i in range(n):
        s = socket.socket(socket.AF_INET)
        s.setblocking(False)
        if src:
            s.bind((src, 0))
        try:
            s.connect((host, port))
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            continue
        socks.append((s, time.time()))
        opened += 1
        if opened % 32 == 0:  # paced: a full accept queue drops SYNs
            time.sleep(0.01)
    # Refused early: the server closed it within 1 s (after HS_SERVER or
    # without a byte).
    refused = served = 0
    end = time.time() + hold
    live = {s.fileno(): [s, 0] for s, t in socks}
    po = select.poll()
    for fd in live:
        po.register(fd, select.POLLIN)
    while live and time.time() < end:
        for fd, ev in po.poll(200):
            ent = live[fd]
            try:
                c = ent[0].recv(4096)
                while c:
                    ent[1] += len(c)
                    c = ent[0].recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                pass
            if ent[1]:
                served += 1
            else:
                refused += 1
            po.unregister(fd)
            del live[fd]
            ent[0].close()
    served += sum(1 for e in live.values() if e[1])
    print("slow opened=%d refused=%d served_hs=%d still_open=%d" % (
        opened, refused, served, len(live)), flush=True)


def do_junk(n, src):
    raise_nofile(400)
    done, pending = 0, []
    while done < n:
        while len(pending) < 200 and done + len(pending) < n:
            s = socket.socket(socket.AF_INET)
            if src:
                s.bind((src, 0))
            s.settimeout(3)
            try:
                s.connect((host, port))
                s.sendall(os.urandom(64))
            except OSError:
                pass
            pending.append(s)
        for s in pending:
            s.close()
        done += len(pending)
        pending = []
    print("junk done=%d" % done, flush=True)


def live_session(ipid, count=3):
    s = conn()
    hs = recv_n(s, 96)
    s.sendall(hs_client(hs[16:48]))
    recv_n(s, 112)
    items = bytes([0xA1]) + struct.pack(">H", ipid) + \
        bytes([0xA0, 0, 0xD0, 8, 0xD1, 0, 0xA3, 1])
    s.sendall(spec(items, count=count))
    r = recv_n(s, 48)
    assert len(r) == 48 and r[1] == 5, "READY"
    return s


def bad_hs_client(snonce):
    m = bytearray(hs_client(snonce))
    m[48:80] = os.urandom(32)       # client nonce
    m[80:144] = os.urandom(64)      # partner (encrypted) and MAC
    return bytes(m)


def do_badmac(n, src, par):
    raise_nofile(par + 16)
    done = closed = refused = 0
    t0 = time.time()
    while done < n:
        batch = []
        for i in range(min(par, n - done)):
            try:
                s = conn(src)
            except OSError:
                refused += 1
                continue
            batch.append(s)
        for s in batch:
            try:
                hs = recv_n(s, 96)
                if len(hs) < 96:
                    refused += 1
                    closed += 1
                    continue
                s.sendall(bad_hs_client(hs[16:48]))
                if s.recv(4096) == b"":
                    closed += 1
            except OSError:
                closed += 1
        for s in batch:
            s.close()
        done += len(batch) or 1
    print("badmac done=%d closed=%d refused=%d secs=%.2f" % (
        done, closed, refused, time.time() - t0), flush=True)


def do_trickle(gap):
    s = conn()
    hs = recv_n(s, 96)
    m, t0, sent, closed = hs_client(hs[16:48]), time.time(), 0, 0
    while sent < len(m) and time.time() - t0 < 60:
        try:
            s.sendall(m[sent:sent + 1])
        except OSError:
            closed = 1
            break
        sent += 1
        time.sleep(gap)
        if tcp_closed(s):
            closed = 1
            break
    print("trickle closed=%d secs=%.1f sent=%d" % (
        closed, time.time() - t0, sent), flush=True)


def tcp_closed(s):
    """True once the server has closed or reset the side channel."""
    try:
        st = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
        return st[0] in (7, 8)  # TCP_CLOSE, TCP_CLOSE_WAIT
    except OSError:
        return True


def do_stallflood(secs, dport):
    sport = 40000
    s = conn()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    hs = recv_n(s, 96)
    s.sendall(hs_client(hs[16:48]))
    recv_n(s, 112)
    # IP ID 0 never matches (the kernel picks them): ports, length,
    # protocol and payload magic score 1090 of the 800 UDP needs.
    items = bytes([0xA1, 0, 0, 0xE0]) + struct.pack(">H", sport) + \
        bytes([0xE1]) + struct.pack(">H", dport) + bytes([0xE2]) + struct.pack(">H", 1208) + \
        bytes([0xA3, 17, 0xFF, 8]) + b"P" * 8
    s.sendall(spec(items, count=0, proto=17))
    r = recv_n(s, 48)
    assert len(r) == 48 and r[1] == 5, "READY"
    print("ready", flush=True)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("0.0.0.0", sport))
    data, sent, t0, closed = b"P" * 1200, 0, time.time(), 0
    while time.time() - t0 < secs:
        for i in range(20):
            try:
                u.sendto(data, (host, dport))
                sent += 1
            except OSError:
                pass
        time.sleep(0.01)
        if sent % 400 == 0 and tcp_closed(s):
            closed = 1
            break
    print("stallflood closed=%d secs=%.1f sent=%d" % (
        closed, time.time() - t0, sent), flush=True)


def do_stopread(secs):
    s = live_session(4848, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    print("ready", flush=True)
    t0 = time.time()
    closed = 0
    while time.time() - t0 < secs:
        time.sleep(0.5)
        # Peek without reading: has the server reset or closed us?
        try:
            st = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
            if st[0] in (7, 8):  # TCP_CLOSE, TCP_CLOSE_WAIT
                closed = 1
                break
        except OSError:
            closed = 1
            break
    print("stopread closed=%d secs=%.1f" % (closed, time.time() - t0),
          flush=True)


def do_midecho():
    s = live_session(4949, 0)
    print("ready", flush=True)
    got = 0
    s.settimeout(10)
    while got == 0:
        c = s.recv(64)
        if not c:
            break
        got += 1
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    print("midecho got=%d" % got, flush=True)


def do_watch(ipid, secs):
    s = live_session(ipid, 0)
    print("ready", flush=True)
    buf, n, end = b"", 0, time.time() + secs
    while time.time() < end:
        r, _, _ = select.select([s], [], [], max(0, end - time.time()))
        if not r:
            break
        c = s.recv(65536)
        if not c:
            print("closed-by-server", flush=True)
            break
        buf += c
        while len(buf) >= 16:
            tl = struct.unpack(">H", buf[2:4])[0] * 4
            if len(buf) < tl:
                break
            m, buf = buf[:tl], buf[tl:]
            if m[1] != 6:
                continue
            pkt = m[20:20 + struct.unpack(">H", m[18:20])[0]]
            n += 1
            print("echo ipid=%d src=%s dst=%s" % (
                struct.unpack(">H", pkt[4:6])[0],
                socket.inet_ntoa(pkt[12:16]), socket.inet_ntoa(pkt[16:20])),
                flush=True)
    print("total %d" % n, flush=True)


if mode == "hs":
    wait = float(os.environ.get("WAIT", "3"))
    for name in args:
        run_case(name, CASES[name], wait)
elif mode == "replay":
    do_replay(args[0])
elif mode == "random":
    do_random(int(args[0]))
elif mode == "slow":
    do_slow(int(args[0]), args[1] if len(args) > 1 and args[1] != "-" else
            None, float(args[2]) if len(args) > 2 else 5)
elif mode == "junk":
    do_junk(int(args[0]), args[1] if len(args) > 1 else None)
elif mode == "stopread":
    do_stopread(float(args[0]))
elif mode == "watch":
    do_watch(int(args[0]), float(args[1]))
elif mode == "midecho":
    do_midecho()
elif mode == "badmac":
    do_badmac(int(args[0]), args[1] if len(args) > 1 and args[1] != "-"
              else None, int(args[2]) if len(args) > 2 else 1)
elif mode == "trickle":
    do_trickle(float(args[0]))
elif mode == "stallflood":
    do_stallflood(float(args[0]), int(args[1]) if len(args) > 1 else 7)
else:
    sys.exit("bad mode " + mode)
