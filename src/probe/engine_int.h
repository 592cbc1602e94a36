/* SPDX-License-Identifier: MIT */
/*
 * engine_int.h: the state of one probe run, shared by engine.c (the loop),
 * run.c (set-up, summary) and sentmap.c (sent-probe table).
 */
#ifndef NPECHO_PROBE_ENGINE_INT_H
#define NPECHO_PROBE_ENGINE_INT_H

#include <stdint.h>
#include <stdio.h>

#include "probe/probe.h"
#include "probe/sched.h"
#include "probe/trace.h"

struct capture;
struct out_sink;
struct sender;

/* The last probe sent for one (target, key): what a reply is timed against. */
struct sent_slot {
	uint64_t id;      /* target << 16 | key, plus one; 0 = empty */
	uint64_t send_ns;
	uint32_t probe_no; /* 1, 2, ... in send order */
	uint8_t used;
	uint8_t answered;
};

struct sent_map {
	struct sent_slot *v;
	size_t cap;       /* power of two */
	size_t n;
};

/* Finds the slot of (target, key), or NULL. */
struct sent_slot *sent_map_find(struct sent_map *m, size_t target,
				uint16_t key);
/* Finds or inserts; NULL only when out of memory. */
struct sent_slot *sent_map_put(struct sent_map *m, size_t target,
			       uint16_t key);
void sent_map_free(struct sent_map *m);

struct probe_buf {
	uint8_t data[PROBE_MAX_PKT + 14];
	size_t len;
	size_t target;
	size_t port_idx;
	uint16_t key;
	uint8_t ttl;               /* TTL / hop limit it was built with */
};

/*
 * A mode that runs the engine with a companion (the echo client's side
 * channel) plugs in here.  Every member may be NULL / -1; a run without a
 * hook (r->hook == NULL) takes the raw-mode paths unchanged.  Callbacks get
 * arg and run on the engine's thread between sends.
 */
struct run_hook {
	void *arg;
	int fd;                  /* polled with the capture; -1 = none */
	void (*on_fd)(void *arg);            /* fd readable, hung up or bad */
	uint64_t (*next_due)(void *arg);     /* earliest timer or SCHED_NEVER */
	void (*on_due)(void *arg, uint64_t now);
	/* A probe left at t; p was decoded from b->data (Ethernet or IP). */
	void (*on_sent)(void *arg, const struct probe_buf *b,
			const struct pkt *p, uint64_t t);
	/* A matched reply (p decoded from l3[0..len), at t), at every
	 * verbosity; returns 1 when the hook printed, kept or (quiet)
	 * dropped the line, 0 to let the engine print it as usual. */
	int (*on_rcvd)(void *arg, const struct match_result *m,
		       const struct pkt *p, const uint8_t *l3, size_t len,
		       uint64_t t);
	int (*settled)(void *arg);           /* nothing more to wait for */
	/* After the last probe (also with -N): until when to wait for the
	 * hook, asked again while waiting (the echo client waits longer
	 * while echoes keep coming); NULL: no wait. */
	uint64_t (*end_due)(void *arg, uint64_t last_tx_ns);
};

struct run {
	const struct config *cfg;
	struct run_hook *hook;     /* NULL in the raw modes */
	uint64_t start_ns;
	int64_t real_minus_mono;   /* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
	struct probe_target *targets;
	size_t n_targets;
	uint16_t *ports;
	size_t n_ports;
	struct probe_tmpl tmpl;
	struct match_ctx mctx;
	struct sender *snd;
	struct capture *cap;
	struct sched sched;
	struct sent_map sent;
	struct probe_buf *bufs;    /* SCHED_MAX_BATCH of them */
	uint64_t next_probe;
	uint64_t outstanding;      /* sent slots not answered yet */
	uint64_t sent_pkts, sent_bytes, rcvd_pkts, rcvd_bytes;
	uint64_t send_errors;
	uint64_t first_tx_ns, last_tx_ns, tx_end_ns, last_rx_ns, rx_end_ns;
	struct rtt_summary rtt;
	/* Summary shape: STATS_RAW, or STATS_ECHO_CLIENT with the counts of
	 * echoed probes. */
	enum stats_mode stats_mode;
	struct progress *progress; /* NULL unless stderr is a terminal */
	struct hops *hops;         /* --tr: where on the path fields changed */
	/* Printed between the statistics and the done line (echo client). */
	int (*report_extra)(FILE *f, void *arg);
	void (*report_events)(struct out_sink *s, void *arg); /* its JSON */
	void *report_extra_arg;
	uint64_t echoed_pkts, echoed_bytes;
	struct out_sink *sink;     /* stdout text/JSON and the -w tap */
	struct trace *trace;       /* --tr hop table (trace.h), or NULL */
};

/*
 * Resolves targets, routes, MACs; opens the sender and the capture; prints
 * the Starting line.  On failure prints one line and returns NULL with
 * *status set to the exit status.
 */
struct run *run_new(const struct config *cfg, uint64_t start_ns,
		    int *status);

/* Installs the SIGINT/SIGTERM handlers that stop engine_loop(). */
void engine_signals(void);
/* True once SIGINT or SIGTERM arrived. */
int engine_stopped(void);
/*
 * Sends every probe, serving the capture (and r->hook) meanwhile, then
 * waits for the last replies (and until r->hook settles or its end wait
 * passed).  Returns 1 when interrupted by a signal, else 0.
 */
int engine_loop(struct run *r);

/* --tr: prints the hop tables and the Path Change Analysis to f (text
 * output only; run->trace, run->hops may be NULL).  0 or ERR_SYS.
 * run_report() calls it before the done line. */
int engine_print_trace(FILE *f, struct run *r);
/* Frees the hop tables and the Path Change Analysis (after the report). */
void engine_free_trace(struct run *r);

/* Prints the summary block; returns the exit status. */
int run_report(struct run *r, int interrupted);

void run_free(struct run *r);

#endif
