/* SPDX-License-Identifier: MIT */
/*
 * server/index.h: which live sessions' PacketSpecs can claim a captured
 * packet, without scoring every spec (libc + echo/spec only, no sockets).
 *
 * nping's matcher scores a packet against every session's spec and keeps
 * the best at or above the packet's threshold (echo/spec.h).  With 100
 * sessions that is 100 scores per captured packet.  But a spec can only
 * reach the threshold of most packets if its key item matches: IPv4_ID
 * (500 of ICMP's 600, half of TCP's 1000) for IPv4 packets, IPv6_FLOW
 * (750, 3-byte RFC form) for IPv6 packets.  For each class of packet
 * (IPv4/IPv6 x TCP/UDP/ICMP) and each spec, srv_index_classify() works out
 * exactly, by scoring a packet that matches every item of the spec:
 *   - never:  the spec cannot reach the class's threshold at all;
 *   - keyed:  it can only with its key item matching (then it sits in a
 *             hash bucket of its key value);
 *   - scan:   it might without the key (scored for every packet of the
 *             class, as before).
 * srv_index_candidates() returns the keyed specs whose key equals the
 * packet's plus the scan ones, so nep_spec_best over them picks the same
 * winner as over all specs (tests/unit/test_srv_index.c checks this on
 * random specs and packets).
 *
 * Slots are the server table's slot numbers (0 .. cap-1).  Nothing here
 * allocates after srv_index_init.
 */
#ifndef NPECHO_SERVER_INDEX_H
#define NPECHO_SERVER_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "echo/spec.h"
#include "proto/packet.h"

/* Packet classes (bit numbers in need/scan masks). */
enum srv_ix_class {
	SRV_IXC_TCP4 = 0,
	SRV_IXC_UDP4,
	SRV_IXC_ICMP4,
	SRV_IXC_TCP6,
	SRV_IXC_UDP6,
	SRV_IXC_ICMP6,
	SRV_IXC_N
};

struct srv_ix_slot {
	uint8_t used;
	uint8_t need;     /* classes where the key item must match */
	uint8_t scan;     /* classes where the spec is always scored */
	uint32_t key4;    /* IPv4_ID value (need bits of IPv4 classes) */
	uint32_t key6;    /* IPv6 flow label, 20 bits (IPv6 classes) */
	int next4, next6; /* bucket chains; -1 ends */
	int scan_pos;     /* index in scan[], -1 if not there */
};

struct srv_index {
	struct srv_ix_slot *slot; /* owned; cap entries */
	size_t cap;
	int *b4, *b6;             /* owned; nb bucket heads each, -1 empty */
	size_t nb;                /* power of two */
	int *scan;                /* owned; slots with any scan bit */
	size_t n_scan;
};

/* 0, ERR_INVALID (cap 0 or > INT_MAX), ERR_NOMEM. */
int srv_index_init(struct srv_index *ix, size_t cap);
/* Frees everything; NULL-safe, idempotent. */
void srv_index_fini(struct srv_index *ix);

/*
 * Indexes slot's spec (borrowed only during the call).  Replaces what the
 * slot had.  Out-of-range slots are ignored.
 */
void srv_index_add(struct srv_index *ix, int slot, const struct nep_spec *s);
/* Forgets the slot; free or out-of-range slots are ignored. */
void srv_index_remove(struct srv_index *ix, int slot);

/*
 * Writes to out (room for max) the slots whose spec may reach p's
 * threshold, in no particular order, each once; returns how many (all of
 * them when p's class is unusual, e.g. no transport header: then every
 * used slot).  0 when no spec can claim p.
 */
size_t srv_index_candidates(const struct srv_index *ix, const struct pkt *p,
			    int *out, size_t max);

/*
 * The class of a decoded packet, or -1 when it has none of the usual
 * shapes (then every spec is a candidate).
 */
int srv_index_class(const struct pkt *p);

/*
 * Per class bit: *need (key must match; *key4 / *key6 set), *scan
 * (always score).  Classes in neither cannot be claimed by this spec.
 */
void srv_index_classify(const struct nep_spec *s, unsigned *need,
			unsigned *scan, uint32_t *key4, uint32_t *key6);

#endif
