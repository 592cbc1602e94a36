/* SPDX-License-Identifier: MIT */
/*
 * server/admit.h: who may start a NEP handshake with the echo server, and
 * for how long (libc only, no sockets: testable without root).
 *
 * An echo server on a public address meets clients that never finish a
 * handshake: idle connections held open, connections that send garbage,
 * HS_CLIENTs with a wrong MAC.  Each handshake costs the server a key
 * derivation before the client proved anything, and a connection costs a
 * descriptor.  Two rules keep that bounded without locking anybody out:
 *
 *  - struct srv_pool: connections that have not authenticated yet live in
 *    a pool of their own (not in the session table: holding handshakes
 *    open cannot keep authenticated clients out).  It is bounded in total
 *    (--max-handshakes) and per source (a share of it).  When a new
 *    connection finds the pool or its source's share full, the connection
 *    that has been idle longest (of that source, or of all) is closed to
 *    make room: a client that is actually talking is never the one to go,
 *    and one that arrives while 2,000 idle ones are held from its own
 *    address (a NAT'd office, a carrier NAT) still gets in.
 *  - struct srv_hsrate: handshakes per source and second, a GCRA token
 *    bucket (--handshake-rate, bursts of twice that).  A connection over
 *    the rate is closed before the server derives anything.  A handshake
 *    that authenticates gives its token back, so only failures and
 *    connections that never finish use the rate up.
 *
 * A source is an IPv4 address, or an IPv6 /64 (one host's usual share:
 * per-address limits mean nothing to a client that owns 2^64 of them).
 * (The session table counts sessions per /24 and /64 too: table.h.)
 */
#ifndef NPECHO_SERVER_ADMIT_H
#define NPECHO_SERVER_ADMIT_H

#include <stddef.h>
#include <stdint.h>

#include "server/table.h"

/* The source key of a client address (IPv4 /32, IPv6 /64). */
void srv_src_of(const struct srv_addr *a, struct srv_addr *out);

/* ---- the pre-authentication pool ---- */

struct srv_pool_ent {
	void *owner;             /* borrowed: the caller's connection */
	struct srv_addr src;     /* srv_src_of() its address */
	const uint64_t *last_ns; /* borrowed: its last activity */
};

struct srv_pool {
	struct srv_pool_ent *e; /* owned; cap entries, n used */
	size_t n, cap;
	size_t per_src;          /* share of one source */
};

/* cap entries, per_src each (1 <= per_src <= cap).  0, ERR_INVALID,
 * ERR_NOMEM. */
int srv_pool_init(struct srv_pool *p, size_t cap, size_t per_src);
void srv_pool_fini(struct srv_pool *p); /* NULL-safe, idempotent */

/* Entries whose source is src. */
size_t srv_pool_count_src(const struct srv_pool *p,
			  const struct srv_addr *src);

/*
 * Before adding a connection from src: NULL when there is room, else the
 * owner to close first (the idlest of src's share when that is full, else
 * the idlest of all when the pool is full).  *why tells which.
 */
void *srv_pool_victim(const struct srv_pool *p, const struct srv_addr *src,
		      const char **why);

/* Adds owner (room must have been made: ERR_LIMIT otherwise). */
int srv_pool_add(struct srv_pool *p, const struct srv_addr *src,
		 void *owner, const uint64_t *last_ns);
/* Removes owner; 1 when it was there, else 0. */
int srv_pool_remove(struct srv_pool *p, const void *owner);

/* ---- handshakes per source ---- */

#define SRV_HSRATE_SLOTS 4096 /* sources remembered (4-way sets) */

struct srv_hsrate_ent {
	struct srv_addr src;
	uint64_t tat;            /* GCRA theoretical arrival time, ns */
	uint64_t seen;           /* its last attempt, allowed or not */
	int used;
};

struct srv_hsrate {
	struct srv_hsrate_ent *e; /* owned, SRV_HSRATE_SLOTS */
	uint64_t interval_ns;     /* 1 s / rate */
	uint64_t tolerance_ns;    /* (burst - 1) intervals */
};

/* rate handshakes per second per source, bursts of burst (>= 1).
 * 0, ERR_INVALID (rate 0), ERR_NOMEM. */
int srv_hsrate_init(struct srv_hsrate *r, unsigned rate, unsigned burst);
void srv_hsrate_fini(struct srv_hsrate *r); /* NULL-safe, idempotent */

/*
 * One handshake from src at now_ns: 1 (allowed, counted) or 0 (over the
 * rate; nothing counted).  A source not remembered starts with a full
 * burst; when its set of slots is full, one whose burst is whole again
 * is forgotten, else the one that tried least recently (memory stays
 * fixed; a client with thousands of addresses can at worst make the
 * server forget a source that stopped trying).
 */
int srv_hsrate_take(struct srv_hsrate *r, const struct srv_addr *src,
		    uint64_t now_ns);
/* Gives one handshake back (it authenticated). */
void srv_hsrate_give(struct srv_hsrate *r, const struct srv_addr *src,
		     uint64_t now_ns);

#endif
