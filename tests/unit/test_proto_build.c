/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the builders: each layer builder reproduces real captured
 * packets byte for byte from their decoded fields, pkt_build() output
 * decodes back to the fields it was given (every ICMPv4/ICMPv6 type, TCP
 * options, random values), checksums verify, and a short buffer is never
 * overrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_proto_util.h"

#include "proto/arp.h"
#include "proto/build.h"
#include "proto/eth.h"
#include "proto/icmp4.h"
#include "proto/icmp6.h"
#include "proto/ipv4.h"
#include "proto/ipv6.h"
#include "proto/tcp.h"
#include "proto/tcpopt.h"
#include "proto/udp.h"

static const uint8_t a1[4] = { 10, 9, 1, 2 };
static const uint8_t a2[4] = { 10, 9, 2, 2 };

static void
test_layers_rebuild_captures(void **state)
{
	uint8_t b[256], o[256];
	struct pkt pk;
	size_t n, len, hl;

	(void)state;
	/* ARP request frame: Ethernet + ARP from the decoded fields. */
	n = load_fixture("nping_arp_request_eth", b, sizeof(b));
	assert_int_equal(pkt_decode(b, n, PKT_LINK_ETH, &pk), 0);
	assert_int_equal(eth_build(o, sizeof(o), &hl, &pk.eth, 0), 0);
	assert_int_equal(hl, 14);
	assert_int_equal(arp_build(o + hl, sizeof(o) - hl, &len, &pk.arp), 0);
	assert_int_equal(hl + len, n);
	assert_memory_equal(o, b, n);

	/* TCP SYN-ACK with MSS: IPv4 and TCP headers. */
	n = load_fixture("nping_tcp_synack", b, sizeof(b));
	assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &pk), 0);
	assert_int_equal(ip4_build(o, sizeof(o), &hl, &pk.ip4, 24), 0);
	assert_int_equal(hl, 20);
	assert_int_equal(tcp_build(o + 20, sizeof(o) - 20, &len, &pk.tcp), 0);
	assert_int_equal(len, 24);
	assert_memory_equal(o, b, n);

	/* UDP with payload. */
	n = load_fixture("nping_udp", b, sizeof(b));
	assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &pk), 0);
	assert_int_equal(udp_build(o, sizeof(o), &len, &pk.udp, 15), 0);
	assert_memory_equal(o, b + 20, 8);
	pk.udp.len = 0; /* auto length */
	assert_int_equal(udp_build(o, sizeof(o), &len, &pk.udp, 15), 0);
	assert_int_equal(get_be16(o + 4), 23);

	/* IPv4 with the 40 option bytes of Nping's "R". */
	n = load_fixture("nping_ipopt_rr", b, sizeof(b));
	assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &pk), 0);
	assert_int_equal(ip4_build(o, sizeof(o), &hl, &pk.ip4, 8), 0);
	assert_int_equal(hl, 60);
	assert_memory_equal(o, b, 60);
}

/* Port unreachable: the ICMP builder computes the captured checksum. */
static void
test_icmp4_rebuild_port_unreach(void **state)
{
	uint8_t b[256], o[256];
	struct pkt pk;
	size_t n, len;

	(void)state;
	n = load_fixture("nping_port_unreach", b, sizeof(b));
	assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &pk), 0);
	assert_int_equal(icmp4_build(o, sizeof(o), &len, &pk.icmp4,
				     b + pk.quote_off, pk.quote_len), 0);
	assert_int_equal(len, n - 20);
	assert_memory_equal(o, b + 20, len);
	assert_int_equal(get_be16(o + 2), 0x142c);
}

