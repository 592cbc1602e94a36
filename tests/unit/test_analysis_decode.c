/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for analysis/ fed by pkt_decode(): real byte packets, so the
 * analysis and the decoder agree on what each layer bit and length means.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "analysis/analysis.h"
#include "proto/build.h"
#include "proto/packet.h"

/* SYN 10.0.0.1:40000 > 10.9.9.9:80, TTL 64, DF, MSS 1460. */
static const uint8_t syn_sent[44] = {
	0x45, 0x00, 0x00, 0x2c, 0xd4, 0x31, 0x40, 0x00,
	0x40, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x09, 0x09, 0x09,
	0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x00, 0x60, 0x02, 0x05, 0xc8,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
};

/* The same SYN as a server behind NAT + MSS clamping sees it, 3 hops on,
 * in an Ethernet frame. */
static const uint8_t syn_capt[14 + 44] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x2c, 0xd4, 0x31, 0x40, 0x00,
	0x3d, 0x06, 0x12, 0x34, 0xc0, 0x00, 0x02, 0x07,
	0x0a, 0x09, 0x09, 0x09,
	0x04, 0x00, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x00, 0x60, 0x02, 0x05, 0xc8,
	0xab, 0xcd, 0x00, 0x00, 0x02, 0x04, 0x05, 0x78,
};

/* UDP 10.0.0.1:53 > 10.9.9.9:40125 with 6 payload bytes "npecho". */
static const uint8_t udp_sent[34] = {
	0x45, 0x00, 0x00, 0x22, 0x00, 0x07, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x09, 0x09, 0x09,
	0x00, 0x35, 0x9c, 0xbd, 0x00, 0x0e, 0x00, 0x00,
	'n', 'p', 'e', 'c', 'h', 'o',
};

static void
decode(const uint8_t *p, size_t len, enum pkt_link link, struct pkt *k)
{
	assert_int_equal(pkt_decode(p, len, link, k), 0);
}

static void
test_decoded_nat_and_clamp(void **state)
{
	struct analysis *a = analysis_new();
	const struct finding *f;
	struct pkt s, c;

	(void)state;
	decode(syn_sent, sizeof(syn_sent), PKT_LINK_IP, &s);
	decode(syn_capt, sizeof(syn_capt), PKT_LINK_ETH, &c);
	assert_int_equal(analysis_add_probe(a, 1, &s), 0);
	assert_int_equal(analysis_add_capt(a, 1, &c), 0);
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 4);
	f = analysis_find(a, "nat-source");
	assert_non_null(f);
	assert_string_equal(f->sent, "10.0.0.1:40000");
	assert_string_equal(f->capt, "192.0.2.7:1024");
	assert_non_null(analysis_find(a, "port-source"));
	assert_string_equal(analysis_find(a, "hops")->text, "TTL fell by 3: "
			    "3 hops between you and the server.");
	f = analysis_find(a, "tcp-mss-changed");
	assert_non_null(f);
	assert_string_equal(f->capt, "1400");
	analysis_free(a);
}

/* The payload is copied: the caller's buffer may change right after. */
static void
test_decoded_payload_copied(void **state)
{
	struct analysis *a = analysis_new();
	uint8_t buf[sizeof(udp_sent)];
	struct pkt s, c;

	(void)state;
	decode(udp_sent, sizeof(udp_sent), PKT_LINK_IP, &s);
	memcpy(buf, udp_sent, sizeof(buf));
	buf[sizeof(buf) - 1] = 'O';
	decode(buf, sizeof(buf), PKT_LINK_IP, &c);
	assert_int_equal(analysis_add_probe(a, 1, &s), 0);
	assert_int_equal(analysis_add_capt(a, 1, &c), 0);
	memcpy(buf, udp_sent, sizeof(buf)); /* after the add: no effect */
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 1);
	assert_string_equal(analysis_finding(a, 0)->tag, "payload-changed");
	assert_non_null(strstr(analysis_finding(a, 0)->text, "byte 5"));
	analysis_free(a);
}

/* Safe payloads, and a capture cut by the snap length: no finding. */
static void
test_decoded_zeroed_and_snaplen(void **state)
{
	struct analysis *a = analysis_new();
	struct analysis_summary sum;
	uint8_t buf[sizeof(udp_sent)];
	struct pkt s, c;

	(void)state;
	decode(udp_sent, sizeof(udp_sent), PKT_LINK_IP, &s);
	memcpy(buf, udp_sent, sizeof(buf));
	memset(buf + 28, 0, 6);
	decode(buf, sizeof(buf), PKT_LINK_IP, &c);
	assert_int_equal(analysis_add_probe(a, 1, &s), 0);
	assert_int_equal(analysis_add_capt(a, 1, &c), 0);
	decode(udp_sent, sizeof(udp_sent) - 4, PKT_LINK_IP, &c);
	assert_true(c.problems & PKT_TRUNC_DATA);
	assert_int_equal(analysis_add_probe(a, 2, &s), 0);
	assert_int_equal(analysis_add_capt(a, 2, &c), 0);
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 0);
	analysis_summary(a, &sum);
	assert_int_equal(sum.payload_zeroed, 1);
	analysis_free(a);
}

