/* SPDX-License-Identifier: MIT */
/*
 * track.c: sent-probe ring and echo-to-probe association.
 *
 * Every probe of a run carries the same IP id and, for one port, the same
 * TCP/UDP header (NEP's server needs that to match them), so an echo often
 * fits several probes equally well; it is then given to the oldest one
 * not echoed yet, which is the order the server sees them in.
 *
 * The index: probes with the same matching fields (struct ct_sig) form a
 * class; they score alike against any echo.  A class keeps its probes not
 * echoed yet as a FIFO (serial order = send order) with a cursor at the
 * first one still "in flight" (see rank()), and its newest echoed probe.
 * Classes hang in 65536 chains by key (TCP/UDP destination port, ICMP
 * sequence).  A key match is worth 8 points and no other fields add up to
 * 8, so when some class with the echo's key scores, no class without it
 * can win: only those are looked at.  Otherwise (DNAT rewrote the port, a
 * foreign packet) every class is scored: a few per port in TCP/UDP runs,
 * up to one per probe in ICMP runs.
 */
#include <stdlib.h>
#include <string.h>

#include "client/track.h"
#include "util/err.h"

#define N_BUCKETS 65536

struct ct_class {
	struct ct_sig sig;
	uint32_t chain;          /* next class of the bucket / free list, +1 */
	uint32_t members;        /* probes of the class in the ring; 0 free */
	uint64_t head, tail;     /* FIFO of probes not echoed (serials) */
	uint64_t cur;            /* first FIFO probe sent at or after cut */
	uint64_t cut;
	uint64_t newest;         /* newest probe of the class */
	uint64_t newest_echoed;  /* newest echoed probe, 0 none */
};

static size_t
pow2_at_least(size_t n)
{
	size_t c = 1;

	while (c < n)
		c <<= 1;
	return c;
}

int
ct_ring_init(struct ct_ring *r, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->next_serial = 1;
	if (cap == 0)
		return 0;
	cap = pow2_at_least(cap);
	r->v = calloc(cap, sizeof(*r->v));
	r->cls = calloc(cap, sizeof(*r->cls));
	r->bucket = calloc(N_BUCKETS, sizeof(*r->bucket));
	if (!r->v || !r->cls || !r->bucket) {
		ct_ring_free(r);
		return ERR_NOMEM;
	}
	r->cap = cap;
	r->max_cap = cap;
	return 0;
}

void
ct_ring_free(struct ct_ring *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; r->v && i < r->cap; i++)
		free(r->v[i].data);
	free(r->v);
	free(r->cls);
	free(r->bucket);
	memset(r, 0, sizeof(*r));
	r->next_serial = 1;
}

void
ct_ring_set_growth(struct ct_ring *r, uint64_t keep_ns, size_t max_cap)
{
	r->keep_ns = keep_ns;
	r->max_cap = max_cap > CT_RING_MAX ? CT_RING_MAX : max_cap;
	if (r->max_cap < r->cap)
		r->max_cap = r->cap;
}

/* Bytes a ring of cap slots may take with probes of len bytes (16:
 * malloc's header of each copy). */
static uint64_t
ring_bytes(size_t cap, size_t len)
{
	return (uint64_t)cap * (sizeof(struct ct_probe) +
				sizeof(struct ct_class) + len + 16);
}

size_t
ct_ring_size(double pps, uint64_t keep_ns, size_t probe_len)
{
	double want = pps * (double)keep_ns / 1e9 * 2;
	size_t cap = CT_RING_MIN;

	while (cap < CT_RING_MAX && (double)cap < want)
		cap <<= 1;
	while (cap > CT_RING_MIN && ring_bytes(cap, probe_len) > CT_RING_BYTES)
		cap >>= 1;
	return cap;
}

struct ct_probe *
ct_ring_by_serial(struct ct_ring *r, uint64_t serial)
{
	struct ct_probe *s;

	if (!r->cap || serial == 0)
		return NULL;
	s = &r->v[serial & (r->cap - 1)];
	return s->serial == serial ? s : NULL;
}

