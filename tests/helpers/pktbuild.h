/* SPDX-License-Identifier: MIT */
/*
 * pktbuild.h: tiny hand-rolled packet builders for the probe tests and the
 * probe_io helper (the real codec lives in src/proto).  Every builder writes
 * a complete packet with correct checksums into `p` (caller makes it big
 * enough: 1500 bytes always is) and returns its length.
 *
 * Layouts: IPv4 RFC 791 (20-byte header, no options), IPv6 RFC 8200
 * (40 bytes), TCP RFC 9293 (20 bytes), UDP RFC 768, ICMP RFC 792,
 * ICMPv6 RFC 4443, ARP RFC 826, Ethernet II.
 */
#ifndef NPECHO_TESTS_PKTBUILD_H
#define NPECHO_TESTS_PKTBUILD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/wire.h"

#define PB_ETH_LEN 14

static inline uint32_t
pb_sum(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get_be16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static inline uint16_t
pb_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline size_t
pb_eth(uint8_t *p, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	put_be16(p + 12, type);
	return PB_ETH_LEN;
}

/* IPv4 header at p for an L4 part of l4len bytes that follows it. */
static inline void
pb_ip4(uint8_t *p, const uint8_t src[4], const uint8_t dst[4], uint8_t proto,
       size_t l4len)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put_be16(p + 2, (uint16_t)(20 + l4len));
	put_be16(p + 4, 0x1234);
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	put_be16(p + 10, pb_fold(pb_sum(p, 20, 0)));
}

static inline void
pb_ip6(uint8_t *p, const uint8_t src[16], const uint8_t dst[16], uint8_t nh,
       size_t l4len)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	put_be16(p + 4, (uint16_t)l4len);
	p[6] = nh;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
}

/* Transport checksum over the pseudo header of the IP header at ip. */
static inline uint16_t
pb_l4sum(const uint8_t *ip, const uint8_t *l4, size_t l4len, uint8_t proto)
{
	uint32_t s;

	if ((ip[0] >> 4) == 4)
		s = pb_sum(ip + 12, 8, 0);
	else
		s = pb_sum(ip + 8, 32, 0);
	s += proto + (uint32_t)l4len;
	return pb_fold(pb_sum(l4, l4len, s));
}

/* IP header (v4 if alen 4, v6 if 16) + TCP header with `flags`. */
static inline size_t
pb_tcp(uint8_t *p, size_t alen, const uint8_t *src, const uint8_t *dst,
       uint16_t sport, uint16_t dport, uint8_t flags)
{
	size_t ih = alen == 4 ? 20 : 40;
	uint8_t *t = p + ih;

	if (alen == 4)
		pb_ip4(p, src, dst, 6, 20);
	else
		pb_ip6(p, src, dst, 6, 20);
	memset(t, 0, 20);
	put_be16(t, sport);
	put_be16(t + 2, dport);
	put_be32(t + 4, 0x01020304);
	t[12] = 0x50;
	t[13] = flags;
	put_be16(t + 14, 1024);
	put_be16(t + 16, pb_l4sum(p, t, 20, 6));
	return ih + 20;
}

static inline size_t
pb_udp(uint8_t *p, size_t alen, const uint8_t *src, const uint8_t *dst,
       uint16_t sport, uint16_t dport, size_t dlen)
{
	size_t ih = alen == 4 ? 20 : 40;
	uint8_t *u = p + ih;
	uint16_t c;

	if (alen == 4)
		pb_ip4(p, src, dst, 17, 8 + dlen);
	else
		pb_ip6(p, src, dst, 17, 8 + dlen);
	put_be16(u, sport);
	put_be16(u + 2, dport);
	put_be16(u + 4, (uint16_t)(8 + dlen));
	put_be16(u + 6, 0);
	memset(u + 8, 'x', dlen);
	c = pb_l4sum(p, u, 8 + dlen, 17);
	put_be16(u + 6, c ? c : 0xffff);
	return ih + 8 + dlen;
}

/*
 * ICMP (alen 4) or ICMPv6 (alen 16) message: 8-byte header with `rest`
 * (id/seq, pointer...) followed by `body` (a quote for errors).
 */
static inline size_t
pb_icmp(uint8_t *p, size_t alen, const uint8_t *src, const uint8_t *dst,
	uint8_t type, uint8_t code, uint32_t rest, const uint8_t *body,
	size_t blen)
{
	size_t ih = alen == 4 ? 20 : 40;
	uint8_t *c = p + ih;

	if (alen == 4)
		pb_ip4(p, src, dst, 1, 8 + blen);
	else
		pb_ip6(p, src, dst, 58, 8 + blen);
	c[0] = type;
	c[1] = code;
	put_be16(c + 2, 0);
	put_be32(c + 4, rest);
	if (blen && body)
		memmove(c + 8, body, blen);
	else if (blen)
		memset(c + 8, 0, blen); /* NULL body: zero bytes */
	if (alen == 4)
		put_be16(c + 2, pb_fold(pb_sum(c, 8 + blen, 0)));
	else
		put_be16(c + 2, pb_l4sum(p, c, 8 + blen, 58));
	return ih + 8 + blen;
}

/* ARP for Ethernet/IPv4 (28 bytes). */
static inline size_t
pb_arp(uint8_t *p, uint16_t op, const uint8_t sha[6], const uint8_t spa[4],
       const uint8_t tha[6], const uint8_t tpa[4])
{
	put_be16(p, 1);
	put_be16(p + 2, 0x0800);
	p[4] = 6;
	p[5] = 4;
	put_be16(p + 6, op);
	memcpy(p + 8, sha, 6);
	memcpy(p + 14, spa, 4);
	memcpy(p + 18, tha, 6);
	memcpy(p + 24, tpa, 4);
	return 28;
}

#endif
