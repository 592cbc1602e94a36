/* SPDX-License-Identifier: MIT */
/*
 * server/dedup.h: a router's two captures of one probe (TTL one apart,
 * IPv4 checksum changed, other interface, within the window) are one
 * echo; identical probes on one interface, packets that differ, late
 * copies and copies of other TTLs are not copies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/dedup.h"

#define MS 1000000ull

/* IPv4 ICMP echo request, 28 bytes. */
static void
probe4(uint8_t *p, uint8_t ttl, uint16_t csum, uint16_t seq)
{
	static const uint8_t base[28] = {
		0x45, 0, 0, 28, 0x12, 0x34, 0, 0, 64, 1, 0, 0,
		10, 77, 1, 1, 10, 77, 2, 2,
		8, 0, 0, 0, 0x0b, 0xb8, 0, 0,
	};

	memcpy(p, base, sizeof(base));
	p[8] = ttl;
	p[10] = (uint8_t)(csum >> 8);
	p[11] = (uint8_t)csum;
	p[26] = (uint8_t)(seq >> 8);
	p[27] = (uint8_t)seq;
}

static int
seen(struct srv_dedup *d, const uint8_t *p, size_t len, unsigned cap,
     uint64_t t)
{
	uint64_t h;
	uint8_t ttl;

	assert_int_equal(srv_dedup_key(p, len, &h, &ttl), 0);
	return srv_dedup_check(d, h, ttl, cap, t);
}

static void
test_forwarded_copy(void **state)
{
	static struct srv_dedup d;
	uint8_t in[28], out[28];

	(void)state;
	memset(&d, 0, sizeof(d));
	probe4(in, 64, 0x1111, 1);
	probe4(out, 63, 0x1211, 1);
	assert_int_equal(seen(&d, in, 28, 1, 100 * MS), 0);
	assert_int_equal(seen(&d, out, 28, 2, 100 * MS + 30000), 1);
	/* Processed in the other order (egress ring read first). */
	probe4(in, 64, 0x1111, 2);
	probe4(out, 63, 0x1211, 2);
	assert_int_equal(seen(&d, out, 28, 2, 200 * MS + 30000), 0);
	assert_int_equal(seen(&d, in, 28, 1, 200 * MS), 1);
}

static void
test_not_copies(void **state)
{
	static struct srv_dedup d;
	uint8_t a[28], b[28];

	(void)state;
	memset(&d, 0, sizeof(d));
	/* Identical probes sent twice: one interface, one TTL. */
	probe4(a, 64, 0x1111, 7);
	assert_int_equal(seen(&d, a, 28, 1, 10 * MS), 0);
	assert_int_equal(seen(&d, a, 28, 1, 10 * MS + 1000), 0);
	/* The same bytes on another interface but the same TTL. */
	assert_int_equal(seen(&d, a, 28, 2, 10 * MS + 2000), 0);
	/* TTL two apart. */
	probe4(b, 62, 0x1311, 7);
	assert_int_equal(seen(&d, b, 28, 1, 10 * MS + 3000), 0);
	/* Another sequence number: another probe. */
	probe4(a, 64, 0x1111, 8);
	assert_int_equal(seen(&d, a, 28, 1, 20 * MS), 0);
	probe4(b, 63, 0x1211, 9);
	assert_int_equal(seen(&d, b, 28, 2, 20 * MS + 1000), 0);
	/* Too late for a copy. */
	probe4(a, 64, 0x1111, 10);
	probe4(b, 63, 0x1211, 10);
	assert_int_equal(seen(&d, a, 28, 1, 30 * MS), 0);
	assert_int_equal(seen(&d, b, 28, 2, 30 * MS + SRV_DEDUP_NS + 1), 0);
	/* Length is part of the key. */
	probe4(a, 64, 0x1111, 11);
	probe4(b, 63, 0x1211, 11);
	assert_int_equal(seen(&d, a, 28, 1, 40 * MS), 0);
	assert_int_equal(seen(&d, b, 27, 2, 40 * MS + 10), 0);
}

static void
test_ipv6_and_short(void **state)
{
	static struct srv_dedup d;
	uint8_t a[48], b[48], *p;
	uint64_t h;
	uint8_t ttl;

	(void)state;
	memset(&d, 0, sizeof(d));
	memset(a, 0, sizeof(a));
	a[0] = 0x60;
	a[5] = 8;
	a[6] = 17;
	a[7] = 64;
	a[40] = 0x13;
	memcpy(b, a, sizeof(b));
	b[7] = 63;
	assert_int_equal(seen(&d, a, 48, 0, MS), 0);
	assert_int_equal(seen(&d, b, 48, 3, MS + 5), 1);
	/* Not a whole fixed header: never a key. */
	p = a;
	assert_int_equal(srv_dedup_key(p, 39, &h, &ttl), -1);
	a[0] = 0x45;
	assert_int_equal(srv_dedup_key(p, 19, &h, &ttl), -1);
	assert_int_equal(srv_dedup_key(p, 0, &h, &ttl), -1);
	a[0] = 0x20;
	assert_int_equal(srv_dedup_key(p, 48, &h, &ttl), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forwarded_copy),
		cmocka_unit_test(test_not_copies),
		cmocka_unit_test(test_ipv6_and_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
