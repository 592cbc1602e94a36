/* SPDX-License-Identifier: MIT */
/* progress.c: the progress line (pure formatting, then a thin writer). */
#include <stdlib.h>
#include <string.h>

#include "output/progress.h"

#define NS_PER_S 1000000000ULL

struct progress {
	FILE *out;
	uint64_t total;
	uint64_t start_ns;
	uint64_t last_ns;
	size_t shown;   /* length of the line on screen, 0 when none */
};

size_t
progress_format_duration(char *buf, size_t cap, uint64_t ns)
{
	uint64_t s = ns / NS_PER_S + (ns % NS_PER_S != 0);
	int n;

	if (s < 60)
		n = snprintf(buf, cap, "%llus", (unsigned long long)s);
	else if (s < 3600)
		n = snprintf(buf, cap, "%llum%02llus",
			     (unsigned long long)(s / 60),
			     (unsigned long long)(s % 60));
	else
		n = snprintf(buf, cap, "%lluh%02llum",
			     (unsigned long long)(s / 3600),
			     (unsigned long long)(s / 60 % 60));
	return n < 0 ? 0 : (size_t)n;
}

/* Remaining time at the average rate so far; "?" when there is none. */
static void
eta(char *buf, size_t cap, const struct progress_counts *c)
{
	long double left;

	if (c->sent >= c->total) {
		snprintf(buf, cap, "0s");
		return;
	}
	if (c->sent == 0 || c->elapsed_ns == 0) {
		snprintf(buf, cap, "?");
		return;
	}
	left = (long double)c->elapsed_ns * (long double)(c->total - c->sent) /
	       (long double)c->sent;
	if (left > 1e18L) /* centuries: keep the arithmetic in range */
		left = 1e18L;
	progress_format_duration(buf, cap, (uint64_t)left);
}

size_t
progress_format(char *buf, size_t cap, const struct progress_counts *c)
{
	const char *rw = c->replies == 1 ? "reply" : "replies";
	char t[32];
	int n;

	if (c->total == 0) {
		progress_format_duration(t, sizeof(t), c->elapsed_ns);
		n = snprintf(buf, cap, "npecho: %llu probes sent, %llu %s, "
			     "%s elapsed", (unsigned long long)c->sent,
			     (unsigned long long)c->replies, rw, t);
	} else {
		/* Per mille, rounded down: 100.0% only when really done. */
		uint64_t s = c->sent > c->total ? c->total : c->sent;
		uint64_t pm = (uint64_t)((long double)s * 1000 / c->total);

		eta(t, sizeof(t), c);
		n = snprintf(buf, cap, "npecho: %llu/%llu probes sent "
			     "(%llu.%llu%%), %llu %s, ETA %s",
			     (unsigned long long)c->sent,
			     (unsigned long long)c->total,
			     (unsigned long long)(pm / 10),
			     (unsigned long long)(pm % 10),
			     (unsigned long long)c->replies, rw, t);
	}
	return n < 0 ? 0 : (size_t)n;
}

bool
progress_wanted(int setting, bool stderr_tty, int verbosity, bool json)
{
	if (!stderr_tty || setting == 0)
		return false;
	if (setting > 0)
		return true;
	return !json && verbosity >= 0;
}

struct progress *
progress_new(FILE *out, uint64_t total, uint64_t start_ns)
{
	struct progress *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->out = out;
	p->total = total;
	p->start_ns = start_ns;
	return p;
}

int
progress_update(struct progress *p, uint64_t sent, uint64_t replies,
		uint64_t now_ns)
{
	struct progress_counts c;
	char line[PROGRESS_LINE_MAX];
	size_t n;

	if (!p || now_ns < p->start_ns + PROGRESS_DELAY_NS)
		return 0;
	if (p->shown && now_ns < p->last_ns + PROGRESS_INTERVAL_NS)
		return 0;
	c.sent = sent;
	c.total = p->total;
	c.replies = replies;
	c.elapsed_ns = now_ns - p->start_ns;
	n = progress_format(line, sizeof(line), &c);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	/* Blanks cover what is left of a longer previous line. */
	fprintf(p->out, "\r%s%*s", line,
		p->shown > n ? (int)(p->shown - n) : 0, "");
	fflush(p->out);
	p->shown = n > p->shown ? n : p->shown;
	p->last_ns = now_ns;
	return 1;
}

void
progress_clear(struct progress *p)
{
	if (!p || !p->shown)
		return;
	fprintf(p->out, "\r%*s\r", (int)p->shown, "");
	fflush(p->out);
	p->shown = 0;
}

void
progress_free(struct progress *p)
{
	if (!p)
		return;
	progress_clear(p);
	free(p);
}