/* The required Ethernet echo fixture, rebuilt whole by pkt_build(). */
static void
test_pkt_build_eth_echo(void **state)
{
	uint8_t b[256], o[256];
	struct pkt_spec s;
	struct pkt_layout lay;
	struct pkt pk;
	size_t n, len;

	(void)state;
	n = load_fixture("eth_echo_84", b, sizeof(b));
	assert_int_equal(pkt_decode(b, n, PKT_LINK_ETH, &pk), 0);
	memset(&s, 0, sizeof(s));
	s.flags = PKT_BUILD_ETH;
	s.eth = pk.eth;
	s.ip_version = 4;
	s.ip4 = pk.ip4;
	s.ip4.tot_len = 0;
	s.l4 = 1;
	s.icmp4 = pk.icmp4;
	s.payload = b + pk.payload_off;
	s.payload_len = pk.payload_len;
	assert_int_equal(pkt_build(o, sizeof(o), &len, &s, &lay), 0);
	assert_int_equal(len, n);
	assert_memory_equal(o, b, n);
	assert_int_equal(lay.l3_off, 14);
	assert_int_equal(lay.l4_off, 34);
	assert_int_equal(lay.payload_off, 42);
}

static void
spec_v4(struct pkt_spec *s, uint8_t l4)
{
	memset(s, 0, sizeof(*s));
	s->ip_version = 4;
	s->ip4.ttl = 64;
	s->ip4.id = 4242;
	memcpy(s->ip4.src, a1, 4);
	memcpy(s->ip4.dst, a2, 4);
	s->l4 = l4;
}

/* Builds s into an exact-size heap copy, decodes, checks sums. */
static void
build_decode(const struct pkt_spec *s, uint8_t *o, size_t cap,
	     struct pkt *pk)
{
	size_t len;

	assert_int_equal(pkt_build(o, cap, &len, s, NULL), 0);
	assert_int_equal(pkt_decode(o, len, s->flags & PKT_BUILD_ETH ?
				    PKT_LINK_ETH : PKT_LINK_IP, pk), 0);
	check_invariants(pk, len);
	assert_int_equal(pk->problems, 0);
	/* Only known transports carry a checksum to verify. */
	assert_int_equal(pkt_cksum_check(pk),
			 pk->layers & (PKT_HAS_TCP | PKT_HAS_UDP |
				       PKT_HAS_ICMP4 | PKT_HAS_ICMP6) ?
			 0 : CKSUM_L4_UNCHECKED);
}

