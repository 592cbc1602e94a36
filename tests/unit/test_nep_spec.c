/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for echo/spec.c: nping's specs rebuilt byte for byte, the
 * server's acceptance rules, the weighted matcher (scores nping logged in
 * the lab), NAT robustness, best-session choice and payload erasure.
 * struct pkt is filled by hand (pkt_decode is another module).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "echo/spec.h"
#include "util/err.h"

static size_t
unhex(const char *h, uint8_t *out)
{
	size_t n = 0;

	for (; h[0] && h[1]; h += 2) {
		unsigned hi = (unsigned)(h[0] <= '9' ? h[0] - '0' : h[0] - 'a' + 10);
		unsigned lo = (unsigned)(h[1] <= '9' ? h[1] - '0' : h[1] - 'a' + 10);

		out[n++] = (uint8_t)(hi << 4 | lo);
	}
	return n;
}

static void
expect_list(const struct nep_spec *s, const char *hex)
{
	uint8_t want[108], got[108];

	memset(want, 0, sizeof(want));
	unhex(hex, want);
	assert_int_equal(nep_spec_list_encode(s, got, sizeof(got)), 0);
	assert_memory_equal(got, want, sizeof(want));
}

static void
tcp_probe(struct nep_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->ip_version = 4;
	p->proto = 6;
	p->count = 3;
	p->ip_id = 0x30f0;
	p->sport = 0xbd56;
	p->dport = 80;
	p->have_dport = 1;
	p->seq = 0x752ed156;
	p->flags = 0x02;
	p->win = 1480;
}

static void
test_build_matches_nping(void **state)
{
	static const uint8_t payload[] = "NEPtest-payload-0123";
	struct nep_probe p;
	struct nep_spec s;

	(void)state;
	tcp_probe(&p);
	assert_int_equal(nep_spec_build(&p, NEP_FORM_0793, &s), 0);
	expect_list(&s, "a130f0a000c0bd56c10050c2752ed156c300000000c402c505c8a306");
	assert_int_equal(s.ip_version, 4);

	memset(&p, 0, sizeof(p));
	p.ip_version = 4;
	p.proto = 17;
	p.ip_id = 0x8ea2;
	p.sport = 53;
	p.dport = 5353;
	p.have_dport = 1;
	p.payload = payload;
	p.payload_len = 20;
	assert_int_equal(nep_spec_build(&p, NEP_FORM_0793, &s), 0);
	expect_list(&s, "a18ea2a000e00035e114e9e2001ca311ff084e4550746573742d");

	memset(&p, 0, sizeof(p));
	p.ip_version = 4;
	p.proto = 1;
	p.ip_id = 0x194d;
	p.icmp_type = 8;
	assert_int_equal(nep_spec_build(&p, NEP_FORM_0793, &s), 0);
	expect_list(&s, "a1194da000d008d100a301");

	/* IPv6 TCP, several ports: no C1.  0.7.93 form = vectors/ipv6. */
	tcp_probe(&p);
	p.ip_version = 6;
	p.sport = 0x29fb;
	p.seq = 0x5320e179;
	assert_int_equal(nep_spec_build(&p, NEP_FORM_0793, &s), 0);
	expect_list(&s, "b0000000b100c029fbc10050c25320e179c300000000c402c505c8b206");
	assert_int_equal(s.ip_version, 4); /* 0.7.93 bug reproduced */
	p.flow = 0xabcde;
	p.tclass = 0x20;
	assert_int_equal(nep_spec_build(&p, NEP_FORM_RFC, &s), 0);
	assert_int_equal(s.ip_version, 6);
	expect_list(&s, "b020b10abcdec029fbc10050c25320e179c300000000c402c505c8b206");
	p.proto = 99;
	assert_int_equal(nep_spec_build(&p, NEP_FORM_RFC, &s), ERR_INVALID);
}