void
ct_sig_of(const struct pkt *p, struct ct_sig *out)
{
	memset(out, 0, sizeof(*out));
	out->layers = p->layers & (PKT_HAS_IP4 | PKT_HAS_IP6 | PKT_HAS_TCP |
				   PKT_HAS_UDP | PKT_HAS_ICMP4 | PKT_HAS_ICMP6);
	if (p->layers & PKT_HAS_IP4)
		out->ip_id = p->ip4.id;
	if (p->layers & PKT_HAS_TCP) {
		out->key = p->tcp.dport;
		out->sport = p->tcp.sport;
		out->tcp_seq = p->tcp.seq;
	} else if (p->layers & PKT_HAS_UDP) {
		out->key = p->udp.dport;
		out->sport = p->udp.sport;
	} else if (p->layers & PKT_HAS_ICMP4) {
		out->key = p->icmp4.seq;
		out->icmp_id = p->icmp4.id;
		out->icmp_type = p->icmp4.type;
	} else if (p->layers & PKT_HAS_ICMP6) {
		out->key = p->icmp6.seq;
		out->icmp_id = p->icmp6.id;
		out->icmp_type = p->icmp6.type;
	}
}

int
ct_sig_score(const struct ct_sig *s, const struct ct_sig *e)
{
	unsigned l4 = PKT_HAS_TCP | PKT_HAS_UDP | PKT_HAS_ICMP4 | PKT_HAS_ICMP6;
	int v;

	if (s->layers != e->layers || !(s->layers & l4))
		return -1;
	v = (s->layers & PKT_HAS_IP4) && s->ip_id == e->ip_id;
	v += (s->key == e->key) * 8;
	if (s->layers & PKT_HAS_TCP)
		return v + (s->sport == e->sport) * 4 +
			(s->tcp_seq == e->tcp_seq) * 2;
	if (s->layers & PKT_HAS_UDP)
		return v + (s->sport == e->sport) * 4;
	return v + (s->icmp_id == e->icmp_id) +
		(s->icmp_type == e->icmp_type);
}

int
ct_assoc_score(const struct pkt *s, const struct pkt *e)
{
	struct ct_sig a, b;

	ct_sig_of(s, &a);
	ct_sig_of(e, &b);
	return ct_sig_score(&a, &b);
}

int
ct_probe_decode(const struct ct_probe *s, struct pkt *out)
{
	return pkt_decode(s->data, s->len, PKT_LINK_IP, out);
}

/* ---- classes ---- */

static struct ct_class *
cls_at(struct ct_ring *r, uint32_t idx1)
{
	return idx1 ? &r->cls[idx1 - 1] : NULL;
}

/* The class of sig, created when missing; its index + 1, 0 when full. */
static uint32_t
cls_get(struct ct_ring *r, const struct ct_sig *sig)
{
	uint32_t i = r->bucket[sig->key];
	struct ct_class *c;

	for (; i; i = r->cls[i - 1].chain)
		if (!memcmp(&r->cls[i - 1].sig, sig, sizeof(*sig)))
			return i;
	if (r->cls_free) {
		i = r->cls_free;
		r->cls_free = r->cls[i - 1].chain;
	} else if (r->cls_hw < r->cap) {
		i = ++r->cls_hw;
	} else {
		return 0;
	}
	c = &r->cls[i - 1];
	memset(c, 0, sizeof(*c));
	c->sig = *sig;
	c->chain = r->bucket[sig->key];
	r->bucket[sig->key] = i;
	return i;
}

static void
cls_put(struct ct_ring *r, uint32_t idx1)
{
	uint32_t *pp = &r->bucket[r->cls[idx1 - 1].sig.key];

	while (*pp != idx1)
		pp = &r->cls[*pp - 1].chain;
	*pp = r->cls[idx1 - 1].chain;
	r->cls[idx1 - 1].members = 0;
	r->cls[idx1 - 1].chain = r->cls_free;
	r->cls_free = idx1;
}

static void
fifo_append(struct ct_ring *r, struct ct_class *c, struct ct_probe *s)
{
	s->prev = c->tail;
	s->next = 0;
	if (c->tail)
		ct_ring_by_serial(r, c->tail)->next = s->serial;
	else
		c->head = s->serial;
	c->tail = s->serial;
	if (!c->cur && s->send_ns >= c->cut)
		c->cur = s->serial;
}

static void
fifo_unlink(struct ct_ring *r, struct ct_class *c, struct ct_probe *s)
{
	if (c->cur == s->serial)
		c->cur = s->next;
	if (s->prev)
		ct_ring_by_serial(r, s->prev)->next = s->next;
	else
		c->head = s->next;
	if (s->next)
		ct_ring_by_serial(r, s->next)->prev = s->prev;
	else
		c->tail = s->prev;
	s->prev = s->next = 0;
}