static void
test_icmp4_every_type(void **state)
{
	static const uint8_t types[] = { 0, 3, 4, 5, 8, 9, 10, 11, 12, 13,
					 14, 15, 16, 17, 18, 30, 200 };
	uint8_t quote[28], o[512], ra[16];
	struct icmp4_ra_entry ent[2] = { { { 10, 0, 0, 1 }, 7 },
					 { { 10, 0, 0, 2 }, 0xfffffff0u } };
	struct pkt_spec s, q;
	struct pkt pk, in;
	size_t i, len, ralen;
	unsigned code;

	(void)state;
	spec_v4(&q, 17);
	q.udp.sport = 53;
	q.udp.dport = 40125;
	assert_int_equal(pkt_build(quote, sizeof(quote), &len, &q, NULL), 0);
	assert_int_equal(icmp4_ra_entries_build(ra, sizeof(ra), &ralen, ent,
						2), 0);
	for (i = 0; i < sizeof(types); i++) {
		for (code = 0; code < (types[i] == 3 ? 16u : 2u); code++) {
			spec_v4(&s, 1);
			s.icmp4.type = types[i];
			s.icmp4.code = (uint8_t)code;
			s.icmp4.id = 0x1234;
			s.icmp4.seq = 0x0102;
			memcpy(s.icmp4.gateway, a2, 4);
			s.icmp4.pointer = 9;
			s.icmp4.next_mtu = 1400;
			s.icmp4.orig = 1000000;
			s.icmp4.recv = 2;
			s.icmp4.trans = 0xfffffffeu;
			memcpy(s.icmp4.mask, "\xff\xff\xff\x00", 4);
			s.icmp4.ra_naddr = 2;
			s.icmp4.ra_entsz = 2;
			s.icmp4.ra_lifetime = 1800;
			if (icmp4_is_error(types[i])) {
				s.payload = quote;
				s.payload_len = sizeof(quote);
			} else if (types[i] == 9) {
				s.payload = ra;
				s.payload_len = ralen;
			}
			build_decode(&s, o, sizeof(o), &pk);
			assert_int_equal(pk.icmp4.type, types[i]);
			assert_int_equal(pk.icmp4.code, code);
			switch (types[i]) {
			case 0: case 8: case 13: case 14: case 15: case 16:
			case 17: case 18:
				assert_int_equal(pk.icmp4.id, 0x1234);
				assert_int_equal(pk.icmp4.seq, 0x0102);
				break;
			case 5:
				assert_memory_equal(pk.icmp4.gateway, a2, 4);
				break;
			case 12:
				assert_int_equal(pk.icmp4.pointer, 9);
				break;
			case 9:
				assert_int_equal(pk.icmp4.ra_naddr, 2);
				assert_int_equal(pk.icmp4.ra_entsz, 2);
				assert_int_equal(pk.icmp4.ra_lifetime, 1800);
				assert_int_equal(pk.payload_len, 16);
				assert_int_equal(get_be32(o + pk.payload_off +
							  12), 0xfffffff0u);
				break;
			default:
				assert_int_equal(pk.icmp4.id, 0);
				break;
			}
			if (types[i] == 13 || types[i] == 14) {
				assert_int_equal(pk.icmp4.orig, 1000000);
				assert_int_equal(pk.icmp4.recv, 2);
				assert_int_equal(pk.icmp4.trans, 0xfffffffeu);
				assert_int_equal(pk.ip4.tot_len, 40);
			}
			if (types[i] == 17 || types[i] == 18) {
				assert_memory_equal(pk.icmp4.mask,
						    "\xff\xff\xff\x00", 4);
				assert_int_equal(pk.ip4.tot_len, 32);
			}
			assert_int_equal(pk.icmp4.next_mtu,
					 types[i] == 3 && code == 4 ? 1400 : 0);
			if (!icmp4_is_error(types[i])) {
				assert_false(pk.layers & PKT_HAS_QUOTE);
				continue;
			}
			assert_true(pk.layers & PKT_HAS_QUOTE);
			assert_int_equal(pk.quote_len, 28);
			assert_int_equal(pkt_decode_quote(&pk, &in), 0);
			assert_int_equal(in.udp.dport, 40125);
			assert_int_equal(pkt_cksum_check(&in), 0);
		}
	}
}

static void
spec_v6(struct pkt_spec *s, uint8_t l4)
{
	memset(s, 0, sizeof(*s));
	s->ip_version = 6;
	s->ip6.hlim = 64;
	s->ip6.flow = 0xd6ff4;
	s->ip6.tclass = 0x20;
	s->ip6.src[0] = 0xfe;
	s->ip6.src[1] = 0x80;
	s->ip6.src[15] = 1;
	s->ip6.dst[0] = 0xfe;
	s->ip6.dst[1] = 0x80;
	s->ip6.dst[15] = 2;
	s->l4 = l4;
}

