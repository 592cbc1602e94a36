/* SPDX-License-Identifier: MIT */
/*
 * stats.h: the run header and summary block in Nping 0.7.93's shapes
 * (doc/output.md §1, §2 and §7), with the program's own name and version.
 *
 *   (empty line)
 *   Starting npecho 0.1.0 ( {url} ) at 2026-11-23 08:28 UTC
 *   ...
 *   ␠                                       (one space; verbosity >= 0)
 *   Max rtt: 0.079ms | Min rtt: 0.079ms | Avg rtt: 0.079ms
 *   Raw packets sent: 1 (40B) | Rcvd: 1 (44B) | Lost: 0 (0.00%)
 *   Tx time: 1.00196s | Tx bytes/s: 79.84 | Tx pkts/s: 2.00   (>= 1)
 *   Rx time: 1.00199s | Rx bytes/s: 87.83 | Rx pkts/s: 2.00   (>= 1)
 *   npecho done: 1 IP address pinged in 1.01 seconds
 *
 * "Starting": Nping's shape is kept, "( url )" included, because a parser
 * may split on " at "; with url == NULL the parenthesised part is left out
 * ("Starting npecho 0.1.0 at 2026-11-23 08:28 UTC").  Which one npecho
 * prints is the caller's choice.  The "... done:" line keeps everything
 * after the program name identical to Nping.
 *
 * The stats_fmt_* functions write one line WITHOUT its newline into out (at
 * most cap bytes, always NUL-terminated when cap > 0) and return the full
 * length like snprintf.  stats_print_summary() prints a whole block to f
 * and returns 0 or ERR_SYS.  No globals, no allocation.
 */
#ifndef NPECHO_OUTPUT_STATS_H
#define NPECHO_OUTPUT_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* Round-trip times: n == 0 prints N/A. */
struct rtt_summary {
	uint64_t n;
	double min_ms, max_ms, sum_ms;
};

/* Adds one sample (milliseconds). */
void rtt_add(struct rtt_summary *r, double ms);

/* Per-target block, printed when there is more than one target. */
struct host_summary {
	const char *name; /* as given on the command line, or NULL */
	const char *ip;   /* numeric address */
	uint64_t sent, rcvd;
	struct rtt_summary rtt;
};

enum stats_mode {
	STATS_RAW,         /* raw IP / Ethernet / ARP probe modes */
	STATS_ECHO_CLIENT, /* raw counters plus "| Echoed: ..." */
	STATS_ECHO_SERVER,
	STATS_TCP_CONNECT,
	STATS_UDP_UNPRIV,
};

struct out_sink;

struct run_summary {
	enum stats_mode mode;
	int verbosity;        /* -4 .. 4, as in doc/output.md §8 */
	const char *prog;     /* "npecho" */
	uint64_t sent_pkts, sent_bytes;
	uint64_t rcvd_pkts, rcvd_bytes;
	uint64_t echoed_pkts, echoed_bytes;     /* echo client and server */
	uint64_t captured_pkts, captured_bytes; /* echo server */
	uint64_t unmatched_pkts, unmatched_bytes; /* echo server */
	int echo_recv_line;   /* echo client: add "Echoed packets recv:" */
	struct rtt_summary rtt;
	const struct host_summary *hosts; /* may be NULL when n_hosts < 2 */
	size_t n_hosts;
	double tx_secs, rx_secs;
	uint64_t n_done;      /* targets (clients for the server) */
	double elapsed_secs;
	/* Printed after the statistics, before the "done" line (the echo
	 * client's Packet Echo Analysis); NULL for none. */
	int (*extra)(FILE *f, void *arg);
	void *extra_arg;
	/* The same block as JSON events, before the `stats` event
	 * (sink_summary in JSON mode; arg is extra_arg); NULL for none. */
	void (*extra_events)(struct out_sink *s, void *arg);
};

/* "123B", "1.234KB", "12.345MB" (decimal units). */
size_t stats_fmt_bytes(uint64_t bytes, char *out, size_t cap);

/* "Starting {prog} {version} ( {url} ) at {%Y-%m-%d %H:%M %Z}" in local
 * time; no leading empty line. */
size_t stats_fmt_starting(const char *prog, const char *version,
			  const char *url, time_t when, char *out, size_t cap);

/* "Max rtt: {a}ms | Min rtt: {b}ms | Avg rtt: {c}ms" or N/A. */
size_t stats_fmt_rtt(const struct rtt_summary *r, char *out, size_t cap);

/* The three lines of a per-target block, joined with '\n' (no final
 * newline). */
size_t stats_fmt_host(const struct host_summary *h, char *out, size_t cap);

/* The counter line of the given mode (the echo-client one ends in a
 * space).  Uses the counters of *s relevant to s->mode. */
size_t stats_fmt_counters(const struct run_summary *s, char *out,
			  size_t cap);

/* "Echoed packets recv: {n} ({B}) | Lost: {n} ({p}%)", lost counted
 * against the probes sent. */
size_t stats_fmt_echo_recv(uint64_t echoed, uint64_t echoed_bytes,
			   uint64_t sent, char *out, size_t cap);

/* "{dir} time: %.5fs | {dir} bytes/s: %.2f | {dir} pkts/s: %.2f", dir is
 * "Tx" or "Rx"; rates are 0.00 when secs <= 0. */
size_t stats_fmt_rate(const char *dir, double secs, uint64_t bytes,
		      uint64_t pkts, char *out, size_t cap);

/* "{prog} done: {n} IP address[es] pinged in %.2f seconds", or with
 * server != 0 "{prog} done: {n} client[s] served in %.2f seconds". */
size_t stats_fmt_done(const char *prog, int server, uint64_t n,
		      double secs, char *out, size_t cap);

/* Prints "\n" + the Starting line + "\n" when verbosity >= -1. */
int stats_print_starting(FILE *f, int verbosity, const char *prog,
			 const char *version, const char *url, time_t when);

/* Prints the whole summary block for s->mode at s->verbosity. */
int stats_print_summary(FILE *f, const struct run_summary *s);

#endif
