/* SPDX-License-Identifier: MIT */
/*
 * probe/run.h: the probe engine as other modules use it.
 *
 * A run is made from the options (run_new: targets resolved, routes,
 * sender and capture open, the Starting line printed), driven to the end
 * (run_loop: every probe sent at its time, replies matched and printed),
 * summarised (run_report) and freed.  A mode that runs the engine with a
 * companion (the echo client and its side channel) plugs in a struct
 * run_hook: its descriptor is polled with the capture, its timers run
 * between sends, it sees every probe sent and every reply matched, and it
 * shapes the summary.  The run's state stays inside probe/: the hook
 * reads what it needs through the accessors below.
 */
#ifndef NPECHO_PROBE_RUN_H
#define NPECHO_PROBE_RUN_H

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cli/config.h"
#include "output/stats.h"
#include "proto/packet.h"

struct hops;
struct out_sink;
struct run;

/* One destination of a run, as resolved and routed. */
struct probe_target {
	char *name;                /* spec as given when it was a host name */
	int af;                    /* AF_INET / AF_INET6 */
	uint8_t addr[16];
	char ip[INET6_ADDRSTRLEN];
	uint8_t src[16];           /* our source address toward it */
	int ifindex;
	char ifname[16];
	uint8_t src_mac[6], dst_mac[6]; /* Ethernet path */
	struct sockaddr_storage sa;
	socklen_t salen;
	uint16_t icmp_id;
	uint16_t icmp_seq;         /* next ICMP sequence number */
	uint64_t sent, rcvd;
	struct rtt_summary rtt;
};

/* A probe as it left (borrowed for the callback). */
struct run_sent {
	const uint8_t *data;       /* the frame: Ethernet or IP */
	size_t len;
	const struct pkt *p;       /* decoded from data */
	uint16_t key;              /* dport (TCP/UDP), ICMP sequence, 0 (ARP) */
	uint64_t t;                /* CLOCK_MONOTONIC ns */
};

/* A reply matched to a probe (borrowed for the callback). */
struct run_rcvd {
	const uint8_t *l3;         /* from its IP header on */
	size_t len;
	const struct pkt *p;       /* decoded from l3 */
	uint16_t key;              /* of the probe it answers */
	uint64_t t;
};

/*
 * Every member may be NULL (fd: -1).  Callbacks get arg and run on the
 * engine's thread between sends.
 */
struct run_hook {
	void *arg;
	int fd;                  /* polled with the capture; -1 = none */
	void (*on_fd)(void *arg);            /* fd readable, hung up or bad */
	uint64_t (*next_due)(void *arg);     /* earliest timer or SCHED_NEVER */
	void (*on_due)(void *arg, uint64_t now);
	void (*on_sent)(void *arg, const struct run_sent *s);
	/* At every verbosity; returns 1 when the hook printed, kept or
	 * (quiet) dropped the RCVD line, 0 to let the engine print it. */
	int (*on_rcvd)(void *arg, const struct run_rcvd *r);
	int (*settled)(void *arg);           /* nothing more to wait for */
	/* After the last probe (also with -N): until when to wait for the
	 * hook, asked again while waiting (the echo client waits longer
	 * while echoes keep coming); NULL: no wait. */
	uint64_t (*end_due)(void *arg, uint64_t last_tx_ns);
	/* Before the summary is printed: the mode's shape and counters
	 * (s->mode, s->echoed_*) and its own block (s->extra, extra_events,
	 * extra_arg: printed before --tr's hop tables and the done line). */
	void (*on_summary)(void *arg, struct run_summary *s);
};

/*
 * Resolves targets, routes, MACs; opens the sender and the capture; with
 * --tr the hop tables; prints the Starting line.  On failure prints one
 * line and returns NULL with *status set to the exit status.  start_ns is
 * the CLOCK_MONOTONIC start of the process (line times count from it).
 */
struct run *run_new(const struct config *cfg, uint64_t start_ns,
		    int *status);

/*
 * As run_new for a mode that makes several runs (the path audit): they
 * all write to sink (borrowed: no Starting line, never freed by the run)
 * and keep the process's privileges; the caller drops them (priv_drop)
 * once every run it needs is made.  Their captures have a small ring
 * (512 KiB): such runs send a few dozen probes each.
 */
struct run *run_new_shared(const struct config *cfg, uint64_t start_ns,
			   struct out_sink *sink, int *status);

/* Plugs in h (borrowed until run_free; NULL: none).  A run without a hook
 * is a raw probe mode. */
void run_set_hook(struct run *r, struct run_hook *h);

/* Installs the SIGINT/SIGTERM handlers that stop every probe mode's loop. */
void run_signals(void);
/* True once SIGINT or SIGTERM arrived. */
int run_stopped(void);

/*
 * Sends every probe, serving the capture (and the hook) meanwhile, then
 * waits for the last replies (and until the hook settles or its end wait
 * passed).  Returns 1 when interrupted by a signal, else 0.
 */
int run_loop(struct run *r);

/* Prints the summary block (the hook's block and --tr's tables before the
 * done line); returns the exit status. */
int run_report(struct run *r, int interrupted);

/* Frees everything, the hop tables too; NULL-safe. */
void run_free(struct run *r);

/* ---- what a hook may read or set ---- */

/* stdout (text or JSON) and the -w tap. */
struct out_sink *run_sink(const struct run *r);
size_t run_n_targets(const struct run *r);
const struct probe_target *run_target(const struct run *r, size_t i);
/* The destination ports in probe order (one 0 for ICMP); *n set. */
const uint16_t *run_ports(const struct run *r, size_t *n);
uint64_t run_sent_pkts(const struct run *r);
/* --tr's path analysis, to add the far end's view of a probe; or NULL. */
struct hops *run_hops(const struct run *r);
/* Every probe from now on carries payload (borrowed: it must outlive the
 * run). */
void run_set_payload(struct run *r, const uint8_t *payload, size_t len);
size_t run_payload_len(const struct run *r);

#endif
