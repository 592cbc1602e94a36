/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for analysis/hops.h: probes and ICMP time-exceeded replies
 * are built with pkt_build(), each router quoting a (possibly modified)
 * copy of the probe cut to a chosen length, then decoded with pkt_decode().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/hops.h"
#include "output/hops_text.h"
#include "proto/build.h"
#include "proto/packet.h"
#include "util/err.h"

#define FULL 9999

/* What a router (or the path before it) did to the probe. */
struct mod {
	uint16_t mss;           /* 0: as sent */
	const char *src;        /* NULL: as sent */
	uint16_t sport;         /* 0: as sent */
	uint8_t tos;
	uint8_t ttl;            /* TTL inside the quote; 0: 1 */
	uint8_t ttl0;           /* ... unless this says 0 */
	uint16_t win;           /* 0: as sent */
};

struct bufpkt {
	uint8_t b[1600];
	size_t len;
	struct pkt k;
};

/* SYN 10.0.0.1:40000 > 10.9.9.9:80, MSS + NOP + wscale, 6 payload bytes. */
static void
syn_spec(struct pkt_spec *s, unsigned ttl, const struct mod *m)
{
	static const uint8_t pay[6] = { 'h', 'e', 'l', 'l', 'o', '!' };
	uint16_t mss = m && m->mss ? m->mss : 1460;

	memset(s, 0, sizeof(*s));
	s->ip_version = 4;
	s->l4 = 6;
	s->ip4.ttl = (uint8_t)ttl;
	s->ip4.id = 4321;
	s->ip4.flags = IP4_FLAG_DF;
	s->ip4.tos = m ? m->tos : 0;
	inet_pton(AF_INET, m && m->src ? m->src : "10.0.0.1", s->ip4.src);
	inet_pton(AF_INET, "10.9.9.9", s->ip4.dst);
	s->tcp.sport = m && m->sport ? m->sport : 40000;
	s->tcp.dport = 80;
	s->tcp.seq = 1000;
	s->tcp.doff = 7;
	s->tcp.flags = TCP_SYN;
	s->tcp.win = m && m->win ? m->win : 64240;
	s->tcp.opts_len = 8;
	s->tcp.opts[0] = TCPOPT_MSS;
	s->tcp.opts[1] = 4;
	s->tcp.opts[2] = (uint8_t)(mss >> 8);
	s->tcp.opts[3] = (uint8_t)mss;
	s->tcp.opts[4] = TCPOPT_NOP;
	s->tcp.opts[5] = TCPOPT_WSCALE;
	s->tcp.opts[6] = 3;
	s->tcp.opts[7] = 7;
	s->payload = pay;
	s->payload_len = sizeof(pay);
}

static void
decode(struct bufpkt *bp)
{
	assert_int_equal(pkt_decode(bp->b, bp->len, PKT_LINK_IP, &bp->k), 0);
}

static void
make_syn(struct bufpkt *bp, unsigned ttl, const struct mod *m)
{
	struct pkt_spec s;

	syn_spec(&s, ttl, m);
	assert_int_equal(pkt_build(bp->b, sizeof(bp->b), &bp->len, &s, NULL),
			 0);
	decode(bp);
}

/* Time exceeded from router quoting q bytes of the probe as modified. */
static void
make_tx(struct bufpkt *bp, const char *router, const struct mod *m,
	size_t q, uint8_t type)
{
	struct bufpkt inner;
	struct pkt_spec s;

	make_syn(&inner, m && m->ttl0 ? 0 : m && m->ttl ? m->ttl : 1, m);
	memset(&s, 0, sizeof(s));
	s.ip_version = 4;
	s.l4 = 1;
	s.ip4.ttl = 64;
	s.ip4.tos = 0xc0;
	inet_pton(AF_INET, router, s.ip4.src);
	inet_pton(AF_INET, "10.0.0.1", s.ip4.dst);
	s.icmp4.type = type;
	s.payload = inner.b;
	s.payload_len = q < inner.len ? q : inner.len;
	assert_int_equal(pkt_build(bp->b, sizeof(bp->b), &bp->len, &s, NULL),
			 0);
	decode(bp);
}

