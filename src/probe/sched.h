/* SPDX-License-Identifier: MIT */
/*
 * sched.h: exact-rate probe scheduling on absolute deadlines.
 *
 * Probe k (counted from 0) is due at
 *
 *     deadline(k) = t0 + k * interval
 *
 * with t0 taken once, when the schedule starts, and interval kept as an
 * exact fraction num/den ns so that rates like 3 pps (1e9/3 ns) do not round
 * away: deadlines never drift, however late any single wake-up is.  Late
 * wake-ups turn into batches (several probes due at once), so the average
 * rate is exact as long as the sender keeps up.
 *
 * All times are nanoseconds on CLOCK_MONOTONIC.  The clock and the sleep are
 * injectable (sched_set_clock) so unit tests can run on a fake clock.
 *
 * Usage (blocking):
 *     struct sched s;
 *     sched_init_rate(&s, 1000.0, 5000);
 *     while ((n = sched_wait(&s)) > 0)
 *             send n probes;
 *
 * Usage (event loop): call sched_next_batch(&s, now, &next) from a timer;
 * it hands out the probes due at `now` and gives the next deadline to arm
 * the timer with.
 *
 * A struct sched owns nothing; it needs no cleanup.
 */
#ifndef NPECHO_PROBE_SCHED_H
#define NPECHO_PROBE_SCHED_H

#include <stdint.h>

#define SCHED_MAX_BATCH 64        /* default and upper bound of a batch */
#define SCHED_BATCH_WINDOW_NS 50000 /* collect up to this much time per batch */
#define SCHED_SPIN_NS 50000       /* intervals below this spin, not sleep */
#define SCHED_MAX_RATE 1e9        /* pps; above it, use 0 (flood) */
#define SCHED_NEVER UINT64_MAX

/* Returns the current time in ns (CLOCK_MONOTONIC for the real one). */
typedef uint64_t (*sched_now_fn)(void *arg);
/*
 * Sleeps until the absolute time `until` (ns) or a little later.  Returns 0,
 * or -1 when a signal cut the sleep short (sched_wait then returns 0).
 */
typedef int (*sched_sleep_fn)(void *arg, uint64_t until);

struct sched {
	uint64_t interval_num; /* interval = num / den ns; num 0: flood */
	uint64_t interval_den;
	uint64_t count;       /* probes in total; 0: unlimited */
	uint64_t handed;      /* probes handed out so far (next k) */
	uint64_t t0;          /* ns; deadline of probe 0 */
	uint64_t window_ns;   /* batch collection window */
	unsigned max_batch;   /* 1..SCHED_MAX_BATCH */
	int started;
	sched_now_fn now;
	sched_sleep_fn sleep;
	void *clock_arg;
};

/*
 * Initialise for `pps` probes per second (0 = flood: every call hands out a
 * full batch) and `count` probes in total (0 = unlimited).  Uses the real
 * clock.  Returns 0, or ERR_INVALID for a negative, NaN or > SCHED_MAX_RATE
 * rate, or a rate so low that the interval does not fit (< 1e-6 pps).
 */
int sched_init_rate(struct sched *s, double pps, uint64_t count);

/* Same with a fixed gap between probes in ns (0 = flood).  Always 0. */
int sched_init_delay(struct sched *s, uint64_t delay_ns, uint64_t count);

/* Replace the clock and the sleep (for tests); NULL restores the real one. */
void sched_set_clock(struct sched *s, sched_now_fn now, sched_sleep_fn sleep,
		     void *arg);

/*
 * Batch shaping: at most max_batch (1..SCHED_MAX_BATCH, clamped) probes per
 * batch; at high rates sched_wait waits until window_ns worth of probes are
 * due and sends them together (each probe still leaves at or after its own
 * deadline, at most window_ns late).  window_ns 0 = send each probe as soon
 * as it is due.
 */
void sched_set_batch(struct sched *s, unsigned max_batch, uint64_t window_ns);

/* Fix t0 explicitly; otherwise the first sched_next_batch/wait sets t0=now. */
void sched_start(struct sched *s, uint64_t t0);

/* Deadline of probe k in ns (t0 + k*interval); valid after start. */
uint64_t sched_deadline(const struct sched *s, uint64_t k);

/* 1 when every probe has been handed out (never for count 0). */
int sched_done(const struct sched *s);

/* Probes handed out so far. */
uint64_t sched_handed(const struct sched *s);

/*
 * Non-blocking: hand out the probes due at `now` (at most max_batch) and
 * return how many.  When it returns 0, *next_ns (if not NULL) is the time
 * at which the next probe is due, or SCHED_NEVER when the schedule is done.
 * When it returns n > 0, *next_ns is the deadline of the probe after them.
 */
unsigned sched_next_batch(struct sched *s, uint64_t now, uint64_t *next_ns);

/*
 * Blocking: wait (clock_nanosleep TIMER_ABSTIME, or spinning with
 * sched_yield for intervals under SCHED_SPIN_NS) until a batch is due, hand
 * it out and return its size.  Returns 0 when the schedule is done, or when
 * a signal interrupted the sleep (sched_done() tells them apart), so the
 * caller can check its stop flag even at 1 probe per hour.
 */
unsigned sched_wait(struct sched *s);

#endif
