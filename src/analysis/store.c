/* SPDX-License-Identifier: MIT */
/*
 * store.c: the probe table and the copy of each packet into a struct snap.
 *
 * Probes live in one array sorted by probe number; echo clients number
 * probes upwards, so an insert is nearly always an append.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis_int.h"
#include "util/err.h"
#include "util/grow.h"

#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ICMP6 58
#define IP6_EXT_FRAGMENT 44

static void
snap_ip4(const struct pkt *k, struct snap *s)
{
	s->fam = 4;
	memcpy(s->src, k->ip4.src, 4);
	memcpy(s->dst, k->ip4.dst, 4);
	s->ttl = k->ip4.ttl;
	s->tos = k->ip4.tos;
	s->v4 = 1;
	s->ip_id = k->ip4.id;
	s->ip_flags = k->ip4.flags & (IP4_FLAG_RF | IP4_FLAG_DF);
	s->frag = (k->ip4.flags & IP4_FLAG_MF) || k->ip4.frag_off;
	s->frag_off = k->ip4.frag_off;
	s->ipopts_len = k->ip4.opts_len > 40 ? 40 : k->ip4.opts_len;
	memcpy(s->ipopts, k->ip4.opts, s->ipopts_len);
}

static void
snap_ip6(const struct pkt *k, struct snap *s)
{
	unsigned i, n = k->ip6.n_ext > IP6_MAX_EXT ? IP6_MAX_EXT : k->ip6.n_ext;

	s->fam = 6;
	memcpy(s->src, k->ip6.src, 16);
	memcpy(s->dst, k->ip6.dst, 16);
	s->ttl = k->ip6.hlim;
	s->tos = k->ip6.tclass;
	s->frag = k->ip6.has_frag && (k->ip6.frag_off || k->ip6.frag_more);
	s->frag_off = k->ip6.frag_off;
	/* The fragment header is judged as fragmentation, not as an option. */
	for (i = 0; i < n; i++)
		if (k->ip6.ext[i] != IP6_EXT_FRAGMENT)
			s->ipopts[s->ipopts_len++] = k->ip6.ext[i];
}

static void
snap_tcp_opts(const struct tcp_fields *t, struct snap *s)
{
	unsigned i, n = t->n_opts > TCP_MAX_OPTS ? TCP_MAX_OPTS : t->n_opts;
	unsigned olen = t->opts_len > 40 ? 40 : t->opts_len;

	memcpy(s->opts, t->opts, olen);
	for (i = 0; i < n && s->n_opts < SNAP_MAX_OPTS; i++) {
		const struct tcp_opt *o = &t->opt[i];

		if (o->kind == TCPOPT_NOP || o->kind == TCPOPT_EOL)
			continue;
		/* A table entry that points outside the bytes is ignored. */
		if (o->len < 2 || (unsigned)o->off + o->len > olen)
			continue;
		s->opt_kind[s->n_opts] = o->kind;
		s->opt_len[s->n_opts] = o->len;
		s->opt_off[s->n_opts] = o->off;
		s->n_opts++;
	}
}

static void
snap_tcp(const struct pkt *k, struct snap *s)
{
	const struct tcp_fields *t = &k->tcp;

	s->has_ports = 1;
	s->sport = t->sport;
	s->dport = t->dport;
	s->seq = t->seq;
	s->ack = t->ack;
	s->tflags = t->flags;
	s->x2 = t->x2 & 0xf;
	s->win = t->win;
	s->urp = t->urp;
	s->has_mss = t->has_mss ? 1 : 0;
	s->mss = t->mss;
	snap_tcp_opts(t, s);
}