static void
test_validate(void **state)
{
	struct nep_packet_spec m;
	struct nep_spec s;
	const char *why;
	struct nep_probe p;

	(void)state;
	tcp_probe(&p);
	assert_int_equal(nep_spec_build(&p, NEP_FORM_0793, &s), 0);
	assert_int_equal(nep_spec_validate(&s, &why), 0);
	assert_null(why);
	/* Round trip through a PACKET_SPEC body keeps it valid. */
	memset(&m, 0, sizeof(m));
	assert_int_equal(nep_spec_to_msg(&s, &m), 0);
	assert_int_equal(nep_spec_from_msg(&m, &s, &why), 0);
	assert_int_equal(nep_spec_validate(&s, &why), 0);
	assert_int_equal(s.n_items, 9);

	s.n_items = 3; /* A1 A0 C0 */
	assert_int_equal(nep_spec_validate(&s, &why), ERR_INVALID);
	assert_string_equal(why, "PacketSpec has fewer than 4 items");
	s.magic_len = 1; /* magic counts as the 4th item */
	assert_int_equal(nep_spec_validate(&s, &why), 0);
	s.n_items = 9;
	s.items[0].code = NEP_F_IP4_FRAG;
	assert_int_equal(nep_spec_validate(&s, &why), ERR_INVALID);
	assert_string_equal(why, "PacketSpec lacks IPv4_ID");
	s.items[0].code = NEP_F_IP4_ID;
	s.items[5].code = NEP_F_TCP_SEQ;
	assert_int_equal(nep_spec_validate(&s, &why), ERR_INVALID);
	assert_string_equal(why, "PacketSpec has a duplicate item");
	s.items[5].code = NEP_F_TCP_ACK;
	s.ip_version = 6;
	assert_int_equal(nep_spec_validate(&s, &why), ERR_INVALID);
	assert_string_equal(why, "PacketSpec lacks IPv6_FLOW");
	s.ip_version = 0xff; /* RFC's "any": never accepted by nping */
	assert_int_equal(nep_spec_validate(&s, &why), ERR_INVALID);

	/* IPv6 RFC form with version 6 is accepted. */
	p.ip_version = 6;
	assert_int_equal(nep_spec_build(&p, NEP_FORM_RFC, &s), 0);
	assert_int_equal(nep_spec_to_msg(&s, &m), 0);
	assert_int_equal(nep_spec_from_msg(&m, &s, &why), 0);
	assert_int_equal(s.form, NEP_FORM_RFC);
	assert_int_equal(nep_spec_validate(&s, &why), 0);
	/* Bad magic in the list. */
	memset(m.list, 0, sizeof(m.list));
	m.list[0] = 0xff;
	assert_int_equal(nep_spec_from_msg(&m, &s, &why), ERR_INVALID);
	assert_non_null(why);
}

static void
test_build_budget(void **state)
{
	/* nping's inflated count: every fixed item costs len + 2. */
	static const uint8_t pl[8] = "12345678";
	struct nep_probe p;
	struct nep_spec s;
	size_t i, n = 0;

	(void)state;
	tcp_probe(&p);
	p.payload = pl;
	p.payload_len = 100; /* only 8 are sent */
	assert_int_equal(nep_spec_build(&p, NEP_FORM_RFC, &s), 0);
	assert_int_equal(s.magic_len, 8);
	{
		uint8_t l[108];

		s.magic_pos = 200; /* out of range: placed at the end */
		assert_int_equal(nep_spec_list_encode(&s, l, sizeof(l)), 0);
		assert_int_equal(l[28], 0xff);
		assert_int_equal(l[29], 8);
	}
	for (i = 0; i < s.n_items; i++)
		n += s.items[i].len + 2;
	assert_true(n + s.magic_len + 2 <= 108);
}

static void
ip4_tcp_pkt(struct pkt *k, uint8_t *buf)
{
	/* vectors/tcp echoed SYN, TTL 63, as seen at the server. */
	memset(k, 0, sizeof(*k));
	k->base = buf;
	k->caplen = 40;
	k->layers = PKT_HAS_IP4 | PKT_HAS_TCP;
	k->l4_off = 20;
	k->payload_off = 40;
	k->ip4.id = 0x30f0;
	k->ip4.proto = 6;
	k->ip4.ttl = 63;
	memcpy(k->ip4.src, "\x0a\x09\x01\x02", 4);
	k->tcp.sport = 0xbd56;
	k->tcp.dport = 80;
	k->tcp.seq = 0x752ed156;
	k->tcp.flags = TCP_SYN;
	k->tcp.win = 1480;
	k->tcp.doff = 5;
}

static void
test_scores_tcp(void **state)
{
	uint8_t buf[64];
	struct nep_probe p;
	struct nep_spec s;
	struct pkt k;

	(void)state;
	tcp_probe(&p);
	nep_spec_build(&p, NEP_FORM_0793, &s);
	ip4_tcp_pkt(&k, buf);
	assert_int_equal(nep_spec_score(&s, &k), 2340); /* 23.4 in the lab */
	assert_int_equal(nep_spec_threshold(&k), 1000);
	/* NAT: other addresses, same score (addresses are never compared). */
	memcpy(k.ip4.src, "\x0a\x09\x02\x01", 4);
	k.ip4.ttl = 1;
	assert_int_equal(nep_spec_score(&s, &k), 2340);
	/* NAT that also rewrites the source port: still echoed. */
	k.tcp.sport = 40000;
	assert_int_equal(nep_spec_score(&s, &k), 2040);
	k.tcp.sport = 0xbd56;
	/* The server's RST reply to it: 1.2 in the lab. */
	k.ip4.id = 0;
	k.tcp.sport = 80;
	k.tcp.dport = 0xbd56;
	k.tcp.seq = 0;
	k.tcp.ack = 0x752ed157;
	k.tcp.flags = TCP_RST | TCP_ACK;
	k.tcp.win = 0;
	assert_true(nep_spec_score(&s, &k) < 200);
}