/* Takes s out of the index before its slot is reused. */
static void
evict(struct ct_ring *r, struct ct_probe *s)
{
	struct ct_class *c = cls_at(r, s->cls);

	if (!s->serial || !c)
		return;
	if (!s->echoes)
		fifo_unlink(r, c, s);
	if (c->newest_echoed == s->serial)
		c->newest_echoed = 0;
	if (--c->members == 0)
		cls_put(r, s->cls);
	s->serial = 0;
	s->cls = 0;
}

/* ---- the ring ---- */

/* Doubles the ring; the index keeps working (it links by serial). */
static int
grow(struct ct_ring *r)
{
	size_t cap = r->cap * 2, i;
	struct ct_probe *v = calloc(cap, sizeof(*v));
	struct ct_class *cls = realloc(r->cls, cap * sizeof(*cls));

	if (cls)
		r->cls = cls;
	if (!v || !cls) {
		free(v);
		return ERR_NOMEM;
	}
	for (i = 0; i < r->cap; i++) {
		if (r->v[i].serial)
			v[r->v[i].serial & (cap - 1)] = r->v[i];
		else
			free(r->v[i].data);
	}
	free(r->v);
	r->v = v;
	r->cap = cap;
	return 0;
}

/* May the probe in slot s be overwritten by one sent at now? */
static int
must_grow(const struct ct_ring *r, const struct ct_probe *s, uint64_t now,
	  size_t len)
{
	if (!s->serial || r->cap >= r->max_cap || !r->keep_ns)
		return 0;
	if (s->send_ns + r->keep_ns <= now)
		return 0;
	return ring_bytes(r->cap * 2, len > r->max_len ? len : r->max_len) <=
		CT_RING_BYTES;
}

/* Copies ip[0..len) into s's buffer; ERR_NOMEM. */
static int
slot_copy(struct ct_probe *s, const uint8_t *ip, size_t len)
{
	uint8_t *d;

	if (len > s->cap || !s->data) {
		d = realloc(s->data, len ? len : 1);
		if (!d)
			return ERR_NOMEM;
		s->data = d;
		s->cap = len ? len : 1;
	}
	memcpy(s->data, ip, len);
	s->len = len;
	return 0;
}

struct ct_probe *
ct_ring_add(struct ct_ring *r, const uint8_t *ip, size_t len, uint16_t key,
	    uint64_t send_ns, struct pkt *p)
{
	struct ct_probe *s;
	struct ct_sig sig;
	struct pkt tmp;
	uint32_t ci;

	if (!p)
		p = &tmp;
	if (!r->cap)
		return NULL;
	if (len > CT_PKT_MAX)
		len = CT_PKT_MAX;
	if (pkt_decode(ip, len, PKT_LINK_IP, p) < 0)
		return NULL;
	ct_sig_of(p, &sig);
	s = &r->v[r->next_serial & (r->cap - 1)];
	if (must_grow(r, s, send_ns, len) && grow(r) == 0)
		s = &r->v[r->next_serial & (r->cap - 1)];
	evict(r, s);
	ci = cls_get(r, &sig);
	if (!ci || slot_copy(s, ip, len) < 0) {
		if (ci && !r->cls[ci - 1].members)
			cls_put(r, ci);
		return NULL;
	}
	s->serial = r->next_serial++;
	s->send_ns = send_ns;
	s->key = key;
	s->echoes = 0;
	s->sig = sig;
	s->cls = ci;
	r->cls[ci - 1].members++;
	r->cls[ci - 1].newest = s->serial;
	fifo_append(r, &r->cls[ci - 1], s);
	if (len > r->max_len)
		r->max_len = len;
	return s;
}

uint32_t
ct_ring_echoed(struct ct_ring *r, struct ct_probe *s)
{
	struct ct_class *c = cls_at(r, s->cls);

	if (s->echoes == 0 && c) {
		fifo_unlink(r, c, s);
		if (s->serial > c->newest_echoed)
			c->newest_echoed = s->serial;
	}
	return s->echoes++;
}

struct ct_probe *
ct_ring_newest_key(struct ct_ring *r, uint16_t key)
{
	uint64_t best = 0;
	uint32_t i;

	if (!r->cap)
		return NULL;
	for (i = r->bucket[key]; i; i = r->cls[i - 1].chain)
		if (r->cls[i - 1].newest > best)
			best = r->cls[i - 1].newest;
	return ct_ring_by_serial(r, best);
}

/* ---- association ---- */

/*
 * 0: not echoed, in flight; 1: not echoed, older; 2: echoed already.
 * "In flight" is the stale window, narrowed when the echo latency is known
 * (lat, from the side channel's round trip) to lat plus a margin of
 * max(3 lat, 10 ms): identical probes are then told apart by time, so a
 * lost probe does not pull every later echo onto itself, while at high
 * rates (many probes within the margin) the oldest in flight still wins.
 */
