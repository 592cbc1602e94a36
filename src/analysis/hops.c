/* SPDX-License-Identifier: MIT */
/*
 * hops.c: Path Change Analysis: each router's quote of a probe against
 * what was sent, with the echo analysis' comparison (diff.c), then each
 * change placed between the last hop that showed the old value and the
 * first that showed the new one.
 *
 * Each hop (TTL, or HOPS_FINAL for the destination) keeps, per tag,
 * whether some view showed the sent value ("same") or another one
 * ("changed", with the first struct diff as evidence).  A quote cut inside
 * the TCP header is completed from the probe for the fields it does not
 * hold, and the tags of those fields are masked out: it tells nothing
 * about them, so it counts as neither same nor changed.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/hops.h"
#include "analysis/internal.h"
#include "util/err.h"

#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ICMP6 58
#define N_SLOTS (HOPS_FINAL + 1)
#define ALL_TAGS ((1u << T_COUNT) - 1)

/* Byte offsets inside the TCP header (RFC 9293 section 3.1). */
enum {
	TCPB_SEQ = 4, TCPB_ACK = 8, TCPB_FLAGS = 12, TCPB_WIN = 14,
	TCPB_CSUM = 16, TCPB_URP = 18, TCPB_FIXED = 20,
};

struct hprobe {
	uint32_t no;
	unsigned ttl;
	struct snap sent;
	unsigned ip_hlen, l4_hlen, tot_len;
};

struct htag {
	uint8_t same, changed;
	struct diff d;          /* the first change seen at this hop */
};

struct hslot {
	struct hops_hop pub;
	struct htag t[T_COUNT];
	uint8_t has_err;        /* the ICMP error's own header, first one */
	uint8_t err_tos, err_df;
	uint8_t has_qdf;        /* DF of the probe and of its first quote */
	uint8_t sent_df, quote_df;
	uint8_t has_reply;      /* echo request vs. reply */
	uint8_t req_tos, rep_tos, req_code, rep_code;
};

struct hops {
	struct hprobe *p;       /* sorted by probe number */
	size_t n, cap;
	uint8_t probed[N_SLOTS]; /* a probe was sent with this TTL */
	struct hslot *slot[N_SLOTS];
	struct hops_hop *hl;
	size_t n_hl;
	struct hops_change *c;
	size_t n_c, cap_c;
	struct hops_obs *o;
	size_t n_o, cap_o;
};

struct hops *
hops_new(void)
{
	return calloc(1, sizeof(struct hops));
}

static void
hops_clear_results(struct hops *h)
{
	free(h->hl);
	free(h->c);
	free(h->o);
	h->hl = NULL;
	h->c = NULL;
	h->o = NULL;
	h->n_hl = h->n_c = h->cap_c = h->n_o = h->cap_o = 0;
}

void
hops_free(struct hops *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->n; i++)
		an_snap_clear(&h->p[i].sent);
	free(h->p);
	for (i = 0; i < N_SLOTS; i++)
		free(h->slot[i]);
	hops_clear_results(h);
	free(h);
}

/* Index where probe no is or would go. */
static size_t
probe_pos(const struct hops *h, uint32_t no)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->p[mid].no < no)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct hprobe *
probe_find(struct hops *h, uint32_t no)
{
	size_t i = probe_pos(h, no);

	return i < h->n && h->p[i].no == no ? &h->p[i] : NULL;
}

static void
probe_lengths(const struct pkt *k, struct hprobe *p)
{
	if (k->layers & PKT_HAS_IP4) {
		p->ip_hlen = k->ip4.ihl * 4u;
		p->tot_len = k->ip4.tot_len;
	} else {
		p->ip_hlen = 40u + k->ip6.ext_len;
		p->tot_len = 40u + k->ip6.plen;
	}
	if (k->layers & PKT_HAS_TCP)
		p->l4_hlen = k->tcp.doff * 4u;
	else if (k->layers & (PKT_HAS_UDP | PKT_HAS_ICMP4 | PKT_HAS_ICMP6))
		p->l4_hlen = 8;
}