static void
router_addr(unsigned hop, char *out, size_t cap, uint8_t a[16])
{
	snprintf(out, cap, "10.77.%u.254", hop);
	inet_pton(AF_INET, out, a);
}

/* Sends one probe per TTL 1..n; hop i quotes q[i-1] bytes as mods[i-1]. */
static struct hops *
run_path(unsigned n, const struct mod *mods, const size_t *q)
{
	struct hops *h = hops_new();
	unsigned i;

	assert_non_null(h);
	for (i = 1; i <= n; i++) {
		struct bufpkt sent, tx;
		uint8_t a[16];
		char ra[32];

		make_syn(&sent, i, NULL);
		assert_int_equal(hops_add_sent(h, i, i, &sent.k), 0);
		router_addr(i, ra, sizeof(ra), a);
		make_tx(&tx, ra, &mods[i - 1], q[i - 1], 11);
		assert_int_equal(hops_add_quote(h, i, a, 4, &tx.k), 0);
	}
	assert_int_equal(hops_finish(h), 0);
	return h;
}

static void
test_mss_clamp_between_2_and_3(void **state)
{
	const struct mod m[4] = { { 0 }, { 0 }, { .mss = 536 }, { .mss = 536 } };
	const size_t q[4] = { FULL, FULL, FULL, FULL };
	struct hops *h = run_path(4, m, q);
	const struct hops_change *c;

	(void)state;
	assert_int_equal(hops_change_count(h), 1);
	c = hops_find(h, "tcp-mss-changed");
	assert_non_null(c);
	assert_int_equal(c->before, 2);
	assert_int_equal(c->at, 3);
	assert_int_equal(c->unknown, 0);
	assert_string_equal(c->from, "1460");
	assert_string_equal(c->to, "536");
	assert_string_equal(c->at_addr, "10.77.3.254");
	assert_non_null(strstr(c->text, "between hop 2 (10.77.2.254) and hop 3 "
			       "(10.77.3.254): mss 1460 -> 536"));
	assert_int_equal(hops_hop_count(h), 4);
	assert_int_equal(hops_hop_at(h, 0)->quote_len, 54);
	assert_int_equal(hops_hop_at(h, 0)->sent_len, 54);
	assert_string_equal(hops_hop_at(h, 0)->blind, "");
	hops_free(h);
}

static void
test_clean_path(void **state)
{
	const struct mod m[3] = { { 0 }, { 0 }, { .ttl0 = 1 } };
	const size_t q[3] = { 28, FULL, 40 };
	struct hops *h = run_path(3, m, q);
	size_t i;

	(void)state;
	assert_int_equal(hops_change_count(h), 0);
	assert_int_equal(hops_hop_count(h), 3);
	assert_int_equal(hops_hop_at(h, 0)->quote_ttl, 1);
	assert_int_equal(hops_hop_at(h, 0)->l4_len, 8);
	assert_int_equal(hops_obs_count(h), 3);
	for (i = 0; i < 3; i++)
		assert_non_null(strstr(hops_obs_at(h, i)->text, "TOS 0xc0"));
	assert_non_null(strstr(hops_obs_at(h, 0)->text, "RFC 792"));
	assert_non_null(strstr(hops_obs_at(h, 1)->text, "54 of 54 bytes (all)"));
	assert_non_null(strstr(hops_obs_at(h, 1)->text, "DF set as sent"));
	assert_non_null(strstr(hops_obs_at(h, 2)->text, "TTL 0"));
	hops_free(h);
}

/* 8-byte quotes cannot show TCP options, and the hop says so. */
static void
test_short_quotes_blind_to_options(void **state)
{
	const struct mod m[3] = { { .mss = 536 }, { .mss = 536 },
				  { .mss = 536 } };
	const size_t q[3] = { 28, 28, 40 };
	struct hops *h = run_path(3, m, q);

	(void)state;
	assert_int_equal(hops_change_count(h), 0);
	assert_non_null(strstr(hops_hop_at(h, 0)->blind, "options"));
	assert_non_null(strstr(hops_hop_at(h, 0)->blind, "window"));
	assert_non_null(strstr(hops_hop_at(h, 2)->blind, "TCP options"));
	assert_null(strstr(hops_hop_at(h, 2)->blind, "window"));
	hops_free(h);
}