static void
test_scores_udp(void **state)
{
	static const uint8_t payload[] = "NEPtest-payload-0123";
	uint8_t buf[64];
	struct nep_probe p;
	struct nep_spec s;
	struct pkt k;

	(void)state;
	/* UDP with payload magic: 16.2; without the payload bytes: 12.2. */
	memset(&p, 0, sizeof(p));
	p.ip_version = 4;
	p.proto = 17;
	p.ip_id = 0x8ea2;
	p.sport = 53;
	p.dport = 5353;
	p.have_dport = 1;
	p.payload = payload;
	p.payload_len = 20;
	nep_spec_build(&p, NEP_FORM_0793, &s);
	memset(&k, 0, sizeof(k));
	memset(buf, 0, sizeof(buf));
	memcpy(buf + 28, payload, 20);
	k.base = buf;
	k.caplen = 48;
	k.layers = PKT_HAS_IP4 | PKT_HAS_UDP | PKT_HAS_PAYLOAD;
	k.l4_off = 20;
	k.payload_off = 28;
	k.payload_len = 20;
	k.ip4.id = 0x8ea2;
	k.ip4.proto = 17;
	k.udp.sport = 53;
	k.udp.dport = 5353;
	k.udp.len = 28;
	assert_int_equal(nep_spec_score(&s, &k), 1620);
	k.payload_len = 7; /* magic needs all 8 bytes */
	assert_int_equal(nep_spec_score(&s, &k), 1220);
	k.payload_len = 20;
	buf[28] ^= 1; /* magic differs */
	assert_int_equal(nep_spec_score(&s, &k), 1220);
	/* Magic gone, source port rewritten by NAT: 16.2 - 4 - 2 >= 8. */
	s.magic_len = 0;
	k.udp.sport = 1024;
	assert_int_equal(nep_spec_score(&s, &k), 1020);
	assert_true(nep_spec_score(&s, &k) >= nep_spec_threshold(&k));
}

static void
test_scores_icmp(void **state)
{
	struct nep_probe p;
	struct nep_spec s;
	struct pkt k;

	(void)state;
	/* ICMP echo: 7.5; threshold 6. */
	memset(&p, 0, sizeof(p));
	p.ip_version = 4;
	p.proto = 1;
	p.ip_id = 0x194d;
	p.icmp_type = 8;
	nep_spec_build(&p, NEP_FORM_0793, &s);
	memset(&k, 0, sizeof(k));
	k.layers = PKT_HAS_IP4 | PKT_HAS_ICMP4;
	k.ip4.id = 0x194d;
	k.ip4.proto = 1;
	k.icmp4.type = 8;
	assert_int_equal(nep_spec_score(&s, &k), 750);
	assert_int_equal(nep_spec_threshold(&k), 600);
	k.icmp4.type = 0; /* echo reply from the target: ID differs too */
	k.ip4.id = 1;
	assert_true(nep_spec_score(&s, &k) < 600);
}

/* The probe token: an ICMP echo whose IP ID was rewritten reaches the
 * threshold on its token, but only where the magic counts for ICMP. */
static void
test_scores_icmp_token(void **state)
{
	static const uint8_t tok[8] = { 9, 8, 7, 6, 5, 4, 3, 2 };
	uint8_t other[8] = { 9, 8, 7, 6, 5, 4, 3, 1 };
	struct nep_probe p;
	struct nep_spec s;
	struct pkt k;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.ip_version = 4;
	p.proto = 1;
	p.ip_id = 0x194d;
	p.icmp_type = 8;
	p.payload = tok;
	p.payload_len = sizeof(tok);
	nep_spec_build(&p, NEP_FORM_RFC, &s);
	memset(&k, 0, sizeof(k));
	k.layers = PKT_HAS_IP4 | PKT_HAS_ICMP4 | PKT_HAS_PAYLOAD;
	k.ip4.id = 4242; /* rewritten */
	k.ip4.proto = 1;
	k.icmp4.type = 8;
	k.base = tok;
	k.caplen = k.payload_len = sizeof(tok);
	assert_int_equal(nep_spec_score(&s, &k), 250); /* nping's rule */
	s.magic_icmp = 1;
	assert_int_equal(nep_spec_score(&s, &k), 650);
	assert_true(nep_spec_score(&s, &k) >= nep_spec_threshold(&k));
	k.base = other; /* another session's token */
	assert_int_equal(nep_spec_score(&s, &k), 250);
}

