/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for proto/cksum: the RFC 1071 example, pieces vs whole,
 * real packets verify and corrupted ones do not, RFC 1624 incremental
 * updates equal a full recompute over random patches, and the UDP
 * zero-checksum rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_proto_util.h"

#include "proto/build.h"
#include "proto/ipv4.h"
#include "proto/tcp.h"
#include "proto/udp.h"

static void
test_rfc1071_example(void **state)
{
	/* RFC 1071 §3: the sum of these words is ddf2. */
	static const uint8_t d[8] = { 0x00, 0x01, 0xf2, 0x03,
				      0xf4, 0xf5, 0xf6, 0xf7 };
	uint32_t s;

	(void)state;
	assert_int_equal(cksum(d, 8), (uint16_t)~0xddf2);
	s = cksum_add(cksum_add(0, d, 4), d + 4, 4);
	assert_int_equal(cksum_finish(s), (uint16_t)~0xddf2);
	/* An odd tail byte is padded with zero on the right. */
	assert_int_equal(cksum(d, 7), cksum_finish(cksum_add(0, d, 6) +
						   0xf600));
	assert_int_equal(cksum(d, 0), 0xffff);
}

static void
test_fixtures_verify(void **state)
{
	static const char *const ok[] = {
		"nping_tcp_syn", "nping_udp", "nping_port_unreach",
		"nping_icmp_echo", "nping_ipopt_rr", "nep_tcp_0",
		"nep_tcp_payload_0", "nep_icmp_0",
	};
	uint8_t b[2048];
	struct pkt pk;
	size_t i, n, k;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		n = load_fixture(ok[i], b, sizeof(b));
		assert_int_equal(cksum(b, (size_t)(b[0] & 15) * 4), 0);
		assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &pk), 0);
		assert_int_equal(pkt_cksum_check(&pk), 0);
		assert_true(pkt_cksum_ok(&pk));
		/* Any single changed byte of the transport part is caught. */
		for (k = pk.l4_off; k < n; k++) {
			b[k] ^= 0x5a;
			assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &pk), 0);
			/* (unless the change made the header undecodable) */
			if (pk.problems == 0)
				assert_int_equal(pkt_cksum_check(&pk),
						 CKSUM_BAD_L4);
			else
				assert_false(pkt_cksum_check(&pk) == 0);
			b[k] ^= 0x5a;
		}
		b[8] ^= 1; /* TTL */
		assert_int_equal(pkt_decode(b, n, PKT_LINK_IP, &pk), 0);
		assert_int_equal(pkt_cksum_check(&pk), CKSUM_BAD_IP);
		assert_false(pkt_cksum_ok(&pk));
	}
}

/* Patches random words of a SYN and fixes both sums incrementally. */
static void
test_fixup_equals_recompute(void **state)
{
	uint8_t b[64], ref[64];
	uint32_t seed = 777;
	size_t n;
	int i;

	(void)state;
	n = load_fixture("nping_tcp_syn", b, sizeof(b));
	assert_int_equal(n, 40);
	for (i = 0; i < 2000; i++) {
		uint16_t ipc = get_be16(b + IP4_OFF_CSUM);
		uint16_t tc = get_be16(b + 20 + TCP_OFF_CSUM);
		uint32_t v = rnd(&seed);
		int what = (int)(rnd(&seed) % 4);

		if (what == 0) { /* IP id: header sum only */
			uint16_t old = get_be16(b + IP4_OFF_ID);

			put_be16(b + IP4_OFF_ID, (uint16_t)v);
			ipc = cksum_fixup16(ipc, old, (uint16_t)v);
		} else if (what == 1) { /* source address: both sums */
			uint32_t old = get_be32(b + IP4_OFF_SRC);

			put_be32(b + IP4_OFF_SRC, v);
			ipc = cksum_fixup32(ipc, old, v);
			tc = cksum_fixup32(tc, old, v);
		} else if (what == 2) { /* TCP sequence */
			uint32_t old = get_be32(b + 20 + TCP_OFF_SEQ);

			put_be32(b + 20 + TCP_OFF_SEQ, v);
			tc = cksum_fixup32(tc, old, v);
		} else { /* destination port */
			uint16_t old = get_be16(b + 22);

			put_be16(b + 22, (uint16_t)v);
			tc = cksum_fixup16(tc, old, (uint16_t)v);
		}
		put_be16(b + IP4_OFF_CSUM, ipc);
		put_be16(b + 20 + TCP_OFF_CSUM, tc);
		memcpy(ref, b, n);
		cksum_set(ref, 20, IP4_OFF_CSUM, 0);
		cksum_set(ref + 20, 20, TCP_OFF_CSUM,
			  cksum_pseudo4(ref + 12, ref + 16, 6, 20));
		assert_memory_equal(ref, b, n);
	}
}

/* A UDP datagram whose sum comes out as 0 is sent with 0xffff. */
static void
test_udp_zero_sum(void **state)
{
	uint8_t o[64], pay[2] = { 0, 0 };
	struct pkt_spec s;
	struct pkt pk;
	size_t len;
	uint16_t c;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.ip_version = 4;
	s.l4 = 17;
	s.ip4.ttl = 9;
	s.ip4.src[0] = 10;
	s.ip4.dst[0] = 11;
	s.udp.sport = 1;
	s.udp.dport = 2;
	s.payload = pay;
	s.payload_len = 2;
	assert_int_equal(pkt_build(o, sizeof(o), &len, &s, NULL), 0);
	c = get_be16(o + 20 + UDP_OFF_CSUM);
	/* With the payload word equal to the old sum, the new sum is 0. */
	put_be16(pay, c);
	assert_int_equal(pkt_build(o, sizeof(o), &len, &s, NULL), 0);
	assert_int_equal(get_be16(o + 20 + UDP_OFF_CSUM), 0xffff);
	assert_int_equal(pkt_decode(o, len, PKT_LINK_IP, &pk), 0);
	assert_int_equal(pkt_cksum_check(&pk), 0);
	/* 0 means "no checksum" over IPv4. */
	put_be16(o + 20 + UDP_OFF_CSUM, 0);
	assert_int_equal(pkt_decode(o, len, PKT_LINK_IP, &pk), 0);
	assert_int_equal(pkt_cksum_check(&pk), 0);
}

static void
test_pseudo6(void **state)
{
	uint8_t src[16] = { 0xfe, 0x80 }, dst[16] = { 0xfe, 0x80 };
	uint32_t s;

	(void)state;
	src[15] = 1;
	dst[15] = 2;
	/* fe80+fe80 + 1 + 2 + length 0x00010008 + 58, folded. */
	s = cksum_pseudo6(src, dst, 58, 0x10008);
	assert_int_equal(cksum_finish(s),
			 (uint16_t)~((0xfe80u * 2 + 3 + 1 + 8 + 58) % 0xffff));
	assert_int_equal(cksum_finish(cksum_pseudo4(src, dst, 6, 20)),
			 (uint16_t)~(0xfe80u * 2 + 6 + 20 - 0xffff));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc1071_example),
		cmocka_unit_test(test_fixtures_verify),
		cmocka_unit_test(test_fixup_equals_recompute),
		cmocka_unit_test(test_udp_zero_sum),
		cmocka_unit_test(test_pseudo6),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
