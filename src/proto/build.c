/* SPDX-License-Identifier: MIT */
/*
 * build.c: pkt_build().  The transport part is written first, behind room
 * left for the IP header, because the IP header needs its length.
 *
 *  | eth (14/18) | IP (20+opts / 40) | L4 header | payload |
 */
#include "proto/build.h"

#include <string.h>

#include "proto/arp.h"
#include "proto/cksum.h"
#include "proto/eth.h"
#include "proto/icmp4.h"
#include "proto/icmp6.h"
#include "proto/ipv4.h"
#include "proto/ipv6.h"
#include "proto/tcp.h"
#include "proto/udp.h"
#include "util/wire.h"

static uint16_t
spoil(uint16_t c)
{
	c ^= 1;
	return c ? c : 2;
}

static uint32_t
pseudo(const struct pkt_spec *s, uint8_t proto, size_t len)
{
	if (s->ip_version == 4)
		return cksum_pseudo4(s->ip4.src, s->ip4.dst, proto,
				     (uint16_t)len);
	return cksum_pseudo6(s->ip6.src, s->ip6.dst, proto, (uint32_t)len);
}

static int
put_payload(uint8_t *buf, size_t cap, size_t at, const struct pkt_spec *s)
{
	if (cap < at || cap - at < s->payload_len)
		return ERR_NOSPACE;
	if (s->payload_len)
		memcpy(buf + at, s->payload, s->payload_len);
	return 0;
}

/* Writes L4 header + payload at buf; *len the total, *hl the header. */
static int
build_l4(uint8_t *buf, size_t cap, size_t *len, size_t *hl,
	 const struct pkt_spec *s)
{
	size_t n = 0;
	int ret = 0, coff = -1;

	if (s->l4 == 6) {
		ret = tcp_build(buf, cap, &n, &s->tcp);
		coff = TCP_OFF_CSUM;
	} else if (s->l4 == 17) {
		ret = udp_build(buf, cap, &n, &s->udp, s->payload_len);
		coff = UDP_OFF_CSUM;
	}
	*hl = n;
	if (ret == 0 && (s->l4 == 6 || s->l4 == 17 ||
			 (s->l4 != 1 && s->l4 != 58))) {
		ret = put_payload(buf, cap, n, s);
		n += s->payload_len;
	} else if (ret == 0 && s->l4 == 1) {
		ret = icmp4_build(buf, cap, &n, &s->icmp4, s->payload,
				  s->payload_len);
		*hl = n - s->payload_len;
		coff = ICMP4_OFF_CSUM;
	} else if (ret == 0) {
		ret = icmp6_build(buf, cap, &n, &s->icmp6, s->payload,
				  s->payload_len, s->ip6.src, s->ip6.dst);
		*hl = n - s->payload_len;
		coff = ICMP6_OFF_CSUM;
	}
	if (ret != 0)
		return ret;
	if (s->l4 == 58 && s->ip_version == 4) /* odd, but consistent */
		cksum_set(buf, n, ICMP6_OFF_CSUM, pseudo(s, 58, n));
	if (n > 0xffff)
		return ERR_INVALID;
	if (s->l4 == 6)
		cksum_set(buf, n, TCP_OFF_CSUM, pseudo(s, 6, n));
	else if (s->l4 == 17)
		cksum_set_udp(buf, n, UDP_OFF_CSUM, pseudo(s, 17, n));
	if (coff >= 0 && (s->flags & PKT_BUILD_BAD_L4_CSUM))
		put_be16(buf + coff, spoil(get_be16(buf + coff)));
	*len = n;
	return 0;
}

/* The extension headers of s->ip6.ext, each 8 bytes of padding, after the
 * fixed header; *nh (the transport) becomes the first one's type. */
static int
build_ip6_ext(uint8_t *buf, size_t cap, const struct pkt_spec *s, uint8_t *nh)
{
	static const uint8_t no_opts[1];
	size_t i = s->ip6.n_ext, n;
	int ret;

	while (i-- > 0) {
		uint8_t t = s->ip6.ext[i];

		if (t != IP6_EXT_HBH && t != IP6_EXT_DEST)
			return ERR_INVALID;
		ret = ip6_opts_hdr_build(buf + IP6_HDR_LEN + IP6_EXT_PAD_LEN * i,
					 cap - IP6_HDR_LEN - IP6_EXT_PAD_LEN * i,
					 &n, *nh, no_opts, 0);
		if (ret != 0)
			return ret;
		*nh = t;
	}
	return 0;
}

static int
build_ip(uint8_t *buf, size_t cap, size_t *len, const struct pkt_spec *s,
	 struct pkt_layout *lay)
{
	size_t iphl, l4len, l4hl, n;
	int ret;

	if (s->ip_version == 6 && s->ip6.n_ext > IP6_MAX_EXT)
		return ERR_INVALID;
	iphl = s->ip_version == 4 ?
		IP4_HDR_LEN + (((size_t)s->ip4.opts_len + 3) & ~(size_t)3) :
		IP6_HDR_LEN + IP6_EXT_PAD_LEN * (size_t)s->ip6.n_ext;
	if (cap < iphl)
		return ERR_NOSPACE;
	if ((ret = build_l4(buf + iphl, cap - iphl, &l4len, &l4hl, s)) != 0)
		return ret;
	if (s->ip_version == 4) {
		struct ip4_fields f = s->ip4;

		if (!(s->flags & PKT_BUILD_KEEP_PROTO))
			f.proto = s->l4;
		ret = ip4_build(buf, cap, &n, &f, l4len);
		if (ret == 0 && (s->flags & PKT_BUILD_BAD_IP_CSUM))
			put_be16(buf + IP4_OFF_CSUM,
				 spoil(get_be16(buf + IP4_OFF_CSUM)));
	} else {
		struct ip6_fields f = s->ip6;

		if (!(s->flags & PKT_BUILD_KEEP_PROTO))
			f.nh = s->l4;
		if ((ret = build_ip6_ext(buf, cap, s, &f.nh)) == 0)
			ret = ip6_build(buf, cap, &n, &f,
					iphl - IP6_HDR_LEN + l4len);
	}
	if (ret != 0)
		return ret;
	lay->l4_off = lay->l3_off + iphl;
	lay->payload_off = lay->l4_off + l4hl;
	*len = iphl + l4len;
	return 0;
}

int
pkt_build(uint8_t *buf, size_t cap, size_t *len, const struct pkt_spec *s,
	  struct pkt_layout *layout)
{
	struct pkt_layout lay = { 0, 0, 0 };
	size_t off = 0, n = 0;
	int ret;

	*len = 0;
	if (s->ip_version != 0 && s->ip_version != 4 && s->ip_version != 6)
		return ERR_INVALID;
	if (s->flags & PKT_BUILD_ETH) {
		struct eth_fields e = s->eth;

		if (!(s->flags & PKT_BUILD_KEEP_ETHTYPE))
			e.type = s->ip_version == 4 ? ETHERTYPE_IP4 :
				 s->ip_version == 6 ? ETHERTYPE_IP6 :
				 ETHERTYPE_ARP;
		if ((ret = eth_build(buf, cap, &off, &e,
				     s->flags & PKT_BUILD_VLAN)) != 0)
			return ret;
	}
	lay.l3_off = off;
	if (s->ip_version == 0) {
		ret = arp_build(buf + off, cap - off, &n, &s->arp);
		lay.l4_off = lay.payload_off = off + n;
	} else {
		ret = build_ip(buf + off, cap - off, &n, s, &lay);
	}
	if (ret != 0)
		return ret;
	if (layout)
		*layout = lay;
	*len = off + n;
	return 0;
}
