/* SPDX-License-Identifier: MIT */
/*
 * client/track.h: the echo client's bookkeeping, pure (no I/O, no clock).
 *
 *  - struct ct_ring: the probes sent lately, each as a copy of its bytes
 *    from the IP header on.  ct_assoc() finds the probe an echoed packet
 *    is.  Addresses are never compared and ports only score, so NAT
 *    rewriting addresses, source ports or the ICMP id does not stop the
 *    match (see ct_assoc_score()).  Association is O(1) per echo in the
 *    usual case: probes are indexed by their matching fields (struct
 *    ct_sig), each distinct set of fields keeps a FIFO of its probes not
 *    echoed yet, and the ring grows (up to a bound) instead of forgetting
 *    probes an echo may still come for.
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
#define CT_RING_MIN 1024          /* ct_ring_size()'s smallest ring */
#define CT_RING_MAX 262144        /* slots, a power of two */
#define CT_RING_BYTES (64u << 20) /* slots + index + packet copies */
#define CT_PKT_MAX 9216       /* bytes kept per packet (NEP echoes <= 9212) */

/* The fields of a packet ct_assoc_score() compares. */
struct ct_sig {
	uint32_t tcp_seq;
	uint16_t key;         /* TCP/UDP destination port, ICMP sequence */
	uint16_t sport;       /* TCP/UDP source port */
	uint16_t ip_id;       /* IPv4 only, else 0 */
	uint16_t icmp_id;
	uint8_t icmp_type;
	unsigned layers;      /* PKT_HAS_IP4/6 and the transport's bit */
};

struct ct_probe {
	uint64_t serial;      /* 1, 2, 3 ... in send order; 0 = empty slot */
	uint64_t send_ns;
	uint16_t key;         /* engine key: dport (TCP/UDP) or ICMP seq */
	uint32_t echoes;      /* echoes associated so far (ct_ring_echoed) */
	size_t len;
	uint8_t *data;        /* len bytes (buffer: cap), from the IP header */
	size_t cap;
	struct ct_sig sig;    /* of data */
	/* private: index links (serials, 0 = none) */
	uint32_t cls;         /* class (same sig) index */
	uint64_t prev, next;  /* neighbours in the class's not-echoed FIFO */
};

struct ct_class;

struct ct_ring {
	struct ct_probe *v;   /* cap slots, probe serial s in v[s % cap] */
	size_t cap;           /* a power of two */
	uint64_t next_serial; /* serial of the next probe added */
	uint64_t lat_ns;      /* expected probe -> echo latency, 0 unknown */
	/* growth: a probe younger than keep_ns is not overwritten while
	 * cap < max_cap and the ring fits CT_RING_BYTES (0: never grow) */
	uint64_t keep_ns;
	size_t max_cap;
	size_t max_len;       /* longest probe seen */
	/* private: the index */
	struct ct_class *cls; /* cap classes; in use: [0, cls_hw) */
	uint32_t *bucket;     /* 65536 chains by sig.key (class index + 1) */
	uint32_t cls_free;    /* free list (index + 1) */
	uint32_t cls_hw;
};

/*
 * Allocates cap slots (rounded up to a power of two; cap 0 gives an
 * empty ring that keeps nothing).  The ring does not grow unless
 * ct_ring_set_growth() says so.  0 or ERR_NOMEM (ring left empty).
 */
int ct_ring_init(struct ct_ring *r, size_t cap);
void ct_ring_free(struct ct_ring *r);

/*
 * Lets the ring double (up to max_cap, a power of two, and CT_RING_BYTES
 * in all) rather than overwrite a probe sent less than keep_ns before the
 * one added.  Memory: at most CT_RING_BYTES plus 256 KB of chains.
 */
void ct_ring_set_growth(struct ct_ring *r, uint64_t keep_ns, size_t max_cap);

/*
 * The ring size for probes of about probe_len bytes at pps probes/s when
 * an echo may lag keep_ns: twice pps x keep_ns, in [CT_RING_MIN,
 * CT_RING_MAX] and within CT_RING_BYTES, a power of two.
 */
size_t ct_ring_size(double pps, uint64_t keep_ns, size_t probe_len);

/*
 * Records a probe: ip[0..len) starting at the IP header (cut to
 * CT_PKT_MAX), sent at send_ns (not before the previous probe's).  The
 * oldest probe is forgotten when the ring is full and may not grow.
 * Returns the slot, or NULL when the bytes do not decode as IP (the ring
 * is unchanged) or memory ran out.  p (may be NULL) gets the decoded
 * probe, borrowing ip.
 */
struct ct_probe *ct_ring_add(struct ct_ring *r, const uint8_t *ip,
			     size_t len, uint16_t key, uint64_t send_ns,
			     struct pkt *p);

/* Decodes the probe's bytes into *out (borrowing s->data): 0 or ERR_*. */
int ct_probe_decode(const struct ct_probe *s, struct pkt *out);

/*
 * Counts one more echo of s; returns the count before (0: the first).
 * A probe echoed once leaves the FIFO ct_assoc() takes fresh probes from.
 */
uint32_t ct_ring_echoed(struct ct_ring *r, struct ct_probe *s);

/* The newest probe with this engine key, or NULL. */
struct ct_probe *ct_ring_newest_key(struct ct_ring *r, uint16_t key);

/* The probe with this serial, or NULL once it left the ring. */
struct ct_probe *ct_ring_by_serial(struct ct_ring *r, uint64_t serial);

/* The matching fields of p (zeroed when p has no IP transport). */
void ct_sig_of(const struct pkt *p, struct ct_sig *out);

/*
 * How well echoed packet e fits sent probe s: -1 when it cannot be that
 * probe (other IP version or transport), else points: ICMP sequence 8,
 * ICMP id 1, ICMP type 1; TCP/UDP destination port 8, source port 4,
 * TCP sequence 2; IPv4 id 1.  ct_assoc() needs at least CT_MIN_SCORE.
 */
int ct_assoc_score(const struct pkt *s, const struct pkt *e);
int ct_sig_score(const struct ct_sig *s, const struct ct_sig *e);
#define CT_MIN_SCORE 3

/*
 * The probe an echo arriving at now_ns is: the best score; among equals
 * the oldest probe not echoed yet and sent within stale_ns, then the
 * oldest older one not echoed (a lost probe must not shift every later
 * echo onto its predecessor), else the newest echoed one (a duplicate).
 * NULL when no probe in the ring reaches CT_MIN_SCORE.  Does not change
 * which probes are echoed (ct_ring_echoed() does).  O(1) amortised when
 * a probe with the echo's key (port, ICMP sequence) is in the ring, else
 * a scan of the distinct probe kinds.
 */
struct ct_probe *ct_assoc(struct ct_ring *r, const struct pkt *e,
			  uint64_t now_ns, uint64_t stale_ns);

/*
 * The probe a packet sent in reply is for (a reply echo of the NEP
 * extension): an ICMP error by the datagram it quotes, anything else with
 * its ports swapped (ICMP echo replies by sequence); among equal scores
 * the newest echoed probe, else the newest.
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
