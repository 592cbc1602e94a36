/* SPDX-License-Identifier: MIT */
/*
 * decode.c: pkt_decode(), one pass over link, network and transport.
 *
 *  | Ethernet [802.1Q] | IPv4 [opts] / IPv6 [ext...] | TCP/UDP/ICMP | data |
 *  ^ 0                 ^ l3_off                       ^ l4_off       ^ payload_off
 *
 * Two ends are tracked for the IP datagram: the claimed end (IPv4 total
 * length, IPv6 40 + payload length) and the captured end (min of that and
 * the buffer).  Transport decoding never looks past the captured end; a
 * header cut by the capture is "truncated" (PKT_TRUNC_L4), one cut by the
 * claimed length itself is "invalid" (PKT_BAD_L4).  Layouts are drawn in
 * each protocol's file.
 */
#include <string.h>

#include "proto/arp.h"
#include "proto/eth.h"
#include "proto/icmp4.h"
#include "proto/icmp6.h"
#include "proto/ipv4.h"
#include "proto/ipv6.h"
#include "proto/packet.h"
#include "proto/tcp.h"
#include "proto/udp.h"
#include "util/wire.h"

#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ICMPV6_ 58

/* The captured and claimed ends of the datagram being decoded. */
struct span {
	size_t cap_end;
	size_t claim_end;
};

static void
set_payload(struct pkt *pk, size_t start, size_t end)
{
	if (start > end)
		return;
	pk->payload_off = start;
	pk->payload_len = end - start;
	if (pk->payload_len)
		pk->layers |= PKT_HAS_PAYLOAD;
}

/* First fragment of several: the transport's own length runs on. */
static int
more_fragments(const struct pkt *pk)
{
	if (pk->layers & PKT_HAS_IP4)
		return (pk->ip4.flags & IP4_FLAG_MF) != 0;
	return pk->ip6.has_frag && pk->ip6.frag_more;
}

/* A transport header ended early: by the capture, or by the IP length. */
static void
l4_short(struct pkt *pk, const struct span *s)
{
	pk->problems |= s->cap_end < s->claim_end ? PKT_TRUNC_L4 : PKT_BAD_L4;
}

static void
decode_tcp(struct pkt *pk, const struct span *s)
{
	size_t off = pk->l4_off;
	int ret = tcp_parse(pk->base + off, s->cap_end - off, &pk->tcp);

	if (ret == ERR_INVALID) {
		pk->problems |= PKT_BAD_L4;
		return;
	}
	if (ret != 0) {
		l4_short(pk, s);
		return;
	}
	pk->layers |= PKT_HAS_TCP;
	if (tcp_opts_decode(&pk->tcp) != 0)
		pk->problems |= PKT_BAD_OPTS;
	set_payload(pk, off + (size_t)pk->tcp.doff * 4, s->cap_end);
}

static void
decode_udp(struct pkt *pk, const struct span *s)
{
	size_t off = pk->l4_off, end = s->cap_end;
	int ret = udp_parse(pk->base + off, s->cap_end - off, &pk->udp);

	if (ret == ERR_TRUNC) {
		l4_short(pk, s);
		return;
	}
	pk->layers |= PKT_HAS_UDP;
	if (ret != 0 ||
	    (pk->udp.len > s->claim_end - off && !more_fragments(pk))) {
		pk->problems |= PKT_BAD_L4;
	} else if (off + pk->udp.len < end) {
		end = off + pk->udp.len;
	}
	set_payload(pk, off + 8, end);
}

/* Quote or payload after an ICMP header of fixed length hlen. */
static void
icmp_rest(struct pkt *pk, const struct span *s, int is_error, size_t hlen)
{
	size_t q = pk->l4_off + 8;

	if (is_error) {
		if (q <= s->cap_end) {
			pk->quote_off = q;
			pk->quote_len = s->cap_end - q;
			if (pk->quote_len)
				pk->layers |= PKT_HAS_QUOTE;
		}
		return;
	}
	set_payload(pk, pk->l4_off + hlen, s->cap_end);
}

