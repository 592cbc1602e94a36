/* SPDX-License-Identifier: MIT */
/*
 * packet.h: a packet decoded once into plain fields and offsets.
 *
 * pkt_decode() walks the layers it knows (Ethernet/802.1Q, ARP, IPv4 with
 * options, IPv6 with extension headers, TCP with options, UDP, ICMPv4,
 * ICMPv6) and fills one struct pkt.  It never reads past len.  It keeps
 * going as far as the bytes allow: a packet cut inside the TCP header still
 * has its IP fields, with PKT_TRUNC_L4 set.  "Truncated" (captured bytes end
 * early) is kept apart from "invalid" (a field is impossible).
 *
 * The struct holds copies of every field plus offsets into the buffer it was
 * decoded from; `base` is borrowed and must outlive the struct if offsets
 * are used.  No allocation.  Everything here is libc only.
 */
#ifndef NPECHO_PROTO_PACKET_H
#define NPECHO_PROTO_PACKET_H

#include <stddef.h>
#include <stdint.h>

/* What the first byte of the buffer is. */
enum pkt_link {
	PKT_LINK_ETH = 1, /* Ethernet II, optional 802.1Q tag */
	PKT_LINK_IP = 2,  /* raw IP: version nibble picks IPv4 / IPv6 */
	PKT_LINK_ARP = 3, /* bare ARP header (ARP RCVD/CAPT dumps) */
};

/* Layer bits in pkt.layers. */
enum {
	PKT_HAS_ETH = 1u << 0,
	PKT_HAS_VLAN = 1u << 1,
	PKT_HAS_ARP = 1u << 2,
	PKT_HAS_IP4 = 1u << 3,
	PKT_HAS_IP6 = 1u << 4,
	PKT_HAS_TCP = 1u << 5,
	PKT_HAS_UDP = 1u << 6,
	PKT_HAS_ICMP4 = 1u << 7,
	PKT_HAS_ICMP6 = 1u << 8,
	PKT_HAS_PAYLOAD = 1u << 9,
	PKT_HAS_QUOTE = 1u << 10, /* ICMP error carries a quoted datagram */
};

/* Problem bits in pkt.problems: which layer was cut or bad. */
enum {
	PKT_TRUNC_L2 = 1u << 0,
	PKT_TRUNC_L3 = 1u << 1,
	PKT_TRUNC_L4 = 1u << 2,   /* transport header incomplete */
	PKT_TRUNC_DATA = 1u << 3, /* claimed length > captured bytes */
	PKT_BAD_L3 = 1u << 8,     /* bad version, IHL < 5, tot_len < IHL... */
	PKT_BAD_L4 = 1u << 9,     /* TCP doff < 5, UDP len < 8 ... */
	PKT_BAD_OPTS = 1u << 10,  /* IP or TCP option list malformed */
	PKT_FRAGMENT = 1u << 11,  /* non-first fragment: no L4 header here */
};

#define IP4_FLAG_RF 0x4 /* reserved ("evil") bit */
#define IP4_FLAG_DF 0x2
#define IP4_FLAG_MF 0x1

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20
#define TCP_ECE 0x40
#define TCP_CWR 0x80

struct eth_fields {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t type;     /* after the VLAN tag, if any */
	uint16_t vlan_tci; /* valid when PKT_HAS_VLAN */
};

struct arp_fields {
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	uint8_t sha[6], spa[4], tha[6], tpa[4]; /* valid for Ethernet/IPv4 */
};

struct ip4_fields {
	uint8_t ihl; /* in 32-bit words */
	uint8_t tos;
	uint16_t tot_len;
	uint16_t id;
	uint8_t flags;     /* IP4_FLAG_* */
	uint16_t frag_off; /* in 8-byte units */
	uint8_t ttl;
	uint8_t proto;
	uint16_t csum;
	uint8_t src[4], dst[4];
	uint8_t opts_len;  /* (ihl - 5) * 4 */
	uint8_t opts[40];  /* raw option bytes */
};

#define IP6_MAX_EXT 8

struct ip6_fields {
	uint8_t tclass;
	uint32_t flow; /* 20 bits */
	uint16_t plen;
	uint8_t nh;    /* first next-header value */
	uint8_t hlim;
	uint8_t src[16], dst[16];
	uint8_t final_nh;   /* upper-layer protocol after the extension walk */
	uint8_t n_ext;
	uint8_t ext[IP6_MAX_EXT]; /* extension header types, in order */
	uint16_t ext_len;   /* bytes of extension headers */
	uint8_t has_frag;
	uint32_t frag_id;
	uint16_t frag_off;  /* in 8-byte units */
	uint8_t frag_more;
};

/* TCP option kinds. */
enum {
	TCPOPT_EOL = 0,
	TCPOPT_NOP = 1,
	TCPOPT_MSS = 2,
	TCPOPT_WSCALE = 3,
	TCPOPT_SACKOK = 4,
	TCPOPT_SACK = 5,
	TCPOPT_TS = 8,
};

#define TCP_MAX_OPTS 40

struct tcp_opt {
	uint8_t kind;
	uint8_t len; /* total length incl. kind/len bytes; 1 for EOL/NOP */
	uint8_t off; /* offset of the kind byte inside tcp_fields.opts */
};