int
hops_add_sent(struct hops *h, uint32_t probe_no, unsigned ttl,
	      const struct pkt *sent)
{
	struct hprobe *p;
	size_t i;
	int rc;

	if (!h || !sent || ttl < 1 || ttl > HOPS_MAX_TTL ||
	    !(sent->layers & (PKT_HAS_IP4 | PKT_HAS_IP6)) ||
	    probe_find(h, probe_no))
		return ERR_INVALID;
	if (h->n >= HOPS_MAX_PROBES)
		return ERR_LIMIT;
	if (h->n == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 16;

		p = realloc(h->p, nc * sizeof(*p));
		if (!p)
			return ERR_NOMEM;
		h->p = p;
		h->cap = nc;
	}
	i = probe_pos(h, probe_no);
	memmove(&h->p[i + 1], &h->p[i], (h->n - i) * sizeof(*p));
	p = &h->p[i];
	memset(p, 0, sizeof(*p));
	p->no = probe_no;
	p->ttl = ttl;
	probe_lengths(sent, p);
	h->n++;
	h->probed[ttl] = 1;
	rc = an_snap_take(sent, &p->sent);
	if (rc != 0) {
		an_snap_clear(&p->sent);
		h->n--;
		memmove(&h->p[i], &h->p[i + 1], (h->n - i) * sizeof(*p));
	}
	return rc;
}

static void
fmt_ip(int af, const uint8_t *a, char *out, size_t cap)
{
	char buf[INET6_ADDRSTRLEN];

	if ((af != 4 && af != 6) ||
	    !inet_ntop(af == 4 ? AF_INET : AF_INET6, a, buf, sizeof(buf)))
		snprintf(out, cap, "?");
	else
		snprintf(out, cap, "%s", buf);
}

/* The slot of hop, made on first use; the first address names it. */
static struct hslot *
slot_get(struct hops *h, unsigned hop, const uint8_t *addr, int af)
{
	struct hslot *s = h->slot[hop];
	size_t n = af == 6 ? 16 : 4;

	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return NULL;
		s->pub.hop = hop;
		s->pub.quote_ttl = -1;
		snprintf(s->pub.addr_str, sizeof(s->pub.addr_str), "?");
		h->slot[hop] = s;
	}
	if (!addr || (af != 4 && af != 6))
		return s;
	if (!s->pub.af) {
		s->pub.af = af;
		memcpy(s->pub.addr, addr, n);
		fmt_ip(af, addr, s->pub.addr_str, sizeof(s->pub.addr_str));
	} else if (s->pub.af != af || memcmp(s->pub.addr, addr, n) != 0) {
		s->pub.more_addrs = 1;
	}
	return s;
}

static void
blind_add(char *out, size_t cap, const char *what)
{
	size_t o = strlen(out);

	snprintf(out + o, cap - o, "%s%s", o ? ", " : "", what);
}

/* Names what a quote of q bytes cannot show of probe p. */
static void
blind_words(const struct hprobe *p, unsigned q, char *out, size_t cap)
{
	unsigned l4 = q > p->ip_hlen ? q - p->ip_hlen : 0;
	int tcp = p->sent.l4 == PROTO_TCP;

	out[0] = '\0';
	if (q >= p->tot_len)
		return;
	if (q < p->ip_hlen) {
		snprintf(out, cap, "IP header and everything after");
		return;
	}
	if (l4 < TCPB_SEQ && (tcp || p->sent.has_ports)) {
		snprintf(out, cap, "ports and everything after");
		return;
	}
	if (tcp && l4 < TCPB_FIXED) {
		blind_add(out, cap, l4 < TCPB_ACK ? "TCP seq, ack" :
			  l4 < TCPB_FLAGS ? "TCP ack" : "TCP flags");
		blind_add(out, cap, l4 < TCPB_FLAGS ?
			  "flags, window, urgent pointer" :
			  "window, urgent pointer");
	} else if (!tcp && l4 < p->l4_hlen) {
		blind_add(out, cap, p->sent.l4 == PROTO_UDP ? "UDP header" :
			  "transport header");
	}
	if (tcp && p->l4_hlen > TCPB_FIXED && l4 < p->l4_hlen)
		blind_add(out, cap, l4 < TCPB_FIXED ? "options" :
			  "TCP options");
	if (p->tot_len > p->ip_hlen + p->l4_hlen)
		blind_add(out, cap, l4 <= p->l4_hlen ? "payload" :
			  "end of payload");
}

