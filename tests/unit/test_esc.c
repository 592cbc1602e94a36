/* SPDX-License-Identifier: MIT */
/*
 * util/esc.h: peer-supplied text comes out as one printable line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/esc.h"

static void
test_plain_text_unchanged(void **state)
{
	char out[ESC_ROOM(32)];

	(void)state;
	assert_int_equal(esc_text("too many sessions", 80, out, sizeof(out)),
			 17);
	assert_string_equal(out, "too many sessions");
}

static void
test_controls_escaped(void **state)
{
	/* A forged log line, a terminal title escape, a bell, DEL, high. */
	static const char in[] = "ok\n[1] Client #9 authenticated\x1b]0;pwned\x07"
				 "\r\x7f\xff\\";
	char out[ESC_ROOM(sizeof(in))];
	size_t i;

	(void)state;
	esc_text(in, sizeof(in), out, sizeof(out));
	assert_string_equal(out, "ok\\x0a[1] Client #9 authenticated"
			    "\\x1b]0;pwned\\x07\\x0d\\x7f\\xff\\\\");
	for (i = 0; out[i]; i++)
		assert_true(out[i] >= 0x20 && out[i] <= 0x7e);
}

static void
test_stops_at_nul_and_n(void **state)
{
	char out[16];

	(void)state;
	esc_text("abc\0def", 7, out, sizeof(out));
	assert_string_equal(out, "abc");
	esc_text("abcdef", 2, out, sizeof(out));
	assert_string_equal(out, "ab");
}

/* Every output size: NUL-terminated, within cap, and when cut, a prefix
 * of the whole escape that ends between two escapes, then "...". */
static void
test_cut_at_every_size(void **state)
{
	static const char in[] = "\x01\x02xy\x03";
	static const size_t between[] = { 0, 4, 8, 9, 10, 14 };
	char full[64], out[32];
	size_t cap, len, flen, j, keep;
	int ok;

	(void)state;
	flen = esc_text(in, sizeof(in), full, sizeof(full));
	assert_string_equal(full, "\\x01\\x02xy\\x03");
	for (cap = 1; cap < sizeof(out); cap++) {
		memset(out, 'Z', sizeof(out));
		len = esc_text(in, sizeof(in), out, cap);
		assert_true(len < cap);
		assert_int_equal(strlen(out), len);
		if (cap > flen) {
			assert_string_equal(out, full);
			continue;
		}
		keep = cap > 4 ? len - 3 : len;
		if (cap > 4)
			assert_string_equal(out + keep, "...");
		assert_memory_equal(out, full, keep);
		for (ok = 0, j = 0; j < sizeof(between) / sizeof(*between); j++)
			ok |= between[j] == keep;
		assert_true(ok);
	}
	assert_int_equal(esc_text(in, sizeof(in), out, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_controls_escaped),
		cmocka_unit_test(test_stops_at_nul_and_n),
		cmocka_unit_test(test_cut_at_every_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
