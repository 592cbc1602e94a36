/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the pure value parsers of src/cli: parse_num (numbers,
 * times, hex, MACs, RNG), ports_parse, target expansion and mnemonics.
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
#include <sys/socket.h>

#include "cli/mnemonics.h"
#include "cli/parse_num.h"
#include "cli/ports.h"
#include "cli/targets.h"

static void
test_parse_uint(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} good[] = {
		{ "0", 0 }, { "255", 255 }, { "0x40", 64 }, { "0X40", 64 },
		{ "010", 8 }, { "0xffffffff", 0xffffffffULL }, { "00", 0 },
		{ "18446744073709551615", UINT64_MAX },
	};
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "1e3", "0x", "08", "0xg", "abc",
		"18446744073709551616", "1.0",
	};
	uint64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(parse_uint(good[i].s, 0, UINT64_MAX, &v), 0);
		assert_true(v == good[i].v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 12345;
		assert_int_equal(parse_uint(bad[i], 0, UINT64_MAX, &v), ERR_INVALID);
		assert_true(v == 12345); /* untouched on failure */
	}
	assert_int_equal(parse_uint("5", 6, 10, &v), ERR_INVALID);
	assert_int_equal(parse_uint("11", 6, 10, &v), ERR_INVALID);
	assert_int_equal(parse_uint("10", 6, 10, &v), 0);
	assert_int_equal(parse_uint(NULL, 0, 1, &v), ERR_INVALID);
}

static void
test_parse_uint_rand_and_rng(void **state)
{
	struct cli_rng r1, r2;
	uint64_t v, w;
	bool rnd;
	int i, seen_lo = 0, seen_hi = 0;

	(void)state;
	cli_rng_seed(&r1, 5);
	cli_rng_seed(&r2, 5);
	assert_true(cli_rng_next(&r1) == cli_rng_next(&r2));
	for (i = 0; i < 2000; i++) {
		assert_int_equal(parse_uint_rand("RaNd", 10, 13, &r1, &v, &rnd), 0);
		assert_true(rnd);
		assert_true(v >= 10 && v <= 13);
		seen_lo |= v == 10;
		seen_hi |= v == 13;
	}
	assert_true(seen_lo && seen_hi);
	assert_int_equal(parse_uint_rand("random", 0, UINT64_MAX, &r1, &v, &rnd), 0);
	assert_int_equal(parse_uint_rand("7", 0, 9, &r1, &w, &rnd), 0);
	assert_false(rnd);
	assert_true(w == 7);
	assert_int_equal(parse_uint_rand("rand", 0, 9, NULL, &w, &rnd), ERR_INVALID);
	assert_true(parse_is_random("RANDOM"));
	assert_false(parse_is_random("rando"));
	assert_true(cli_rng_range(&r1, 3, 3) == 3);
}

static void
test_parse_time(void **state)
{
	static const struct {
		const char *s;
		uint64_t ns;
		bool unit;
	} good[] = {
		{ "1", 1000000000ULL, false }, { "1.5", 1500000000ULL, false },
		{ "0.0000000019", 1, false }, { "10ms", 10000000ULL, true },
		{ "1.5ms", 1500000ULL, true }, { "3us", 3000ULL, true },
		{ "7ns", 7ULL, true }, { "2S", 2000000000ULL, true },
		{ "1m", 60000000000ULL, true }, { "1.5h", 5400000000000ULL, true },
		{ "0", 0, false }, { "5.", 5000000000ULL, false },
	};
	static const char *const bad[] = {
		"", "ms", "-1", "+1", "1x", "1 ms", "1e3", ".", "1.2.3", "1msx",
		"99999999999h", "abc",
	};
	uint64_t ns;
	bool unit;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(parse_time_ns(good[i].s, 1000000000ULL, &ns, &unit), 0);
		if (ns != good[i].ns)
			fail_msg("'%s' -> %llu", good[i].s, (unsigned long long)ns);
		assert_int_equal(unit, good[i].unit);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_time_ns(bad[i], 1000000000ULL, &ns, NULL),
				 ERR_INVALID);
	/* the default unit is the caller's */
	assert_int_equal(parse_time_ns("5", 1000000ULL, &ns, NULL), 0);
	assert_true(ns == 5000000ULL);
}