/*
 * Fills the TCP fields a header cut after l4 bytes does hold into q, the
 * others from the probe; returns the tags the quote can tell about.
 */
static uint32_t
tcp_partial(const struct pkt *k, const struct snap *sent, unsigned l4,
	    struct snap *q)
{
	uint32_t m = ALL_TAGS & ~((1u << T_TCP_SEQ) | (1u << T_TCP_ACK) |
				  (1u << T_TCP_WINDOW) | (1u << T_TCP_MSS) |
				  (1u << T_TCP_OPTIONS) | (1u << T_TCP_FLAGS) |
				  (1u << T_TCP_URP) | (1u << T_PORT_SOURCE) |
				  (1u << T_PORT_DEST) |
				  (1u << T_PAYLOAD_CHANGED) |
				  (1u << T_PAYLOAD_TRUNCATED));
	uint8_t fam = q->fam;

	an_snap_clear(q);
	memcpy(&q->l4, &sent->l4, sizeof(*q) - offsetof(struct snap, l4));
	q->fam = fam;
	q->pay = NULL;
	q->pay_ok = 0;
	if (l4 >= TCPB_SEQ) {
		q->sport = k->tcp.sport;
		q->dport = k->tcp.dport;
		m |= (1u << T_PORT_SOURCE) | (1u << T_PORT_DEST);
	}
	if (l4 >= TCPB_ACK) {
		q->seq = k->tcp.seq;
		m |= 1u << T_TCP_SEQ;
	}
	if (l4 >= TCPB_FLAGS) {
		q->ack = k->tcp.ack;
		m |= 1u << T_TCP_ACK;
	}
	if (l4 >= TCPB_WIN) {
		q->tflags = k->tcp.flags;
		q->x2 = k->tcp.x2 & 0xf;
		m |= 1u << T_TCP_FLAGS;
	}
	if (l4 >= TCPB_CSUM) {
		q->win = k->tcp.win;
		m |= 1u << T_TCP_WINDOW;
	}
	if (l4 >= TCPB_FIXED) {
		q->urp = k->tcp.urp;
		m |= 1u << T_TCP_URP;
	}
	return m;
}

/* Folds one comparison into the hop's per-tag states. */
static void
slot_fold(struct hslot *s, const struct diffset *ds, uint32_t mask)
{
	uint32_t seen = 0;
	unsigned i;

	for (i = 0; i < ds->n; i++) {
		const struct diff *d = &ds->d[i];

		if (!(mask & (1u << d->tag)) || (seen & (1u << d->tag)))
			continue;
		seen |= 1u << d->tag;
		if (!s->t[d->tag].changed)
			s->t[d->tag].d = *d;
		s->t[d->tag].changed = 1;
	}
	for (i = 0; i < T_COUNT; i++)
		if ((ds->checked & mask & (1u << i)) && !(seen & (1u << i)))
			s->t[i].same = 1;
}

