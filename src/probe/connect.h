/* SPDX-License-Identifier: MIT */
/*
 * connect.h: the unprivileged probe modes (NPING-CLI.md 5.6): TCP-Connect
 * (nonblocking connect() per probe) and UDP-Unprivileged (udpu.c, a plain
 * UDP socket), plus the run state they share.
 *
 * Both follow the raw modes' probe order (rounds, then ports, then
 * targets, one probe per scheduler tick from probe/sched.h), print Nping's
 * mode lines (output/lines.h line_format_mode) and the summary block
 * (stats_print_summary with STATS_TCP_CONNECT / STATS_UDP_UNPRIV).  After
 * the last probe they wait up to 1 s, and only while something is still
 * pending (a connect in progress, a datagram without an answer).  SIGINT and
 * SIGTERM end the run early: the summary is printed, the status is 130.
 * No raw socket, no capture: both work without root.
 *
 * With --json the lines become `sent` / `rcvd` / `error` events with a
 * "sock" object instead of packet layers (doc/json.md).  -w is refused
 * (exit 2): the kernel builds these packets and npecho never sees them,
 * and a made-up packet would be worse than none.
 */
#ifndef NPECHO_PROBE_CONNECT_H
#define NPECHO_PROBE_CONNECT_H

#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cli/config.h"
#include "output/stats.h"
#include "probe/probe.h"
#include "probe/sched.h"
#include "util/err.h"

/* Runs TCP-Connect mode to the end; returns the exit status. */
int tcp_connect_run(const struct config *cfg, uint64_t start_ns);

/* Runs UDP-Unprivileged mode to the end; returns the exit status. */
int udp_unpriv_run(const struct config *cfg, uint64_t start_ns);

/* --- shared by connect.c and udpu.c (not for other callers) --- */

#define URUN_END_WAIT_NS 1000000000ull

struct out_sink;

struct urun {
	const struct config *cfg;
	uint64_t start_ns;
	struct probe_target *targets; /* sa's port is set per probe */
	size_t n_targets;
	const uint16_t *ports;     /* sorted ascending (cfg's, or default) */
	size_t n_ports;
	uint16_t default_port;
	/* Per (target, port index), at [target * n_ports + port]: the send
	 * time (0: none outstanding) and number of the last probe. */
	uint64_t *last_send;
	uint64_t *last_probe;
	struct sched sched;
	uint64_t sent_pkts, sent_bytes, rcvd_pkts, rcvd_bytes;
	uint64_t first_tx_ns, last_tx_ns, tx_end_ns, rx_end_ns;
	struct rtt_summary rtt;
	struct out_sink *sink;     /* text or JSON on stdout (no -w here) */
};

/*
 * Refuses -w (these modes see no packet to write), creates the output
 * sink, resolves the targets, sets up ports (default_port when -p was not
 * given), the scheduler, SIGINT/SIGTERM handling, and prints the Starting
 * line (text only).  On failure prints one "npecho: ..." line (and an
 * `error` event with --json), frees what it made and returns the exit
 * status (> 0); 0 on success.
 */
int urun_init(struct urun *u, const struct config *cfg, uint64_t start_ns,
	      uint16_t default_port);

/* Probe k -> (port index, target index), Nping's order. */
void urun_coords(const struct urun *u, uint64_t k, size_t *port,
		 size_t *target);

/* Index of port in u->ports, or -1. */
long urun_port_index(const struct urun *u, uint16_t port);

/* Seconds since start, for line times. */
double urun_rel(const struct urun *u, uint64_t ns);

/* Index of (target t, port index pi) in last_send / last_probe. */
size_t urun_slot(const struct urun *u, size_t t, size_t pi);

/* Notes one sample for target t (overall and per host). */
void urun_add_rtt(struct urun *u, size_t t, double ms);

/* 1 once SIGINT/SIGTERM arrived. */
int urun_stopped(void);

/* Prints the summary block (or the `stats` event) in the given mode;
 * returns the exit status. */
int urun_report(struct urun *u, enum stats_mode mode);

/* Frees the targets and the sink; NULL-safe. */
void urun_free(struct urun *u);

#endif
