/* SPDX-License-Identifier: MIT */
/*
 * build.h: one call that writes a whole packet from plain field structs
 * (the same structs pkt_decode() fills), with lengths and checksums
 * computed.  For templates: build once, then patch fields at the returned
 * offsets and fix checksums with cksum_fixup16/32().
 *
 *   struct pkt_spec s = { .ip_version = 4, .l4 = 1 };
 *   s.ip4.ttl = 64; memcpy(s.ip4.src, ...); memcpy(s.ip4.dst, ...);
 *   s.icmp4.type = ICMP4_ECHO; s.icmp4.id = 7; s.icmp4.seq = 1;
 *   pkt_build(buf, sizeof(buf), &len, &s, NULL);
 */
#ifndef NPECHO_PROTO_BUILD_H
#define NPECHO_PROTO_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

enum {
	PKT_BUILD_ETH = 1u << 0,       /* start with an Ethernet header */
	PKT_BUILD_VLAN = 1u << 1,      /* ... carrying an 802.1Q tag */
	PKT_BUILD_KEEP_ETHTYPE = 1u << 2, /* use eth.type as given */
	PKT_BUILD_BAD_IP_CSUM = 1u << 3,  /* wrong IPv4 header checksum */
	PKT_BUILD_BAD_L4_CSUM = 1u << 4,  /* wrong TCP/UDP/ICMP checksum */
	PKT_BUILD_KEEP_PROTO = 1u << 5,   /* keep ip4.proto / ip6.nh as given */
};

struct pkt_spec {
	unsigned flags;           /* PKT_BUILD_* */
	struct eth_fields eth;    /* type set from ip_version unless KEEP */
	int ip_version;           /* 4, 6, or 0 for an ARP packet */
	struct arp_fields arp;
	struct ip4_fields ip4;    /* opts/opts_len used; tot_len 0 = auto */
	struct ip6_fields ip6;    /* plen 0 = auto; ext[0..n_ext): hop-by-hop
				   * (0) or destination options (60) headers
				   * of 8 bytes of padding each, in order */
	uint8_t l4;               /* 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, or
				   * any other value: payload right after IP */
	struct tcp_fields tcp;    /* opts/opts_len used (see tcpopt.h) */
	struct udp_fields udp;    /* len 0 = auto */
	struct icmp4_fields icmp4;
	struct icmp6_fields icmp6;
	const uint8_t *payload;   /* borrowed; after the L4 header (ICMP:
				   * echo data, quoted datagram, RA entries) */
	size_t payload_len;
};

/* Where the layers landed (for patching templates). */
struct pkt_layout {
	size_t l3_off, l4_off, payload_off;
};

/*
 * Writes the packet described by s into buf.  Checksums are computed
 * (then spoiled if asked).  layout may be NULL.
 * Returns 0, ERR_NOSPACE, or ERR_INVALID (lengths over the limits).
 */
int pkt_build(uint8_t *buf, size_t cap, size_t *len,
	      const struct pkt_spec *s, struct pkt_layout *layout);

#endif