struct tcp_fields {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t doff;  /* in 32-bit words */
	uint8_t x2;    /* 4 reserved bits */
	uint8_t flags; /* TCP_* */
	uint16_t win;
	uint16_t csum;
	uint16_t urp;
	uint8_t opts_len;
	uint8_t opts[40];
	uint8_t n_opts;
	struct tcp_opt opt[TCP_MAX_OPTS];
	/* Convenience copies of the common options (has_* set when present). */
	uint8_t has_mss, has_wscale, has_sackok, has_ts, has_sack;
	uint16_t mss;
	uint8_t wscale;
	uint32_t ts_val, ts_ecr;
	/* SACK blocks of the first SACK option (up to 4), when has_sack. */
	uint8_t n_sack;
	uint32_t sack_l[4], sack_r[4];
};

struct udp_fields {
	uint16_t sport, dport, len, csum;
};

struct icmp4_fields {
	uint8_t type, code;
	uint16_t csum;
	uint8_t rest[4];    /* bytes 4..7 as on the wire */
	uint16_t id, seq;   /* echo, timestamp, info, mask: from rest */
	uint8_t gateway[4]; /* redirect */
	uint8_t pointer;    /* parameter problem */
	uint16_t next_mtu;  /* frag needed (type 3 code 4) */
	uint32_t orig, recv, trans; /* timestamp, when present */
	uint8_t mask[4];    /* address mask, when present */
	uint8_t ra_naddr, ra_entsz;
	uint16_t ra_lifetime;
};

struct icmp6_fields {
	uint8_t type, code;
	uint16_t csum;
	uint8_t rest[4];
	uint16_t id, seq;  /* echo */
	uint32_t mtu;      /* packet too big */
	uint32_t pointer;  /* parameter problem */
	uint8_t target[16]; /* neighbor solicitation / advertisement */
	uint8_t na_flags;   /* R S O bits of an advertisement */
};

struct pkt {
	const uint8_t *base; /* borrowed: the buffer given to pkt_decode */
	size_t caplen;       /* bytes available */
	unsigned layers;     /* PKT_HAS_* */
	unsigned problems;   /* PKT_TRUNC_* / PKT_BAD_* */
	size_t l3_off;       /* IP or ARP header */
	size_t l4_off;       /* transport header (after IPv6 ext headers) */
	size_t payload_off;  /* application data */
	size_t payload_len;  /* captured payload bytes (<= claimed) */
	size_t quote_off;    /* ICMP error: start of quoted IP datagram */
	size_t quote_len;    /* quoted bytes available */
	uint8_t l4_proto;    /* IPPROTO_* of the transport, 0 if none */
	struct eth_fields eth;
	struct arp_fields arp;
	struct ip4_fields ip4;
	struct ip6_fields ip6;
	struct tcp_fields tcp;
	struct udp_fields udp;
	struct icmp4_fields icmp4;
	struct icmp6_fields icmp6;
};

/*
 * Details of the decode (added by the proto implementation):
 *  - A layer's PKT_HAS_* bit is set only when its whole header was
 *    captured; when PKT_TRUNC_L4 is set the fixed fields that were present
 *    (ports first) are still filled.
 *  - l4_proto/l4_off are set whenever transport decoding was attempted.  A
 *    non-first fragment sets PKT_FRAGMENT, l4_proto 0, and its data as the
 *    payload (use ip4.proto / ip6.final_nh for the protocol).  Unknown
 *    protocols (and IPv6 AH/ESP) get l4_proto and their bytes as payload.
 *  - ICMP errors (icmp4/6_is_error) fill quote_off/quote_len; other ICMP
 *    messages put the bytes after their fixed part in the payload.
 *  - A transport header cut by the capture is PKT_TRUNC_L4; one cut by the
 *    IP length itself is PKT_BAD_L4.
 *  - Field details of TCP SACK are in tcp_fields.n_sack/sack_l/sack_r.
 * Layer parsers, builders and checksums: eth.h arp.h ipv4.h ip4opt.h
 * ip4frag.h ipv6.h tcp.h tcpopt.h udp.h icmp4.h icmp6.h cksum.h build.h.
 */

/*
 * Decodes p[0..len) starting at the given link layer into *out (always fully
 * overwritten).  Returns 0 when at least the first layer decoded (check
 * out->problems for later truncation), ERR_TRUNC when even the first header
 * is incomplete, ERR_INVALID when the first header is impossible.
 */
int pkt_decode(const uint8_t *p, size_t len, enum pkt_link link,
	       struct pkt *out);

/*
 * Decodes the datagram quoted inside an ICMPv4/ICMPv6 error of *outer as a
 * raw IP packet into *inner.  Quotes are normally cut short (8 bytes of
 * transport), so PKT_TRUNC_* bits are expected.  Returns ERR_INVALID when
 * outer has no quote.
 */
int pkt_decode_quote(const struct pkt *outer, struct pkt *inner);

/* True when the ICMPv4 / ICMPv6 type is an error that quotes a datagram. */
int icmp4_is_error(uint8_t type);
int icmp6_is_error(uint8_t type);

#endif