static void
test_scores_icmp6(void **state)
{
	struct nep_probe p;
	struct nep_spec s;
	struct pkt k;

	(void)state;
	/* ICMPv6 echo, RFC form: flow 7.5 + tclass 0.3 + type + code 0.3 +
	 * next header 0.9. */
	memset(&p, 0, sizeof(p));
	p.ip_version = 6;
	p.proto = 58;
	p.flow = 0xbeef;
	p.icmp_type = 128;
	assert_int_equal(nep_spec_build(&p, NEP_FORM_RFC, &s), 0);
	memset(&k, 0, sizeof(k));
	k.layers = PKT_HAS_IP6 | PKT_HAS_ICMP6;
	k.ip6.flow = 0xbeef;
	k.ip6.final_nh = 58;
	k.icmp6.type = 128;
	assert_int_equal(nep_spec_score(&s, &k), 750 + 30 + 100 + 30 + 90);
	assert_int_equal(nep_spec_threshold(&k), 600);
	k.ip6.flow = 0xbeee;
	assert_int_equal(nep_spec_score(&s, &k), 30 + 100 + 30 + 90);
}

static void
test_best(void **state)
{
	struct nep_spec a, b, c;
	const struct nep_spec *list[4];
	struct nep_probe p;
	uint8_t buf[64];
	struct pkt k;
	int score;

	(void)state;
	tcp_probe(&p);
	nep_spec_build(&p, NEP_FORM_0793, &a);
	b = a;            /* identical: tie, the later one wins */
	p.ip_id = 0x1111; /* a different session */
	p.seq = 99;
	p.sport = 1;
	p.dport = 2;
	nep_spec_build(&p, NEP_FORM_0793, &c);
	ip4_tcp_pkt(&k, buf);
	list[0] = &a;
	list[1] = &c;
	list[2] = &b;
	list[3] = NULL;
	assert_int_equal(nep_spec_best(list, 4, &k, &score), 2);
	assert_int_equal(score, 2340);
	assert_int_equal(nep_spec_best(list, 2, &k, &score), 0);
	assert_int_equal(nep_spec_best(list, 0, &k, &score), -1);
	assert_int_equal(nep_spec_best(&list[1], 1, &k, &score), -1);
	assert_true(score < 1000 && score > 0); /* ports etc. still match */
	k.layers = PKT_HAS_IP4; /* no transport: never echoed */
	assert_int_equal(nep_spec_best(list, 3, &k, &score), -1);
}

static void
test_erase(void **state)
{
	uint8_t pkt[80], want[80];
	struct pkt k;

	(void)state;
	/* TCP with 12 bytes of options: data after 20 + 32. */
	memset(pkt, 0xee, sizeof(pkt));
	memset(&k, 0, sizeof(k));
	k.layers = PKT_HAS_IP4 | PKT_HAS_TCP;
	k.l4_off = 20;
	k.tcp.doff = 8;
	memcpy(want, pkt, sizeof(want));
	memset(want + 52, 0, 28);
	nep_erase_payload(pkt, sizeof(pkt), &k);
	assert_memory_equal(pkt, want, sizeof(want));
	/* UDP and ICMP: after 8 header bytes. */
	memset(pkt, 0xee, sizeof(pkt));
	k.layers = PKT_HAS_IP4 | PKT_HAS_UDP;
	nep_erase_payload(pkt, 60, &k);
	assert_int_equal(pkt[27], 0xee);
	assert_int_equal(pkt[28], 0);
	assert_int_equal(pkt[59], 0);
	assert_int_equal(pkt[60], 0xee); /* length respected */
	memset(pkt, 0xee, sizeof(pkt));
	k.layers = PKT_HAS_IP4 | PKT_HAS_ICMP4;
	k.l4_off = 24; /* with IP options */
	nep_erase_payload(pkt, sizeof(pkt), &k);
	assert_int_equal(pkt[31], 0xee);
	assert_int_equal(pkt[32], 0);
	/* Parse failure: first 40 kept. */
	memset(pkt, 0xee, sizeof(pkt));
	k.problems = PKT_TRUNC_L4;
	nep_erase_payload(pkt, sizeof(pkt), &k);
	assert_int_equal(pkt[39], 0xee);
	assert_int_equal(pkt[40], 0);
	memset(pkt, 0xee, sizeof(pkt));
	nep_erase_payload(pkt, sizeof(pkt), NULL);
	assert_int_equal(pkt[39], 0xee);
	assert_int_equal(pkt[79], 0);
	nep_erase_payload(pkt, 10, NULL); /* shorter than 40: untouched */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_matches_nping),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_build_budget),
		cmocka_unit_test(test_scores_tcp),
		cmocka_unit_test(test_scores_udp),
		cmocka_unit_test(test_scores_icmp),
		cmocka_unit_test(test_scores_icmp_token),
		cmocka_unit_test(test_scores_icmp6),
		cmocka_unit_test(test_best),
		cmocka_unit_test(test_erase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