/* Hops that quoted too little are counted between the two that told. */
static void
test_unknown_hops_counted(void **state)
{
	const struct mod m[4] = { { 0 }, { .win = 1024 }, { .win = 1024 },
				  { .win = 1024 } };
	const size_t q[4] = { FULL, 28, 28, FULL };
	struct hops *h = run_path(4, m, q);
	const struct hops_change *c = NULL;

	(void)state;
	c = hops_find(h, "tcp-window-changed");
	assert_non_null(c);
	assert_int_equal(c->before, 1);
	assert_int_equal(c->at, 4);
	assert_int_equal(c->unknown, 2);
	assert_non_null(strstr(c->text, "could not tell (2 hops)"));
	assert_int_equal(hops_change_count(h), 1);
	hops_free(h);
}

static void
test_nat_at_hop_1(void **state)
{
	const struct mod nat = { .src = "192.0.2.7", .sport = 5555 };
	const struct mod m[3] = { nat, nat, nat };
	const size_t q[3] = { 28, FULL, 28 };
	struct hops *h = run_path(3, m, q);
	const struct hops_change *c;

	(void)state;
	c = hops_find(h, "nat-source");
	assert_non_null(c);
	assert_int_equal(c->before, 0);
	assert_int_equal(c->at, 1);
	assert_string_equal(c->before_addr, "");
	assert_string_equal(c->to, "192.0.2.7:5555");
	assert_non_null(strstr(c->text, "between the sender and hop 1"));
	c = hops_find(h, "port-source");
	assert_non_null(c);
	assert_int_equal(c->at, 1);
	assert_int_equal(hops_change_count(h), 2);
	hops_free(h);
}

/* Quotes translated back by the NAT, the capture shows it: the change
 * can only be placed between the sender and the destination. */
static void
test_nat_seen_only_by_capture(void **state)
{
	const struct mod m[2] = { { 0 }, { 0 } };
	const size_t q[2] = { FULL, FULL };
	const struct mod nat = { .src = "192.0.2.7", .ttl = 62 };
	struct hops *h = run_path(2, m, q);
	struct bufpkt sent, capt;
	const struct hops_change *c;

	(void)state;
	assert_int_equal(hops_change_count(h), 0);
	make_syn(&sent, 64, NULL);
	assert_int_equal(hops_add_sent(h, 9, 64, &sent.k), 0);
	make_syn(&capt, 62, &nat);
	assert_int_equal(hops_add_final(h, 9, &capt.k), 0);
	assert_int_equal(hops_finish(h), 0);
	assert_int_equal(hops_change_count(h), 1);
	c = hops_find(h, "nat-source");
	assert_non_null(c);
	assert_int_equal(c->before, 0);
	assert_int_equal(c->at, HOPS_FINAL);
	assert_int_equal(c->unknown, 2);
	hops_free(h);
}

/* A change undone later is two changes; the DSCP is an IP field. */
static void
test_change_and_back(void **state)
{
	const struct mod m[4] = { { 0 }, { .tos = 0x20 }, { 0 }, { 0 } };
	const size_t q[4] = { 28, 28, FULL, 28 };
	struct hops *h = run_path(4, m, q);
	const struct hops_change *c;

	(void)state;
	assert_int_equal(hops_change_count(h), 2);
	c = hops_change_at(h, 0);
	assert_string_equal(c->tag, "dscp-changed");
	assert_int_equal(c->before, 1);
	assert_int_equal(c->at, 2);
	assert_string_equal(c->to, "8");
	c = hops_change_at(h, 1);
	assert_int_equal(c->before, 2);
	assert_int_equal(c->at, 3);
	assert_string_equal(c->from, "8");
	assert_string_equal(c->to, "0");
	hops_free(h);
}

