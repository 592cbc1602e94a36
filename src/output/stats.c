/* SPDX-License-Identifier: MIT */
/* stats.c: run header and summary block in Nping's shapes. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "output/sbuf.h"
#include "output/stats.h"
#include "util/err.h"

#define STATS_LINE 512

void
rtt_add(struct rtt_summary *r, double ms)
{
	if (r->n == 0 || ms < r->min_ms)
		r->min_ms = ms;
	if (r->n == 0 || ms > r->max_ms)
		r->max_ms = ms;
	r->sum_ms += ms;
	r->n++;
}

size_t
stats_fmt_bytes(uint64_t bytes, char *out, size_t cap)
{
	struct sbuf sb;

	sb_init(&sb, out, cap);
	if (bytes < 1000)
		sb_printf(&sb, "%luB", (unsigned long)bytes);
	else if (bytes < 1000000)
		sb_printf(&sb, "%.3fKB", (double)bytes / 1000.0);
	else
		sb_printf(&sb, "%.3fMB", (double)bytes / 1000000.0);
	return sb.len;
}

size_t
stats_fmt_starting(const char *prog, const char *version, const char *url,
		   time_t when, char *out, size_t cap)
{
	struct sbuf sb;
	struct tm tm;
	char ts[64] = "";

	if (localtime_r(&when, &tm) != NULL)
		strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M %Z", &tm);
	sb_init(&sb, out, cap);
	sb_printf(&sb, "Starting %s %s", prog, version);
	if (url != NULL)
		sb_printf(&sb, " ( %s )", url);
	sb_printf(&sb, " at %s", ts);
	return sb.len;
}

static void
rtt_line(struct sbuf *sb, const struct rtt_summary *r)
{
	if (r->n == 0) {
		sb_puts(sb, "Max rtt: N/A | Min rtt: N/A | Avg rtt: N/A");
		return;
	}
	sb_printf(sb, "Max rtt: %.3fms | Min rtt: %.3fms | Avg rtt: %.3fms",
		  r->max_ms, r->min_ms, r->sum_ms / (double)r->n);
}

size_t
stats_fmt_rtt(const struct rtt_summary *r, char *out, size_t cap)
{
	struct sbuf sb;

	sb_init(&sb, out, cap);
	rtt_line(&sb, r);
	return sb.len;
}

static uint64_t
lost_of(uint64_t sent, uint64_t rcvd)
{
	return sent > rcvd ? sent - rcvd : 0;
}

static double
pct(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0.0 : (double)part * 100.0 / (double)whole;
}

size_t
stats_fmt_host(const struct host_summary *h, char *out, size_t cap)
{
	struct sbuf sb;
	uint64_t lost = lost_of(h->sent, h->rcvd);

	sb_init(&sb, out, cap);
	if (h->name != NULL && strcmp(h->name, h->ip) != 0)
		sb_printf(&sb, "Statistics for host %s (%s):\n", h->name,
			  h->ip);
	else
		sb_printf(&sb, "Statistics for host %s:\n", h->ip);
	sb_printf(&sb, " |  Probes Sent: %lu | Rcvd: %lu | Lost: %lu  "
		  "(%.2f%%)\n |_ ", (unsigned long)h->sent,
		  (unsigned long)h->rcvd, (unsigned long)lost,
		  pct(lost, h->sent));
	rtt_line(&sb, &h->rtt);
	return sb.len;
}

/* "{n} ({B})" */
static void
count_bytes(struct sbuf *sb, uint64_t n, uint64_t bytes)
{
	char b[32];

	stats_fmt_bytes(bytes, b, sizeof(b));
	sb_printf(sb, "%lu (%s)", (unsigned long)n, b);
}

static void
raw_counters(struct sbuf *sb, const struct run_summary *s)
{
	uint64_t lost = lost_of(s->sent_pkts, s->rcvd_pkts);

	sb_puts(sb, "Raw packets sent: ");
	count_bytes(sb, s->sent_pkts, s->sent_bytes);
	sb_puts(sb, " | Rcvd: ");
	count_bytes(sb, s->rcvd_pkts, s->rcvd_bytes);
	sb_printf(sb, " | Lost: %lu (%.2f%%)", (unsigned long)lost,
		  pct(lost, s->sent_pkts));
}

size_t
stats_fmt_counters(const struct run_summary *s, char *out, size_t cap)
{
	struct sbuf sb;
	uint64_t lost = lost_of(s->sent_pkts, s->rcvd_pkts);

	sb_init(&sb, out, cap);
	switch (s->mode) {
	case STATS_ECHO_CLIENT:
		raw_counters(&sb, s);
		sb_puts(&sb, "| Echoed: "); /* no space before '|': Nping's */
		count_bytes(&sb, s->echoed_pkts, s->echoed_bytes);
		sb_putc(&sb, ' ');
		break;
	case STATS_ECHO_SERVER:
		sb_puts(&sb, "Raw packets captured: ");
		count_bytes(&sb, s->captured_pkts, s->captured_bytes);
		sb_puts(&sb, " | Echoed: ");
		count_bytes(&sb, s->echoed_pkts, s->echoed_bytes);
		sb_puts(&sb, " | Not Matched: ");
		count_bytes(&sb, s->unmatched_pkts, s->unmatched_bytes);
		sb_printf(&sb, " (%.2f%%)",
			  pct(s->unmatched_pkts, s->captured_pkts));
		break;
	case STATS_TCP_CONNECT:
		sb_printf(&sb, "TCP connection attempts: %lu | Successful "
			  "connections: %lu | Failed: %lu (%.2f%%)",
			  (unsigned long)s->sent_pkts,
			  (unsigned long)s->rcvd_pkts, (unsigned long)lost,
			  pct(lost, s->sent_pkts));
		break;
	case STATS_UDP_UNPRIV:
		sb_printf(&sb, "UDP packets sent: %lu | Rcvd: %lu | Lost: %lu "
			  "(%.2f%%)", (unsigned long)s->sent_pkts,
			  (unsigned long)s->rcvd_pkts, (unsigned long)lost,
			  pct(lost, s->sent_pkts));
		break;
	default:
		raw_counters(&sb, s);
		break;
	}
	return sb.len;
}

