/* SPDX-License-Identifier: MIT */
/*
 * probe/base_int.h: what every probe mode shares, the raw modes (run.c,
 * engine.c), TCP-Connect (tcp_connect.c) and UDP-Unprivileged
 * (udp_unpriv.c): the targets and ports from the command line, the send
 * schedule, the counters and round-trip times, the output sink, the send
 * loop and the summary.  A mode embeds a struct run_base and hands
 * base_loop() its operations (struct run_ops).
 *
 * Probe order is Nping's: rounds (-c) outermost, then destination ports,
 * then targets, one probe per scheduler tick.  After the last probe a mode
 * waits for its last replies (BASE_END_WAIT_NS, Nping's second, unless
 * everything was answered).  SIGINT and SIGTERM end every mode's loop:
 * the summary is printed and the status is 130.
 */
#ifndef NPECHO_PROBE_BASE_INT_H
#define NPECHO_PROBE_BASE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "cli/config.h"
#include "output/stats.h"
#include "probe/run.h"
#include "probe/sched.h"
#include "util/err.h"

#define BASE_END_WAIT_NS 1000000000ull
#define BASE_FIRST_PROBE_NS 1000000ull /* from the loop's start */

struct out_sink;

struct run_base {
	const struct config *cfg;
	uint64_t start_ns;         /* CLOCK_MONOTONIC start of the process */
	struct probe_target *targets;
	size_t n_targets;
	uint16_t *ports;           /* as -p gave them (sorted), or one default */
	size_t n_ports;
	struct sched sched;
	uint64_t sent_pkts, sent_bytes, rcvd_pkts, rcvd_bytes;
	uint64_t first_tx_ns, last_tx_ns, tx_end_ns, rx_end_ns;
	struct rtt_summary rtt;
	struct out_sink *sink;     /* stdout text/JSON and the -w tap */
	int sink_borrowed;         /* run_new_shared(): not ours to free */
};

/* A mode's part of base_loop(); arg is base_loop()'s. */
struct run_ops {
	/* Sends probes first .. first + n - 1 (due now); behind: the batch
	 * before did not wait for its time either.  NULL: probe() each, then
	 * the sink's lines are flushed. */
	void (*send)(void *arg, uint64_t first, unsigned n, int behind);
	void (*probe)(void *arg, uint64_t k);
	/* Serves replies until deadline (CLOCK_MONOTONIC ns) or a signal;
	 * with settle, returns as soon as nothing is pending. */
	void (*wait)(void *arg, uint64_t deadline, int settle);
	/* After the last probe; NULL: wait() BASE_END_WAIT_NS from the last
	 * probe, settling. */
	void (*end_wait)(void *arg);
};

/*
 * Makes the sink (text or JSON on stdout, the -w tap) and prints the
 * Starting line.  0, or ERR_SYS with eb set (the sink could not be made:
 * nothing was printed).
 */
int base_open(struct run_base *b, const struct config *cfg,
	      uint64_t start_ns, struct errbuf *eb);
/* As base_open with the caller's sink (run_new_shared): no Starting line,
 * and base_free leaves the sink alone. */
void base_share_sink(struct run_base *b, const struct config *cfg,
		     uint64_t start_ns, struct out_sink *sink);

/*
 * The set-up of the modes that send through an ordinary socket
 * (TCP-Connect, UDP-Unprivileged): refuses -w (these modes see no packet
 * to write), base_open(), SIGINT/SIGTERM handling, the targets and their
 * socket addresses, the ports (-p's, or default_port) and the schedule.
 * On failure prints one "npecho: ..." line (an `error` event with
 * --json), frees what it made and returns the exit status (> 0); 0 on
 * success.
 */
int base_sock_open(struct run_base *b, const struct config *cfg,
		   uint64_t start_ns, uint16_t default_port);

/*
 * Resolves every target of cfg (names through targets_resolve()) into
 * b->targets, zeroed but for af, addr, ip and name (when given as a name).
 * 0; ERR_INVALID with eb set for an unresolvable name, an address of the
 * other family or no target at all; ERR_NOMEM.
 */
int base_targets(struct run_base *b, struct errbuf *eb);

/* Fills tg->sa / tg->salen from tg->af, tg->addr (and tg->ifindex as the
 * IPv6 scope). */
void base_target_sockaddr(struct probe_target *tg);

/* The destination ports: -p's when the mode takes ports (uses_ports),
 * else the one default_port.  0 or ERR_NOMEM. */
int base_ports(struct run_base *b, int uses_ports, uint16_t default_port);

/* The schedule of every probe (count x ports x targets) from --flood,
 * --rate or --delay.  0, or ERR_INVALID with eb set when the rate is out
 * of range. */
int base_sched(struct run_base *b, struct errbuf *eb);

/* Probe k -> (round, port index, target index), Nping's order.  round may
 * be NULL. */
void base_coords(const struct run_base *b, uint64_t k, uint64_t *round,
		 size_t *port, size_t *target);

/* Index of port in b->ports (sorted), or -1. */
long base_port_index(const struct run_base *b, uint16_t port);

/* Seconds since the start, for line times. */
double base_rel(const struct run_base *b, uint64_t ns);

/* Counts a probe of len bytes sent to target t at now. */
void base_note_sent(struct run_base *b, size_t t, uint64_t len,
		    uint64_t now);
/* Counts an answer of len bytes from target t. */
void base_note_rcvd(struct run_base *b, size_t t, uint64_t len);
/* Notes one round trip for target t (overall and per host). */
void base_add_rtt(struct run_base *b, size_t t, double ms);

/*
 * Sends every probe at its time through ops, waiting in ops->wait()
 * between, then ops->end_wait(); sets tx_end_ns and rx_end_ns.  Returns
 * early on SIGINT/SIGTERM (run_signals()).
 */
void base_loop(struct run_base *b, const struct run_ops *ops, void *arg);

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
 * per-host lines are left out).
 */
struct host_summary *summary_fill(struct run_summary *s,
				  const struct summary_counts *c,
				  const struct probe_target *targets,
				  size_t n);

/* summary_fill() from b's counters; the same ownership. */
struct host_summary *base_summary(const struct run_base *b,
				  enum stats_mode mode, struct run_summary *s);

/* Prints the summary block (or the `stats` event) in the given mode;
 * returns the exit status (EXIT_INTERRUPTED after a signal). */
int base_report(const struct run_base *b, enum stats_mode mode);

/* Frees the targets, the ports and the sink; NULL-safe, idempotent. */
void base_free(struct run_base *b);

#endif