/* Compares the view k (a quote or a capture) of probe p into slot s. */
static int
view_compare(struct hslot *s, const struct hprobe *p, const struct pkt *k)
{
	struct diffset ds;
	struct snap q;
	uint32_t mask = ALL_TAGS;
	unsigned l4 = 0;
	int rc;

	rc = an_snap_take(k, &q);
	if (rc != 0)
		goto out;
	if (k->l4_off <= k->caplen)
		l4 = (unsigned)(k->caplen - k->l4_off);
	if (!q.has_l4 && p->sent.l4 == PROTO_TCP &&
	    k->l4_proto == PROTO_TCP && (k->problems & PKT_TRUNC_L4) &&
	    !(k->problems & PKT_FRAGMENT))
		mask = tcp_partial(k, &p->sent, l4, &q);
	memset(&ds, 0, sizeof(ds));
	an_diff_ip(&p->sent, &q, &ds);
	an_diff_l4(&p->sent, &q, &ds);
	(void)an_diff_payload(&p->sent, &q, &ds);
	slot_fold(s, &ds, mask);
	if (!s->has_qdf && p->sent.v4 && q.v4) {
		s->has_qdf = 1;
		s->sent_df = !!(p->sent.ip_flags & IP4_FLAG_DF);
		s->quote_df = !!(q.ip_flags & IP4_FLAG_DF);
	}
out:
	an_snap_clear(&q);
	return rc;
}

/* Length bookkeeping of one view of probe p, quote or capture. */
static void
slot_lengths(struct hslot *s, const struct hprobe *p, const struct pkt *k,
	     enum hops_view v)
{
	unsigned q = (unsigned)k->caplen;
	unsigned ttl = 0;
	int has_ip = !!(k->layers & (PKT_HAS_IP4 | PKT_HAS_IP6));

	if (has_ip)
		ttl = (k->layers & PKT_HAS_IP4) ? k->ip4.ttl : k->ip6.hlim;
	if (v == HOPS_VIEW_CAPT && has_ip)
		q = p->tot_len;
	if (s->pub.n_views == 0 || q < s->pub.quote_len) {
		s->pub.quote_len = q;
		s->pub.sent_len = p->tot_len;
		s->pub.l4_len = q > p->ip_hlen ? q - p->ip_hlen : 0;
		blind_words(p, q, s->pub.blind, sizeof(s->pub.blind));
	}
	if (s->pub.quote_ttl < 0 && has_ip && v == HOPS_VIEW_QUOTE)
		s->pub.quote_ttl = (int)ttl;
	if (v > s->pub.view)
		s->pub.view = v;
	s->pub.n_views++;
}

/* The outer header of an ICMP error: TOS and DF, for the observations. */
static void
slot_err_header(struct hslot *s, const struct pkt *e)
{
	if (s->has_err)
		return;
	s->has_err = 1;
	if (e->layers & PKT_HAS_IP4) {
		s->err_tos = e->ip4.tos;
		s->err_df = !!(e->ip4.flags & IP4_FLAG_DF);
	} else {
		s->err_tos = e->ip6.tclass;
	}
}

static int
add_quote_at(struct hops *h, struct hprobe *p, unsigned hop,
	     const uint8_t *router, int af, const struct pkt *e)
{
	struct hslot *s;
	struct pkt inner;

	if (!(e->layers & PKT_HAS_QUOTE))
		return ERR_INVALID;
	s = slot_get(h, hop, router, af);
	if (!s)
		return ERR_NOMEM;
	slot_err_header(s, e);
	if (pkt_decode_quote(e, &inner) != 0 ||
	    !(inner.layers & (PKT_HAS_IP4 | PKT_HAS_IP6))) {
		memset(&inner, 0, sizeof(inner));
		inner.caplen = e->quote_len;
		slot_lengths(s, p, &inner, HOPS_VIEW_QUOTE);
		return ERR_TRUNC;
	}
	slot_lengths(s, p, &inner, HOPS_VIEW_QUOTE);
	return view_compare(s, p, &inner);
}

int
hops_add_quote(struct hops *h, uint32_t probe_no, const uint8_t *router,
	       int af, const struct pkt *icmp_error)
{
	struct hprobe *p;

	if (!h || !icmp_error)
		return ERR_INVALID;
	p = probe_find(h, probe_no);
	if (!p)
		return ERR_INVALID;
	return add_quote_at(h, p, p->ttl, router, af, icmp_error);
}

static int
is_echo_reply(const struct pkt *k)
{
	if (k->layers & PKT_HAS_ICMP4)
		return k->icmp4.type == 0;
	if (k->layers & PKT_HAS_ICMP6)
		return k->icmp6.type == 129;
	return 0;
}

