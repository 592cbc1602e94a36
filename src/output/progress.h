/* SPDX-License-Identifier: MIT */
/*
 * progress.h: a one-line progress indicator on stderr for long runs.
 *
 *   npecho: 12345/100000 probes sent (12.3%), 1234 replies, ETA 8s
 *
 * The line is redrawn in place ("\r"), at most every
 * PROGRESS_INTERVAL_NS (10 times a second), not before PROGRESS_DELAY_NS
 * into the run (short runs never show it), and erased by progress_clear()
 * / progress_free().  Anything else printed to the same terminal should
 * call progress_clear() first; the next progress_update() draws it again.
 *
 * progress_format() and progress_wanted() are pure; the writer is a thin
 * layer over a FILE * the caller owns.  Times are the caller's monotonic
 * nanoseconds.  Nothing here exits.
 */
#ifndef NPECHO_OUTPUT_PROGRESS_H
#define NPECHO_OUTPUT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRESS_INTERVAL_NS 100000000ULL /* >= 100 ms between redraws */
#define PROGRESS_DELAY_NS 1000000000ULL   /* first draw after 1 s */
#define PROGRESS_LINE_MAX 128

struct progress_counts {
	uint64_t sent;       /* probes sent so far */
	uint64_t total;      /* probes the run will send; 0 = no end (-c 0) */
	uint64_t replies;    /* replies received so far */
	uint64_t elapsed_ns; /* since the first probe */
};

/*
 * Writes the line (no "\r", no newline) into buf, always NUL-terminated
 * when cap > 0.  With a total: "npecho: S/T probes sent (P%), R replies,
 * ETA E"; P is rounded down to 0.1 %, E is "?" before anything was sent,
 * else the remaining time at the rate so far, rounded up: "8s", "3m05s",
 * "2h07m".  Without a total: "npecho: S probes sent, R replies, E
 * elapsed".  Returns the length snprintf() would have written.
 */
size_t progress_format(char *buf, size_t cap, const struct progress_counts *c);

/* Formats a duration the way the line does ("8s", "3m05s", "2h07m"). */
size_t progress_format_duration(char *buf, size_t cap, uint64_t ns);

/*
 * Whether to show the line.  setting is struct config's progress: -1 auto,
 * 0 --no-progress, 1 --progress.  Never when stderr is not a terminal
 * (stderr_tty is the caller's isatty(2)).  Auto: not with --json and not
 * at verbosity below 0 (-q).  --progress: whenever stderr is a terminal.
 */
bool progress_wanted(int setting, bool stderr_tty, int verbosity, bool json);

struct progress;

/*
 * A writer drawing on out (borrowed; stderr in the program) for a run of
 * total probes (0 = no end) started at start_ns.  NULL when out of memory.
 */
struct progress *progress_new(FILE *out, uint64_t total, uint64_t start_ns);

/*
 * Redraws the line if it is due (see above).  Returns 1 when it drew,
 * 0 when not.  p may be NULL (then 0): callers keep one code path whether
 * or not the indicator is wanted.
 */
int progress_update(struct progress *p, uint64_t sent, uint64_t replies,
		    uint64_t now_ns);

/* Erases the line if it is shown (blanks over it, cursor at column 0). */
void progress_clear(struct progress *p);

/* Clears the line and frees p.  NULL is a no-op. */
void progress_free(struct progress *p);

#endif