static void
test_parse_decimal_hex_mac(void **state)
{
	uint8_t buf[4], mac[6];
	size_t len;
	double d;

	(void)state;
	assert_int_equal(parse_udecimal("2.5", &d), 0);
	assert_true(d == 2.5);
	assert_int_equal(parse_udecimal("-2", &d), ERR_INVALID);
	assert_int_equal(parse_udecimal("2s", &d), ERR_INVALID);
	assert_int_equal(parse_hex_bytes("0x0aFF", buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 2);
	assert_memory_equal(buf, "\x0a\xff", 2);
	assert_int_equal(parse_hex_bytes("\\x01\\x02\\x03", buf, sizeof(buf), &len), 0);
	assert_int_equal(len, 3);
	assert_int_equal(parse_hex_bytes("0102030405", buf, sizeof(buf), &len),
			 ERR_INVALID); /* over cap */
	assert_int_equal(parse_hex_bytes("\\x01\\x2", buf, sizeof(buf), &len),
			 ERR_INVALID);
	assert_int_equal(parse_hex_bytes("\\x01x02", buf, sizeof(buf), &len),
			 ERR_INVALID);
	assert_int_equal(parse_hex_bytes("", buf, sizeof(buf), &len), ERR_INVALID);
	assert_int_equal(parse_mac("a:b:c:d:e:f", mac), 0);
	assert_memory_equal(mac, "\x0a\x0b\x0c\x0d\x0e\x0f", 6);
	assert_int_equal(parse_mac("AA-BB-CC-DD-EE-FF", mac), 0);
	assert_int_equal(mac[5], 0xff);
	assert_int_equal(parse_mac("aa:bb:cc:dd:ee", mac), ERR_INVALID);
	assert_int_equal(parse_mac("aa:bb:cc:dd:ee:ff:", mac), ERR_INVALID);
	assert_int_equal(parse_mac("aaa:bb:cc:dd:ee:ff", mac), ERR_INVALID);
	assert_int_equal(parse_mac("aa:bb:cc:dd:ee:", mac), ERR_INVALID);
}

static void
test_ports(void **state)
{
	static const struct {
		const char *spec;
		size_t n;
		uint16_t first, last;
	} good[] = {
		{ "80", 1, 80, 80 }, { "443,80,22,80", 3, 22, 443 },
		{ "1-1023", 1023, 1, 1023 }, { "-100", 100, 1, 100 },
		{ "60000-", 5536, 60000, 65535 }, { "-", 65535, 1, 65535 },
		{ "5-5", 1, 5, 5 }, { "10-12,11,1", 4, 1, 12 }, { "65535", 1, 65535, 65535 },
	};
	static const struct {
		const char *spec, *msg;
	} bad[] = {
		{ "70000", "Ports to be scanned must be between 0 and 65535 inclusive" },
		{ "1-70000", "Ports to be scanned must be between 0 and 65535 inclusive" },
		{ "5-3", "Your port range 5-3 is backwards. Did you mean 3-5?" },
		{ "0", "port 0 is not allowed" },
		{ "0-5", "port 0 is not allowed" },
		{ "abc", "Error #485: Your port specifications are illegal.  Example of "
		  "proper form: \"-100,200-1024,3000-4000,60000-\"" },
		{ "T:80", NULL }, { "U:53", NULL }, { "http", NULL }, { "", NULL },
		{ "80,", NULL }, { ",80", NULL }, { "1,,2", NULL }, { "1-2-3", NULL },
		{ "80 ", NULL }, { "+80", NULL },
	};
	struct errbuf eb;
	uint16_t *p;
	size_t n, i, k;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(ports_parse(good[i].spec, &p, &n, &eb), 0);
		assert_int_equal(n, good[i].n);
		assert_int_equal(p[0], good[i].first);
		assert_int_equal(p[n - 1], good[i].last);
		for (k = 1; k < n; k++)
			assert_true(p[k - 1] < p[k]); /* ascending, unique */
		free(p);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&eb, 0, sizeof(eb));
		assert_int_equal(ports_parse(bad[i].spec, &p, &n, &eb), ERR_INVALID);
		assert_null(p);
		assert_int_equal(n, 0);
		if (bad[i].msg)
			assert_string_equal(eb.msg, bad[i].msg);
		else
			assert_non_null(strstr(eb.msg, "Error #485"));
	}
}

