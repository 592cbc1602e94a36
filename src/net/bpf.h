/* SPDX-License-Identifier: MIT */
/*
 * net/bpf.h: the text of the BPF capture filters npecho hands to libpcap.
 *
 * Pure string building, libc only: no libpcap needed to build a filter (the
 * unit test compiles each one with pcap_compile to prove it is valid).
 *
 * A probe filter catches every reply to our probes, for IPv4 or IPv6:
 *
 *   - TCP/UDP from a target port to one of our source ports;
 *   - ICMP / ICMPv6 echo (and timestamp, info, mask) replies, by id;
 *   - ICMP / ICMPv6 errors whose quoted datagram came from our source
 *     address with our protocol (and, when the quote can be indexed, our
 *     source port or ICMP id);
 *   - ARP replies to our address;
 *
 * all "addressed to our real source address and not sent by it".  The
 * filter may be a little wider than exact (quoted IPv4 headers with options,
 * IPv6 quotes with extension headers, long port lists): the engine matches
 * each captured packet exactly afterwards.  libpcap cannot walk IPv6
 * extension headers, so IPv6 clauses index the ICMPv6 header with icmp6[]
 * (valid when ICMPv6 follows the fixed header), like `tcp`/`udp` do.
 */
#ifndef NPECHO_NET_BPF_H
#define NPECHO_NET_BPF_H

#include <stddef.h>
#include <stdint.h>

#define FILTER_MAX_PORTS 16 /* longer target port lists: any source port */
#define FILTER_TEXT_MAX 2048 /* enough for every filter built here */

enum filter_proto {
	FILTER_TCP = 1,
	FILTER_UDP,
	FILTER_ICMP,    /* ICMPv4 for AF_INET, ICMPv6 for AF_INET6 */
	FILTER_ARP,     /* AF_INET only */
	FILTER_IPPROTO, /* any other IP protocol number (raw IP mode) */
};

struct filter_spec {
	int family;             /* AF_INET or AF_INET6 */
	enum filter_proto proto;
	uint8_t src[16];        /* our source address, 4 or 16 bytes used */
	int has_src;            /* 0: no address clauses (much wider) */
	int self;               /* a target is our own address: keep packets
				 * that come from it */
	uint16_t sport_lo;      /* TCP/UDP: our source ports, lo..hi */
	uint16_t sport_hi;      /* 0 = same as lo */
	const uint16_t *dports; /* TCP/UDP: target ports (borrowed) */
	size_t n_dports;        /* 0 or > FILTER_MAX_PORTS: any */
	uint8_t icmp_type;      /* FILTER_ICMP: the type we send */
	int has_icmp_id;
	uint16_t icmp_id;       /* FILTER_ICMP: echo/timestamp/... id */
	uint8_t ip_proto;       /* FILTER_IPPROTO: the protocol number */
	int no_errors;          /* leave ICMP errors out */
};

/*
 * Build the probe filter for `f` into buf (NUL-terminated).  *len (if not
 * NULL) gets the length without the NUL.  Returns 0, ERR_INVALID for an
 * inconsistent spec (unknown family or proto, ARP over IPv6, sport_hi <
 * sport_lo), or ERR_NOSPACE when cap is too small (FILTER_TEXT_MAX always
 * suffices).
 */
int filter_build(const struct filter_spec *f, char *buf, size_t cap,
		 size_t *len);

/*
 * The echo server's filter: every IPv4 (family AF_INET), IPv6 (AF_INET6)
 * or IP packet of either version (AF_UNSPEC) except TCP to or from
 * echo_port, so the server never captures its own side channel.  Same
 * returns as filter_build.
 */
int filter_build_echo_server(int family, uint16_t echo_port, char *buf,
			     size_t cap, size_t *len);

/* One live echo session, as the server's kernel filter sees it. */
struct filter_echo_sess {
	int family;       /* AF_INET or AF_INET6: its client's address */
	uint8_t addr[16]; /* 4 or 16 bytes used */
	int proto;        /* IPv4 protocol of its probes; -1 = any */
	int replies;      /* this host's replies to it are echoed too */
};

/* Distinct client addresses past which the server keeps the wide filter
 * (filter_build_echo_server): the program would outgrow the kernel's
 * 4,096 instructions. */
#define FILTER_ECHO_MAX_ADDRS 128
/* Text room for n sessions. */
#define FILTER_ECHO_TEXT(n) (96 + (n) * 136)

/*
 * The echo server's filter while sessions are live: of the packets that
 * are not the side channel, only those from a session's client address
 * (IPv4: of its probes' protocol, when every session of that address
 * names one; IPv6: any, as libpcap cannot look past extension headers),
 * and, for sessions that echo replies, those sent to its address.  With
 * directions, probes must have been received ("inbound") and replies
 * sent by this host ("outbound"): a live Linux capture only.  Sessions of
 * one address share a clause.  Same returns as filter_build, and
 * ERR_INVALID for n 0, a bad family or more than FILTER_ECHO_MAX_ADDRS
 * addresses.
 */
int filter_build_echo_sessions(const struct filter_echo_sess *s, size_t n,
			       uint16_t echo_port, int directions, char *buf,
			       size_t cap, size_t *len);

/* The reply type for an ICMP (v6 when `v6`) request type; -1 if none. */
int filter_icmp_reply_type(int v6, uint8_t type);

#endif
