/* SPDX-License-Identifier: MIT */
/*
 * server/admit.h and the session table's per-network limit: the
 * handshake pool makes room by closing the idlest connection (of the
 * crowded source first), the handshake rate lets a burst through then
 * one per interval, gives tokens back on success, and never forgets
 * more than its memory holds.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "server/admit.h"
#include "server/table.h"

#define SEC 1000000000ull

static struct srv_addr
ip(const char *s)
{
	struct srv_addr a;

	memset(&a, 0, sizeof(a));
	if (strchr(s, ':')) {
		a.af = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, s, a.ip), 1);
	} else {
		a.af = AF_INET;
		assert_int_equal(inet_pton(AF_INET, s, a.ip), 1);
	}
	return a;
}

static void
test_nets_and_sources(void **state)
{
	struct srv_addr a = ip("10.1.2.3"), b = ip("10.1.2.200"), n, m;
	struct srv_addr x = ip("fd00:1:2:3:aaaa::1"), y = ip("fd00:1:2:3::9");
	struct srv_addr z = ip("fd00:1:2:4::1");

	(void)state;
	srv_addr_net(&a, 24, 64, &n);
	srv_addr_net(&b, 24, 64, &m);
	assert_true(srv_addr_eq(&n, &m));
	assert_true(srv_addr_eq(&n, &(struct srv_addr){ 0 }) == 0);
	assert_memory_equal(n.ip, "\x0a\x01\x02\x00", 4);
	srv_addr_net(&a, 20, 64, &n); /* a bit boundary inside a byte */
	assert_memory_equal(n.ip, "\x0a\x01\x00\x00", 4);
	srv_addr_net(&a, 0, 0, &n);
	assert_memory_equal(n.ip, "\0\0\0\0", 4);
	/* sources: IPv4 address, IPv6 /64 */
	srv_src_of(&a, &n);
	srv_src_of(&b, &m);
	assert_false(srv_addr_eq(&n, &m));
	srv_src_of(&x, &n);
	srv_src_of(&y, &m);
	assert_true(srv_addr_eq(&n, &m));
	srv_src_of(&z, &m);
	assert_false(srv_addr_eq(&n, &m));
}

static void
test_table_per_net(void **state)
{
	struct srv_table t;
	struct srv_addr a = ip("10.1.2.3"), b = ip("10.1.2.4");
	struct srv_addr c = ip("10.1.2.5"), d = ip("10.1.3.5");
	const char *why = NULL;
	int i0;

	(void)state;
	assert_int_equal(srv_table_init(&t, 8, 4), 0);
	t.per_net = 2;
	i0 = srv_table_add(&t, &a, &t, &why);
	assert_true(i0 >= 0);
	assert_true(srv_table_add(&t, &b, &t, &why) >= 0);
	assert_int_equal(srv_table_count_net(&t, &c), 2);
	assert_int_equal(srv_table_add(&t, &c, &t, &why), ERR_LIMIT);
	assert_string_equal(why, "too many sessions from this network");
	assert_true(srv_table_add(&t, &d, &t, &why) >= 0); /* other /24 */
	srv_table_remove(&t, i0);
	assert_true(srv_table_add(&t, &c, &t, &why) >= 0);
	srv_table_fini(&t);
}

struct owner {
	uint64_t last;
};

static void
test_pool_evicts_idlest_of_crowded_source(void **state)
{
	struct srv_pool p;
	struct owner o[8];
	struct srv_addr evil = ip("10.0.0.66"), good = ip("10.0.0.7");
	const char *why = NULL;
	size_t i;

	(void)state;
	assert_int_equal(srv_pool_init(&p, 0, 1), ERR_INVALID);
	assert_int_equal(srv_pool_init(&p, 4, 5), ERR_INVALID);
	assert_int_equal(srv_pool_init(&p, 6, 3), 0);
	/* evil holds its share of 3: ages 10, 5 (talked recently), 20 */
	o[0].last = 10;
	o[1].last = 50;
	o[2].last = 20;
	for (i = 0; i < 3; i++) {
		assert_null(srv_pool_victim(&p, &evil, &why));
		assert_int_equal(srv_pool_add(&p, &evil, &o[i], &o[i].last), 0);
	}
	assert_int_equal(srv_pool_add(&p, &evil, &o[3], &o[3].last),
			 ERR_LIMIT);
	/* a fourth from evil: evil's idlest goes, not the one talking */
	assert_ptr_equal(srv_pool_victim(&p, &evil, &why), &o[0]);
	assert_non_null(strstr(why, "this address"));
	/* another source has room of its own */
	assert_null(srv_pool_victim(&p, &good, &why));
	o[4].last = 1; /* idler than anything of evil's */
	assert_int_equal(srv_pool_add(&p, &good, &o[4], &o[4].last), 0);
	assert_ptr_equal(srv_pool_victim(&p, &evil, &why), &o[0]);
	assert_int_equal(srv_pool_remove(&p, &o[0]), 1);
	assert_int_equal(srv_pool_remove(&p, &o[0]), 0);
	assert_int_equal(srv_pool_count_src(&p, &evil), 2);
	srv_pool_fini(&p);
	srv_pool_fini(&p);
}