static int
is_icmp_error(const struct pkt *k)
{
	return (k->layers & PKT_HAS_QUOTE) &&
	       (((k->layers & PKT_HAS_ICMP4) && icmp4_is_error(k->icmp4.type)) ||
		((k->layers & PKT_HAS_ICMP6) && icmp6_is_error(k->icmp6.type)));
}

/* An echo reply from the destination: TOS and code against the request. */
static void
final_reply(struct hslot *s, const struct hprobe *p, const struct pkt *k)
{
	s->has_reply = 1;
	s->req_tos = p->sent.tos;
	s->req_code = p->sent.icmp_code;
	s->rep_tos = (k->layers & PKT_HAS_IP4) ? k->ip4.tos : k->ip6.tclass;
	s->rep_code = (k->layers & PKT_HAS_ICMP4) ? k->icmp4.code :
		      k->icmp6.code;
	if (s->pub.view == HOPS_VIEW_NONE)
		s->pub.view = HOPS_VIEW_REPLY;
}

int
hops_add_final(struct hops *h, uint32_t probe_no, const struct pkt *pkt)
{
	struct hprobe *p;
	struct hslot *s;
	const uint8_t *src = NULL;
	int af = 0;

	if (!h || !pkt || !(pkt->layers & (PKT_HAS_IP4 | PKT_HAS_IP6)))
		return ERR_INVALID;
	p = probe_find(h, probe_no);
	if (!p)
		return ERR_INVALID;
	if (is_icmp_error(pkt)) {
		af = (pkt->layers & PKT_HAS_IP4) ? 4 : 6;
		src = af == 4 ? pkt->ip4.src : pkt->ip6.src;
		return add_quote_at(h, p, HOPS_FINAL, src, af, pkt);
	}
	/* A capture or a reply: the destination is the probe's target. */
	s = slot_get(h, HOPS_FINAL, p->sent.dst, p->sent.fam);
	if (!s)
		return ERR_NOMEM;
	if (is_echo_reply(pkt) && p->sent.is_icmp_echo) {
		final_reply(s, p, pkt);
		return 0;
	}
	slot_lengths(s, p, pkt, HOPS_VIEW_CAPT);
	return view_compare(s, p, pkt);
}

static struct hops_change *
change_new(struct hops *h)
{
	if (h->n_c == h->cap_c) {
		size_t nc = h->cap_c ? h->cap_c * 2 : 8;
		struct hops_change *c = realloc(h->c, nc * sizeof(*c));

		if (!c)
			return NULL;
		h->c = c;
		h->cap_c = nc;
	}
	memset(&h->c[h->n_c], 0, sizeof(h->c[0]));
	return &h->c[h->n_c++];
}

static void
hop_name(const struct hops *h, unsigned hop, char *out, size_t cap)
{
	const char *a = h->slot[hop] ? h->slot[hop]->pub.addr_str : "?";

	if (hop == 0)
		snprintf(out, cap, "the sender");
	else if (hop == HOPS_FINAL)
		snprintf(out, cap, "the destination (%s)", a);
	else
		snprintf(out, cap, "hop %u (%s)", hop, a);
}

static void
change_words(const struct hops *h, struct hops_change *c)
{
	char b[72], a[72], what[260];
	const char *f = strchr(c->field, '.');

	hop_name(h, c->before, b, sizeof(b));
	hop_name(h, c->at, a, sizeof(a));
	if (c->note[0])
		snprintf(what, sizeof(what), "%s (%s -> %s)", c->note,
			 c->from, c->to);
	else
		snprintf(what, sizeof(what), "%s %s -> %s",
			 f ? f + 1 : c->field, c->from, c->to);
	snprintf(c->text, sizeof(c->text), "%s between %s and %s: %s%s%s%s.",
		 c->tag, b, a, what, c->unknown ? "; " : "",
		 c->unknown ? "hops in between could not tell" : "",
		 c->unknown == 1 ? " (1 hop)" : "");
	if (c->unknown > 1) {
		size_t o = strlen(c->text) - 1;

		snprintf(c->text + o, sizeof(c->text) - o, " (%u hops).",
			 c->unknown);
	}
}

