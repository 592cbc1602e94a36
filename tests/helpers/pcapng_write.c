/* SPDX-License-Identifier: MIT */
/*
 * pcapng_write FILE: writes a pcapng file with known packets on three
 * interfaces, for tests/integration/pcapng_tshark.sh to read with tshark.
 *
 *   if 0 "sent"              raw IP   TCP SYN 10.9.1.2:40000 > 10.9.2.2:80
 *                                     "probe 1", t = 1700000000.000000001
 *   if 1 "rcvd"              raw IP   TCP SYN-ACK back, "probe 1"
 *   if 2 "capt@198.51.100.7" Ethernet UDP 10.9.1.2:33333 > 10.9.2.2:40125
 *                                     ttl 63, "probe 2"
 *   if 0 "sent"              raw IP   IPv6 ICMPv6 echo 2001:db8::1 >
 *                                     2001:db8::2, no comment
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "output/pcapng.h"
#include "util/wire.h"

static uint16_t
ip_csum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += get_be16(p + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* IPv4 header (20 bytes) at p for an L4 payload of l4len bytes. */
static void
ip4_hdr(uint8_t *p, uint8_t ttl, uint8_t proto, const uint8_t src[4],
	const uint8_t dst[4], size_t l4len)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put_be16(p + 2, (uint16_t)(20 + l4len));
	put_be16(p + 4, 0x1234);
	p[8] = ttl;
	p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	put_be16(p + 10, ip_csum(p, 20));
}

static void
tcp_hdr(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq,
	uint8_t flags)
{
	memset(p, 0, 20);
	put_be16(p, sport);
	put_be16(p + 2, dport);
	put_be32(p + 4, seq);
	p[12] = 5 << 4;
	p[13] = flags;
	put_be16(p + 14, 1480);
}

static int
write_all(struct pcapng_writer *w)
{
	static const uint8_t a[4] = { 10, 9, 1, 2 }, b[4] = { 10, 9, 2, 2 };
	uint8_t pkt[128], frame[128];
	int sent, rcvd, capt, rc;

	sent = pcapng_add_if(w, "sent", PCAPNG_LINKTYPE_RAW, 65535);
	rcvd = pcapng_add_if(w, "rcvd", PCAPNG_LINKTYPE_RAW, 65535);
	capt = pcapng_add_if(w, "capt@198.51.100.7", PCAPNG_LINKTYPE_ETHERNET,
			     65535);
	if (sent < 0 || rcvd < 0 || capt < 0)
		return -1;

	ip4_hdr(pkt, 64, 6, a, b, 20);
	tcp_hdr(pkt + 20, 40000, 80, 1000, 0x02);
	rc = pcapng_write(w, sent, 1700000000000000001ull, pkt, 40, 40,
			  "probe 1");

	ip4_hdr(pkt, 63, 6, b, a, 20);
	tcp_hdr(pkt + 20, 80, 40000, 5000, 0x12);
	rc |= pcapng_write(w, rcvd, 1700000000000250000ull, pkt, 40, 40,
			   "probe 1");

	/* Ethernet: dst, src, type 0x0800, then IPv4 + UDP with 3 bytes. */
	memcpy(frame, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	put_be16(frame + 12, 0x0800);
	ip4_hdr(frame + 14, 63, 17, a, b, 11);
	put_be16(frame + 34, 33333);
	put_be16(frame + 36, 40125);
	put_be16(frame + 38, 11);
	put_be16(frame + 40, 0);
	memcpy(frame + 42, "abc", 3);
	rc |= pcapng_write(w, capt, 1700000001000000000ull, frame, 45, 45,
			   "probe 2");

	/* IPv6 + ICMPv6 echo request, 8 bytes. */
	memset(pkt, 0, 48);
	pkt[0] = 0x60;
	put_be16(pkt + 4, 8);
	pkt[6] = 58;
	pkt[7] = 64;
	memcpy(pkt + 8, "\x20\x01\x0d\xb8", 4);
	pkt[23] = 1;
	memcpy(pkt + 24, "\x20\x01\x0d\xb8", 4);
	pkt[39] = 2;
	pkt[40] = 128;
	put_be16(pkt + 44, 7);
	put_be16(pkt + 46, 1);
	rc |= pcapng_write(w, sent, 1700000002000000000ull, pkt, 48, 48, NULL);
	return rc ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct errbuf eb;
	struct pcapng_writer *w;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pcapng_write FILE\n");
		return 2;
	}
	w = pcapng_open(argv[1], &eb);
	if (!w) {
		fprintf(stderr, "pcapng_write: %s\n", eb.msg);
		return 1;
	}
	rc = write_all(w);
	if (pcapng_close(w) < 0 || rc < 0) {
		fprintf(stderr, "pcapng_write: writing %s failed\n", argv[1]);
		return 1;
	}
	return 0;
}
