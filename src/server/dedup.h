/* SPDX-License-Identifier: MIT */
/*
 * server/dedup.h: one echo per packet on a forwarding host (libc only).
 *
 * Without -e the server captures on every interface with an address.  On
 * a router a probe to a host behind it is captured twice: entering (TTL
 * t) and leaving (TTL t-1, new IPv4 checksum).  nping echoes both; we
 * echo the first and drop the copy.  A copy is a packet with the same
 * bytes apart from TTL / hop limit and the IPv4 header checksum (the
 * first SRV_DEDUP_BYTES of the IP packet, and its length), seen on
 * another capture within SRV_DEDUP_NS (capture timestamps), its TTL one
 * apart.  Identical probes a client sends twice arrive on one interface
 * with one TTL, so they are never taken for copies.
 *
 * A direct-mapped table of SRV_DEDUP_SLOTS recent echoes: a collision
 * only forgets an entry (a copy is then echoed, as nping would).
 */
#ifndef NPECHO_SERVER_DEDUP_H
#define NPECHO_SERVER_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#define SRV_DEDUP_SLOTS 1024
#define SRV_DEDUP_NS 20000000ull /* 20 ms: a router forwards in us */
#define SRV_DEDUP_BYTES 256

struct srv_seen {
	uint64_t hash;
	uint64_t t_ns;
	uint32_t cap;  /* capture number + 1; 0 = empty */
	uint8_t ttl;
};

struct srv_dedup {
	struct srv_seen e[SRV_DEDUP_SLOTS];
};

/*
 * Key of an IP packet l3[0..len): hash and TTL (hop limit).  Returns 0,
 * or -1 when it is not a whole IPv4/IPv6 fixed header (never a copy).
 */
int srv_dedup_key(const uint8_t *l3, size_t len, uint64_t *hash,
		  uint8_t *ttl);

/*
 * 1 when the packet (key, TTL) captured on capture cap at t_ns is the
 * forwarded copy of one recorded earlier (it is then not recorded);
 * otherwise records it and returns 0.
 */
int srv_dedup_check(struct srv_dedup *d, uint64_t hash, uint8_t ttl,
		    unsigned cap, uint64_t t_ns);

#endif