static void
test_icmp6_types(void **state)
{
	static const uint8_t types[] = { 1, 2, 3, 4, 128, 129, 135, 136, 133 };
	uint8_t quote[48], o[512];
	struct pkt_spec s, q;
	struct pkt pk, in;
	size_t i, len;

	(void)state;
	spec_v6(&q, 17);
	q.udp.sport = 1000;
	q.udp.dport = 2000;
	assert_int_equal(pkt_build(quote, sizeof(quote), &len, &q, NULL), 0);
	for (i = 0; i < sizeof(types); i++) {
		spec_v6(&s, 58);
		s.flags = PKT_BUILD_ETH;
		s.icmp6.type = types[i];
		s.icmp6.code = 1;
		s.icmp6.id = 77;
		s.icmp6.seq = 78;
		s.icmp6.mtu = 1280;
		s.icmp6.pointer = 40;
		s.icmp6.na_flags = ICMP6_NA_ROUTER | ICMP6_NA_OVERRIDE;
		memset(s.icmp6.target, 0xab, 16);
		if (icmp6_is_error(types[i])) {
			s.payload = quote;
			s.payload_len = sizeof(quote);
		} else {
			s.payload = (const uint8_t *)"ping";
			s.payload_len = 4;
		}
		build_decode(&s, o, sizeof(o), &pk);
		assert_int_equal(pk.eth.type, 0x86dd);
		assert_int_equal(pk.ip6.flow, 0xd6ff4);
		assert_int_equal(pk.ip6.tclass, 0x20);
		assert_int_equal(pk.ip6.plen, pk.caplen - 54);
		assert_int_equal(pk.icmp6.type, types[i]);
		assert_int_equal(pk.icmp6.code, 1);
		if (types[i] >= 128 && types[i] <= 129) {
			assert_int_equal(pk.icmp6.id, 77);
			assert_int_equal(pk.icmp6.seq, 78);
		}
		if (types[i] == 2)
			assert_int_equal(pk.icmp6.mtu, 1280);
		if (types[i] == 4)
			assert_int_equal(pk.icmp6.pointer, 40);
		if (types[i] == 135 || types[i] == 136) {
			assert_memory_equal(pk.icmp6.target, s.icmp6.target,
					    16);
			assert_int_equal(pk.payload_off, 54 + 24);
		}
		assert_int_equal(pk.icmp6.na_flags, types[i] == 136 ?
				 (ICMP6_NA_ROUTER | ICMP6_NA_OVERRIDE) : 0);
		if (!icmp6_is_error(types[i])) {
			assert_int_equal(pk.payload_len, 4);
			continue;
		}
		assert_int_equal(pk.quote_len, 48);
		assert_int_equal(pkt_decode_quote(&pk, &in), 0);
		assert_int_equal(in.udp.dport, 2000);
		assert_int_equal(pkt_cksum_check(&in), 0);
	}
}

static void
test_tcp_with_options(void **state)
{
	static const uint32_t l[2] = { 1, 3 }, r[2] = { 2, 0xffffffffu };
	struct tcp_optlist ol;
	struct pkt_spec s;
	struct pkt pk;
	uint8_t o[256];
	size_t olen;

	(void)state;
	memset(&ol, 0, sizeof(ol));
	assert_int_equal(tcp_optlist_add_mss(&ol, 1460), 0);
	assert_int_equal(tcp_optlist_add_sackok(&ol), 0);
	assert_int_equal(tcp_optlist_add_ts(&ol, 315391171u, 7), 0);
	assert_int_equal(tcp_optlist_add_nop(&ol), 0);
	assert_int_equal(tcp_optlist_add_wscale(&ol, 10), 0);
	assert_int_equal(tcp_optlist_encode(&ol, o, sizeof(o), &olen), 0);
	assert_int_equal(olen, 20);
	/* The same bytes as Linux's SYN in doc/output.md §3.5. */
	assert_memory_equal(o, "\x02\x04\x05\xb4\x04\x02\x08\x0a\x12\xcc\x7c"
			    "\xc3\x00\x00\x00\x07\x01\x03\x03\x0a", 20);

	spec_v4(&s, 6);
	s.tcp.sport = 40000;
	s.tcp.dport = 80;
	s.tcp.seq = 0xdeadbeef;
	s.tcp.flags = TCP_SYN | TCP_ECE | TCP_CWR;
	s.tcp.win = 1480;
	memcpy(s.tcp.opts, o, olen);
	s.tcp.opts_len = (uint8_t)olen;
	build_decode(&s, o, sizeof(o), &pk);
	assert_int_equal(pk.tcp.doff, 10);
	assert_int_equal(pk.tcp.flags, TCP_SYN | TCP_ECE | TCP_CWR);
	assert_int_equal(pk.tcp.n_opts, 5);
	assert_int_equal(pk.tcp.mss, 1460);
	assert_int_equal(pk.tcp.wscale, 10);
	assert_int_equal(pk.tcp.ts_val, 315391171u);
	assert_int_equal(pk.tcp.ts_ecr, 7);

	memset(&ol, 0, sizeof(ol));
	assert_int_equal(tcp_optlist_add_sack(&ol, l, r, 2), 0);
	assert_int_equal(tcp_optlist_add_eol(&ol), 0);
	assert_int_equal(tcp_optlist_to_fields(&ol, &s.tcp), 0);
	assert_int_equal(s.tcp.opts_len, 20); /* 18 + EOL, padded */
	build_decode(&s, o, sizeof(o), &pk);
	assert_true(pk.tcp.has_sack);
	assert_int_equal(pk.tcp.n_sack, 2);
	assert_int_equal(pk.tcp.sack_l[1], 3);
	assert_int_equal(pk.tcp.sack_r[1], 0xffffffffu);
	assert_int_equal(pk.tcp.n_opts, 2);
	assert_int_equal(pk.tcp.opt[1].kind, TCPOPT_EOL);
	/* Too long for TCP: refused, fields untouched. */
	assert_int_equal(tcp_optlist_add_sack(&ol, l, r, 2), 0);
	assert_int_equal(tcp_optlist_add_ts(&ol, 1, 2), 0);
	assert_int_equal(tcp_optlist_to_fields(&ol, &s.tcp), ERR_INVALID);
	assert_int_equal(s.tcp.opts_len, 20);
}