static uint64_t
window(uint64_t stale, uint64_t lat)
{
	uint64_t margin = 3 * lat > 10000000 ? 3 * lat : 10000000;

	return lat && lat + margin < stale ? lat + margin : stale;
}

static int
rank(const struct ct_probe *s, uint64_t now, uint64_t win)
{
	uint64_t age = now > s->send_ns ? now - s->send_ns : 0;

	if (s->echoes)
		return 2;
	return age > win;
}

/* Is a better than b for an echo (same score)? */
static int
prefer(const struct ct_probe *a, const struct ct_probe *b, uint64_t now,
       uint64_t win)
{
	int ra, rb;

	if (!b)
		return 1;
	ra = rank(a, now, win);
	rb = rank(b, now, win);
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

/*
 * Moves the class's cursor to the first FIFO probe sent at or after cut
 * (probes sent before it are "older").  Cut only grows in a run, so this
 * is amortised O(1); a smaller cut walks back.
 */
static void
cls_cut(struct ct_ring *r, struct ct_class *c, uint64_t cut)
{
	struct ct_probe *s;
	uint64_t k;

	if (cut >= c->cut) {
		while (c->cur && (s = ct_ring_by_serial(r, c->cur)) &&
		       s->send_ns < cut)
			c->cur = s->next;
	} else {
		for (k = c->cur ? ct_ring_by_serial(r, c->cur)->prev : c->tail;
		     k && (s = ct_ring_by_serial(r, k)) && s->send_ns >= cut;
		     k = s->prev)
			c->cur = k;
	}
	c->cut = cut;
}

/* The best probe of class c for an echo (reply: for a reply). */
static struct ct_probe *
cls_pick(struct ct_ring *r, struct ct_class *c, uint64_t now, uint64_t win,
	 int reply)
{
	if (reply)
		return ct_ring_by_serial(r, c->newest_echoed ? c->newest_echoed :
					 c->newest);
	cls_cut(r, c, now > win ? now - win : 0);
	if (c->cur)
		return ct_ring_by_serial(r, c->cur);
	if (c->head)
		return ct_ring_by_serial(r, c->head);
	return ct_ring_by_serial(r, c->newest_echoed);
}

struct assoc_q {
	struct ct_sig e;
	uint64_t now, win;
	int reply;
	int best_score;
	struct ct_probe *best;
};

static void
consider(struct ct_ring *r, struct ct_class *c, struct assoc_q *q)
{
	struct ct_probe *s;
	int sc;

	if (!c->members)
		return;
	sc = ct_sig_score(&c->sig, &q->e);
	if (sc < q->best_score)
		return;
	s = cls_pick(r, c, q->now, q->win, q->reply);
	if (!s)
		return;
	if (sc > q->best_score || !q->best ||
	    (q->reply ? prefer_reply(s, q->best) :
	     prefer(s, q->best, q->now, q->win))) {
		q->best = s;
		q->best_score = sc;
	}
}

static struct ct_probe *
assoc(struct ct_ring *r, const struct pkt *e, uint64_t now_ns,
      uint64_t stale_ns, int reply)
{
	struct assoc_q q;
	uint32_t i;

	if (!r->cap)
		return NULL;
	memset(&q, 0, sizeof(q));
	ct_sig_of(e, &q.e);
	q.now = now_ns;
	q.win = window(stale_ns, r->lat_ns);
	q.reply = reply;
	q.best_score = CT_MIN_SCORE;
	for (i = r->bucket[q.e.key]; i; i = r->cls[i - 1].chain)
		consider(r, &r->cls[i - 1], &q);
	if (q.best)
		return q.best;
	/* No probe with the echo's key scores: every kind of probe may. */
	for (i = 0; i < r->cls_hw; i++)
		consider(r, &r->cls[i], &q);
	return q.best;
}

struct ct_probe *
ct_assoc(struct ct_ring *r, const struct pkt *e, uint64_t now_ns,
	 uint64_t stale_ns)
{
	return assoc(r, e, now_ns, stale_ns, 0);
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
		return assoc(r, &v, now_ns, stale_ns, 1);
	}
	v = *reply;
	port = v.tcp.sport;
	v.tcp.sport = v.tcp.dport;
	v.tcp.dport = port;
	port = v.udp.sport;
	v.udp.sport = v.udp.dport;
	v.udp.dport = port;
	return assoc(r, &v, now_ns, stale_ns, 1);
}
