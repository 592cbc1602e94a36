/* SPDX-License-Identifier: MIT */
/*
 * util/grow.h: an array gets room for its first elements, doubles when
 * full, keeps what it held, and is left as it was when the next size
 * would overflow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "util/grow.h"

static void
test_doubles_and_keeps(void **state)
{
	uint32_t *v = NULL, *nv;
	size_t n, cap = 0;

	(void)state;
	for (n = 0; n < 1000; n++) {
		nv = grow_room(v, n, &cap, sizeof(*v), 16);
		assert_non_null(nv);
		v = nv;
		assert_true(cap > n);
		/* 16, 32, 64...: it grew only when full. */
		assert_int_equal(cap & (cap - 1), 0);
		assert_true(cap >= 16 && cap <= (n < 16 ? 16 : 2 * n));
		v[n] = (uint32_t)n * 7u;
	}
	assert_int_equal(cap, 1024);
	for (n = 0; n < 1000; n++)
		assert_int_equal(v[n], n * 7u);
	/* Room left: the same array back, no reallocation. */
	assert_ptr_equal(grow_room(v, 1000, &cap, sizeof(*v), 16), v);
	assert_int_equal(cap, 1024);
	free(v);
}

static void
test_overflow_leaves_it(void **state)
{
	uint8_t *v = malloc(4);
	size_t cap = SIZE_MAX / 2 + 1;

	(void)state;
	assert_non_null(v);
	v[3] = 0x5a;
	/* Doubling cap would wrap around. */
	assert_null(grow_room(v, cap, &cap, 1, 16));
	assert_int_equal(cap, SIZE_MAX / 2 + 1);
	/* Twice the room times 8 bytes is 2^64: it would wrap to a
	 * realloc of 0 bytes, which frees v. */
	cap = SIZE_MAX / 16 + 1;
	assert_null(grow_room(v, cap, &cap, 8, 16));
	assert_int_equal(cap, SIZE_MAX / 16 + 1);
	assert_int_equal(v[3], 0x5a); /* still the caller's */
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubles_and_keeps),
		cmocka_unit_test(test_overflow_leaves_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