static int
change_emit(struct hops *h, int tag, unsigned before, unsigned at,
	    unsigned unknown, const char *from, const char *to,
	    const struct diff *d, int back)
{
	struct hops_change *c = change_new(h);

	if (!c)
		return ERR_NOMEM;
	c->tag = analysis_tag_names()[tag];
	snprintf(c->field, sizeof(c->field), "%s", d->field);
	snprintf(c->from, sizeof(c->from), "%s", from);
	snprintf(c->to, sizeof(c->to), "%s", to);
	snprintf(c->note, sizeof(c->note), "%s", back ? "back to the sent value"
		 : d->note);
	c->before = before;
	c->at = at;
	c->unknown = unknown;
	if (before && h->slot[before])
		snprintf(c->before_addr, sizeof(c->before_addr), "%s",
			 h->slot[before]->pub.addr_str);
	snprintf(c->at_addr, sizeof(c->at_addr), "%s",
		 h->slot[at]->pub.addr_str);
	change_words(h, c);
	return 0;
}

/*
 * Walks the hops in order for one tag.  The value a hop shows is "" for
 * the sent one, else its diff's "to"; every hop whose value differs from
 * the last known one is a change from that hop.
 */
static int
localise_tag(struct hops *h, int tag)
{
	const struct diff *last_d = NULL;
	char orig[80] = "";
	const char *last = "";
	unsigned hop, before = 0, unknown = 0, top = 0;
	int rc;

	/* Silent TTLs past the last router that answered may be the
	 * destination's: they do not count as hops that could not tell. */
	for (hop = 1; hop < HOPS_FINAL; hop++)
		if (h->slot[hop])
			top = hop;
	for (hop = 1; hop < N_SLOTS; hop++) {
		const struct hslot *s = h->slot[hop];
		const struct htag *t = s ? &s->t[tag] : NULL;
		const char *v;

		if (!t || (!t->same && !t->changed)) {
			unknown += s ? hop != HOPS_FINAL :
				   h->probed[hop] && hop < top;
			continue;
		}
		v = t->changed ? t->d.to : "";
		if (t->changed && !orig[0])
			snprintf(orig, sizeof(orig), "%s", t->d.from);
		if (strcmp(v, last) != 0) {
			rc = t->changed ?
			     change_emit(h, tag, before, hop, unknown,
					 last[0] ? last : t->d.from, v, &t->d,
					 0) :
			     change_emit(h, tag, before, hop, unknown, last,
					 orig, last_d, 1);
			if (rc != 0)
				return rc;
		}
		last = v;
		last_d = t->changed ? &t->d : last_d;
		before = hop;
		unknown = 0;
	}
	return 0;
}

static struct hops_obs *
obs_new(struct hops *h, unsigned hop)
{
	if (h->n_o == h->cap_o) {
		size_t nc = h->cap_o ? h->cap_o * 2 : 8;
		struct hops_obs *o = realloc(h->o, nc * sizeof(*o));

		if (!o)
			return NULL;
		h->o = o;
		h->cap_o = nc;
	}
	memset(&h->o[h->n_o], 0, sizeof(h->o[0]));
	h->o[h->n_o].hop = hop;
	return &h->o[h->n_o++];
}

/* "hop 2 (10.77.2.254) quoted 60 of 60 bytes (all), TTL 1, DF as sent;
 * its ICMP error: TOS 0xc0, DF clear." */