/* The echo server's capture is the last hop. */
static void
test_final_capture(void **state)
{
	struct hops *h = hops_new();
	struct bufpkt sent, tx, capt;
	const struct mod clamp = { .mss = 1200, .ttl = 61 };
	const struct hops_change *c;
	uint8_t a[16];
	char ra[32];

	(void)state;
	make_syn(&sent, 1, NULL);
	assert_int_equal(hops_add_sent(h, 1, 1, &sent.k), 0);
	router_addr(1, ra, sizeof(ra), a);
	make_tx(&tx, ra, NULL, FULL, 11);
	assert_int_equal(hops_add_quote(h, 1, a, 4, &tx.k), 0);
	make_syn(&sent, 64, NULL);
	assert_int_equal(hops_add_sent(h, 2, 64, &sent.k), 0);
	make_syn(&capt, 61, &clamp);
	assert_int_equal(hops_add_final(h, 2, &capt.k), 0);
	assert_int_equal(hops_finish(h), 0);
	assert_int_equal(hops_change_count(h), 1);
	c = hops_change_at(h, 0);
	assert_int_equal(c->before, 1);
	assert_int_equal(c->at, HOPS_FINAL);
	assert_non_null(strstr(c->text, "and the destination (10.9.9.9)"));
	assert_int_equal(hops_hop_at(h, 1)->view, HOPS_VIEW_CAPT);
	hops_free(h);
}

static void
make_echo(struct bufpkt *bp, uint8_t type, uint8_t code, uint8_t tos,
	  int reply)
{
	struct pkt_spec s;

	memset(&s, 0, sizeof(s));
	s.ip_version = 4;
	s.l4 = 1;
	s.ip4.ttl = 64;
	s.ip4.tos = tos;
	s.ip4.id = 77;
	inet_pton(AF_INET, reply ? "10.9.9.9" : "10.0.0.1", s.ip4.src);
	inet_pton(AF_INET, reply ? "10.0.0.1" : "10.9.9.9", s.ip4.dst);
	s.icmp4.type = type;
	s.icmp4.code = code;
	s.icmp4.id = 9;
	s.icmp4.seq = 1;
	assert_int_equal(pkt_build(bp->b, sizeof(bp->b), &bp->len, &s, NULL),
			 0);
	decode(bp);
}

static void
test_echo_reply_observations(void **state)
{
	struct hops *h = hops_new();
	struct bufpkt req, rep;

	(void)state;
	make_echo(&req, 8, 5, 0x28, 0);
	assert_int_equal(hops_add_sent(h, 1, 64, &req.k), 0);
	make_echo(&rep, 0, 0, 0x00, 1);
	assert_int_equal(hops_add_final(h, 1, &rep.k), 0);
	make_echo(&req, 8, 3, 0x10, 0);
	assert_int_equal(hops_add_sent(h, 2, 64, &req.k), 0);
	assert_int_equal(hops_finish(h), 0);
	assert_int_equal(hops_change_count(h), 0);
	assert_int_equal(hops_obs_count(h), 1);
	assert_non_null(strstr(hops_obs_at(h, 0)->text, "not reflected"));
	assert_non_null(strstr(hops_obs_at(h, 0)->text, "code 5 of the "
			       "request not echoed (reply code 0)"));
	hops_free(h);

	h = hops_new();
	make_echo(&req, 8, 5, 0x28, 0);
	assert_int_equal(hops_add_sent(h, 1, 64, &req.k), 0);
	make_echo(&rep, 0, 5, 0x28, 1);
	assert_int_equal(hops_add_final(h, 1, &rep.k), 0);
	assert_int_equal(hops_finish(h), 0);
	assert_non_null(strstr(hops_obs_at(h, 0)->text, "0x28 of the request "
			       "reflected"));
	assert_non_null(strstr(hops_obs_at(h, 0)->text, "code 5 of the "
			       "request echoed."));
	hops_free(h);
}

