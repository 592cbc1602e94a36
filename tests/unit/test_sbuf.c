/* SPDX-License-Identifier: MIT */
/*
 * output/sbuf.c: sb_printf's own formatting of %s %c %d %i %u %x %X (with
 * '-', '0', width, hh..j) gives what snprintf gives, byte for byte, for
 * every format the describers use and for values at the edges of each
 * type; truncation keeps counting like snprintf; the rest goes to
 * vsnprintf unchanged.  sb_fixed gives what "%.Nf" gives.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "output/sbuf.h"

/* The cases below mean to cut, to pass NULL to %s and to give '0' with
 * '-': what snprintf does then is what sb_printf must do. */
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wunknown-warning-option"

/* The same format and arguments through sb_printf and snprintf, into
 * buffers of cap bytes (cap 0: nothing written, only counted). */
#define SAME(cap, ...)                                                   \
	do {                                                             \
		char a_[256], b_[256];                                   \
		struct sbuf sb_;                                         \
		int n_;                                                  \
		memset(a_, 'A', sizeof(a_));                             \
		memset(b_, 'A', sizeof(b_));                             \
		sb_init(&sb_, a_, (cap));                                \
		sb_printf(&sb_, __VA_ARGS__);                            \
		n_ = snprintf(b_, (cap), __VA_ARGS__);                   \
		assert_int_equal(sb_.len, (size_t)n_);                   \
		assert_memory_equal(a_, b_, sizeof(a_));                 \
	} while (0)

static void
test_describer_formats(void **state)
{
	(void)state;
	SAME(256, "SENT (%s) %s [%s:%u > %s:%u %s seq=%lu win=%u]", "0.0410s",
	     "TCP", "10.77.1.1", 4321u, "10.77.1.2", 81u, "S", 4294967295ul,
	     1024u);
	SAME(256, "csum=0x%04X id=%u iplen=%u ", 0xd8a2u, 65535u, 28u);
	SAME(256, "%02x:%02x:%02x:%02x:%02x:%02x", 0, 0x1b, 0xff, 0xa, 1, 2);
	SAME(256, "%-20s|%5u|%-5u|%05x|%02i|%llu|%zu|%%|%c", "name", 7u, 7u,
	     0xabcu, 3, 18446744073709551615ull, (size_t)12, 'Z');
	SAME(256, "%d %d %d %i", 0, -1, INT_MIN, INT_MAX);
	SAME(256, "%05d|%-5d|%5d|%05d", -42, -42, -42, 42);
	SAME(256, "%ld %lld %jd %zd", LONG_MIN, LLONG_MIN, (intmax_t)-7,
	     (ssize_t)-9);
	SAME(256, "%hhu %hhd %hu %hd %hhx", 300, 200, 70000, 40000, 0x1ff);
	SAME(256, "%08lx %05lx %02lx %02llu %04zx", 0xdeadbeeful, 0x1ul,
	     0x123ul, 5ull, (size_t)0xbeef);
	SAME(256, "%s|%10s|%-10s|", "", "right", "left");
	SAME(256, "no conversions at all");
	SAME(256, "%s", (char *)NULL);
	SAME(256, "%-05d|%0-5d", 3, 4);
}

static void
test_truncation_counts(void **state)
{
	(void)state;
	SAME(1, "%s %u", "abcdef", 12345u);
	SAME(5, "%s %u", "abcdef", 12345u);
	SAME(8, "%08x", 0x1234u);
	SAME(9, "%-20s!", "cut");
	SAME(3, "%d", -12345);
}

/* sb_fmt is snprintf: same text, same return, same cut. */
static void
test_fmt_is_snprintf(void **state)
{
	char a[16], b[16];
	int na, nb;

	(void)state;
	memset(a, 'A', sizeof(a));
	memset(b, 'A', sizeof(b));
	na = sb_fmt(a, sizeof(a), "%u.%u.%u.%u", 192u, 168u, 100u, 255u);
	nb = snprintf(b, sizeof(b), "%u.%u.%u.%u", 192u, 168u, 100u, 255u);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, sizeof(a));
	na = sb_fmt(a, 5, "id=%u seq=%u %.1f", 7u, 9u, 0.25);
	nb = snprintf(b, 5, "id=%u seq=%u %.1f", 7u, 9u, 0.25);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, sizeof(a));
}