/* Random field values over IPv4/IPv6 and TCP/UDP/ICMP come back equal. */
static void
test_random_round_trip(void **state)
{
	static const uint8_t l4s[] = { 6, 17, 1, 58, 47 };
	uint8_t o[512], pay[64];
	uint32_t seed = 12345;
	struct pkt_spec s;
	struct pkt pk;
	int i;

	(void)state;
	for (i = 0; i < 500; i++) {
		uint8_t l4 = l4s[rnd(&seed) % 5];
		size_t k;

		if (l4 == 58)
			spec_v6(&s, l4);
		else if (l4 == 1)
			spec_v4(&s, l4);
		else if (rnd(&seed) & 1)
			spec_v6(&s, l4);
		else
			spec_v4(&s, l4);
		for (k = 0; k < sizeof(pay); k++)
			pay[k] = (uint8_t)rnd(&seed);
		s.payload = pay;
		s.payload_len = rnd(&seed) % sizeof(pay);
		s.ip4.tos = (uint8_t)rnd(&seed);
		s.ip4.id = (uint16_t)rnd(&seed);
		s.ip4.flags = (uint8_t)(rnd(&seed) & 6); /* no MF */
		s.ip4.ttl = (uint8_t)rnd(&seed);
		s.ip6.flow = rnd(&seed) & 0xfffff;
		s.ip6.hlim = (uint8_t)rnd(&seed);
		s.tcp.sport = s.udp.sport = (uint16_t)rnd(&seed);
		s.tcp.dport = s.udp.dport = (uint16_t)rnd(&seed);
		s.tcp.seq = rnd(&seed);
		s.tcp.ack = rnd(&seed);
		s.tcp.flags = (uint8_t)rnd(&seed);
		s.tcp.x2 = (uint8_t)(rnd(&seed) & 15);
		s.tcp.win = (uint16_t)rnd(&seed);
		s.tcp.urp = (uint16_t)rnd(&seed);
		s.icmp4.type = ICMP4_ECHO;
		s.icmp6.type = ICMP6_ECHOREPLY;
		s.icmp4.id = s.icmp6.id = (uint16_t)rnd(&seed);
		s.icmp4.seq = s.icmp6.seq = (uint16_t)rnd(&seed);
		build_decode(&s, o, sizeof(o), &pk);
		assert_int_equal(pk.payload_len, s.payload_len);
		if (s.payload_len)
			assert_memory_equal(o + pk.payload_off, pay,
					    s.payload_len);
		if (s.ip_version == 4) {
			assert_int_equal(pk.ip4.tos, s.ip4.tos);
			assert_int_equal(pk.ip4.id, s.ip4.id);
			assert_int_equal(pk.ip4.flags, s.ip4.flags);
			assert_int_equal(pk.ip4.ttl, s.ip4.ttl);
		} else {
			assert_int_equal(pk.ip6.flow, s.ip6.flow);
			assert_int_equal(pk.ip6.hlim, s.ip6.hlim);
		}
		assert_int_equal(pk.l4_proto, l4);
		if (l4 == 6) {
			assert_int_equal(pk.tcp.sport, s.tcp.sport);
			assert_int_equal(pk.tcp.dport, s.tcp.dport);
			assert_int_equal(pk.tcp.seq, s.tcp.seq);
			assert_int_equal(pk.tcp.ack, s.tcp.ack);
			assert_int_equal(pk.tcp.flags, s.tcp.flags);
			assert_int_equal(pk.tcp.x2, s.tcp.x2);
			assert_int_equal(pk.tcp.win, s.tcp.win);
			assert_int_equal(pk.tcp.urp, s.tcp.urp);
		} else if (l4 == 17) {
			assert_int_equal(pk.udp.sport, s.udp.sport);
			assert_int_equal(pk.udp.len, 8 + s.payload_len);
		} else if (l4 == 1) {
			assert_int_equal(pk.icmp4.id, s.icmp4.id);
			assert_int_equal(pk.icmp4.seq, s.icmp4.seq);
		} else if (l4 == 58) {
			assert_int_equal(pk.icmp6.id, s.icmp6.id);
			assert_int_equal(pk.icmp6.seq, s.icmp6.seq);
		}
	}
}

