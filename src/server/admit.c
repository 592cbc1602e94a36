/* SPDX-License-Identifier: MIT */
/*
 * admit.c: the pre-authentication pool and the handshake rate per source
 * (server/admit.h).  libc only.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "server/admit.h"

#define SRC_V6_BITS 64
#define SET_WAYS 4

void
srv_src_of(const struct srv_addr *a, struct srv_addr *out)
{
	srv_addr_net(a, 32, SRC_V6_BITS, out);
}

/* ---- pool ---- */

int
srv_pool_init(struct srv_pool *p, size_t cap, size_t per_src)
{
	memset(p, 0, sizeof(*p));
	if (cap == 0 || per_src == 0 || per_src > cap)
		return ERR_INVALID;
	p->e = calloc(cap, sizeof(*p->e));
	if (!p->e)
		return ERR_NOMEM;
	p->cap = cap;
	p->per_src = per_src;
	return 0;
}

void
srv_pool_fini(struct srv_pool *p)
{
	if (!p)
		return;
	free(p->e);
	memset(p, 0, sizeof(*p));
}

size_t
srv_pool_count_src(const struct srv_pool *p, const struct srv_addr *src)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += srv_addr_eq(&p->e[i].src, src) != 0;
	return n;
}

/* The idlest entry (of src when not NULL); -1 if none. */
static long
idlest(const struct srv_pool *p, const struct srv_addr *src)
{
	long best = -1;
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (src && !srv_addr_eq(&p->e[i].src, src))
			continue;
		if (best < 0 || *p->e[i].last_ns < *p->e[best].last_ns)
			best = (long)i;
	}
	return best;
}

void *
srv_pool_victim(const struct srv_pool *p, const struct srv_addr *src,
		const char **why)
{
	long v = -1;

	if (srv_pool_count_src(p, src) >= p->per_src) {
		v = idlest(p, src);
		*why = "idle handshake closed to make room: too many from "
		       "this address";
	} else if (p->n >= p->cap) {
		v = idlest(p, NULL);
		*why = "idle handshake closed to make room: too many "
		       "handshakes";
	}
	return v < 0 ? NULL : p->e[v].owner;
}

int
srv_pool_add(struct srv_pool *p, const struct srv_addr *src, void *owner,
	     const uint64_t *last_ns)
{
	if (p->n >= p->cap || srv_pool_count_src(p, src) >= p->per_src)
		return ERR_LIMIT;
	p->e[p->n].owner = owner;
	p->e[p->n].src = *src;
	p->e[p->n].last_ns = last_ns;
	p->n++;
	return 0;
}

int
srv_pool_remove(struct srv_pool *p, const void *owner)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->e[i].owner != owner)
			continue;
		p->e[i] = p->e[--p->n];
		memset(&p->e[p->n], 0, sizeof(p->e[p->n]));
		return 1;
	}
	return 0;
}

/* ---- handshake rate ---- */

int
srv_hsrate_init(struct srv_hsrate *r, unsigned rate, unsigned burst)
{
	memset(r, 0, sizeof(*r));
	if (rate == 0 || burst == 0)
		return ERR_INVALID;
	r->e = calloc(SRV_HSRATE_SLOTS, sizeof(*r->e));
	if (!r->e)
		return ERR_NOMEM;
	r->interval_ns = 1000000000ull / rate;
	r->tolerance_ns = r->interval_ns * (burst - 1);
	return 0;
}

void
srv_hsrate_fini(struct srv_hsrate *r)
{
	if (!r)
		return;
	free(r->e);
	memset(r, 0, sizeof(*r));
}

/* FNV-1a over the family and the address bytes. */
static size_t
set_of(const struct srv_addr *a)
{
	size_t i, len = a->af == AF_INET6 ? 16 : 4;
	uint32_t h = 2166136261u ^ (uint32_t)a->af;

	for (i = 0; i < len; i++)
		h = (h ^ a->ip[i]) * 16777619u;
	return (h % (SRV_HSRATE_SLOTS / SET_WAYS)) * SET_WAYS;
}

/*
 * src's entry, its last attempt set to now.  make: take a slot of its
 * set: a free one, else one whose burst is whole again (forgetting it
 * loses nothing), else the one whose source tried least recently (a
 * source being refused keeps trying, so it is the last to be forgotten).
 */
static struct srv_hsrate_ent *
find(struct srv_hsrate *r, const struct srv_addr *src, uint64_t now,
     int make)
{
	struct srv_hsrate_ent *set = r->e + set_of(src), *pick = NULL;
	size_t i;

	for (i = 0; i < SET_WAYS; i++)
		if (set[i].used && srv_addr_eq(&set[i].src, src)) {
			set[i].seen = now;
			return &set[i];
		}
	if (!make)
		return NULL;
	for (i = 0; i < SET_WAYS && !pick; i++)
		if (!set[i].used || set[i].tat <= now)
			pick = &set[i];
	if (!pick) {
		pick = &set[0];
		for (i = 1; i < SET_WAYS; i++)
			if (set[i].seen < pick->seen)
				pick = &set[i];
	}
	memset(pick, 0, sizeof(*pick));
	pick->seen = now;
	pick->used = 1;
	pick->src = *src;
	return pick;
}

int
srv_hsrate_take(struct srv_hsrate *r, const struct srv_addr *src,
		uint64_t now_ns)
{
	struct srv_hsrate_ent *e = find(r, src, now_ns, 1);
	uint64_t tat = e->tat > now_ns ? e->tat : now_ns;

	if (tat - now_ns > r->tolerance_ns)
		return 0;
	e->tat = tat + r->interval_ns;
	return 1;
}

void
srv_hsrate_give(struct srv_hsrate *r, const struct srv_addr *src,
		uint64_t now_ns)
{
	struct srv_hsrate_ent *e = find(r, src, now_ns, 0);

	if (!e)
		return;
	e->tat = e->tat > now_ns + r->interval_ns ? e->tat - r->interval_ns
						  : now_ns;
}
