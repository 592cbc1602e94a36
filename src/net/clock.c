/* SPDX-License-Identifier: MIT */
/*
 * net/clock.c: the clocks (net/clock.h).
 */
#include <errno.h>
#include <time.h>

#include "net/clock.h"

#define NS 1000000000ull

static uint64_t
ns_of(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NS + (uint64_t)ts->tv_nsec;
}

uint64_t
clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ns_of(&ts);
}

uint64_t
clock_real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ns_of(&ts);
}

int64_t
clock_real_minus_mono(void)
{
	struct timespec m, w;

	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_REALTIME, &w);
	return ((int64_t)w.tv_sec - m.tv_sec) * (int64_t)NS +
	       (w.tv_nsec - m.tv_nsec);
}

int
clock_sleep_until(uint64_t until_ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(until_ns / NS);
	ts.tv_nsec = (long)(until_ns % NS);
	return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR ? -1 : 0;
}
