/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for probe/sched: deadlines on a fake clock.  Nothing here
 * measures real time; bench/rate_accuracy.c does that.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "probe/sched.h"
#include "util/err.h"

#define T0 1000000000000ull /* an arbitrary clock origin: 1000 s */

struct fake_clock {
	uint64_t now;
	uint64_t late_max;  /* each sleep overshoots by up to this (ns) */
	uint32_t rng;
	unsigned sleeps;
	int interrupt_at;   /* sleep number that reports a signal, or -1 */
};

static uint64_t
fake_now(void *arg)
{
	return ((struct fake_clock *)arg)->now;
}

static int
fake_sleep(void *arg, uint64_t until)
{
	struct fake_clock *c = arg;
	uint64_t late = 0;

	c->sleeps++;
	if (c->interrupt_at >= 0 && c->sleeps == (unsigned)c->interrupt_at)
		return -1;
	if (c->late_max) {
		c->rng = c->rng * 1103515245u + 12345u;
		late = (c->rng >> 8) % (c->late_max + 1);
	}
	assert_true(until > c->now); /* never asked to sleep into the past */
	c->now = until + late;
	return 0;
}

static void
fake_setup(struct sched *s, struct fake_clock *c, uint64_t late_max)
{
	c->now = T0;
	c->late_max = late_max;
	c->rng = 12345;
	c->sleeps = 0;
	c->interrupt_at = -1;
	sched_set_clock(s, fake_now, fake_sleep, c);
}

static void
test_init_rejects_bad_rates(void **state)
{
	struct sched s;

	(void)state;
	assert_int_equal(sched_init_rate(&s, -1.0, 1), ERR_INVALID);
	assert_int_equal(sched_init_rate(&s, NAN, 1), ERR_INVALID);
	assert_int_equal(sched_init_rate(&s, 2e9, 1), ERR_INVALID);
	assert_int_equal(sched_init_rate(&s, 1e-9, 1), ERR_INVALID);
	assert_int_equal(sched_init_rate(&s, 0.0, 1), 0);
	assert_int_equal(s.interval_num, 0);
	assert_int_equal(sched_init_rate(&s, 1e6, 1), 0);
	sched_start(&s, 0);
	assert_int_equal(sched_deadline(&s, 7), 7000);
	/* a rate with many decimals falls back to picoseconds */
	assert_int_equal(sched_init_rate(&s, 1.0 / 3.0, 1), 0);
	sched_start(&s, 0);
	assert_int_equal(sched_deadline(&s, 1), 3000000000ull);
}

/* deadline(k) is t0 + floor(k * 1e9 / 3) exactly, even for huge k. */
static void
test_deadlines_exact_at_non_integer_interval(void **state)
{
	struct sched s;
	uint64_t k;

	(void)state;
	assert_int_equal(sched_init_rate(&s, 3.0, 0), 0);
	sched_start(&s, T0);
	for (k = 0; k < 3000000; k += 7)
		assert_int_equal(sched_deadline(&s, k), T0 + k * 1000000000ull / 3);
	/* one day at 3 pps: still exact to the nanosecond */
	k = 3ull * 86400;
	assert_int_equal(sched_deadline(&s, k), T0 + 86400ull * 1000000000ull);
	/* 2.5 pps: 400 ms */
	assert_int_equal(sched_init_rate(&s, 2.5, 0), 0);
	sched_start(&s, T0);
	assert_int_equal(sched_deadline(&s, 5), T0 + 2000000000ull);
}

static void
test_next_batch_boundaries(void **state)
{
	struct sched s;
	uint64_t next;

	(void)state;
	sched_init_delay(&s, 1000, 3); /* 1 us */
	sched_start(&s, T0);
	assert_int_equal(sched_next_batch(&s, T0 - 1, &next), 0);
	assert_int_equal(next, T0);
	assert_int_equal(sched_next_batch(&s, T0, &next), 1);
	assert_int_equal(next, T0 + 1000);
	assert_int_equal(sched_next_batch(&s, T0 + 999, &next), 0);
	assert_int_equal(next, T0 + 1000);
	/* 5 us late: only the 2 remaining probes come out */
	assert_int_equal(sched_next_batch(&s, T0 + 5000, &next), 2);
	assert_int_equal(next, SCHED_NEVER);
	assert_true(sched_done(&s));
	assert_int_equal(sched_next_batch(&s, T0 + 9000, &next), 0);
	assert_int_equal(next, SCHED_NEVER);
}

/*
 * Late wake-ups (up to 3 intervals) must not add up: every probe is handed
 * out at or after its own deadline, never early, everything due is handed
 * out at each wake-up, and the last probe leaves at most one lateness after
 * its deadline, whatever the count.
 */
