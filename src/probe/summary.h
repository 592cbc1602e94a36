/* SPDX-License-Identifier: MIT */
/*
 * summary.h: the summary block's numbers, filled the same way for every
 * probe mode (raw and echo client in run.c, TCP-Connect and
 * UDP-Unprivileged in connect.c), from the run's counters and its targets.
 */
#ifndef NPECHO_PROBE_SUMMARY_H
#define NPECHO_PROBE_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "output/stats.h"
#include "probe/probe.h"

/* What a run counted; borrowed by summary_fill(). */
struct summary_counts {
	enum stats_mode mode;
	int verbosity;
	uint64_t start_ns;         /* CLOCK_MONOTONIC, as the run's */
	uint64_t sent_pkts, sent_bytes, rcvd_pkts, rcvd_bytes;
	uint64_t first_tx_ns;      /* 0: nothing was sent */
	uint64_t tx_end_ns, rx_end_ns;
	const struct rtt_summary *rtt;
};

/*
 * Fills *s (zeroed first) from c and the n targets: counters, RTTs, Tx/Rx
 * times, elapsed time, targets done, and with more than one target a host
 * line each.  Returns the host array s->hosts points to (the caller frees
 * it after printing), NULL with one target or when out of memory (then the
 * per-host lines are left out, as before).
 */
struct host_summary *summary_fill(struct run_summary *s,
				  const struct summary_counts *c,
				  const struct probe_target *targets,
				  size_t n);

#endif