static int
icmp4_error_type(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static void
snap_icmp(const struct pkt *k, struct snap *s)
{
	if (k->layers & PKT_HAS_ICMP4) {
		uint8_t t = k->icmp4.type;

		s->icmp_type = t;
		s->icmp_code = k->icmp4.code;
		s->icmp_id = k->icmp4.id;
		s->icmp_seq = k->icmp4.seq;
		/* echo, timestamp, information: all carry id and seq */
		s->is_icmp_echo = t == 0 || t == 8 || (t >= 13 && t <= 16);
		s->is_icmp_err = icmp4_error_type(t);
	} else {
		uint8_t t = k->icmp6.type;

		s->icmp_type = t;
		s->icmp_code = k->icmp6.code;
		s->icmp_id = k->icmp6.id;
		s->icmp_seq = k->icmp6.seq;
		s->is_icmp_echo = t == 128 || t == 129;
		s->is_icmp_err = t < 128;
	}
}

/* Transport header bytes, to work out the claimed payload length. */
static unsigned
snap_l4_hdr_len(const struct pkt *k)
{
	if (k->layers & PKT_HAS_TCP)
		return k->tcp.doff * 4u;
	if (k->layers & (PKT_HAS_UDP | PKT_HAS_ICMP4 | PKT_HAS_ICMP6))
		return 8;
	return 0;
}

static void
snap_pay_wire(const struct pkt *k, struct snap *s)
{
	long claimed = -1;
	unsigned l4 = snap_l4_hdr_len(k);

	s->pay_wire = (uint32_t)k->payload_len;
	if (!(k->problems & PKT_TRUNC_DATA) || !s->has_l4)
		return;
	/* The capture was cut short: trust the lengths in the headers. */
	if (s->fam == 4)
		claimed = (long)k->ip4.tot_len - k->ip4.ihl * 4L - l4;
	else if (s->fam == 6)
		claimed = (long)k->ip6.plen - k->ip6.ext_len - l4;
	if (claimed > (long)k->payload_len && claimed <= 65535)
		s->pay_wire = (uint32_t)claimed;
}

/* Fills *s (fully overwritten, pay left NULL) from the fields of *k. */
static void
snap_from_pkt(const struct pkt *k, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	if (k->layers & PKT_HAS_IP4)
		snap_ip4(k, s);
	else if (k->layers & PKT_HAS_IP6)
		snap_ip6(k, s);
	if (!s->fam)
		return;
	/* The layer bit vouches for the fixed header; a cut or broken
	 * option/extension list is not compared. */
	s->ipopts_bad = !!(k->problems & (PKT_TRUNC_L3 | PKT_BAD_L3));
	s->has_l4 = !(k->problems & (PKT_TRUNC_L4 | PKT_FRAGMENT)) &&
		    (k->layers & (PKT_HAS_TCP | PKT_HAS_UDP | PKT_HAS_ICMP4 |
				  PKT_HAS_ICMP6));
	if (!s->has_l4)
		return;
	if (k->layers & PKT_HAS_TCP) {
		s->l4 = PROTO_TCP;
		snap_tcp(k, s);
	} else if (k->layers & PKT_HAS_UDP) {
		s->l4 = PROTO_UDP;
		s->has_ports = 1;
		s->sport = k->udp.sport;
		s->dport = k->udp.dport;
	} else {
		s->l4 = (k->layers & PKT_HAS_ICMP4) ? PROTO_ICMP : PROTO_ICMP6;
		snap_icmp(k, s);
	}
	snap_pay_wire(k, s);
}

/* Copies the payload bytes when pkt->base really holds them. */
static int
snap_copy_payload(const struct pkt *k, struct snap *s)
{
	if (!s->has_l4 || !k->base || k->payload_len == 0)
		return 0;
	if (k->payload_off > k->caplen ||
	    k->payload_len > k->caplen - k->payload_off ||
	    k->payload_len > 65535)
		return 0;
	s->pay = malloc(k->payload_len);
	if (!s->pay)
		return ERR_NOMEM;
	memcpy(s->pay, k->base + k->payload_off, k->payload_len);
	s->pay_len = (uint32_t)k->payload_len;
	s->pay_ok = 1;
	return 0;
}

void
an_snap_clear(struct snap *s)
{
	free(s->pay);
	s->pay = NULL;
	s->pay_len = 0;
	s->pay_ok = 0;
}

int
an_snap_take(const struct pkt *k, struct snap *s)
{
	snap_from_pkt(k, s);
	/* Payload bytes we cannot copy leave pay_ok 0: not compared. */
	return snap_copy_payload(k, s);
}

/* Every scalar keeps its type in struct snap_c. */
#define SAME_SIZE(f) \
	_Static_assert(sizeof(((struct snap_c *)0)->f) == \
		       sizeof(((struct snap *)0)->f), "snap_c." #f);
SNAP_SCALARS(SAME_SIZE)
#define SAME_SHARED(f) \
	_Static_assert(sizeof(((struct snap_ext *)0)->f) == \
		       sizeof(((struct snap *)0)->f), "snap_ext." #f);
SNAP_SHARED(SAME_SHARED)

struct analysis *
analysis_new(void)
{
	return calloc(1, sizeof(struct analysis));
}

static void
snap_c_clear(struct snap_c *c)
{
	free(c->pay);
	c->pay = NULL;
	c->pay_len = 0;
	c->pay_ok = 0;
}

static void
probe_clear(struct probe_rec *p)
{
	unsigned i;

	snap_c_clear(&p->sent);
	snap_c_clear(&p->capt);
	for (i = 0; i < p->n_rcvd; i++)
		an_snap_clear(&p->rcvd[i]);
	for (i = 0; i < p->n_srv; i++)
		an_snap_clear(&p->srv[i]);
	free(p->rcvd);
	free(p->srv);
}

void
analysis_free(struct analysis *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++)
		probe_clear(&a->p[i]);
	free(a->p);
	free(a->ext);
	free(a->ext_tab);
	free(a->f);
	free(a);
}

/* ---- the shared parts, each kept once ---- */

static uint32_t
ext_hash(const struct snap_ext *e)
{
	const uint8_t *b = (const uint8_t *)e;
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i;

	for (i = 0; i < sizeof(*e); i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static void
ext_tab_put(uint32_t *tab, uint32_t cap, const struct snap_ext *all,
	    uint32_t idx)
{
	uint32_t i = ext_hash(&all[idx]) & (cap - 1);

	while (tab[i])
		i = (i + 1) & (cap - 1);
	tab[i] = idx + 1;
}

/* Room for one more entry in ext[] and a table at most half full. */
static int
ext_reserve(struct analysis *a)
{
	struct snap_ext *ne = grow_room(a->ext, a->n_ext, &a->cap_ext,
					sizeof(*ne), 16);
	uint32_t i;

	if (!ne)
		return ERR_NOMEM;
	a->ext = ne;
	if ((a->n_ext + 1) * 2 > a->tab_cap) {
		uint32_t ncap = a->tab_cap ? a->tab_cap * 2 : 64;
		uint32_t *nt = calloc(ncap, sizeof(*nt));

		if (!nt)
			return ERR_NOMEM;
		for (i = 0; i < a->n_ext; i++)
			ext_tab_put(nt, ncap, a->ext, i);
		free(a->ext_tab);
		a->ext_tab = nt;
		a->tab_cap = ncap;
	}
	return 0;
}

/* *idx: the index of an entry equal to *e, added when new.  role: 0 sent,
 * 1 captured (consecutive probes of a role nearly always share one). */
static int
ext_intern(struct analysis *a, const struct snap_ext *e, int role,
	   uint32_t *idx)
{
	uint32_t i, last = a->last_ext[role];
	int rc;

	if (last && !memcmp(&a->ext[last - 1], e, sizeof(*e))) {
		*idx = last - 1;
		return 0;
	}
	if ((rc = ext_reserve(a)) < 0)
		return rc;
	for (i = ext_hash(e) & (a->tab_cap - 1); a->ext_tab[i];
	     i = (i + 1) & (a->tab_cap - 1))
		if (!memcmp(&a->ext[a->ext_tab[i] - 1], e, sizeof(*e)))
			break;
	if (!a->ext_tab[i]) {
		a->ext[a->n_ext] = *e;
		a->ext_tab[i] = ++a->n_ext;
	}
	*idx = a->ext_tab[i] - 1;
	a->last_ext[role] = *idx + 1;
	return 0;
}

/* *c from *s (taking over its payload copy on success). */
static int
snap_store(struct analysis *a, const struct snap *s, int role,
	   struct snap_c *c)
{
	struct snap_ext e;

#define STORE_SCALAR(f) c->f = s->f;
#define STORE_SHARED(f) memcpy(&e.f, &s->f, sizeof(e.f));
	SNAP_SCALARS(STORE_SCALAR)
	SNAP_SHARED(STORE_SHARED)
	return ext_intern(a, &e, role, &c->ext);
}

/* snap_store(); on failure s's payload copy is freed, c keeps none. */
static int
snap_keep(struct analysis *a, struct snap *s, int role, struct snap_c *c)
{
	int rc = snap_store(a, s, role, c);

	if (rc < 0) {
		an_snap_clear(s);
		c->pay = NULL;
	}
	return rc;
}

static void
snap_load(const struct analysis *a, const struct snap_c *c, struct snap *s)
{
	const struct snap_ext *e = &a->ext[c->ext];

#define LOAD_SCALAR(f) s->f = c->f;
#define LOAD_SHARED(f) memcpy(&s->f, &e->f, sizeof(e->f));
	SNAP_SCALARS(LOAD_SCALAR)
	SNAP_SHARED(LOAD_SHARED)
}

void
an_probe_view(const struct analysis *a, const struct probe_rec *r,
	      struct probe *v)
{
	memset(v, 0, sizeof(*v));
	v->no = r->no;
	v->has_sent = r->has_sent;
	v->has_capt = r->has_capt;
	v->n_rcvd = r->n_rcvd;
	v->n_srv = r->n_srv;
	v->capt_extra = r->capt_extra;
	v->capt_frag = r->capt_frag;
	v->rcvd = r->rcvd;
	v->srv = r->srv;
	if (r->has_sent)
		snap_load(a, &r->sent, &v->sent);
	if (r->has_capt)
		snap_load(a, &r->capt, &v->capt);
}

/* ---- the probe table ---- */

/* Binary search: index of probe no, or where it would be inserted. */
static size_t
probe_pos(const struct analysis *a, uint32_t no)
{
	size_t lo = 0, hi = a->n;

	if (a->n && a->p[a->n - 1].no < no)
		return a->n;
	/* Probe numbers are mostly dense and ascending: try the direct slot
	 * (the array is sorted and unique, so a hit there is the answer). */
	if (a->n && no >= a->p[0].no && no - a->p[0].no < a->n &&
	    a->p[no - a->p[0].no].no == no)
		return no - a->p[0].no;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->p[mid].no < no)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Finds or inserts probe no for packet k; NULL with *rc set on failure. */
static struct probe_rec *
probe_get(struct analysis *a, uint32_t no, const struct pkt *k, int *rc)
{
	struct probe_rec *np;
	size_t i;

	if (!a || !k) {
		*rc = ERR_INVALID;
		return NULL;
	}
	i = probe_pos(a, no);

	if (i < a->n && a->p[i].no == no)
		return &a->p[i];
	if (a->n >= ANALYSIS_MAX_PROBES) {
		a->dropped++;
		*rc = ERR_LIMIT;
		return NULL;
	}
	np = grow_room(a->p, a->n, &a->cap, sizeof(*np), 16);
	if (!np) {
		*rc = ERR_NOMEM;
		return NULL;
	}
	a->p = np;
	memmove(&a->p[i + 1], &a->p[i], (a->n - i) * sizeof(*a->p));
	memset(&a->p[i], 0, sizeof(*a->p));
	a->p[i].no = no;
	a->n++;
	return &a->p[i];
}

int
analysis_add_probe(struct analysis *a, uint32_t probe_no,
		   const struct pkt *sent)
{
	struct probe_rec *p;
	struct snap s;
	int rc = 0;

	p = probe_get(a, probe_no, sent, &rc);
	if (!p)
		return rc;
	if (p->has_sent)
		return ERR_INVALID;
	if ((rc = an_snap_take(sent, &s)) < 0)
		return rc;
	if ((rc = snap_keep(a, &s, 0, &p->sent)) < 0)
		return rc;
	p->has_sent = 1;
	return 0;
}

int
analysis_add_capt(struct analysis *a, uint32_t probe_no,
		  const struct pkt *capt)
{
	struct probe_rec *p;
	struct snap s;
	int rc = 0;

	p = probe_get(a, probe_no, capt, &rc);
	if (!p)
		return rc;
	rc = an_snap_take(capt, &s);
	if (rc)
		return rc;
	if (s.frag)
		p->capt_frag = 1;
	if (p->has_capt) {
		p->capt_extra++;
		/* Prefer the first fragment: it carries the transport
		 * header. */
		if (!(p->capt.frag && p->capt.frag_off && s.frag &&
		      !s.frag_off)) {
			an_snap_clear(&s);
			return 0;
		}
		snap_c_clear(&p->capt);
		p->has_capt = 0;
	}
	if ((rc = snap_keep(a, &s, 1, &p->capt)) < 0)
		return rc;
	p->has_capt = 1;
	return 0;
}

static int
add_reply(struct analysis *a, uint32_t probe_no, const struct pkt *k,
	  int server)
{
	struct probe_rec *p;
	uint8_t *n;
	struct snap *arr;
	int rc = 0;

	p = probe_get(a, probe_no, k, &rc);
	if (!p)
		return rc;
	if (!p->rcvd) {
		p->rcvd = calloc(ANALYSIS_MAX_REPLIES, sizeof(*p->rcvd));
		p->srv = calloc(ANALYSIS_MAX_REPLIES, sizeof(*p->srv));
		if (!p->rcvd || !p->srv) {
			free(p->rcvd);
			free(p->srv);
			p->rcvd = p->srv = NULL;
			return ERR_NOMEM;
		}
	}
	n = server ? &p->n_srv : &p->n_rcvd;
	arr = server ? p->srv : p->rcvd;
	if (*n >= ANALYSIS_MAX_REPLIES) {
		a->dropped++;
		return ERR_LIMIT;
	}
	rc = an_snap_take(k, &arr[*n]);
	if (rc == 0)
		(*n)++;
	return rc;
}

int
analysis_add_rcvd(struct analysis *a, uint32_t probe_no,
		  const struct pkt *rcvd)
{
	return add_reply(a, probe_no, rcvd, 0);
}

int
analysis_add_server_reply(struct analysis *a, uint32_t probe_no,
			  const struct pkt *srv)
{
	int rc = add_reply(a, probe_no, srv, 1);

	if (rc == 0)
		a->extension = 1;
	return rc;
}

void
analysis_set_extension(struct analysis *a, int on)
{
	if (a)
		a->extension = on ? 1 : 0;
}

void
analysis_set_token_payload(struct analysis *a, int on)
{
	if (a)
		a->token_payload = on ? 1 : 0;
}
