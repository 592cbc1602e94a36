/* SPDX-License-Identifier: MIT */
/*
 * engine_int.h: the state of one raw probe run (struct run, opaque
 * outside probe/: probe/run.h), shared by engine.c (base_loop()'s
 * operations: send, capture, hook), run.c (set-up, summary, accessors) and
 * sentmap.c (sent-probe table).
 */
#ifndef NPECHO_PROBE_ENGINE_INT_H
#define NPECHO_PROBE_ENGINE_INT_H

#include <stdint.h>
#include <stdio.h>

#include "probe/base_int.h"
#include "probe/probe.h"
#include "probe/sched.h"
#include "probe/trace.h"

struct capture;
struct ip4_frag_out;
struct out_sink;
struct sender;
struct sender_msg;

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
 * --mtu (IPv4): room for every fragment of the largest probe, made once
 * by engine_frags_new() (the send path does not allocate), in one block
 * (free() frees it).
 */
struct frag_room {
	uint8_t *bufs;             /* n slots of size bytes */
	size_t size, n;
	struct ip4_frag_out *out;
	struct sender_msg *msg;
};

struct run {
	struct run_base b;         /* targets, ports, schedule, counters, sink */
	struct run_hook *hook;     /* NULL in the raw modes */
	int64_t real_minus_mono;   /* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
	struct probe_tmpl tmpl;
	struct match_ctx mctx;
	struct sender *snd;
	struct capture *cap;
	struct sent_map sent;
	struct probe_buf *bufs;    /* SCHED_MAX_BATCH of them */
	struct frag_room *frags;   /* --mtu over IPv4, else NULL */
	uint64_t outstanding;      /* sent slots not answered yet */
	uint64_t send_errors;
	uint64_t last_rx_ns;
	struct progress *progress; /* NULL unless stderr is a terminal */
	struct hops *hops;         /* --tr: where on the path fields changed */
	struct trace *trace;       /* --tr hop table (trace.h), or NULL */
};

/* Sets r->frags, the fragment room for --mtu (r->b.cfg, r->tmpl set
 * up); 0 or ERR_NOMEM. */
int engine_frags_new(struct run *r);

#endif