/* Every too-small capacity fails with ERR_NOSPACE inside the buffer. */
static void
test_no_overrun(void **state)
{
	uint8_t full[256], pay[10] = "0123456789";
	struct pkt_spec s;
	size_t len, cap, n;

	(void)state;
	spec_v4(&s, 6);
	s.flags = PKT_BUILD_ETH | PKT_BUILD_VLAN;
	s.ip4.opts_len = 7; /* padded to 8 */
	s.ip4.opts[0] = 1;
	s.tcp.opts_len = 4;
	s.tcp.opts[0] = 2;
	s.tcp.opts[1] = 4;
	s.payload = pay;
	s.payload_len = sizeof(pay);
	assert_int_equal(pkt_build(full, sizeof(full), &n, &s, NULL), 0);
	assert_int_equal(n, 18 + 28 + 24 + 10);
	for (cap = 0; cap < n; cap++) {
		uint8_t *b = malloc(cap ? cap : 1);

		assert_int_equal(pkt_build(b, cap, &len, &s, NULL),
				 ERR_NOSPACE);
		assert_int_equal(len, 0);
		free(b);
	}
}

static void
test_bad_checksum_flags(void **state)
{
	uint8_t o[256];
	struct pkt_spec s;
	struct pkt pk;
	size_t len;
	int l4;

	(void)state;
	for (l4 = 0; l4 < 3; l4++) {
		spec_v4(&s, l4 == 0 ? 6 : l4 == 1 ? 17 : 1);
		s.flags = PKT_BUILD_BAD_IP_CSUM;
		assert_int_equal(pkt_build(o, sizeof(o), &len, &s, NULL), 0);
		assert_int_equal(pkt_decode(o, len, PKT_LINK_IP, &pk), 0);
		assert_int_equal(pkt_cksum_check(&pk), CKSUM_BAD_IP);
		s.flags = PKT_BUILD_BAD_L4_CSUM;
		assert_int_equal(pkt_build(o, sizeof(o), &len, &s, NULL), 0);
		assert_int_equal(pkt_decode(o, len, PKT_LINK_IP, &pk), 0);
		assert_int_equal(pkt_cksum_check(&pk), CKSUM_BAD_L4);
	}
}

