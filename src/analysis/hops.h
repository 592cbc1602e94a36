/* SPDX-License-Identifier: MIT */
/*
 * hops.h: Path Change Analysis, where on the path a probe was modified.
 *
 * Every ICMP time-exceeded (or other error) quotes the probe as the router
 * that dropped it saw it.  The caller records each probe it SENT with the
 * TTL it carried, each ICMP error a router sent about it, and (optionally)
 * the destination's own view of it: the echo server's capture, the quote in
 * the destination's own ICMP error, or its echo reply.  hops_finish()
 * compares every quote with the probe, field by field as far as the quote
 * reaches, with the echo analysis' own comparison (diff.c), and localises
 * each change: the last hop that showed the old value and the first that
 * showed the new one, and how many hops in between could not tell.
 *
 * Rules worth knowing:
 *  - The quote's TTL is expected to be 1 (or 0) and its IP checksum follows
 *    from it: neither is ever a change.  Checksums are never compared.
 *  - A quote cut inside the TCP header is compared for the fields it holds
 *    (ports from 4 bytes, sequence from 8, ack 12, flags 14, window 16,
 *    urgent pointer 20); TCP options only when the whole header is quoted.
 *    Each hop says what its quote could not show (struct hops_hop.blind).
 *  - Quotes are matched to probes by the caller (probe numbers), so probes
 *    of one TTL may differ from each other.  A hop where some quotes show
 *    the sent value and others a new one (load balancing) counts as
 *    changed, with the first new value as evidence.
 *  - Hops that answered with too short a quote, and silent TTLs below the
 *    last router that answered, are counted in hops_change.unknown.
 *  - NATs translate the quotes inside the ICMP errors they forward back
 *    (Linux conntrack does), so a quote showing the sent address, port or
 *    ICMP id is no proof that nothing changed before it: for nat-source,
 *    nat-dest, port-source, port-dest and icmp-id-changed only a changed
 *    quote or a capture places the change; unchanged quotes count as
 *    hops that could not tell.
 *  - Several changes of one field are each reported (an MSS clamped twice,
 *    a NAT undone): one struct hops_change per transition, hop order.
 *  - Observations (struct hops_obs) are facts about the replies, not OS
 *    guesses: quote length, quoted TTL, TOS and DF of the ICMP errors,
 *    whether the DF of the probe survives in the quote, whether an echo
 *    reply reflects the request's TOS and its non-zero ICMP code.
 *
 * Pure libc; nothing is printed.  Every add copies what it needs and keeps
 * no pointer into the caller's struct pkt or buffer.
 */
#ifndef NPECHO_ANALYSIS_HOPS_H
#define NPECHO_ANALYSIS_HOPS_H

#include <stddef.h>
#include <stdint.h>

#include "proto/packet.h"

#define HOPS_MAX_TTL 255
#define HOPS_FINAL 256          /* hop number of the destination's view */
#define HOPS_MAX_PROBES 4096

/* What a hop's view came from. */
enum hops_view {
	HOPS_VIEW_NONE = 0,
	HOPS_VIEW_QUOTE = 1,    /* a quote inside an ICMP error */
	HOPS_VIEW_CAPT = 2,     /* the echo server's capture: whole packet */
	HOPS_VIEW_REPLY = 3,    /* the destination's echo reply: observed
				 * only, not a copy of the probe */
};

struct hops_hop {
	unsigned hop;           /* TTL 1..255, or HOPS_FINAL */
	enum hops_view view;
	int af;                 /* 4 or 6; 0 when addr is unknown */
	uint8_t addr[16];       /* the first router that answered */
	char addr_str[48];      /* addr as text, "?" when unknown */
	int more_addrs;         /* other routers answered at this TTL too */
	unsigned n_views;       /* quotes/captures recorded */
	unsigned quote_len;     /* shortest quoted datagram, bytes */
	unsigned sent_len;      /* length of the probe it quoted */
	unsigned l4_len;        /* transport bytes in that quote */
	int quote_ttl;          /* TTL/hop limit inside the quote, -1 none */
	char blind[96];         /* "TCP options and payload": what the
				 * shortest quote could not show; "" none */
};

struct hops_change {
	const char *tag;        /* the echo analysis tag: "tcp-mss-changed" */
	char field[24];         /* "tcp.mss" */
	char from[80];          /* value before, as the echo analysis words it */
	char to[80];
	char note[80];          /* replaces "from -> to" when set */
	unsigned before;        /* last hop showing from; 0 = the sender */
	unsigned at;            /* first hop showing to; may be HOPS_FINAL */
	char before_addr[48];   /* "" for the sender */
	char at_addr[48];
	unsigned unknown;       /* hops in between that could not tell */
	char text[512];         /* one English sentence, ends with '.' */
};

struct hops_obs {
	unsigned hop;           /* 1..255, HOPS_FINAL */
	char text[256];         /* one English sentence, ends with '.' */
};

struct hops;

/* Returns a new, empty analysis, or NULL when out of memory. */
struct hops *hops_new(void);

/* Frees h and everything it copied.  NULL is a no-op. */
void hops_free(struct hops *h);

/*
 * Records probe probe_no, sent with TTL ttl (1..HOPS_MAX_TTL).  Returns 0,
 * ERR_INVALID (NULL, bad ttl, no IP layer, probe already recorded),
 * ERR_LIMIT (HOPS_MAX_PROBES), ERR_NOMEM.
 */
int hops_add_sent(struct hops *h, uint32_t probe_no, unsigned ttl,
		  const struct pkt *sent);

/*
 * Records the ICMP error icmp_error (with PKT_HAS_QUOTE) that router
 * (af 4 or 6, 4 or 16 bytes used; NULL when unknown) sent about probe_no;
 * the hop is the probe's TTL.  Returns 0, ERR_INVALID (NULL, unknown probe,
 * no quote), ERR_TRUNC (the quote does not hold an IP header: the hop is
 * counted, nothing compared), ERR_NOMEM.
 */
int hops_add_quote(struct hops *h, uint32_t probe_no,
		   const uint8_t *router, int af,
		   const struct pkt *icmp_error);

/*
 * Records the destination's view of probe_no: an ICMP error is read as the
 * destination's quote, an ICMP echo reply to an echo request as a reply
 * (observations only), anything else as the echo server's capture of the
 * probe.  Returns as hops_add_quote().
 */
int hops_add_final(struct hops *h, uint32_t probe_no, const struct pkt *pkt);

/*
 * Localises every change recorded so far and rebuilds the lists (may be
 * called again after more adds).  Changes come in the echo analysis' tag
 * order, then hop order.  Returns 0 or ERR_NOMEM (then the lists are empty).
 */
int hops_finish(struct hops *h);

/* Hops with at least one view, ascending (HOPS_FINAL last); NULL when i
 * is out of range.  Owned by h, valid until the next add or finish. */
size_t hops_hop_count(const struct hops *h);
const struct hops_hop *hops_hop_at(const struct hops *h, size_t i);

/* Changes of the last hops_finish(). */
size_t hops_change_count(const struct hops *h);
const struct hops_change *hops_change_at(const struct hops *h, size_t i);

/* The first change with this tag, or NULL. */
const struct hops_change *hops_find(const struct hops *h, const char *tag);

/* Observations of the last hops_finish(), in hop order. */
size_t hops_obs_count(const struct hops *h);
const struct hops_obs *hops_obs_at(const struct hops *h, size_t i);

#endif
