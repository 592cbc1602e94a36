/* SPDX-License-Identifier: MIT */
/* Unit tests for output/progress.h: the line's text, and the writer's
 * pacing and erasing (through an in-memory FILE). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/progress.h"

#define S 1000000000ULL
#define MS 1000000ULL

static const char *
fmt(uint64_t sent, uint64_t total, uint64_t replies, uint64_t elapsed)
{
	static char buf[PROGRESS_LINE_MAX];
	struct progress_counts c = { sent, total, replies, elapsed };
	size_t n = progress_format(buf, sizeof(buf), &c);

	assert_int_equal(n, strlen(buf));
	return buf;
}

static void
test_format_total(void **state)
{
	(void)state;
	/* 1.126 s for 12345 probes: 87655 more take 7.995 s, shown as 8s. */
	assert_string_equal(fmt(12345, 100000, 1234, 1126 * MS),
		"npecho: 12345/100000 probes sent (12.3%), 1234 replies, ETA 8s");
	assert_string_equal(fmt(50, 100, 1, 4 * S),
		"npecho: 50/100 probes sent (50.0%), 1 reply, ETA 4s");
	/* Never 100.0% before the end. */
	assert_string_equal(fmt(99999, 100000, 0, 100 * S),
		"npecho: 99999/100000 probes sent (99.9%), 0 replies, ETA 1s");
	assert_string_equal(fmt(100000, 100000, 7, 100 * S),
		"npecho: 100000/100000 probes sent (100.0%), 7 replies, ETA 0s");
	assert_string_equal(fmt(0, 10, 0, 0),
		"npecho: 0/10 probes sent (0.0%), 0 replies, ETA ?");
	assert_string_equal(fmt(1, 10, 0, 0),
		"npecho: 1/10 probes sent (10.0%), 0 replies, ETA ?");
	/* 1 probe per 10 s, 400 left: 4000 s. */
	assert_string_equal(fmt(1, 401, 0, 10 * S),
		"npecho: 1/401 probes sent (0.2%), 0 replies, ETA 1h06m");
}

static void
test_format_endless(void **state)
{
	(void)state;
	assert_string_equal(fmt(12, 0, 3, 125 * S),
		"npecho: 12 probes sent, 3 replies, 2m05s elapsed");
	assert_string_equal(fmt(0, 0, 0, 0),
		"npecho: 0 probes sent, 0 replies, 0s elapsed");
}

static void
test_format_extremes(void **state)
{
	char small[10];
	struct progress_counts c = { 1, UINT64_MAX, UINT64_MAX, UINT64_MAX };
	size_t n;

	(void)state;
	/* Huge values: no overflow, a sane (clamped) ETA in hours. */
	assert_non_null(strstr(fmt(1, UINT64_MAX, 0, UINT64_MAX), "h"));
	assert_non_null(strstr(fmt(UINT64_MAX, UINT64_MAX, 0, S), "(100.0%)"));
	/* More sent than planned (never shown above 100%). */
	assert_non_null(strstr(fmt(12, 10, 0, S), "(100.0%)"));
	/* A short buffer is cut and terminated; the full length comes back. */
	n = progress_format(small, sizeof(small), &c);
	assert_true(n > sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, "npecho: 1", 9);
}

static void
test_durations(void **state)
{
	static const struct {
		uint64_t ns;
		const char *want;
	} cases[] = {
		{ 0, "0s" }, { 1, "1s" }, { S, "1s" }, { S + 1, "2s" },
		{ 59 * S, "59s" }, { 59 * S + 500 * MS, "1m00s" },
		{ 185 * S, "3m05s" }, { 3599 * S, "59m59s" },
		{ 3600 * S, "1h00m" }, { 7620 * S, "2h07m" },
		{ 100 * 3600 * S, "100h00m" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(progress_format_duration(buf, sizeof(buf),
							  cases[i].ns),
				 strlen(cases[i].want));
		assert_string_equal(buf, cases[i].want);
	}
}

static void
test_wanted(void **state)
{
	(void)state;
	/* Never without a terminal, whatever was asked. */
	assert_false(progress_wanted(-1, false, 0, false));
	assert_false(progress_wanted(1, false, 0, false));
	/* Auto: terminal, not -q, not --json. */
	assert_true(progress_wanted(-1, true, 0, false));
	assert_true(progress_wanted(-1, true, 3, false));
	assert_false(progress_wanted(-1, true, -1, false));
	assert_false(progress_wanted(-1, true, 0, true));
	/* --progress overrides -q and --json; --no-progress wins always. */
	assert_true(progress_wanted(1, true, -2, true));
	assert_false(progress_wanted(0, true, 0, false));
}

struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void
mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
}