size_t
stats_fmt_echo_recv(uint64_t echoed, uint64_t echoed_bytes, uint64_t sent,
		    char *out, size_t cap)
{
	struct sbuf sb;
	uint64_t lost = lost_of(sent, echoed);

	sb_init(&sb, out, cap);
	sb_puts(&sb, "Echoed packets recv: ");
	count_bytes(&sb, echoed, echoed_bytes);
	sb_printf(&sb, " | Lost: %lu (%.2f%%)", (unsigned long)lost,
		  pct(lost, sent));
	return sb.len;
}

size_t
stats_fmt_rate(const char *dir, double secs, uint64_t bytes, uint64_t pkts,
	       char *out, size_t cap)
{
	struct sbuf sb;
	double br = secs > 0 ? (double)bytes / secs : 0.0;
	double pr = secs > 0 ? (double)pkts / secs : 0.0;

	sb_init(&sb, out, cap);
	sb_printf(&sb, "%s time: %.5fs | %s bytes/s: %.2f | %s pkts/s: %.2f",
		  dir, secs, dir, br, dir, pr);
	return sb.len;
}

size_t
stats_fmt_done(const char *prog, int server, uint64_t n, double secs,
	       char *out, size_t cap)
{
	struct sbuf sb;

	sb_init(&sb, out, cap);
	if (server)
		sb_printf(&sb, "%s done: %lu client%s served in %.2f seconds",
			  prog, (unsigned long)n, n == 1 ? "" : "s", secs);
	else
		sb_printf(&sb, "%s done: %lu IP address%s pinged in %.2f "
			  "seconds", prog, (unsigned long)n,
			  n == 1 ? "" : "es", secs);
	return sb.len;
}

int
stats_print_starting(FILE *f, int verbosity, const char *prog,
		     const char *version, const char *url, time_t when)
{
	char line[STATS_LINE];

	if (verbosity < -1)
		return 0;
	stats_fmt_starting(prog, version, url, when, line, sizeof(line));
	return fprintf(f, "\n%s\n", line) < 0 ? ERR_SYS : 0;
}

static int
put_line(FILE *f, const char *s)
{
	return fprintf(f, "%s\n", s) < 0 ? ERR_SYS : 0;
}

/* RTT part: one line, or one block (one bare line at -q) per target. */
static int
print_rtts(FILE *f, const struct run_summary *s)
{
	char line[STATS_LINE];
	size_t i;
	int rc;

	if (s->n_hosts < 2 || s->hosts == NULL) {
		stats_fmt_rtt(&s->rtt, line, sizeof(line));
		return put_line(f, line);
	}
	for (i = 0; i < s->n_hosts; i++) {
		if (s->verbosity >= 0)
			stats_fmt_host(&s->hosts[i], line, sizeof(line));
		else
			stats_fmt_rtt(&s->hosts[i].rtt, line, sizeof(line));
		rc = put_line(f, line);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
print_rates(FILE *f, const struct run_summary *s)
{
	char line[STATS_LINE];
	int server = s->mode == STATS_ECHO_SERVER;
	int rc;

	stats_fmt_rate("Tx", s->tx_secs, s->sent_bytes, s->sent_pkts, line,
		       sizeof(line));
	rc = put_line(f, line);
	if (rc < 0)
		return rc;
	stats_fmt_rate("Rx", s->rx_secs,
		       server ? s->captured_bytes : s->rcvd_bytes,
		       server ? s->captured_pkts : s->rcvd_pkts, line,
		       sizeof(line));
	return put_line(f, line);
}

int
stats_print_summary(FILE *f, const struct run_summary *s)
{
	char line[STATS_LINE];
	int rc = 0;

	if (s->verbosity < -1)
		goto out;
	if (s->verbosity >= 0 && (rc = put_line(f, " ")) < 0)
		goto out;
	if (s->mode != STATS_ECHO_SERVER && (rc = print_rtts(f, s)) < 0)
		goto out;
	stats_fmt_counters(s, line, sizeof(line));
	if ((rc = put_line(f, line)) < 0)
		goto out;
	if (s->mode == STATS_ECHO_CLIENT && s->echo_recv_line) {
		stats_fmt_echo_recv(s->echoed_pkts, s->echoed_bytes,
				    s->sent_pkts, line, sizeof(line));
		if ((rc = put_line(f, line)) < 0)
			goto out;
	}
	if (s->verbosity >= 1 && (rc = print_rates(f, s)) < 0)
		goto out;
	if (s->extra && (rc = s->extra(f, s->extra_arg)) < 0)
		goto out;
	stats_fmt_done(s->prog, s->mode == STATS_ECHO_SERVER, s->n_done,
		       s->elapsed_secs, line, sizeof(line));
	rc = put_line(f, line);
out:
	return rc;
}
