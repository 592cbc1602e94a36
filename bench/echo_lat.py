#!/usr/bin/env python3
# echo_lat.py: echo latency from two pcaps (see bench/echo_load.sh).
#   echo_lat.py SERVER.pcap CLIENT.pcap ECHO_SIZE HS_BYTES
# SERVER.pcap: the probes as the server's interface saw them (one per
# probe, in capture order).  CLIENT.pcap: the side channel's server->client
# segments as the client's interface received them.  The k-th echo ends at
# stream byte HS_BYTES + k * ECHO_SIZE; its latency is the arrival time of
# the segment carrying that byte minus the capture time of the k-th probe.
# Prints "n=N p50_us=X p99_us=Y max_us=Z" (N = pairs found).
import struct
import sys


def packets(path):
    with open(path, "rb") as f:
        gh = f.read(24)
        magic = struct.unpack("<I", gh[:4])[0]
        nano = magic == 0xa1b23c4d
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            sec, frac, incl, _ = struct.unpack("<IIII", h)
            data = f.read(incl)
            yield sec + frac / (1e9 if nano else 1e6), data


def server_times(path):
    return [t for t, _ in packets(path)]


def client_ends(path):
    """(time, end offset) of each data segment, offsets from the first
    payload byte of the stream."""
    out, isn = [], None
    for t, d in packets(path):
        ip = d[14:]
        if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
            continue
        ihl = (ip[0] & 15) * 4
        tot = struct.unpack(">H", ip[2:4])[0]
        tcp = ip[ihl:]
        seq = struct.unpack(">I", tcp[4:8])[0]
        doff = (tcp[12] >> 4) * 4
        plen = tot - ihl - doff
        if tcp[13] & 0x02:           # SYN-ACK: stream starts at isn+1
            isn = (seq + 1) & 0xffffffff
            continue
        if plen <= 0 or isn is None:
            continue
        out.append((t, ((seq - isn) & 0xffffffff) + plen))
    return out


def main():
    srv = server_times(sys.argv[1])
    segs = client_ends(sys.argv[2])
    size, hs = int(sys.argv[3]), int(sys.argv[4])
    lat, j, hi = [], 0, 0
    for k, ts in enumerate(srv):
        end = hs + (k + 1) * size
        while j < len(segs) and max(hi, segs[j][1]) < end:
            hi = max(hi, segs[j][1])
            j += 1
        if j >= len(segs):
            break
        lat.append(segs[j][0] - ts)
    lat.sort()
    if not lat:
        print("n=0 p50_us=- p99_us=- max_us=-")
        return
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1e6
    print("n=%d p50_us=%.0f p99_us=%.0f max_us=%.0f" % (len(lat), q(0.5), q(0.99), lat[-1] * 1e6))


main()