static void
test_pool_full_evicts_idlest_of_all(void **state)
{
	struct srv_pool p;
	struct owner o[5];
	struct srv_addr s[5] = { ip("10.0.0.1"), ip("10.0.0.2"),
				 ip("10.0.0.3"), ip("10.0.0.4"),
				 ip("10.0.0.5") };
	const char *why = NULL;
	size_t i;

	(void)state;
	assert_int_equal(srv_pool_init(&p, 4, 2), 0);
	for (i = 0; i < 4; i++) {
		o[i].last = 100 - i * 10; /* o[3] is the idlest */
		assert_int_equal(srv_pool_add(&p, &s[i], &o[i], &o[i].last),
				 0);
	}
	assert_ptr_equal(srv_pool_victim(&p, &s[4], &why), &o[3]);
	assert_non_null(strstr(why, "too many handshakes"));
	/* the idle one talks: now o[2] is the idlest */
	o[3].last = 200;
	assert_ptr_equal(srv_pool_victim(&p, &s[4], &why), &o[2]);
	srv_pool_remove(&p, &o[2]);
	o[4].last = 300;
	assert_null(srv_pool_victim(&p, &s[4], &why));
	assert_int_equal(srv_pool_add(&p, &s[4], &o[4], &o[4].last), 0);
	srv_pool_fini(&p);
}

static void
test_rate_burst_then_interval(void **state)
{
	struct srv_hsrate r;
	struct srv_addr a = ip("192.0.2.1"), b = ip("192.0.2.2");
	uint64_t t = 1000 * SEC;
	int i, n;

	(void)state;
	assert_int_equal(srv_hsrate_init(&r, 0, 1), ERR_INVALID);
	assert_int_equal(srv_hsrate_init(&r, 10, 20), 0);
	for (n = 0, i = 0; i < 100; i++)
		n += srv_hsrate_take(&r, &a, t);
	assert_int_equal(n, 20);          /* the burst */
	assert_int_equal(srv_hsrate_take(&r, &b, t), 1); /* b is apart */
	/* one per 100 ms afterwards */
	assert_int_equal(srv_hsrate_take(&r, &a, t + SEC / 20), 0);
	assert_int_equal(srv_hsrate_take(&r, &a, t + SEC / 10), 1);
	assert_int_equal(srv_hsrate_take(&r, &a, t + SEC / 10), 0);
	/* a handshake that authenticated gives its token back */
	srv_hsrate_give(&r, &a, t + SEC / 10);
	assert_int_equal(srv_hsrate_take(&r, &a, t + SEC / 10), 1);
	/* quiet for the burst's length: a full burst again */
	for (n = 0, i = 0; i < 100; i++)
		n += srv_hsrate_take(&r, &a, t + 10 * SEC);
	assert_int_equal(n, 20);
	srv_hsrate_fini(&r);
	srv_hsrate_fini(&r);
}

/* Thousands of sources: memory stays fixed, and a source that is being
 * refused but keeps trying is not the one forgotten. */
static void
test_rate_many_sources(void **state)
{
	struct srv_hsrate r;
	struct srv_addr busy = ip("198.51.100.1"), a = ip("203.0.113.0");
	uint64_t t = 5 * SEC;
	int i, n = 0;

	/* A nanosecond per attempt: nobody's burst is whole again. */

	(void)state;
	assert_int_equal(srv_hsrate_init(&r, 1, 1), 0);
	assert_int_equal(srv_hsrate_take(&r, &busy, t), 1);
	for (i = 0; i < 3 * SRV_HSRATE_SLOTS; i++) {
		a.ip[2] = (uint8_t)(i >> 8);
		a.ip[3] = (uint8_t)i;
		n += srv_hsrate_take(&r, &a, ++t);
		/* busy keeps trying: the freshest of its set, never reset */
		if (i % 16 == 0)
			assert_int_equal(srv_hsrate_take(&r, &busy, ++t), 0);
	}
	assert_int_equal(n, 3 * SRV_HSRATE_SLOTS);
	srv_hsrate_fini(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nets_and_sources),
		cmocka_unit_test(test_table_per_net),
		cmocka_unit_test(test_pool_evicts_idlest_of_crowded_source),
		cmocka_unit_test(test_pool_full_evicts_idlest_of_all),
		cmocka_unit_test(test_rate_burst_then_interval),
		cmocka_unit_test(test_rate_many_sources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