static void
test_bad_input(void **state)
{
	struct hops *h = hops_new();
	struct bufpkt sent, tx;
	uint8_t a[16] = { 10, 77, 1, 254 };

	(void)state;
	make_syn(&sent, 1, NULL);
	assert_int_equal(hops_add_sent(h, 1, 0, &sent.k), ERR_INVALID);
	assert_int_equal(hops_add_sent(h, 1, 256, &sent.k), ERR_INVALID);
	assert_int_equal(hops_add_sent(h, 1, 1, &sent.k), 0);
	assert_int_equal(hops_add_sent(h, 1, 1, &sent.k), ERR_INVALID);
	make_tx(&tx, "10.77.1.254", NULL, FULL, 11);
	assert_int_equal(hops_add_quote(h, 2, a, 4, &tx.k), ERR_INVALID);
	assert_int_equal(hops_add_quote(h, 1, a, 4, &sent.k), ERR_INVALID);
	assert_int_equal(hops_add_quote(NULL, 1, a, 4, &tx.k), ERR_INVALID);
	/* A quote shorter than an IP header: counted, nothing compared. */
	make_tx(&tx, "10.77.1.254", NULL, 12, 11);
	assert_int_equal(hops_add_quote(h, 1, a, 4, &tx.k), ERR_TRUNC);
	assert_int_equal(hops_finish(h), 0);
	assert_int_equal(hops_hop_count(h), 1);
	assert_int_equal(hops_hop_at(h, 0)->quote_len, 12);
	assert_non_null(strstr(hops_hop_at(h, 0)->blind, "IP header"));
	assert_null(hops_hop_at(h, 1));
	assert_null(hops_change_at(h, 0));
	hops_free(h);
	hops_free(NULL);
}

/* An unmodified probe quoted to every length never shows a change, and a
 * clamped one shows it exactly when the MSS option is quoted whole. */
static void
test_every_quote_length(void **state)
{
	struct bufpkt sent, tx;
	const struct mod clamp = { .mss = 536 };
	uint8_t a[16] = { 10, 77, 1, 254 };
	size_t q;

	(void)state;
	make_syn(&sent, 1, NULL);
	for (q = 0; q <= sent.len; q++) {
		struct hops *h = hops_new();
		int rc;

		assert_int_equal(hops_add_sent(h, 1, 1, &sent.k), 0);
		assert_int_equal(hops_add_sent(h, 2, 1, &sent.k), 0);
		make_tx(&tx, "10.77.1.254", NULL, q, 11);
		rc = hops_add_quote(h, 1, a, 4, &tx.k);
		if (q == 0) {
			/* no quote at all: not a view of the probe */
			assert_int_equal(rc, ERR_INVALID);
			hops_free(h);
			continue;
		}
		assert_true(rc == 0 || rc == ERR_TRUNC);
		make_tx(&tx, "10.77.1.254", &clamp, q, 11);
		rc = hops_add_quote(h, 2, a, 4, &tx.k);
		assert_true(rc == 0 || rc == ERR_TRUNC);
		assert_int_equal(hops_finish(h), 0);
		/* probe 1 says "same" where probe 2 says "changed": one hop
		 * with both is reported as changed */
		assert_int_equal(hops_change_count(h), q >= 20 + 28 ? 1 : 0);
		assert_int_equal(hops_hop_at(h, 0)->quote_len, q);
		hops_free(h);
	}
}

/* UDP over IPv6, traffic class 0x28 (or tc) and hop limit ttl. */
static void
make_udp6(struct bufpkt *bp, unsigned ttl, uint8_t tc)
{
	static const uint8_t pay[12] = "traceroute6";
	struct pkt_spec s;

	memset(&s, 0, sizeof(s));
	s.ip_version = 6;
	s.l4 = 17;
	s.ip6.hlim = (uint8_t)ttl;
	s.ip6.tclass = tc;
	s.ip6.flow = 0x12345;
	inet_pton(AF_INET6, "fd77:1::1", s.ip6.src);
	inet_pton(AF_INET6, "fd77:9::9", s.ip6.dst);
	s.udp.sport = 33000;
	s.udp.dport = 33434;
	s.payload = pay;
	s.payload_len = sizeof(pay);
	assert_int_equal(pkt_build(bp->b, sizeof(bp->b), &bp->len, &s, NULL),
			 0);
	decode(bp);
}

/* ICMPv6 time exceeded from router quoting q bytes of the UDP probe. */
static void
make_tx6(struct bufpkt *bp, const uint8_t router[16], uint8_t tc, size_t q)
{
	struct bufpkt inner;
	struct pkt_spec s;

	make_udp6(&inner, 1, tc);
	memset(&s, 0, sizeof(s));
	s.ip_version = 6;
	s.l4 = 58;
	s.ip6.hlim = 64;
	memcpy(s.ip6.src, router, 16);
	inet_pton(AF_INET6, "fd77:1::1", s.ip6.dst);
	s.icmp6.type = 3;
	s.payload = inner.b;
	s.payload_len = q < inner.len ? q : inner.len;
	assert_int_equal(pkt_build(bp->b, sizeof(bp->b), &bp->len, &s, NULL),
			 0);
	decode(bp);
}