static void
decode_icmp4(struct pkt *pk, const struct span *s)
{
	size_t off = pk->l4_off, cap = s->cap_end - off;
	int ret = icmp4_parse(pk->base + off, cap, &pk->icmp4);

	if (cap < ICMP4_HDR_LEN) {
		l4_short(pk, s);
		return;
	}
	pk->layers |= PKT_HAS_ICMP4;
	if (ret != 0) {
		l4_short(pk, s);
		return;
	}
	icmp_rest(pk, s, icmp4_is_error(pk->icmp4.type),
		  icmp4_hdr_len(pk->icmp4.type));
}

static void
decode_icmp6(struct pkt *pk, const struct span *s)
{
	size_t off = pk->l4_off, cap = s->cap_end - off;
	int ret = icmp6_parse(pk->base + off, cap, &pk->icmp6);

	if (cap < ICMP6_HDR_LEN) {
		l4_short(pk, s);
		return;
	}
	pk->layers |= PKT_HAS_ICMP6;
	if (ret != 0) {
		l4_short(pk, s);
		return;
	}
	icmp_rest(pk, s, icmp6_is_error(pk->icmp6.type),
		  icmp6_hdr_len(pk->icmp6.type));
}

static void
decode_l4(struct pkt *pk, uint8_t proto, size_t off, const struct span *s)
{
	pk->l4_off = off;
	pk->l4_proto = proto;
	switch (proto) {
	case IPPROTO_TCP_:
		decode_tcp(pk, s);
		break;
	case IPPROTO_UDP_:
		decode_udp(pk, s);
		break;
	case IPPROTO_ICMP_:
		decode_icmp4(pk, s);
		break;
	case IPPROTO_ICMPV6_:
		decode_icmp6(pk, s);
		break;
	case IP6_NH_NONE:
		if (pk->layers & PKT_HAS_IP6)
			pk->l4_proto = 0;
		else
			set_payload(pk, off, s->cap_end);
		break;
	default:
		set_payload(pk, off, s->cap_end);
		break;
	}
}

/* Maps a first-layer failure to the return code; later layers return 0. */
static int
fail(struct pkt *pk, unsigned problem, int err, int first)
{
	pk->problems |= problem;
	return first ? err : 0;
}

static int
decode_ip4(struct pkt *pk, size_t off, int first)
{
	struct span s;
	size_t hlen;
	int ret;

	pk->l3_off = off;
	ret = ip4_parse(pk->base + off, pk->caplen - off, &pk->ip4);
	if (ret == ERR_INVALID)
		return fail(pk, PKT_BAD_L3, ERR_INVALID, first);
	if (ret != 0)
		return fail(pk, PKT_TRUNC_L3, ERR_TRUNC, first);
	pk->layers |= PKT_HAS_IP4;
	if (ip4_opts_check(pk->ip4.opts, pk->ip4.opts_len) != 0)
		pk->problems |= PKT_BAD_OPTS;
	hlen = (size_t)pk->ip4.ihl * 4;
	if (pk->ip4.tot_len < hlen) {
		pk->problems |= PKT_BAD_L3;
		return 0;
	}
	s.claim_end = off + pk->ip4.tot_len;
	s.cap_end = s.claim_end < pk->caplen ? s.claim_end : pk->caplen;
	if (s.claim_end > pk->caplen)
		pk->problems |= PKT_TRUNC_DATA;
	if (pk->ip4.frag_off != 0) {
		pk->problems |= PKT_FRAGMENT;
		pk->l4_off = off + hlen;
		set_payload(pk, off + hlen, s.cap_end);
		return 0;
	}
	decode_l4(pk, pk->ip4.proto, off + hlen, &s);
	return 0;
}