/* Cut at every length, the capture never makes the analysis misbehave,
 * and a cut capture is never reported as a changed or truncated packet. */
static void
test_decoded_every_cut(void **state)
{
	size_t cut;

	(void)state;
	for (cut = 1; cut <= sizeof(udp_sent); cut++) {
		struct analysis *a = analysis_new();
		struct pkt s, c;
		size_t i;

		decode(udp_sent, sizeof(udp_sent), PKT_LINK_IP, &s);
		assert_int_equal(analysis_add_probe(a, 1, &s), 0);
		if (pkt_decode(udp_sent, cut, PKT_LINK_IP, &c) == 0)
			assert_int_equal(analysis_add_capt(a, 1, &c), 0);
		assert_int_equal(analysis_finish(a), 0);
		for (i = 0; i < analysis_count(a); i++) {
			const char *tag = analysis_finding(a, i)->tag;

			assert_true(strcmp(tag, "payload-truncated") != 0);
			assert_true(strcmp(tag, "payload-changed") != 0);
			assert_true(strcmp(tag, "nat-source") != 0);
		}
		analysis_free(a);
	}
}

/* An ICMPv6 echo (request or reply) built by pkt_build(), then decoded. */
static void
echo6(const char *src, const char *dst, uint8_t type, uint8_t hlim,
      uint8_t tclass, uint8_t *buf, size_t cap, struct pkt *k)
{
	static const uint8_t data[8] = { 'n', 'p', 'e', 'c', 'h', 'o', 0, 1 };
	struct pkt_spec sp;
	size_t len;

	memset(&sp, 0, sizeof(sp));
	sp.ip_version = 6;
	sp.l4 = 58;
	sp.ip6.hlim = hlim;
	sp.ip6.tclass = tclass;
	inet_pton(AF_INET6, src, sp.ip6.src);
	inet_pton(AF_INET6, dst, sp.ip6.dst);
	sp.icmp6.type = type;
	sp.icmp6.id = 7;
	sp.icmp6.seq = 1;
	sp.payload = data;
	sp.payload_len = sizeof(data);
	assert_int_equal(pkt_build(buf, cap, &len, &sp, NULL), 0);
	decode(buf, len, PKT_LINK_IP, k);
	assert_true(k->layers & PKT_HAS_ICMP6);
}

/*
 * IPv6 prefix translation on the way out, undone on the way back: the
 * forward path shows nat-source and 2 hops, the reply path nothing, until
 * a router re-marks the replies' traffic class.
 */
static void
test_decoded_ipv6_echo_both_ways(void **state)
{
	uint8_t b1[128], b2[128], b3[128], b4[128];
	struct analysis *a = analysis_new();
	struct pkt s, c, srv, r;
	const struct finding *f;

	(void)state;
	echo6("2001:db8::1", "2001:db8::9", 128, 64, 0, b1, sizeof(b1), &s);
	echo6("2001:db8:ff::1", "2001:db8::9", 128, 62, 0, b2, sizeof(b2), &c);
	echo6("2001:db8::9", "2001:db8:ff::1", 129, 64, 0, b3, sizeof(b3),
	      &srv);
	echo6("2001:db8::9", "2001:db8::1", 129, 62, 0, b4, sizeof(b4), &r);
	assert_int_equal(analysis_add_probe(a, 1, &s), 0);
	assert_int_equal(analysis_add_capt(a, 1, &c), 0);
	assert_int_equal(analysis_add_server_reply(a, 1, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 1, &r), 0);
	echo6("2001:db8::9", "2001:db8::1", 129, 62, 0xb8, b4, sizeof(b4), &r);
	assert_int_equal(analysis_add_probe(a, 2, &s), 0);
	assert_int_equal(analysis_add_capt(a, 2, &c), 0);
	assert_int_equal(analysis_add_server_reply(a, 2, &srv), 0);
	assert_int_equal(analysis_add_rcvd(a, 2, &r), 0);
	assert_int_equal(analysis_finish(a), 0);
	assert_int_equal(analysis_count(a), 3);
	f = analysis_find(a, "nat-source");
	assert_string_equal(f->capt, "2001:db8:ff::1");
	assert_int_equal(f->count, 2);
	assert_string_equal(analysis_find(a, "hops")->text, "Hop limit fell "
			    "by 2: 2 hops between you and the server.");
	f = analysis_find(a, "reply-path-changed");
	assert_int_equal(f->count, 1);
	assert_int_equal(f->total, 2);
	assert_int_equal(f->probes[0], 2);
	assert_string_equal(f->field, "ip.dscp");
	analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decoded_nat_and_clamp),
		cmocka_unit_test(test_decoded_payload_copied),
		cmocka_unit_test(test_decoded_zeroed_and_snaplen),
		cmocka_unit_test(test_decoded_every_cut),
		cmocka_unit_test(test_decoded_ipv6_echo_both_ways),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