/* IPv6: hop 1 quotes 48 bytes (header + 8), the traffic class changes
 * between hops 2 and 3; a UDP header is whole in 8 bytes. */
static void
test_ipv6_udp(void **state)
{
	const uint8_t tcs[3] = { 0x28, 0x28, 0x00 };
	const size_t q[3] = { 48, FULL, FULL };
	struct hops *h = hops_new();
	const struct hops_change *c;
	unsigned i;

	(void)state;
	for (i = 1; i <= 3; i++) {
		struct bufpkt sent, tx;
		uint8_t a[16];
		char ra[48];

		snprintf(ra, sizeof(ra), "fd77:%u::2", i);
		inet_pton(AF_INET6, ra, a);
		make_udp6(&sent, i, 0x28);
		assert_int_equal(hops_add_sent(h, i, i, &sent.k), 0);
		make_tx6(&tx, a, tcs[i - 1], q[i - 1]);
		assert_int_equal(hops_add_quote(h, i, a, 6, &tx.k), 0);
	}
	assert_int_equal(hops_finish(h), 0);
	assert_int_equal(hops_change_count(h), 1);
	c = hops_change_at(h, 0);
	assert_string_equal(c->tag, "dscp-changed");
	assert_int_equal(c->before, 2);
	assert_int_equal(c->at, 3);
	assert_string_equal(c->before_addr, "fd77:2::2");
	assert_string_equal(hops_hop_at(h, 0)->blind, "payload");
	assert_int_equal(hops_hop_at(h, 0)->l4_len, 8);
	assert_int_equal(hops_hop_at(h, 1)->quote_len, 60);
	hops_free(h);
}

/* The printed block, at each verbosity. */
static void
test_text_block(void **state)
{
	const struct mod m[3] = { { 0 }, { .mss = 536 }, { .mss = 536 } };
	const size_t q[3] = { 28, FULL, FULL };
	struct hops *h = run_path(3, m, q);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(hops_text_print(f, h, 1), 0);
	fclose(f);
	assert_string_equal(buf,
		"Path Change Analysis:\n"
		" |_tcp-mss-changed between the sender and hop 2 (10.77.2.254): "
		"mss 1460 -> 536; hops in between could not tell (1 hop).\n"
		" |_hop 1 (10.77.1.254) quoted 28 of 54 bytes: TCP ack, flags, "
		"window, urgent pointer, options, payload not visible.\n"
		" |_ICMP behaviour (observed, not a guess at the OS):\n"
		" |    hop 1 (10.77.1.254) quoted 28 of 54 bytes (IP header + 8, "
		"as RFC 792 asks), TTL 1, DF set as sent; its ICMP error had "
		"TOS 0xc0, DF clear.\n"
		" |    hop 2 (10.77.2.254) quoted 54 of 54 bytes (all), TTL 1, DF "
		"set as sent; its ICMP error had TOS 0xc0, DF clear.\n"
		" |    hop 3 (10.77.3.254) quoted 54 of 54 bytes (all), TTL 1, DF "
		"set as sent; its ICMP error had TOS 0xc0, DF clear.\n");
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(hops_text_print(f, h, -1), 0);
	fclose(f);
	assert_null(strstr(buf, "quoted"));
	assert_non_null(strstr(buf, "tcp-mss-changed"));
	free(buf);
	hops_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mss_clamp_between_2_and_3),
		cmocka_unit_test(test_clean_path),
		cmocka_unit_test(test_short_quotes_blind_to_options),
		cmocka_unit_test(test_unknown_hops_counted),
		cmocka_unit_test(test_nat_at_hop_1),
		cmocka_unit_test(test_change_and_back),
		cmocka_unit_test(test_nat_seen_only_by_capture),
		cmocka_unit_test(test_final_capture),
		cmocka_unit_test(test_echo_reply_observations),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_every_quote_length),
		cmocka_unit_test(test_text_block),
		cmocka_unit_test(test_ipv6_udp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
