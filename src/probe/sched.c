/* SPDX-License-Identifier: MIT */
/*
 * sched.c: absolute-deadline scheduler (see sched.h).
 *
 * The interval is the fraction num/den ns: 1e12 / (pps * 1000) for rates
 * with at most three decimals (exact: 3 pps is 1e12/3000 ns, never
 * 333333333 ns), else picoseconds (1e12/pps rounded, den 1000).  Products
 * k * num and (now - t0) * den use 128-bit arithmetic.
 */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <time.h>

#include "net/clock.h"
#include "probe/sched.h"
#include "util/err.h"

typedef unsigned __int128 u128;

static uint64_t
real_now(void *arg)
{
	(void)arg;
	return clock_mono_ns();
}

static int
real_sleep(void *arg, uint64_t until)
{
	(void)arg;
	return clock_sleep_until(until);
}

static void
sched_reset(struct sched *s, uint64_t num, uint64_t den, uint64_t count)
{
	s->interval_num = num;
	s->interval_den = den ? den : 1;
	s->count = count;
	s->handed = 0;
	s->t0 = 0;
	s->window_ns = SCHED_BATCH_WINDOW_NS;
	s->max_batch = SCHED_MAX_BATCH;
	s->started = 0;
	s->now = real_now;
	s->sleep = real_sleep;
	s->clock_arg = NULL;
}

int
sched_init_rate(struct sched *s, double pps, uint64_t count)
{
	double milli, ps;

	if (isnan(pps) || pps < 0 || pps > SCHED_MAX_RATE)
		return ERR_INVALID;
	if (pps == 0) {
		sched_reset(s, 0, 1, count);
		return 0;
	}
	milli = pps * 1000;
	if (milli >= 1 && fabs(milli - nearbyint(milli)) < 1e-6) {
		sched_reset(s, 1000000000000ull, (uint64_t)llround(milli), count);
		return 0;
	}
	ps = 1e12 / pps;
	if (ps >= 1.8e19)
		return ERR_INVALID;
	sched_reset(s, (uint64_t)llround(ps), 1000, count);
	return 0;
}

int
sched_init_delay(struct sched *s, uint64_t delay_ns, uint64_t count)
{
	sched_reset(s, delay_ns, 1, count);
	return 0;
}

void
sched_set_clock(struct sched *s, sched_now_fn now, sched_sleep_fn sleep,
		void *arg)
{
	s->now = now ? now : real_now;
	s->sleep = sleep ? sleep : real_sleep;
	s->clock_arg = arg;
}

void
sched_set_batch(struct sched *s, unsigned max_batch, uint64_t window_ns)
{
	if (max_batch < 1)
		max_batch = 1;
	if (max_batch > SCHED_MAX_BATCH)
		max_batch = SCHED_MAX_BATCH;
	s->max_batch = max_batch;
	s->window_ns = window_ns;
}

void
sched_start(struct sched *s, uint64_t t0)
{
	s->t0 = t0;
	s->started = 1;
}

uint64_t
sched_deadline(const struct sched *s, uint64_t k)
{
	u128 off = (u128)k * s->interval_num / s->interval_den;

	if (off > UINT64_MAX - s->t0)
		return SCHED_NEVER;
	return s->t0 + (uint64_t)off;
}

int
sched_done(const struct sched *s)
{
	return s->count != 0 && s->handed >= s->count;
}

uint64_t
sched_handed(const struct sched *s)
{
	return s->handed;
}

/*
 * How many probes are due at `now`: the number of k >= 0 with
 * t0 + floor(k * num / den) <= now, i.e. k * num < (now - t0 + 1) * den,
 * which is ceil((now - t0 + 1) * den / num).  Saturates at UINT64_MAX.
 */
static uint64_t
due_total(const struct sched *s, uint64_t now)
{
	u128 lim, n;

	if (now < s->t0)
		return 0;
	lim = ((u128)(now - s->t0) + 1) * s->interval_den;
	n = (lim + s->interval_num - 1) / s->interval_num;
	return n > UINT64_MAX ? UINT64_MAX : (uint64_t)n;
}

static uint64_t
remaining(const struct sched *s)
{
	return s->count ? s->count - s->handed : UINT64_MAX;
}

unsigned
sched_next_batch(struct sched *s, uint64_t now, uint64_t *next_ns)
{
	uint64_t avail, rem, due;

	if (!s->started)
		sched_start(s, now);
	rem = remaining(s);
	if (rem == 0) {
		if (next_ns)
			*next_ns = SCHED_NEVER;
		return 0;
	}
	if (s->interval_num == 0) {
		avail = rem;
	} else {
		due = due_total(s, now);
		avail = due > s->handed ? due - s->handed : 0;
		if (avail > rem)
			avail = rem;
	}
	if (avail > s->max_batch)
		avail = s->max_batch;
	s->handed += avail;
	if (next_ns) {
		if (sched_done(s))
			*next_ns = SCHED_NEVER;
		else
			*next_ns = s->interval_num ? sched_deadline(s, s->handed)
						  : now;
	}
	return (unsigned)avail;
}

/* How many probes sched_wait tries to collect before it sends. */
static uint64_t
batch_target(const struct sched *s)
{
	u128 w = (u128)s->window_ns * s->interval_den / s->interval_num;
	uint64_t b = w > SCHED_MAX_BATCH ? SCHED_MAX_BATCH : (uint64_t)w;
	uint64_t rem = remaining(s);

	if (b < 1)
		b = 1;
	if (b > s->max_batch)
		b = s->max_batch;
	return b < rem ? b : rem;
}

/* How early to wake before a long sleep's deadline: min(spin, interval/8). */
static uint64_t
spin_margin(const struct sched *s)
{
	u128 eighth = (u128)s->interval_num / s->interval_den / 8;

	return eighth < SCHED_SPIN_NS ? (uint64_t)eighth : SCHED_SPIN_NS;
}

unsigned
sched_wait(struct sched *s)
{
	uint64_t now, target;
	unsigned n;

	for (;;) {
		now = s->now(s->clock_arg);
		if (!s->started)
			sched_start(s, now);
		if (sched_done(s))
			return 0;
		if (s->interval_num == 0)
			return sched_next_batch(s, now, NULL);
		target = sched_deadline(s, s->handed + batch_target(s) - 1);
		if (now >= target) {
			n = sched_next_batch(s, now, NULL);
			if (n > 0)
				return n;
			continue;
		}
		if (s->now != real_now) {
			if (s->sleep(s->clock_arg, target) < 0)
				return 0;
			continue;
		}
		/*
		 * Real clock: clock_nanosleep overshoots by the timer slack
		 * (~50 us), so short waits spin (yielding the CPU) and long
		 * ones sleep until a little before the deadline and spin the
		 * rest of the way.
		 */
		if (target - now < SCHED_SPIN_NS) {
			while (clock_mono_ns() < target)
				sched_yield();
		} else if (s->sleep(s->clock_arg, target - spin_margin(s)) < 0) {
			return 0;
		}
	}
}
