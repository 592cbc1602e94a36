/* SPDX-License-Identifier: MIT */
/*
 * test_output_pkt.h: helpers shared by the output tests: turn a Nping
 * hexdump (as printed) back into bytes, build IPv4/IPv6 packets from
 * fields, and fill a struct pkt from IP bytes.
 *
 * fill_ip() is a small test-only decoder used until proto's pkt_decode()
 * is merged; it fills exactly the fields the output module reads.
 */
#ifndef TEST_OUTPUT_PKT_H
#define TEST_OUTPUT_PKT_H

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "proto/packet.h"
#include "util/wire.h"

/* Bytes of a Nping hexdump text: the columns between the offset and the
 * ASCII part of each line. */
static inline size_t
dump_to_bin(const char *dump, uint8_t *out, size_t cap)
{
	size_t n = 0;
	const char *line = dump;

	while (*line != '\0') {
		const char *p = line + 7; /* past "0000   " */
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		int i;

		for (i = 0; i < 16 && p + 2 <= line + len; i++) {
			unsigned v;

			if (i == 8)
				p++;
			if (!isxdigit((unsigned char)p[0]))
				break;
			if (sscanf(p, "%2x", &v) != 1 || n >= cap)
				break;
			out[n++] = (uint8_t)v;
			p += 3;
		}
		if (eol == NULL)
			break;
		line = eol + 1;
	}
	return n;
}

/* Bytes of "45 00 00 28 ..." */
static inline size_t
hex_to_bin(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;
	int used;

	while (n < cap && sscanf(hex, " %2x%n", &v, &used) == 1) {
		out[n++] = (uint8_t)v;
		hex += used;
	}
	return n;
}

static inline void
fill_l4(struct pkt *p, const uint8_t *b, size_t n, uint8_t proto)
{
	const uint8_t *h = b + p->l4_off;
	size_t avail = n > p->l4_off ? n - p->l4_off : 0;

	p->l4_proto = proto;
	if (proto == 6 && avail >= 20) {
		p->layers |= PKT_HAS_TCP;
		p->tcp.sport = get_be16(h);
		p->tcp.dport = get_be16(h + 2);
		p->tcp.seq = get_be32(h + 4);
		p->tcp.ack = get_be32(h + 8);
		p->tcp.doff = h[12] >> 4;
		p->tcp.x2 = h[12] & 0x0f;
		p->tcp.flags = h[13];
		p->tcp.win = get_be16(h + 14);
		p->tcp.csum = get_be16(h + 16);
		p->tcp.urp = get_be16(h + 18);
		if (p->tcp.doff > 5 && avail >= p->tcp.doff * 4u) {
			p->tcp.opts_len = (uint8_t)(p->tcp.doff * 4 - 20);
			memcpy(p->tcp.opts, h + 20, p->tcp.opts_len);
		}
		p->payload_off = p->l4_off + p->tcp.doff * 4u;
	} else if (proto == 17 && avail >= 8) {
		p->layers |= PKT_HAS_UDP;
		p->udp.sport = get_be16(h);
		p->udp.dport = get_be16(h + 2);
		p->udp.len = get_be16(h + 4);
		p->udp.csum = get_be16(h + 6);
		p->payload_off = p->l4_off + 8;
	} else if ((proto == 1 || proto == 58) && avail >= 4) {
		struct icmp4_fields *i = &p->icmp4;

		p->layers |= proto == 1 ? PKT_HAS_ICMP4 : PKT_HAS_ICMP6;
		if (proto == 58) {
			p->icmp6.type = h[0];
			p->icmp6.code = h[1];
			p->icmp6.csum = get_be16(h + 2);
			if (avail >= 8)
				memcpy(p->icmp6.rest, h + 4, 4);
		}
		i->type = h[0];
		i->code = h[1];
		i->csum = get_be16(h + 2);
		if (avail >= 8) {
			memcpy(i->rest, h + 4, 4);
			i->id = get_be16(h + 4);
			i->seq = get_be16(h + 6);
		}
		p->payload_off = p->l4_off + 8;
	}
	if (p->payload_off != 0 && p->payload_off <= n)
		p->payload_len = n - p->payload_off;
}

