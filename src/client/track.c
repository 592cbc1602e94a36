/* SPDX-License-Identifier: MIT */
/*
 * track.c: sent-probe ring, echo-to-probe association, RCVD hold queue.
 *
 * Every probe of a run carries the same IP id and, for one port, the same
 * TCP/UDP header (NEP's server needs that to match them), so an echo often
 * fits several probes equally well; it is then given to the oldest one
 * not echoed yet, which is the order the server sees them in.
 */
#include <stdlib.h>
#include <string.h>

#include "client/track.h"
#include "util/err.h"

int
ct_ring_init(struct ct_ring *r, size_t cap)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->v = calloc(cap, sizeof(*r->v));
	if (!r->v)
		return ERR_NOMEM;
	r->cap = cap;
	r->next_serial = 1;
	for (i = 0; i < cap; i++) {
		r->v[i].data = malloc(CT_PKT_MAX);
		if (!r->v[i].data) {
			ct_ring_free(r);
			return ERR_NOMEM;
		}
	}
	return 0;
}

void
ct_ring_free(struct ct_ring *r)
{
	size_t i;

	if (!r || !r->v)
		return;
	for (i = 0; i < r->cap; i++)
		free(r->v[i].data);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

struct ct_probe *
ct_ring_add(struct ct_ring *r, const uint8_t *ip, size_t len, uint16_t key,
	    uint64_t send_ns)
{
	struct ct_probe *s;

	if (!r->cap)
		return NULL;
	s = &r->v[r->next_serial % r->cap];
	if (len > CT_PKT_MAX)
		len = CT_PKT_MAX;
	memcpy(s->data, ip, len);
	s->len = len;
	if (pkt_decode(s->data, len, PKT_LINK_IP, &s->p) < 0) {
		s->serial = 0;
		return NULL;
	}
	s->serial = r->next_serial++;
	s->send_ns = send_ns;
	s->key = key;
	s->echoes = 0;
	return s;
}

struct ct_probe *
ct_ring_by_serial(struct ct_ring *r, uint64_t serial)
{
	struct ct_probe *s;

	if (!r->cap || serial == 0)
		return NULL;
	s = &r->v[serial % r->cap];
	return s->serial == serial ? s : NULL;
}

struct ct_probe *
ct_ring_newest_key(struct ct_ring *r, uint16_t key)
{
	uint64_t k;
	struct ct_probe *s;

	for (k = r->next_serial - 1; k > 0 && k + r->cap >= r->next_serial;
	     k--) {
		s = ct_ring_by_serial(r, k);
		if (s && s->key == key)
			return s;
	}
	return NULL;
}

static int
score_icmp(const struct pkt *s, const struct pkt *e)
{
	int v;

	if (s->layers & PKT_HAS_ICMP4) {
		v = (s->icmp4.seq == e->icmp4.seq) * 8;
		v += s->icmp4.id == e->icmp4.id;
		return v + (s->icmp4.type == e->icmp4.type);
	}
	v = (s->icmp6.seq == e->icmp6.seq) * 8;
	v += s->icmp6.id == e->icmp6.id;
	return v + (s->icmp6.type == e->icmp6.type);
}

int
ct_assoc_score(const struct pkt *s, const struct pkt *e)
{
	unsigned ipv = PKT_HAS_IP4 | PKT_HAS_IP6;
	unsigned l4 = PKT_HAS_TCP | PKT_HAS_UDP | PKT_HAS_ICMP4 | PKT_HAS_ICMP6;
	int v = 0;

	if ((s->layers & ipv) != (e->layers & ipv) ||
	    (s->layers & l4) != (e->layers & l4) || !(s->layers & l4))
		return -1;
	if ((s->layers & PKT_HAS_IP4) && s->ip4.id == e->ip4.id)
		v++;
	if (s->layers & PKT_HAS_TCP) {
		v += (s->tcp.dport == e->tcp.dport) * 8;
		v += (s->tcp.sport == e->tcp.sport) * 4;
		return v + (s->tcp.seq == e->tcp.seq) * 2;
	}
	if (s->layers & PKT_HAS_UDP) {
		v += (s->udp.dport == e->udp.dport) * 8;
		return v + (s->udp.sport == e->udp.sport) * 4;
	}
	return v + score_icmp(s, e);
}

/*
 * 0: not echoed, in flight; 1: not echoed, older; 2: echoed already.
 * "In flight" is the stale window, narrowed when the echo latency is known
 * (lat, from the side channel's round trip) to lat plus a margin of
 * max(3 lat, 10 ms): identical probes are then told apart by time, so a
 * lost probe does not pull every later echo onto itself, while at high
 * rates (many probes within the margin) the oldest in flight still wins.
 */
static int
rank(const struct ct_probe *s, uint64_t now, uint64_t stale, uint64_t lat)
{
	uint64_t age = now > s->send_ns ? now - s->send_ns : 0;
	uint64_t margin = 3 * lat > 10000000 ? 3 * lat : 10000000;

	if (s->echoes)
		return 2;
	if (lat && age > lat + margin)
		return 1;
	return age > stale;
}

/* Is a better than b for an echo (same score)? */
static int
prefer(const struct ct_probe *a, const struct ct_probe *b, uint64_t now,
       uint64_t stale, uint64_t lat)
{
	int ra, rb;

	if (!b)
		return 1;
	ra = rank(a, now, stale, lat);
	rb = rank(b, now, stale, lat);
	if (ra != rb)
		return ra < rb;
	return ra == 2 ? a->serial > b->serial : a->serial < b->serial;
}

/*
 * A reply of the server's host belongs to a probe the server captured:
 * among equal scores, captured (echoed) probes first, the newest of them.
 */
static int
prefer_reply(const struct ct_probe *a, const struct ct_probe *b)
{
	if (!b)
		return 1;
	if (!a->echoes != !b->echoes)
		return a->echoes != 0;
	return a->serial > b->serial;
}

static struct ct_probe *
assoc_scan(struct ct_ring *r, const struct pkt *e, uint64_t now_ns,
	   uint64_t stale_ns, int reply)
{
	struct ct_probe *best = NULL;
	int best_score = CT_MIN_SCORE, sc;
	size_t i;

	for (i = 0; i < r->cap; i++) {
		struct ct_probe *s = &r->v[i];

		if (!s->serial)
			continue;
		sc = ct_assoc_score(&s->p, e);
		if (sc < best_score)
			continue;
		if (sc > best_score || !best ||
		    (reply ? prefer_reply(s, best) :
		     prefer(s, best, now_ns, stale_ns, r->lat_ns))) {
			best = s;
			best_score = sc;
		}
	}
	return best;
}

struct ct_probe *
ct_assoc(struct ct_ring *r, const struct pkt *e, uint64_t now_ns,
	 uint64_t stale_ns)
{
	return assoc_scan(r, e, now_ns, stale_ns, 0);
}

struct ct_probe *
ct_assoc_reply(struct ct_ring *r, const struct pkt *reply, uint64_t now_ns,
	       uint64_t stale_ns)
{
	struct pkt v;
	uint16_t port;
	int err4 = (reply->layers & PKT_HAS_ICMP4) &&
		icmp4_is_error(reply->icmp4.type);
	int err6 = (reply->layers & PKT_HAS_ICMP6) &&
		icmp6_is_error(reply->icmp6.type);

	if (err4 || err6) {
		if (pkt_decode_quote(reply, &v) < 0)
			return NULL;
		return assoc_scan(r, &v, now_ns, stale_ns, 1);
	}
	v = *reply;
	port = v.tcp.sport;
	v.tcp.sport = v.tcp.dport;
	v.tcp.dport = port;
	port = v.udp.sport;
	v.udp.sport = v.udp.dport;
	v.udp.dport = port;
	return assoc_scan(r, &v, now_ns, stale_ns, 1);
}

/* ---- hold queue ---- */

int
ct_hold_init(struct ct_hold *h, size_t cap)
{
	memset(h, 0, sizeof(*h));
	h->v = calloc(cap, sizeof(*h->v));
	if (!h->v)
		return ERR_NOMEM;
	h->cap = cap;
	return 0;
}

void
ct_hold_free(struct ct_hold *h)
{
	size_t i;

	if (!h || !h->v)
		return;
	for (i = 0; i < h->n; i++)
		free(h->v[i].data);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

int
ct_hold_push(struct ct_hold *h, uint64_t serial, uint64_t due_ns,
	     uint64_t t_ns, const uint8_t *l3, size_t len)
{
	struct ct_line *l;

	if (h->n >= h->cap)
		return ERR_NOSPACE;
	if (len > CT_PKT_MAX)
		len = CT_PKT_MAX;
	l = &h->v[h->n];
	l->data = malloc(len ? len : 1);
	if (!l->data)
		return ERR_NOMEM;
	memcpy(l->data, l3, len);
	l->len = len;
	l->serial = serial;
	l->due_ns = due_ns;
	l->t_ns = t_ns;
	h->n++;
	return 0;
}

void
ct_hold_release(struct ct_hold *h, uint64_t serial)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].serial == serial && serial)
			h->v[i].due_ns = 0;
}

int
ct_hold_next(struct ct_hold *h, uint64_t now, struct ct_line *out)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		if (h->v[i].due_ns > now)
			continue;
		*out = h->v[i];
		memmove(&h->v[i], &h->v[i + 1],
			(h->n - i - 1) * sizeof(h->v[0]));
		h->n--;
		return 1;
	}
	return 0;
}

uint64_t
ct_hold_next_due(const struct ct_hold *h)
{
	uint64_t due = UINT64_MAX;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].due_ns < due)
			due = h->v[i].due_ns;
	return due;
}
