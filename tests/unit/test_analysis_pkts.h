/* SPDX-License-Identifier: MIT */
/*
 * test_analysis_pkts.h: hand-built struct pkt values for the analysis tests
 * (header-only, included by tests/unit/test_analysis*.c).
 *
 * Every builder starts from memset 0 and sets only the fields and PKT_HAS_*
 * bits a decoder would, so the tests do not depend on pkt_decode().
 */
#ifndef NPECHO_TESTS_ANALYSIS_PKTS_H
#define NPECHO_TESTS_ANALYSIS_PKTS_H

#include <arpa/inet.h>
#include <string.h>

#include "analysis/analysis.h"
#include "proto/packet.h"

static inline void
tp_ip4(struct pkt *k, const char *src, const char *dst, uint8_t proto)
{
	memset(k, 0, sizeof(*k));
	k->layers = PKT_HAS_IP4;
	k->ip4.ihl = 5;
	k->ip4.ttl = 64;
	k->ip4.id = 1234;
	k->ip4.flags = IP4_FLAG_DF;
	k->ip4.proto = proto;
	k->ip4.tot_len = 20;
	k->ip4.csum = 0x1111;
	inet_pton(AF_INET, src, k->ip4.src);
	inet_pton(AF_INET, dst, k->ip4.dst);
	k->l4_proto = proto;
}

/* A SYN 10.0.0.1:40000 > 10.9.9.9:80, TTL 64, no options, no payload. */
static inline void
tp_syn(struct pkt *k)
{
	tp_ip4(k, "10.0.0.1", "10.9.9.9", 6);
	k->layers |= PKT_HAS_TCP;
	k->ip4.tot_len = 40;
	k->tcp.sport = 40000;
	k->tcp.dport = 80;
	k->tcp.seq = 1000;
	k->tcp.doff = 5;
	k->tcp.flags = TCP_SYN;
	k->tcp.win = 1480;
	k->tcp.csum = 0x2222;
}

/* The SYN-ACK the server's host answers tp_syn() with. */
static inline void
tp_synack(struct pkt *k)
{
	tp_ip4(k, "10.9.9.9", "10.0.0.1", 6);
	k->layers |= PKT_HAS_TCP;
	k->ip4.id = 0;
	k->tcp.sport = 80;
	k->tcp.dport = 40000;
	k->tcp.seq = 777;
	k->tcp.ack = 1001;
	k->tcp.doff = 5;
	k->tcp.flags = TCP_SYN | TCP_ACK;
	k->tcp.win = 64240;
}

/* Appends a TCP option (kind, value bytes) to the option table. */
static inline void
tp_opt(struct pkt *k, uint8_t kind, const uint8_t *val, uint8_t vlen)
{
	struct tcp_fields *t = &k->tcp;
	uint8_t off = t->opts_len;

	t->opts[off] = kind;
	t->opts[off + 1] = (uint8_t)(vlen + 2);
	memcpy(t->opts + off + 2, val, vlen);
	t->opt[t->n_opts].kind = kind;
	t->opt[t->n_opts].len = (uint8_t)(vlen + 2);
	t->opt[t->n_opts].off = off;
	t->n_opts++;
	t->opts_len = (uint8_t)(off + vlen + 2);
	t->doff = (uint8_t)(5 + (t->opts_len + 3) / 4);
	if (kind == TCPOPT_MSS) {
		t->has_mss = 1;
		t->mss = (uint16_t)(val[0] << 8 | val[1]);
	}
	if (kind == TCPOPT_TS)
		t->has_ts = 1;
}

static inline void
tp_mss(struct pkt *k, uint16_t mss)
{
	uint8_t v[2] = { (uint8_t)(mss >> 8), (uint8_t)mss };

	tp_opt(k, TCPOPT_MSS, v, 2);
}

/* An ICMP echo request 10.0.0.1 > 10.9.9.9, id and seq given. */
static inline void
tp_echo(struct pkt *k, uint16_t id, uint16_t seq)
{
	tp_ip4(k, "10.0.0.1", "10.9.9.9", 1);
	k->layers |= PKT_HAS_ICMP4;
	k->ip4.tot_len = 28;
	k->icmp4.type = 8;
	k->icmp4.id = id;
	k->icmp4.seq = seq;
}

/* A UDP datagram 10.0.0.1:53 > 10.9.9.9:40125. */
static inline void
tp_udp(struct pkt *k)
{
	tp_ip4(k, "10.0.0.1", "10.9.9.9", 17);
	k->layers |= PKT_HAS_UDP;
	k->ip4.tot_len = 28;
	k->udp.sport = 53;
	k->udp.dport = 40125;
	k->udp.len = 8;
}

/* Points the payload at buf[0..len) (buf must outlive the add call). */
static inline void
tp_payload(struct pkt *k, const uint8_t *buf, size_t len)
{
	k->base = buf;
	k->caplen = len;
	k->payload_off = 0;
	k->payload_len = len;
	k->layers |= PKT_HAS_PAYLOAD;
	if (k->layers & PKT_HAS_IP4)
		k->ip4.tot_len = (uint16_t)(k->ip4.tot_len + len);
	if (k->layers & PKT_HAS_UDP)
		k->udp.len = (uint16_t)(8 + len);
}

/* A SYN over IPv6 2001:db8::1 > 2001:db8::9, hop limit 64. */
static inline void
tp_syn6(struct pkt *k)
{
	memset(k, 0, sizeof(*k));
	k->layers = PKT_HAS_IP6 | PKT_HAS_TCP;
	k->ip6.hlim = 64;
	k->ip6.nh = 6;
	k->ip6.final_nh = 6;
	k->ip6.plen = 20;
	inet_pton(AF_INET6, "2001:db8::1", k->ip6.src);
	inet_pton(AF_INET6, "2001:db8::9", k->ip6.dst);
	k->l4_proto = 6;
	k->tcp.sport = 40000;
	k->tcp.dport = 80;
	k->tcp.seq = 5;
	k->tcp.doff = 5;
	k->tcp.flags = TCP_SYN;
	k->tcp.win = 1480;
}

/* Records probe no as sent and, when capt is not NULL, as captured.
 * (Uses cmocka's asserts: include cmocka.h first.) */
static inline void
tp_add(struct analysis *a, uint32_t no, const struct pkt *sent,
       const struct pkt *capt)
{
	assert_int_equal(analysis_add_probe(a, no, sent), 0);
	if (capt)
		assert_int_equal(analysis_add_capt(a, no, capt), 0);
}

#endif