static void
test_targets_classify(void **state)
{
	static const struct {
		const char *s;
		enum target_kind k;
	} rows[] = {
		{ "10.0.0.1", TARGET_ADDR4 }, { "::1", TARGET_ADDR6 },
		{ "fe80::1:2", TARGET_ADDR6 }, { "10.0.0.0/24", TARGET_CIDR4 },
		{ "2001:db8::/64", TARGET_CIDR6 }, { "10.0.0.1-5", TARGET_RANGE4 },
		{ "10.0.*.1", TARGET_RANGE4 }, { "scanme.example", TARGET_NAME },
		{ "host.example/24", TARGET_NAME }, { "localhost", TARGET_NAME },
		{ "999.1.1.1", TARGET_INVALID }, { "10.9.2.300", TARGET_INVALID },
		{ "", TARGET_INVALID }, { "-c", TARGET_INVALID }, { "a b", TARGET_INVALID },
		{ "1:2:3", TARGET_INVALID }, { "2", TARGET_INVALID },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (targets_classify(rows[i].s) != rows[i].k)
			fail_msg("'%s': %d", rows[i].s, targets_classify(rows[i].s));
}

static uint32_t
v4(const struct target_list *l, size_t i)
{
	assert_int_equal(l->v[i].af, AF_INET);
	return ntohl(l->v[i].a.v4.s_addr);
}

static void
test_targets_expand(void **state)
{
	struct target_list l = { 0 };
	struct errbuf eb;
	size_t n;

	(void)state;
	assert_int_equal(targets_expand("10.0.0.9", 10, &l, &n, &eb), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v4(&l, 0), 0x0a000009);
	target_list_free(&l);
	assert_int_equal(targets_expand("10.0.0.7/30", 10, &l, &n, &eb), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(v4(&l, 0), 0x0a000004); /* the host bits are cleared */
	assert_int_equal(v4(&l, 3), 0x0a000007);
	target_list_free(&l);
	assert_int_equal(targets_expand("10.0.0.7/32", 10, &l, &n, &eb), 0);
	assert_int_equal(v4(&l, 0), 0x0a000007);
	target_list_free(&l);
	assert_int_equal(targets_expand("10.0.0.1-3,7", 10, &l, &n, &eb), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(v4(&l, 2), 0x0a000003);
	assert_int_equal(v4(&l, 3), 0x0a000007);
	target_list_free(&l);
	assert_int_equal(targets_expand("10.0-1.*.1", 1000, &l, &n, &eb), 0);
	assert_int_equal(l.n, 512);
	assert_int_equal(v4(&l, 0), 0x0a000001);
	assert_int_equal(v4(&l, 1), 0x0a000101); /* last octet innermost */
	assert_int_equal(v4(&l, 511), 0x0a01ff01);
	target_list_free(&l);
	assert_int_equal(targets_expand("10.0.0.-2", 10, NULL, &n, &eb), 0);
	assert_int_equal(n, 3);
	assert_int_equal(targets_expand("10.0.0.250-", 10, NULL, &n, &eb), 0);
	assert_int_equal(n, 6);
	assert_int_equal(targets_expand("2001:db8::ff/126", 10, &l, &n, &eb), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[0].af, AF_INET6);
	assert_int_equal(l.v[0].a.v6.s6_addr[15], 0xfc);
	assert_int_equal(l.v[3].a.v6.s6_addr[15], 0xff);
	target_list_free(&l);
	assert_int_equal(targets_expand("::1", 10, &l, &n, &eb), 0);
	assert_int_equal(l.v[0].a.v6.s6_addr[15], 1);
	target_list_free(&l);
}

static void
test_targets_errors(void **state)
{
	static const char *const illegal[] = {
		"999.1.1.1", "10.0.0", "10.0.0.1.2", "10.0.0.5-3", "10.0.0.256-",
		"10.0.0.1,", "10..0.1", "10.0.0.0/24/2", "::1/64/1", "1:2:3",
	};
	struct target_list l = { 0 };
	struct errbuf eb;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(illegal) / sizeof(illegal[0]); i++) {
		memset(&eb, 0, sizeof(eb));
		if (targets_expand(illegal[i], 100, &l, &n, &eb) != ERR_INVALID)
			fail_msg("'%s' accepted", illegal[i]);
		assert_int_equal(l.n, 0);
	}
	assert_int_equal(targets_expand("10.0.0.0/0", 100, &l, &n, &eb), ERR_INVALID);
	assert_string_equal(eb.msg, "a /0 network would be the whole address space");
	assert_int_equal(targets_expand("::/0", 100, &l, &n, &eb), ERR_INVALID);
	assert_int_equal(targets_expand("10.0.0.0/33", 100, &l, &n, &eb), ERR_INVALID);
	assert_int_equal(targets_expand("10.0.0.0/8", 65536, &l, &n, &eb), ERR_LIMIT);
	assert_string_equal(eb.msg, "the network expands to more than 65536 addresses");
	assert_int_equal(targets_expand("10.*.*.*", 65536, &l, &n, &eb), ERR_LIMIT);
	assert_int_equal(targets_expand("2001:db8::/64", 65536, &l, &n, &eb), ERR_LIMIT);
	assert_int_equal(targets_expand("a.example", 10, &l, &n, &eb), ERR_UNSUPPORTED);
	assert_int_equal(l.n, 0);
	target_list_free(&l);
	target_list_free(NULL);
}

static void
test_targets_resolve(void **state)
{
	struct target_list l = { 0 };
	struct errbuf eb;

	(void)state;
	/* literals need no DNS */
	assert_int_equal(targets_resolve("127.0.0.1", AF_INET, 10, &l, &eb), 0);
	assert_int_equal(v4(&l, 0), 0x7f000001);
	target_list_free(&l);
	/* "localhost" comes from /etc/hosts */
	assert_int_equal(targets_resolve("localhost", AF_INET, 10, &l, &eb), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(v4(&l, 0) >> 24, 127);
	target_list_free(&l);
	assert_int_equal(targets_resolve("localhost/31", AF_INET, 10, &l, &eb), 0);
	assert_int_equal(l.n, 2);
	target_list_free(&l);
}

static void
test_mnemonics(void **state)
{
	static const uint32_t rfc[] = { 0, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15,
					16, 17, 18, 30 };
	uint32_t v;
	size_t i;

	(void)state;
	assert_int_equal(mn_icmp_type("Echo-Reply", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(mn_icmp_type("para-pro", &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(mn_icmp_type("member-pro", &v), ERR_INVALID);
	assert_int_equal(mn_icmp_type("tc", &v), 0);
	assert_int_equal(v, 30);
	assert_int_equal(mn_icmp_code("net?", &v), 0);
	assert_int_equal(v, 6);
	assert_int_equal(mn_icmp_code("cutoff", &v), 0);
	assert_int_equal(v, 15);
	assert_int_equal(mn_icmp_code("need-authorization", &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(mn_arp_op("INARP-REPLY", &v), 0);
	assert_int_equal(v, 9);
	assert_int_equal(mn_ether_type("pppoe-d", &v), 0);
	assert_int_equal(v, 0x8863);
	assert_int_equal(mn_ether_type("4", &v), 0);
	assert_int_equal(v, 0x0800);
	assert_int_equal(mn_ether_type("nope", &v), ERR_INVALID);
	for (v = 0, i = 0; v < 256; v++) {
		bool want = i < sizeof(rfc) / sizeof(rfc[0]) && rfc[i] == v;

		assert_int_equal(mn_icmp_type_rfc(v), want);
		i += want;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_parse_uint_rand_and_rng),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_parse_decimal_hex_mac),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_targets_classify),
		cmocka_unit_test(test_targets_expand),
		cmocka_unit_test(test_targets_errors),
		cmocka_unit_test(test_targets_resolve),
		cmocka_unit_test(test_mnemonics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