static void
test_appends(void **state)
{
	char a[64], b[64];
	struct sbuf sb;

	(void)state;
	sb_init(&sb, a, sizeof(a));
	sb_printf(&sb, "%s=", "ttl");
	sb_printf(&sb, "%u ", 64u);
	sb_puts(&sb, "id=");
	sb_printf(&sb, "%u", 9u);
	sb_putc(&sb, ']');
	snprintf(b, sizeof(b), "ttl=64 id=9]");
	assert_string_equal(a, b);
	assert_int_equal(sb.len, strlen(b));
	/* Full: len keeps counting, the text stays cut and terminated. */
	sb_init(&sb, a, 4);
	sb_printf(&sb, "%u", 123456u);
	sb_putc(&sb, 'x');
	assert_string_equal(a, "123");
	assert_int_equal(sb.len, 7);
}

static void
test_others_through_vsnprintf(void **state)
{
	(void)state;
	SAME(256, "(%.4fs) %.2f %.3f", 0.04105, 1.005, 2.0);
	SAME(256, "%*s|%.3s|%+d|%#x|%.17g", 6, "pad", "truncate", 5, 255u,
	     0.1);
	SAME(256, "%u %.4f %s", 5u, 0.5, "mixed");
}

/* Every value of a few shapes, against snprintf. */
static void
test_many_values(void **state)
{
	uint64_t v = 1;
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		v = v * 6364136223846793005ull + 1442695040888963407ull;
		SAME(256, "%u %x %X %05u %-7x| %d %lu %llx %hu %hhx",
		     (unsigned)v, (unsigned)(v >> 7), (unsigned)(v >> 13),
		     (unsigned)(v % 100000), (unsigned)(v >> 40),
		     (int)(v >> 3), (unsigned long)v,
		     (unsigned long long)(v >> 1), (unsigned)(v >> 48),
		     (unsigned)v);
		SAME(40, "%d %d", (int)v, (int)(v >> 32));
	}
}

/* sb_fixed against "%.Nf": ties on the exact binary value, times as the
 * lines carry them (ns / 1e9), wide ranges, the fallbacks. */
static void
fixed_same(double v, unsigned prec)
{
	char a[96], b[96];
	struct sbuf sb;
	int n;

	sb_init(&sb, a, sizeof(a));
	sb_fixed(&sb, v, prec);
	n = snprintf(b, sizeof(b), "%.*f", (int)prec, v);
	if (strcmp(a, b) != 0)
		fail_msg("%.17g with %u digits: sb_fixed '%s', printf '%s'", v,
			 prec, a, b);
	assert_int_equal(sb.len, (size_t)n);
}

static void
test_fixed(void **state)
{
	uint64_t x = 7;
	unsigned p;
	int i;

	(void)state;
	for (p = 0; p <= 10; p++) {
		fixed_same(0.0, p);
		fixed_same(0.5, p);
		fixed_same(1.5, p);
		fixed_same(2.5, p);
		fixed_same(0.03125, p);  /* a tie at 4 digits: to even */
		fixed_same(0.09375, p);
		fixed_same(0.04105, p);  /* just under the tie */
		fixed_same(99999.99995, p);
		fixed_same(9.99999999e14, p);
		fixed_same(1e-300, p);
		fixed_same(5e-324, p);
		fixed_same(-0.0, p);     /* vsnprintf: "-0.0000" */
		fixed_same(-1.25, p);
		fixed_same(1e300, p);
	}
	for (i = 0; i < 20000; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		fixed_same((double)(x >> 24) / 1e9, 4);     /* run times */
		fixed_same((double)(x >> 44) / 65536.0, 4); /* exact ties */
		fixed_same((double)(x >> 11) * 0x1p-53 * 1000.0,
			   (unsigned)(x % 10));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describer_formats),
		cmocka_unit_test(test_truncation_counts),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_fmt_is_snprintf),
		cmocka_unit_test(test_others_through_vsnprintf),
		cmocka_unit_test(test_many_values),
		cmocka_unit_test(test_fixed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
