/* SPDX-License-Identifier: MIT */
/*
 * client/track.h: the echo client's bookkeeping, pure (no I/O, no clock).
 *
 *  - struct ct_ring: the last CT_RING_DEFAULT probes sent, each as a copy
 *    of its bytes from the IP header on, decoded once.  ct_assoc() finds
 *    the probe an echoed packet is.  Addresses are never compared and
 *    ports only score, so NAT rewriting addresses, source ports or the
 *    ICMP id does not stop the match (see ct_assoc_score()).
 *  - struct ct_hold: RCVD lines held back until the CAPT of their probe
 *    was printed or their deadline passed, so the screen shows SENT, CAPT,
 *    RCVD per probe.  Lines come out in the order they went in, except
 *    that a line whose probe was echoed may overtake a line still waiting.
 *
 * Ownership: the ring and the queue own copies of every packet they hold;
 * *_free() releases them (NULL-safe, also on a zeroed struct).
 */
#ifndef NPECHO_CLIENT_TRACK_H
#define NPECHO_CLIENT_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define CT_RING_DEFAULT 256
#define CT_PKT_MAX 9216       /* bytes kept per packet (NEP echoes <= 9212) */

struct ct_probe {
	uint64_t serial;      /* 1, 2, 3 ... in send order; 0 = empty slot */
	uint64_t send_ns;
	uint16_t key;         /* engine key: dport (TCP/UDP) or ICMP seq */
	uint32_t echoes;      /* echoes associated so far */
	size_t len;
	uint8_t *data;        /* CT_PKT_MAX bytes, from the IP header */
	struct pkt p;         /* decoded from data */
};

struct ct_ring {
	struct ct_probe *v;
	size_t cap;
	uint64_t next_serial; /* serial of the next probe added */
	uint64_t lat_ns;      /* expected probe -> echo latency, 0 unknown */
};

/* Allocates cap slots.  0 or ERR_NOMEM (ring left empty). */
int ct_ring_init(struct ct_ring *r, size_t cap);
void ct_ring_free(struct ct_ring *r);

/*
 * Records a probe: ip[0..len) starting at the IP header (cut to
 * CT_PKT_MAX).  The oldest probe is forgotten when the ring is full.
 * Returns the slot, or NULL when the bytes do not decode as IP.
 */
struct ct_probe *ct_ring_add(struct ct_ring *r, const uint8_t *ip,
			     size_t len, uint16_t key, uint64_t send_ns);

/* The newest probe with this engine key, or NULL. */
struct ct_probe *ct_ring_newest_key(struct ct_ring *r, uint16_t key);

/* The probe with this serial, or NULL once it left the ring. */
struct ct_probe *ct_ring_by_serial(struct ct_ring *r, uint64_t serial);

/*
 * How well echoed packet e fits sent probe s: -1 when it cannot be that
 * probe (other IP version or transport), else points: ICMP sequence 8,
 * ICMP id 1, ICMP type 1; TCP/UDP destination port 8, source port 4,
 * TCP sequence 2; IPv4 id 1.  ct_assoc() needs at least CT_MIN_SCORE.
 */
int ct_assoc_score(const struct pkt *s, const struct pkt *e);
#define CT_MIN_SCORE 3

/*
 * The probe an echo arriving at now_ns is: the best score; among equals
 * the oldest probe not echoed yet and sent within stale_ns, then the
 * oldest older one not echoed (a lost probe must not shift every later
 * echo onto its predecessor), else the newest echoed one (a duplicate).
 * NULL when no probe in the ring reaches CT_MIN_SCORE.  Does not change
 * the ring.
 */
struct ct_probe *ct_assoc(struct ct_ring *r, const struct pkt *e,
			  uint64_t now_ns, uint64_t stale_ns);

/*
 * The probe a packet sent in reply is for (a reply echo of the NEP
 * extension): an ICMP error by the datagram it quotes, anything else with
 * its ports swapped (ICMP echo replies by sequence), then as ct_assoc().
 */
struct ct_probe *ct_assoc_reply(struct ct_ring *r, const struct pkt *reply,
				uint64_t now_ns, uint64_t stale_ns);

/* One held RCVD line. */
struct ct_line {
	uint64_t serial;      /* the probe it answers; 0 = unknown */
	uint64_t due_ns;      /* print by then at the latest */
	uint64_t t_ns;        /* its capture time (printed) */
	size_t len;
	uint8_t *data;        /* from the IP header */
};

struct ct_hold {
	struct ct_line *v;    /* v[0..n) in arrival order */
	size_t n, cap;
};

int ct_hold_init(struct ct_hold *h, size_t cap); /* 0 or ERR_NOMEM */
void ct_hold_free(struct ct_hold *h);

/*
 * Queues a copy of l3[0..len) (cut to CT_PKT_MAX).  ERR_NOSPACE when the
 * queue is full (the caller prints the oldest first: ct_hold_next() with
 * now = UINT64_MAX gives it), ERR_NOMEM.
 */
int ct_hold_push(struct ct_hold *h, uint64_t serial, uint64_t due_ns,
		 uint64_t t_ns, const uint8_t *l3, size_t len);

/* Makes every line of this probe due now (its CAPT was printed). */
void ct_hold_release(struct ct_hold *h, uint64_t serial);

/*
 * Takes out the first line (in arrival order) that is due at now into
 * *out; the caller owns out->data (free()).  Returns 1, or 0 when none.
 */
int ct_hold_next(struct ct_hold *h, uint64_t now, struct ct_line *out);

/* The earliest due time, UINT64_MAX when empty. */
uint64_t ct_hold_next_due(const struct ct_hold *h);

#endif
