/* SPDX-License-Identifier: MIT */
/*
 * hops.c: Path Change Analysis, the recording side: each router's quote
 * of a probe compared with what was sent, with the echo analysis'
 * comparison (diff.c).  hops_find.c then places each change between the
 * last hop that showed the old value and the first that showed the new.
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

#include "analysis/hops_int.h"
#include "util/err.h"
#include "util/grow.h"

struct hops *
hops_new(void)
{
	return calloc(1, sizeof(struct hops));
}

void
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
	p = grow_room(h->p, h->n, &h->cap, sizeof(*p), 16);
	if (!p)
		return ERR_NOMEM;
	h->p = p;
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

/*
 * Folds one comparison into the hop's per-tag states.  A NAT translates
 * the quotes in the ICMP errors it forwards back (Linux conntrack does,
 * tests/integration/trace_quote.sh), so a quote showing the sent address,
 * port or ICMP id proves nothing: only a capture's does.
 */
static void
slot_fold(struct hslot *s, const struct diffset *ds, uint32_t mask,
	  int quote)
{
	const uint32_t nat = (1u << T_NAT_SOURCE) | (1u << T_NAT_DEST) |
			     (1u << T_PORT_SOURCE) | (1u << T_PORT_DEST) |
			     (1u << T_ICMP_ID);
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
	if (quote)
		mask &= ~nat;
	for (i = 0; i < T_COUNT; i++)
		if ((ds->checked & mask & (1u << i)) && !(seen & (1u << i)))
			s->t[i].same = 1;
}

/* Compares the view k (a quote or a capture) of probe p into slot s. */
static int
view_compare(struct hslot *s, const struct hprobe *p, const struct pkt *k,
	     int quote)
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
	slot_fold(s, &ds, mask, quote);
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
	return view_compare(s, p, &inner, 1);
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
	return view_compare(s, p, pkt, 0);
}