static void
test_no_drift_with_late_wakeups(void **state)
{
	struct sched s;
	struct fake_clock c;
	uint64_t total = 0, n, k;
	const uint64_t count = 20000, interval = 1000000; /* 1000 pps */

	(void)state;
	assert_int_equal(sched_init_rate(&s, 1000.0, count), 0);
	fake_setup(&s, &c, 3 * interval);
	while ((n = sched_wait(&s)) > 0) {
		for (k = total; k < total + n; k++)
			assert_true(sched_deadline(&s, k) <= c.now);
		total += n;
		/* nothing due is held back (batches are not capped here) */
		if (total < count)
			assert_true(sched_deadline(&s, total) > c.now);
	}
	assert_int_equal(total, count);
	assert_true(sched_done(&s));
	assert_true(c.now >= T0 + (count - 1) * interval);
	assert_true(c.now <= T0 + (count - 1) * interval + 3 * interval);
}

/* 1M pps: each wake-up collects one 50 us window = 50 probes. */
static void
test_high_rate_batches_fill_window(void **state)
{
	struct sched s;
	struct fake_clock c;
	unsigned n, calls = 0;
	uint64_t total = 0;

	(void)state;
	assert_int_equal(sched_init_rate(&s, 1e6, 1000), 0);
	fake_setup(&s, &c, 0);
	while ((n = sched_wait(&s)) > 0) {
		calls++;
		total += n;
		assert_int_equal(n, 50);
		/* the batch leaves at the deadline of its last probe */
		assert_int_equal(c.now, T0 + (total - 1) * 1000);
	}
	assert_int_equal(total, 1000);
	assert_int_equal(calls, 20);
}

/* A 1 ms stall at 1M pps: capped batches of 64 until caught up. */
static void
test_catch_up_is_capped(void **state)
{
	struct sched s;
	uint64_t next;
	unsigned n;

	(void)state;
	assert_int_equal(sched_init_rate(&s, 1e6, 0), 0);
	sched_start(&s, T0);
	/* at T0 + 1 ms, probes 0..1000 are due: 1001 of them */
	for (n = 0; n < 1001 / 64; n++)
		assert_int_equal(sched_next_batch(&s, T0 + 1000000, &next), 64);
	assert_int_equal(sched_next_batch(&s, T0 + 1000000, &next),
			 1001 % 64);
	assert_int_equal(sched_next_batch(&s, T0 + 1000000, &next), 0);
	assert_int_equal(next, T0 + 1001000);
	assert_int_equal(sched_handed(&s), 1001);
}

static void
test_flood_and_batch_size(void **state)
{
	struct sched s;
	struct fake_clock c;

	(void)state;
	assert_int_equal(sched_init_rate(&s, 0, 100), 0);
	fake_setup(&s, &c, 0);
	assert_int_equal(sched_wait(&s), 64);
	assert_int_equal(sched_wait(&s), 36);
	assert_int_equal(sched_wait(&s), 0);
	assert_int_equal(c.sleeps, 0);
	assert_int_equal(c.now, T0);

	assert_int_equal(sched_init_rate(&s, 0, 10), 0);
	fake_setup(&s, &c, 0);
	sched_set_batch(&s, 4, 0);
	assert_int_equal(sched_wait(&s), 4);
	assert_int_equal(sched_wait(&s), 4);
	assert_int_equal(sched_wait(&s), 2);
	sched_set_batch(&s, 1000, 0);
	assert_int_equal(s.max_batch, SCHED_MAX_BATCH);
}

/* Low rate, no window: one probe per wake-up, each exactly on time. */
static void
test_low_rate_one_per_wakeup(void **state)
{
	struct sched s;
	struct fake_clock c;
	unsigned k;

	(void)state;
	assert_int_equal(sched_init_delay(&s, 250000000, 5), 0);
	fake_setup(&s, &c, 0);
	for (k = 0; k < 5; k++) {
		assert_int_equal(sched_wait(&s), 1);
		assert_int_equal(c.now, T0 + k * 250000000ull);
	}
	assert_int_equal(sched_wait(&s), 0);
	assert_int_equal(c.sleeps, 4);
}

static void
test_interrupted_sleep_returns_zero(void **state)
{
	struct sched s;
	struct fake_clock c;

	(void)state;
	sched_init_rate(&s, 1.0, 3);
	fake_setup(&s, &c, 0);
	c.interrupt_at = 1;
	assert_int_equal(sched_wait(&s), 1);
	assert_int_equal(sched_wait(&s), 0);
	assert_false(sched_done(&s));
	assert_int_equal(sched_wait(&s), 1);
	assert_int_equal(c.now, T0 + 1000000000ull);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rejects_bad_rates),
		cmocka_unit_test(test_deadlines_exact_at_non_integer_interval),
		cmocka_unit_test(test_next_batch_boundaries),
		cmocka_unit_test(test_no_drift_with_late_wakeups),
		cmocka_unit_test(test_high_rate_batches_fill_window),
		cmocka_unit_test(test_catch_up_is_capped),
		cmocka_unit_test(test_flood_and_batch_size),
		cmocka_unit_test(test_low_rate_one_per_wakeup),
		cmocka_unit_test(test_interrupted_sleep_returns_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
