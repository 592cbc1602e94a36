/* SPDX-License-Identifier: MIT */
/*
 * client/audit.h: npecho --echo-client PASS --audit TARGET, the path
 * audit.
 *
 * A fixed battery of checks, each a table entry in audit.c: the probe
 * runs it needs (probe options, as on the command line), and a verdict
 * rule that compares each probe as it left with its echo (the probe as
 * the server captured it) and, for the reply checks, the server host's
 * reply as it left (reply echo) with the copy we received.  Every run is
 * an ordinary echo-client run (one NEP session each) on the probe
 * engine's public API; runs with the same probe options are shared by
 * their checks.  The answer is one table (output/audit.h).
 */
#ifndef NPECHO_CLIENT_AUDIT_H
#define NPECHO_CLIENT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "cli/config.h"

/*
 * Runs the audit against the echo server cfg->targets[0]; start_ns is the
 * CLOCK_MONOTONIC start of the process.  Returns 0 when every check ran
 * (whatever it found), EXIT_FAILURE_STATUS when no session could be made
 * (the first one-line error is on stderr), EXIT_USAGE for bad options,
 * EXIT_INTERRUPTED on SIGINT/SIGTERM.
 */
int echo_audit_run(const struct config *cfg, uint64_t start_ns);

/* The battery as data, for the unit tests: how many checks, check i's
 * name, family (0 both, 4 or 6 only), number of probe runs, and its
 * verdict on the records of its runs (run[k] NULL: the run was not made).
 */
struct audit_row;
struct ec_obs;
size_t audit_check_count(void);
const char *audit_check_name(size_t i);
int audit_check_family(size_t i);
int audit_check_runs(size_t i);
void audit_judge(size_t i, const struct ec_obs *const run[3], int v6,
		 struct audit_row *row);

#endif
