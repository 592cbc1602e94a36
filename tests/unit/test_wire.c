/* SPDX-License-Identifier: MIT */
/* Unit tests for util/wire.h: reads fail closed at every length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/wire.h"

static void
test_reads_fail_closed(void **state)
{
	const uint8_t buf[7] = { 1, 2, 3, 4, 5, 6, 7 };
	size_t cut;

	(void)state;
	for (cut = 0; cut <= sizeof(buf); cut++) {
		struct rd r;
		uint8_t a;
		uint16_t b;
		uint32_t c;
		int ok;

		rd_init(&r, buf, cut);
		ok = rd_u8(&r, &a) == 0 && rd_u16(&r, &b) == 0 &&
		     rd_u32(&r, &c) == 0;
		assert_int_equal(ok, cut == 7);
		assert_true(r.off <= cut);
		if (ok) {
			assert_int_equal(a, 1);
			assert_int_equal(b, 0x0203);
			assert_int_equal(c, 0x04050607);
		}
	}
}

static void
test_writes_fail_closed(void **state)
{
	uint8_t buf[5];
	struct wr w;

	(void)state;
	wr_init(&w, buf, sizeof(buf));
	assert_int_equal(wr_u32(&w, 0xdeadbeef), 0);
	assert_int_equal(wr_u16(&w, 1), ERR_NOSPACE);
	assert_int_equal(wr_u8(&w, 9), 0);
	assert_int_equal(wr_u8(&w, 9), ERR_NOSPACE);
	assert_int_equal(w.len, 5);
	assert_int_equal(get_be32(buf), 0xdeadbeef);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_fail_closed),
		cmocka_unit_test(test_writes_fail_closed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