static int
decode_ip6(struct pkt *pk, size_t off, int first)
{
	const uint8_t *p = pk->base + off;
	struct span s;
	size_t l4;
	int ret;

	pk->l3_off = off;
	if (pk->caplen - off < IP6_HDR_LEN)
		return fail(pk, PKT_TRUNC_L3, ERR_TRUNC, first);
	s.claim_end = off + IP6_HDR_LEN + get_be16(p + 4);
	if (get_be16(p + 4) == 0 && p[6] == IP6_NH_HOPOPTS)
		s.claim_end = pk->caplen; /* jumbogram: length is elsewhere */
	s.cap_end = s.claim_end < pk->caplen ? s.claim_end : pk->caplen;
	if (s.claim_end > pk->caplen)
		pk->problems |= PKT_TRUNC_DATA;
	ret = ip6_parse(p, s.cap_end - off, &pk->ip6);
	if (ret == ERR_INVALID)
		return fail(pk, PKT_BAD_L3, ERR_INVALID, first);
	pk->layers |= PKT_HAS_IP6;
	if (ret != 0) {
		pk->problems |= s.cap_end < s.claim_end ? PKT_TRUNC_L3
							: PKT_BAD_L3;
		return 0;
	}
	l4 = off + IP6_HDR_LEN + pk->ip6.ext_len;
	if (pk->ip6.has_frag && pk->ip6.frag_off != 0) {
		pk->problems |= PKT_FRAGMENT;
		pk->l4_off = l4;
		set_payload(pk, l4, s.cap_end);
		return 0;
	}
	decode_l4(pk, pk->ip6.final_nh, l4, &s);
	return 0;
}

/* want: the version the link layer announced, 0 for raw IP. */
static int
decode_ip(struct pkt *pk, size_t off, int first, int want)
{
	if (pk->caplen - off < 1)
		return fail(pk, PKT_TRUNC_L3, ERR_TRUNC, first);
	if (want && pk->base[off] >> 4 != want) {
		pk->l3_off = off;
		return fail(pk, PKT_BAD_L3, ERR_INVALID, first);
	}
	switch (pk->base[off] >> 4) {
	case 4:
		return decode_ip4(pk, off, first);
	case 6:
		return decode_ip6(pk, off, first);
	default:
		pk->l3_off = off;
		return fail(pk, PKT_BAD_L3, ERR_INVALID, first);
	}
}

static int
decode_arp(struct pkt *pk, size_t off, int first)
{
	size_t alen;

	pk->l3_off = off;
	if (arp_parse(pk->base + off, pk->caplen - off, &pk->arp, &alen) != 0)
		return fail(pk, PKT_TRUNC_L3, ERR_TRUNC, first);
	pk->layers |= PKT_HAS_ARP;
	return 0;
}

static int
decode_eth(struct pkt *pk)
{
	size_t hlen;
	int vlan;

	if (eth_parse(pk->base, pk->caplen, &pk->eth, &hlen, &vlan) != 0)
		return fail(pk, PKT_TRUNC_L2, ERR_TRUNC, 1);
	pk->layers |= PKT_HAS_ETH | (vlan ? PKT_HAS_VLAN : 0);
	switch (pk->eth.type) {
	case ETHERTYPE_IP4:
		return decode_ip(pk, hlen, 0, 4);
	case ETHERTYPE_IP6:
		return decode_ip(pk, hlen, 0, 6);
	case ETHERTYPE_ARP:
	case ETHERTYPE_RARP:
		return decode_arp(pk, hlen, 0);
	default:
		set_payload(pk, hlen, pk->caplen);
		return 0;
	}
}

int
pkt_decode(const uint8_t *p, size_t len, enum pkt_link link, struct pkt *out)
{
	memset(out, 0, sizeof(*out));
	out->base = p;
	out->caplen = len;
	switch (link) {
	case PKT_LINK_ETH:
		return decode_eth(out);
	case PKT_LINK_IP:
		return decode_ip(out, 0, 1, 0);
	case PKT_LINK_ARP:
		return decode_arp(out, 0, 1);
	default:
		return ERR_INVALID;
	}
}

int
pkt_decode_quote(const struct pkt *outer, struct pkt *inner)
{
	if (!(outer->layers & PKT_HAS_QUOTE)) {
		memset(inner, 0, sizeof(*inner));
		return ERR_INVALID;
	}
	return pkt_decode(outer->base + outer->quote_off, outer->quote_len,
			  PKT_LINK_IP, inner);
}
