/* SPDX-License-Identifier: MIT */
/*
 * dedup.c: forwarded copies of one packet (server/dedup.h).  libc only.
 */
#include "server/dedup.h"

#define FNV_OFF 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull
#define IP4_TTL 8
#define IP4_CSUM 10
#define IP6_HLIM 7

int
srv_dedup_key(const uint8_t *l3, size_t len, uint64_t *hash, uint8_t *ttl)
{
	uint64_t h = FNV_OFF;
	size_t i, n = len < SRV_DEDUP_BYTES ? len : SRV_DEDUP_BYTES;
	int v = len ? l3[0] >> 4 : 0;
	size_t t;

	if (v == 4 && len >= 20)
		t = IP4_TTL;
	else if (v == 6 && len >= 40)
		t = IP6_HLIM;
	else
		return -1;
	for (i = 0; i < n; i++) {
		uint8_t b = l3[i];

		/* What a router changes: TTL / hop limit, IPv4 checksum. */
		if (i == t || (v == 4 && (i == IP4_CSUM || i == IP4_CSUM + 1)))
			b = 0;
		h = (h ^ b) * FNV_PRIME;
	}
	for (i = 0; i < sizeof(len); i++)
		h = (h ^ (uint8_t)(len >> (8 * i))) * FNV_PRIME;
	*hash = h;
	*ttl = l3[t];
	return 0;
}

int
srv_dedup_check(struct srv_dedup *d, uint64_t hash, uint8_t ttl,
		unsigned cap, uint64_t t_ns)
{
	struct srv_seen *e = &d->e[(hash ^ (hash >> 32)) % SRV_DEDUP_SLOTS];
	uint64_t dt;

	if (e->cap && e->hash == hash && e->cap != cap + 1) {
		dt = t_ns > e->t_ns ? t_ns - e->t_ns : e->t_ns - t_ns;
		if (dt <= SRV_DEDUP_NS &&
		    (ttl + 1 == e->ttl || e->ttl + 1 == ttl))
			return 1;
	}
	e->hash = hash;
	e->t_ns = t_ns;
	e->cap = cap + 1;
	e->ttl = ttl;
	return 0;
}