static int
obs_quote(struct hops *h, const struct hslot *s)
{
	struct hops_obs *o = obs_new(h, s->pub.hop);
	char name[72], df[40] = "", ttl[24] = "";
	const char *how;

	if (!o)
		return ERR_NOMEM;
	hop_name(h, s->pub.hop, name, sizeof(name));
	if (s->pub.quote_len >= s->pub.sent_len)
		how = "all";
	else if (s->pub.l4_len == 8)
		how = "IP header + 8, as RFC 792 asks";
	else
		how = "cut";
	if (s->pub.quote_ttl >= 0)
		snprintf(ttl, sizeof(ttl), ", TTL %d", s->pub.quote_ttl);
	if (s->has_qdf)
		snprintf(df, sizeof(df), ", DF %s%s",
			 s->quote_df ? "set" : "clear",
			 s->quote_df == s->sent_df ? " as sent" :
			 " unlike the probe");
	snprintf(o->text, sizeof(o->text),
		 "%s quoted %u of %u bytes (%s)%s%s; its ICMP error had TOS "
		 "0x%02x, DF %s.", name, s->pub.quote_len, s->pub.sent_len,
		 how, ttl, df, s->err_tos, s->err_df ? "set" : "clear");
	return 0;
}

/* Echo reply of the destination: TOS reflected?  ICMP code echoed? */
static int
obs_reply(struct hops *h, const struct hslot *s)
{
	struct hops_obs *o = obs_new(h, s->pub.hop);
	char name[72], code[64] = "";

	if (!o)
		return ERR_NOMEM;
	hop_name(h, s->pub.hop, name, sizeof(name));
	if (s->req_code)
		snprintf(code, sizeof(code), "; code %u of the request %s",
			 (unsigned)s->req_code, s->rep_code == s->req_code ?
			 "echoed" : "not echoed");
	if (s->req_code && s->rep_code != s->req_code) {
		size_t n = strlen(code);

		snprintf(code + n, sizeof(code) - n, " (reply code %u)",
			 (unsigned)s->rep_code);
	}
	snprintf(o->text, sizeof(o->text),
		 "%s echo reply: TOS 0x%02x of the request %s (reply TOS "
		 "0x%02x)%s.", name, (unsigned)s->req_tos,
		 s->rep_tos == s->req_tos ? "reflected" : "not reflected",
		 (unsigned)s->rep_tos, code);
	return 0;
}

static int
build_hops_and_obs(struct hops *h)
{
	size_t i, n = 0;
	int rc;

	for (i = 1; i < N_SLOTS; i++)
		n += h->slot[i] != NULL;
	h->hl = calloc(n ? n : 1, sizeof(*h->hl));
	if (!h->hl)
		return ERR_NOMEM;
	for (i = 1; i < N_SLOTS; i++) {
		const struct hslot *s = h->slot[i];

		if (!s)
			continue;
		h->hl[h->n_hl++] = s->pub;
		rc = s->has_err ? obs_quote(h, s) : 0;
		if (rc == 0 && s->has_reply)
			rc = obs_reply(h, s);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
hops_finish(struct hops *h)
{
	int tag, rc;

	if (!h)
		return ERR_INVALID;
	hops_clear_results(h);
	for (tag = 0; tag < T_COUNT; tag++) {
		rc = localise_tag(h, tag);
		if (rc != 0)
			goto out;
	}
	rc = build_hops_and_obs(h);
out:
	if (rc != 0)
		hops_clear_results(h);
	return rc;
}

size_t
hops_hop_count(const struct hops *h)
{
	return h ? h->n_hl : 0;
}

const struct hops_hop *
hops_hop_at(const struct hops *h, size_t i)
{
	return h && i < h->n_hl ? &h->hl[i] : NULL;
}

size_t
hops_change_count(const struct hops *h)
{
	return h ? h->n_c : 0;
}

const struct hops_change *
hops_change_at(const struct hops *h, size_t i)
{
	return h && i < h->n_c ? &h->c[i] : NULL;
}

const struct hops_change *
hops_find(const struct hops *h, const char *tag)
{
	size_t i;

	for (i = 0; h && tag && i < h->n_c; i++)
		if (strcmp(h->c[i].tag, tag) == 0)
			return &h->c[i];
	return NULL;
}

size_t
hops_obs_count(const struct hops *h)
{
	return h ? h->n_o : 0;
}

const struct hops_obs *
hops_obs_at(const struct hops *h, size_t i)
{
	return h && i < h->n_o ? &h->o[i] : NULL;
}