static void
test_writer_pacing(void **state)
{
	struct mem m;
	struct progress *p;
	uint64_t t, start = 5 * S;
	int draws = 0;

	(void)state;
	mem_open(&m);
	p = progress_new(m.f, 1000, start);
	assert_non_null(p);
	/* Nothing during the first second. */
	assert_int_equal(progress_update(p, 1, 0, start), 0);
	assert_int_equal(progress_update(p, 1, 0, start + 999 * MS), 0);
	assert_int_equal(m.len, 0);
	assert_int_equal(progress_update(p, 100, 50, start + S), 1);
	assert_string_equal(m.buf, "\rnpecho: 100/1000 probes sent (10.0%), "
			    "50 replies, ETA 9s");
	assert_int_equal(progress_update(p, 101, 50, start + S + 99 * MS), 0);
	assert_int_equal(progress_update(p, 102, 50, start + S + 100 * MS), 1);
	/* Updates every millisecond for 10 s: at most 10 draws a second. */
	for (t = start + 2 * S; t < start + 12 * S; t += MS)
		draws += progress_update(p, 200, 60, t);
	assert_true(draws >= 99 && draws <= 100);
	assert_null(strchr(m.buf, '\n'));
	progress_free(p);
	fclose(m.f);
	free(m.buf);
}

static void
test_writer_clear(void **state)
{
	struct mem m;
	struct progress *p;
	const char *shortl, *end;
	size_t before, width;

	(void)state;
	mem_open(&m);
	p = progress_new(m.f, 0, 0);
	progress_clear(p); /* nothing shown yet: nothing written */
	fflush(m.f);
	assert_int_equal(m.len, 0);
	assert_int_equal(progress_update(p, 123456, 123456, 2 * S), 1);
	fflush(m.f);
	before = m.len; /* "\r" + the long line */
	width = before - 1;
	assert_int_equal(width, strlen("npecho: 123456 probes sent, "
				       "123456 replies, 2s elapsed"));
	/* A shorter line is padded to cover the longer one. */
	assert_int_equal(progress_update(p, 1, 0, 3 * S), 1);
	fflush(m.f);
	shortl = m.buf + before;
	assert_int_equal(m.len - before, before);
	assert_memory_equal(shortl, "\rnpecho: 1 probes sent, 0 replies, "
			    "3s elapsed ", 46);
	/* Clear: blanks over the whole width, cursor back at column 0. */
	before = m.len;
	progress_clear(p);
	fflush(m.f);
	end = m.buf + before;
	assert_int_equal(m.len - before, width + 2);
	assert_int_equal(end[0], '\r');
	assert_int_equal(end[m.len - before - 1], '\r');
	assert_int_equal(strspn(end + 1, " "), m.len - before - 2);
	/* Cleared once: a second clear and free write nothing more. */
	before = m.len;
	progress_clear(p);
	progress_free(p);
	fflush(m.f);
	assert_int_equal(m.len, before);
	assert_int_equal(progress_update(NULL, 1, 1, 10 * S), 0);
	progress_clear(NULL);
	progress_free(NULL);
	fclose(m.f);
	free(m.buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_total),
		cmocka_unit_test(test_format_endless),
		cmocka_unit_test(test_format_extremes),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_wanted),
		cmocka_unit_test(test_writer_pacing),
		cmocka_unit_test(test_writer_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
