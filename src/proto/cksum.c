/* SPDX-License-Identifier: MIT */
/*
 * cksum.c: Internet checksum (RFC 1071), pseudo-headers, RFC 1624 fixups.
 *
 * IPv4 pseudo-header (RFC 793 §3.1):      IPv6 pseudo-header (RFC 8200 §8.1):
 *  +--------+--------+--------+--------+   +-----------------------------+
 *  |          Source Address           |   |   Source Address (16)       |
 *  +--------+--------+--------+--------+   +-----------------------------+
 *  |        Destination Address        |   |   Destination Address (16)  |
 *  +--------+--------+--------+--------+   +-----------------------------+
 *  |  zero  |  PTCL  |  Upper length   |   |   Upper-Layer Length (32)   |
 *  +--------+--------+--------+--------+   +-----------------------------+
 *                                          |   zero (24)  | Next Header  |
 *                                          +-----------------------------+
 */
#include "proto/cksum.h"

#include "util/wire.h"

uint32_t
cksum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t s = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += get_be16(p + i);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 32)
		s = (s & 0xffffffffu) + (s >> 32);
	return (uint32_t)s;
}

uint16_t
cksum_finish(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
cksum(const uint8_t *p, size_t len)
{
	return cksum_finish(cksum_add(0, p, len));
}

uint32_t
cksum_pseudo4(const uint8_t src[4], const uint8_t dst[4], uint8_t proto,
	      uint16_t len)
{
	uint32_t sum = 0;

	sum = cksum_add(sum, src, 4);
	sum = cksum_add(sum, dst, 4);
	return sum + proto + len;
}

uint32_t
cksum_pseudo6(const uint8_t src[16], const uint8_t dst[16], uint8_t nh,
	      uint32_t len)
{
	uint32_t sum = 0;

	sum = cksum_add(sum, src, 16);
	sum = cksum_add(sum, dst, 16);
	return sum + (len >> 16) + (len & 0xffff) + nh;
}

uint16_t
cksum_fixup16(uint16_t csum, uint16_t old, uint16_t new_val)
{
	/* HC' = ~(~HC + ~m + m') */
	uint32_t s = (uint32_t)(uint16_t)~csum + (uint16_t)~old + new_val;

	return cksum_finish(s);
}

uint16_t
cksum_fixup32(uint16_t csum, uint32_t old, uint32_t new_val)
{
	csum = cksum_fixup16(csum, (uint16_t)(old >> 16),
			     (uint16_t)(new_val >> 16));
	return cksum_fixup16(csum, (uint16_t)old, (uint16_t)new_val);
}

void
cksum_set(uint8_t *p, size_t len, size_t field_off, uint32_t init)
{
	put_be16(p + field_off, 0);
	put_be16(p + field_off, cksum_finish(cksum_add(init, p, len)));
}

void
cksum_set_udp(uint8_t *p, size_t len, size_t field_off, uint32_t init)
{
	cksum_set(p, len, field_off, init);
	if (get_be16(p + field_off) == 0)
		put_be16(p + field_off, 0xffff);
}

/* Claimed end of the IP datagram inside pk->base. */
static size_t
claimed_end(const struct pkt *pk)
{
	if (pk->layers & PKT_HAS_IP4)
		return pk->l3_off + pk->ip4.tot_len;
	return pk->l3_off + 40 + (size_t)pk->ip6.plen;
}

static int
more_fragments(const struct pkt *pk)
{
	if (pk->layers & PKT_HAS_IP4)
		return (pk->ip4.flags & IP4_FLAG_MF) != 0;
	return pk->ip6.has_frag && pk->ip6.frag_more;
}

static uint32_t
pseudo_sum(const struct pkt *pk, uint8_t proto, size_t len)
{
	if (pk->layers & PKT_HAS_IP4)
		return cksum_pseudo4(pk->ip4.src, pk->ip4.dst, proto,
				     (uint16_t)len);
	return cksum_pseudo6(pk->ip6.src, pk->ip6.dst, proto, (uint32_t)len);
}

static unsigned
l4_check(const struct pkt *pk)
{
	size_t end = claimed_end(pk);
	const uint8_t *l4 = pk->base + pk->l4_off;
	size_t len;
	uint32_t sum;

	if (!(pk->layers & (PKT_HAS_TCP | PKT_HAS_UDP | PKT_HAS_ICMP4 |
			    PKT_HAS_ICMP6)) ||
	    (pk->problems & PKT_FRAGMENT) || more_fragments(pk) ||
	    end > pk->caplen ||
	    end < pk->l4_off)
		return CKSUM_L4_UNCHECKED;
	len = end - pk->l4_off;
	if (pk->layers & PKT_HAS_UDP) {
		if (pk->udp.csum == 0 && (pk->layers & PKT_HAS_IP4))
			return 0;
		if (pk->udp.len >= 8 && pk->udp.len <= len)
			len = pk->udp.len;
	}
	if (pk->layers & PKT_HAS_ICMP4)
		sum = 0;
	else
		sum = pseudo_sum(pk, pk->l4_proto, len);
	sum = cksum_add(sum, l4, len);
	return cksum_finish(sum) == 0 ? 0 : CKSUM_BAD_L4;
}

unsigned
pkt_cksum_check(const struct pkt *pk)
{
	unsigned r = 0;

	if (!(pk->layers & (PKT_HAS_IP4 | PKT_HAS_IP6)))
		return CKSUM_L4_UNCHECKED;
	if ((pk->layers & PKT_HAS_IP4) &&
	    pk->l3_off + (size_t)pk->ip4.ihl * 4 <= pk->caplen &&
	    cksum(pk->base + pk->l3_off, (size_t)pk->ip4.ihl * 4) != 0)
		r |= CKSUM_BAD_IP;
	return r | l4_check(pk);
}

int
pkt_cksum_ok(const struct pkt *pk)
{
	return (pkt_cksum_check(pk) & (CKSUM_BAD_IP | CKSUM_BAD_L4)) == 0;
}