static void
test_ip6_ext_builders(void **state)
{
	static const uint8_t ra_opt[4] = { 5, 2, 0, 0 }; /* router alert */
	uint8_t o[256];
	struct ip6_fields f;
	struct pkt pk;
	size_t n, len;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.nh = IP6_NH_HOPOPTS;
	f.hlim = 1;
	f.dst[0] = 0xff;
	f.dst[15] = 0x16;
	assert_int_equal(ip6_opts_hdr_build(o + 40, 200, &n, IP6_NH_FRAGMENT,
					    ra_opt, 4), 0);
	assert_int_equal(n, 8);
	assert_int_equal(ip6_frag_build(o + 48, 200, &len, 17, 0x123, 1,
					0xabcdef01u), 0);
	assert_int_equal(len, 8);
	assert_int_equal(ip6_build(o, 40, &len, &f, 16 + 8), 0);
	memset(o + 56, 0, 8);
	assert_int_equal(pkt_decode(o, 64, PKT_LINK_IP, &pk), 0);
	assert_int_equal(pk.ip6.n_ext, 2);
	assert_int_equal(pk.ip6.ext[0], IP6_NH_HOPOPTS);
	assert_int_equal(pk.ip6.ext[1], IP6_NH_FRAGMENT);
	assert_int_equal(pk.ip6.frag_off, 0x123);
	assert_true(pk.ip6.frag_more);
	assert_int_equal(pk.ip6.frag_id, 0xabcdef01u);
	assert_int_equal(pk.ip6.final_nh, 17);
	assert_int_equal(pk.problems, PKT_FRAGMENT);
	/* PadN fills a 1-byte option list to 8 bytes. */
	assert_int_equal(ip6_opts_hdr_build(o, 64, &n, 6, ra_opt, 1), 0);
	assert_int_equal(n, 8);
	assert_int_equal(o[3], 1);
	assert_int_equal(o[4], 3);
}

/* IPv6 extension headers: hop-by-hop then destination options, each 8
 * bytes of padding, in front of UDP: they decode back, in order, the UDP
 * checksum verifies and the lengths count them; other types are refused. */
static void
test_ip6_ext_headers(void **state)
{
	static const uint8_t src[16] = { 0xfd, [15] = 1 };
	static const uint8_t dst[16] = { 0xfd, [15] = 2 };
	uint8_t o[256];
	struct pkt_spec s;
	struct pkt_layout lay;
	struct pkt pk;
	size_t len;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.ip_version = 6;
	s.ip6.hlim = 64;
	memcpy(s.ip6.src, src, 16);
	memcpy(s.ip6.dst, dst, 16);
	s.ip6.n_ext = 2;
	s.ip6.ext[0] = 0;
	s.ip6.ext[1] = 60;
	s.l4 = 17;
	s.udp.sport = 40000;
	s.udp.dport = 53;
	assert_int_equal(pkt_build(o, sizeof(o), &len, &s, &lay), 0);
	assert_int_equal(len, 40 + 16 + 8);
	assert_int_equal(lay.l4_off, 56);
	assert_int_equal(o[6], 0);   /* next header: hop-by-hop */
	assert_int_equal(o[40], 60); /* then destination options */
	assert_int_equal(o[48], 17); /* then UDP */
	assert_int_equal(pkt_decode(o, len, PKT_LINK_IP, &pk), 0);
	assert_int_equal(pk.problems, 0);
	assert_int_equal(pk.ip6.plen, 24);
	assert_int_equal(pk.ip6.n_ext, 2);
	assert_int_equal(pk.ip6.ext[0], 0);
	assert_int_equal(pk.ip6.ext[1], 60);
	assert_int_equal(pk.ip6.final_nh, 17);
	assert_true(pk.layers & PKT_HAS_UDP);
	assert_int_equal(pk.udp.dport, 53);
	assert_true(pkt_cksum_ok(&pk));
	s.ip6.ext[1] = 43; /* routing: not built */
	assert_int_equal(pkt_build(o, sizeof(o), &len, &s, &lay), ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layers_rebuild_captures),
		cmocka_unit_test(test_icmp4_rebuild_port_unreach),
		cmocka_unit_test(test_pkt_build_eth_echo),
		cmocka_unit_test(test_ip6_ext_headers),
		cmocka_unit_test(test_icmp4_every_type),
		cmocka_unit_test(test_icmp6_types),
		cmocka_unit_test(test_tcp_with_options),
		cmocka_unit_test(test_random_round_trip),
		cmocka_unit_test(test_no_overrun),
		cmocka_unit_test(test_bad_checksum_flags),
		cmocka_unit_test(test_ip6_ext_builders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
