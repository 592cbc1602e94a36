/* SPDX-License-Identifier: MIT */
/*
 * net/clock.h: the one place npecho reads the clocks.
 *
 * Every time inside npecho is CLOCK_MONOTONIC nanoseconds (schedules,
 * deadlines, RTTs, the output's times); the kernel stamps captured
 * packets with CLOCK_REALTIME, which clock_real_minus_mono() converts.
 */
#ifndef NPECHO_NET_CLOCK_H
#define NPECHO_NET_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC now, in nanoseconds. */
uint64_t clock_mono_ns(void);

/* CLOCK_REALTIME now, in nanoseconds since the epoch. */
uint64_t clock_real_ns(void);

/* CLOCK_REALTIME - CLOCK_MONOTONIC now, in nanoseconds: add it to a
 * monotonic time for the wall-clock one, subtract it from a capture
 * time stamp for the monotonic one. */
int64_t clock_real_minus_mono(void);

/* Sleeps until the monotonic time until_ns.  0, or -1 when a signal
 * interrupted the sleep. */
int clock_sleep_until(uint64_t until_ns);

#endif
