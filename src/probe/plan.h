/* SPDX-License-Identifier: MIT */
/*
 * plan.h: the set-up every probe mode shares (raw runs in run.c,
 * TCP-Connect and UDP-Unprivileged in connect.c): the target list from the
 * command line, each target's socket address, and the send schedule.
 */
#ifndef NPECHO_PROBE_PLAN_H
#define NPECHO_PROBE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "cli/config.h"
#include "probe/probe.h"
#include "probe/sched.h"
#include "util/err.h"

/*
 * Resolves every target of cfg (names through targets_resolve()) and
 * appends one zeroed struct probe_target per address to *v / *n (af, addr,
 * ip, name when given as a name).  0; ERR_INVALID with eb set for an
 * unresolvable name, an address of the other family or no target at all;
 * ERR_NOMEM.  On failure *v / *n hold what was appended (the caller frees
 * them and their names as on success).
 */
int plan_targets(const struct config *cfg, struct probe_target **v,
		 size_t *n, struct errbuf *eb);

/* Fills tg->sa / tg->salen from tg->af, tg->addr (and tg->ifindex as the
 * IPv6 scope). */
void plan_target_sockaddr(struct probe_target *tg);

/* Initialises s for total probes from --flood, --rate or --delay.  0, or
 * ERR_INVALID with eb set when the rate is out of range. */
int plan_sched(struct sched *s, const struct config *cfg, uint64_t total,
	       struct errbuf *eb);

#endif