/* Fills *p from a raw IPv4 or IPv6 packet. */
static inline void
fill_ip(struct pkt *p, const uint8_t *b, size_t n)
{
	memset(p, 0, sizeof(*p));
	p->base = b;
	p->caplen = n;
	if (n >= 20 && b[0] >> 4 == 4) {
		struct ip4_fields *ip = &p->ip4;

		p->layers = PKT_HAS_IP4;
		ip->ihl = b[0] & 0x0f;
		ip->tos = b[1];
		ip->tot_len = get_be16(b + 2);
		ip->id = get_be16(b + 4);
		ip->flags = b[6] >> 5;
		ip->frag_off = get_be16(b + 6) & 0x1fff;
		ip->ttl = b[8];
		ip->proto = b[9];
		ip->csum = get_be16(b + 10);
		memcpy(ip->src, b + 12, 4);
		memcpy(ip->dst, b + 16, 4);
		if (ip->ihl > 5 && n >= ip->ihl * 4u) {
			ip->opts_len = (uint8_t)((ip->ihl - 5) * 4);
			memcpy(ip->opts, b + 20, ip->opts_len);
		}
		p->l4_off = ip->ihl * 4u;
		if (ip->frag_off == 0)
			fill_l4(p, b, n, ip->proto);
	} else if (n >= 40 && b[0] >> 4 == 6) {
		struct ip6_fields *ip = &p->ip6;

		p->layers = PKT_HAS_IP6;
		ip->tclass = (uint8_t)(get_be16(b) >> 4);
		ip->flow = get_be32(b) & 0xfffff;
		ip->plen = get_be16(b + 4);
		ip->nh = ip->final_nh = b[6];
		ip->hlim = b[7];
		memcpy(ip->src, b + 8, 16);
		memcpy(ip->dst, b + 24, 16);
		p->l4_off = 40;
		fill_l4(p, b, n, ip->nh);
	} else {
		p->problems = PKT_BAD_L3;
	}
}

/* Fills *p from a bare ARP header (Ethernet/IPv4). */
static inline void
fill_arp(struct pkt *p, const uint8_t *b, size_t n)
{
	memset(p, 0, sizeof(*p));
	p->base = b;
	p->caplen = n;
	if (n < 28)
		return;
	p->layers = PKT_HAS_ARP;
	p->arp.htype = get_be16(b);
	p->arp.ptype = get_be16(b + 2);
	p->arp.hlen = b[4];
	p->arp.plen = b[5];
	p->arp.op = get_be16(b + 6);
	memcpy(p->arp.sha, b + 8, 6);
	memcpy(p->arp.spa, b + 14, 4);
	memcpy(p->arp.tha, b + 18, 6);
	memcpy(p->arp.tpa, b + 24, 4);
}

/* Field values for mk_ip4(). */
struct ip4spec {
	const char *src, *dst;
	uint8_t tos, ttl, proto, flags; /* flags: IP4_FLAG_* */
	uint16_t id, csum, frag;        /* frag in 8-byte units */
	uint16_t tot_len;               /* 0: computed */
	const uint8_t *opts;
	size_t opts_len;                /* multiple of 4 */
};

/* IPv4 header + l4 bytes into b; returns the length. */
static inline size_t
mk_ip4(uint8_t *b, const struct ip4spec *s, const uint8_t *l4, size_t l4len)
{
	size_t hl = 20 + s->opts_len;
	size_t tot = hl + l4len;

	b[0] = (uint8_t)(0x40 | hl / 4);
	b[1] = s->tos;
	put_be16(b + 2, s->tot_len ? s->tot_len : (uint16_t)tot);
	put_be16(b + 4, s->id);
	put_be16(b + 6, (uint16_t)(s->flags << 13 | s->frag));
	b[8] = s->ttl;
	b[9] = s->proto;
	put_be16(b + 10, s->csum);
	inet_pton(AF_INET, s->src, b + 12);
	inet_pton(AF_INET, s->dst, b + 16);
	if (s->opts_len)
		memcpy(b + 20, s->opts, s->opts_len);
	if (l4len > 0)
		memcpy(b + hl, l4, l4len);
	return tot;
}

/* A TCP header with optional options (length a multiple of 4). */
static inline size_t
mk_tcp(uint8_t *b, uint16_t sp, uint16_t dp, uint32_t seq, uint32_t ack,
       uint8_t flags, uint16_t win, uint16_t csum, const uint8_t *opts,
       size_t olen)
{
	put_be16(b, sp);
	put_be16(b + 2, dp);
	put_be32(b + 4, seq);
	put_be32(b + 8, ack);
	b[12] = (uint8_t)((20 + olen) / 4 << 4);
	b[13] = flags;
	put_be16(b + 14, win);
	put_be16(b + 16, csum);
	put_be16(b + 18, 0);
	if (olen)
		memcpy(b + 20, opts, olen);
	return 20 + olen;
}

/* An IPv6 header + l4 bytes. */
static inline size_t
mk_ip6(uint8_t *b, const char *src, const char *dst, uint8_t tclass,
       uint32_t flow, uint8_t nh, uint8_t hlim, const uint8_t *l4,
       size_t l4len)
{
	put_be32(b, 6u << 28 | (uint32_t)tclass << 20 | (flow & 0xfffff));
	put_be16(b + 4, (uint16_t)l4len);
	b[6] = nh;
	b[7] = hlim;
	inet_pton(AF_INET6, src, b + 8);
	inet_pton(AF_INET6, dst, b + 24);
	if (l4len > 0)
		memcpy(b + 40, l4, l4len);
	return 40 + l4len;
}

#endif
