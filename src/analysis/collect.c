/* SPDX-License-Identifier: MIT */
/*
 * collect.c: walks every probe and feeds the per-tag accumulators.
 *
 * Forward path: SENT vs CAPT through diff.c, then the TTL over all probes
 * at once (a TTL forced to one value only shows across probes sent with
 * different TTLs).  Return path: each RCVD is paired with a server reply of
 * the same kind; the server reply is mapped back through the translation
 * seen on the way out (its destination was the captured source, which the
 * client knows as its own address) before the fields are compared.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/analysis_int.h"

static void
feed(struct acc *acc, uint32_t no, const struct diffset *ds)
{
	unsigned i;
	int t;

	for (t = 0; t < T_COUNT; t++)
		if (ds->checked & (1u << t))
			acc[t].total++;
	for (i = 0; i < ds->n; i++)
		an_acc_hit(&acc[ds->d[i].tag], no, &ds->d[i], NULL);
}

static void
collect_forward(struct analysis *a, const struct probe *p, struct acc *acc)
{
	struct diffset ds;
	struct diff d;

	acc[T_PROBE_LOST].total++;
	if (!p->has_capt) {
		memset(&d, 0, sizeof(d));
		snprintf(d.field, sizeof(d.field), "probe");
		snprintf(d.from, sizeof(d.from), "sent");
		snprintf(d.to, sizeof(d.to), "not captured");
		an_acc_hit(&acc[T_PROBE_LOST], p->no, &d, "");
		return;
	}
	memset(&ds, 0, sizeof(ds));
	an_diff_ip(&p->sent, &p->capt, &ds);
	an_diff_l4(&p->sent, &p->capt, &ds);
	if (an_diff_payload(&p->sent, &p->capt, &ds))
		a->sum.payload_zeroed = !a->token_payload;
	feed(acc, p->no, &ds);
}

static int
ttl_comparable(const struct probe_rec *p)
{
	return p->has_sent && p->has_capt && p->sent.fam && p->capt.fam;
}

/*
 * A fixed TTL: probes sent with at least two different TTLs all arrive
 * with one and the same TTL.  Returns that TTL, or -1.
 */
static int
ttl_fixed(const struct analysis *a, int *lo, int *hi)
{
	int got = -1;
	size_t i;

	*lo = 256;
	*hi = -1;
	for (i = 0; i < a->n; i++) {
		const struct probe_rec *p = &a->p[i];

		if (!ttl_comparable(p))
			continue;
		if (got >= 0 && got != p->capt.ttl)
			return -1;
		got = p->capt.ttl;
		if (p->sent.ttl < *lo)
			*lo = p->sent.ttl;
		if (p->sent.ttl > *hi)
			*hi = p->sent.ttl;
	}
	return *lo < *hi ? got : -1;
}

static void
collect_ttl(const struct analysis *a, struct acc *acc)
{
	int lo, hi, fixed = ttl_fixed(a, &lo, &hi);
	struct diff d;
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct probe_rec *p = &a->p[i];

		if (!ttl_comparable(p))
			continue;
		acc[T_HOPS].total++;
		acc[T_TTL_REWRITTEN].total++;
		memset(&d, 0, sizeof(d));
		snprintf(d.field, sizeof(d.field), "%s",
			 p->sent.fam == 6 ? "ip.hopl" : "ip.ttl");
		snprintf(d.from, sizeof(d.from), "%u", (unsigned)p->sent.ttl);
		snprintf(d.to, sizeof(d.to), "%u", (unsigned)p->capt.ttl);
		if (fixed >= 0) {
			d.variant = 1;
			snprintf(d.note, sizeof(d.note),
				 "%d whatever was sent (%d to %d)", fixed, lo,
				 hi);
			an_acc_hit(&acc[T_TTL_REWRITTEN], p->no, &d, "fixed");
		} else if (p->capt.ttl > p->sent.ttl) {
			an_acc_hit(&acc[T_TTL_REWRITTEN], p->no, &d, NULL);
		} else if (p->capt.ttl < p->sent.ttl) {
			an_acc_hit_value(&acc[T_HOPS], p->no, &d,
					 (long)p->sent.ttl - p->capt.ttl);
		}
	}
}

/* The server's reply as the client should see it, NAT undone. */
static void
reply_expect(const struct probe *p, const struct snap *s, struct snap *e)
{
	const struct snap *sent = &p->sent, *capt = &p->capt;

	*e = *s; /* shallow: pay stays owned by s, e is read only */
	if (!p->has_capt || s->fam != capt->fam || sent->fam != capt->fam)
		return;
	if (an_snap_addr_eq(s, s->src, capt, capt->dst))
		memcpy(e->src, sent->dst, sizeof(e->src));
	if (an_snap_addr_eq(s, s->dst, capt, capt->src))
		memcpy(e->dst, sent->src, sizeof(e->dst));
	if (s->l4 != capt->l4 || !capt->has_l4 || !sent->has_l4)
		return;
	if (s->has_ports && s->sport == capt->dport)
		e->sport = sent->dport;
	if (s->has_ports && s->dport == capt->sport)
		e->dport = sent->sport;
	if (s->l4 == 6 && (s->tflags & TCP_ACK))
		e->ack = s->ack - capt->seq + sent->seq;
	if (s->is_icmp_echo && s->icmp_id == capt->icmp_id)
		e->icmp_id = sent->icmp_id;
	if (s->is_icmp_echo && s->icmp_seq == capt->icmp_seq)
		e->icmp_seq = sent->icmp_seq;
}

static void
join_diffs(const struct diffset *ds, struct diff *out, char *key,
	   size_t kcap)
{
	size_t fo = 0, no = 0;
	unsigned i;

	memset(out, 0, sizeof(*out));
	key[0] = '\0';
	snprintf(out->from, sizeof(out->from), "%s", ds->d[0].from);
	snprintf(out->to, sizeof(out->to), "%s", ds->d[0].to);
	for (i = 0; i < ds->n; i++) {
		const struct diff *d = &ds->d[i];

		if (fo < sizeof(out->field))
			fo += (size_t)snprintf(out->field + fo,
					       sizeof(out->field) - fo, "%s%s",
					       i ? "," : "", d->field);
		if (no < sizeof(out->note))
			no += (size_t)snprintf(out->note + no,
					       sizeof(out->note) - no,
					       "%s%s %s -> %s", i ? ", " : "",
					       d->field, d->from, d->to);
	}
	snprintf(key, kcap, "%s", out->field);
}

/* ECN set to CE by a congested router is ECN working, not a rewrite. */
static void
drop_congestion_marks(struct diffset *ds)
{
	unsigned i, n = 0;

	for (i = 0; i < ds->n; i++)
		if (ds->d[i].tag != T_ECN || !ds->d[i].variant)
			ds->d[n++] = ds->d[i];
	ds->n = n;
}

/* Compares one paired reply, counting it when it changed on the way. */
static void
reply_compare(const struct probe *p, const struct snap *s,
	      const struct snap *r, struct acc *acc)
{
	struct diffset ds;
	struct snap e;
	struct diff d;
	char key[64], f[8], t[8];

	reply_expect(p, s, &e);
	/* The server zeroed its copy's payload (its safe payloads, as for
	 * the probes): the received one cannot be compared with it. */
	if (e.pay_ok && e.pay_len && an_all_zero(e.pay, e.pay_len))
		e.pay_ok = 0;
	/* A stateless sequence rewriter (no connection table) does not map
	 * the ack back: the reply then arrives with the server's own ack,
	 * unchanged on the way back.  The forward finding tells of it. */
	if (e.l4 == 6 && r->l4 == 6 && r->ack == s->ack)
		e.ack = s->ack;
	memset(&ds, 0, sizeof(ds));
	if (r->fam && s->fam && r->ttl > s->ttl) {
		snprintf(f, sizeof(f), "%u", (unsigned)s->ttl);
		snprintf(t, sizeof(t), "%u", (unsigned)r->ttl);
		an_diff_add(&ds, T_TTL_REWRITTEN,
			    r->fam == 6 ? "ip.hopl" : "ip.ttl", f, t, NULL);
	}
	an_diff_ip(&e, r, &ds);
	an_diff_l4(&e, r, &ds);
	an_diff_payload(&e, r, &ds);
	drop_congestion_marks(&ds);
	if (ds.n == 0)
		return;
	join_diffs(&ds, &d, key, sizeof(key));
	an_acc_hit(&acc[T_REPLY_PATH], p->no, &d, key);
}

static int
reply_rst(const struct snap *s)
{
	return s->l4 == 6 && (s->tflags & TCP_RST);
}

static int
same_kind(const struct snap *s, const struct snap *r)
{
	return s->l4 == r->l4 && s->icmp_type == r->icmp_type;
}

/* Index of the server reply r pairs with, or -1. */
static int
reply_pair(const struct probe *p, const struct snap *r, const uint8_t *used)
{
	const uint8_t kf = TCP_SYN | TCP_ACK | TCP_RST | TCP_FIN;
	int i;

	for (i = 0; i < p->n_srv; i++) {
		const struct snap *s = &p->srv[i];

		if (!used[i] && same_kind(s, r) &&
		    (s->tflags & kf) == (r->tflags & kf))
			return i;
	}
	/* Same transport but rewritten flags: still the same reply, unless
	 * a reset appeared, which the server's host did not send. */
	for (i = 0; i < p->n_srv; i++) {
		const struct snap *s = &p->srv[i];

		if (!used[i] && same_kind(s, r) &&
		    reply_rst(s) == reply_rst(r))
			return i;
	}
	return -1;
}

static int
reply_forged(const struct analysis *a, const struct probe *p,
	     const struct snap *r, int echo_works)
{
	if (r->is_icmp_err)
		return 0; /* a router's error report, not an answer */
	/* An extension session proves the server is up and capturing for
	 * us: a probe it never saw had no reply from its host either. */
	if (!p->has_capt)
		return echo_works || a->extension;
	return a->extension;
}

static void
forged_hit(const struct probe *p, const struct snap *r, struct acc *acc)
{
	struct diff d;
	char who[64], fl[24] = " ";

	memset(&d, 0, sizeof(d));
	an_fmt_addr(r, r->src, r->sport, r->has_ports, who, sizeof(who));
	if (r->l4 == 6)
		an_fmt_tcp_flags(r->tflags, 0, fl + 1, sizeof(fl) - 1);
	else
		fl[0] = '\0';
	snprintf(d.field, sizeof(d.field), "reply");
	snprintf(d.from, sizeof(d.from), "%s", p->has_capt ?
		 "server sent no such reply" : "probe not captured");
	snprintf(d.to, sizeof(d.to), "%s%s from %s",
		 r->l4 == 6 ? "TCP" : r->l4 == 17 ? "UDP" :
		 r->l4 ? "ICMP" : "packet", fl, who);
	snprintf(d.note, sizeof(d.note), "%s", d.to);
	d.variant = !p->has_capt;
	an_acc_hit(&acc[T_FORGED_REPLY], p->no, &d, NULL);
}

/* What answered a probe: 0 nothing, 1 ICMP errors only, 2 anything else
 * (the server host's replies with the extension, else what we received). */
static int
answer_kind(const struct analysis *a, const struct probe_rec *p)
{
	const struct snap *s = a->extension ? p->srv : p->rcvd;
	int n = a->extension ? p->n_srv : p->n_rcvd, i, err = 0;

	for (i = 0; i < n; i++) {
		if (!s[i].is_icmp_err)
			return 2;
		err = 1;
	}
	return err;
}

/*
 * ICMP rate limiting at the target.  Of the probes that reached the
 * server (it captured them), the first ones all got an ICMP error back;
 * after the first that got none, at most every other one did and never
 * two in a row; and at least 3 got none.  That is a token bucket running
 * dry (Linux: a burst of 6 per destination, then one per icmp_ratelimit,
 * 1 s; icmp_msgs_per_sec overall; BSD's icmplim), not loss (the probes
 * arrived) and not a firewall (it let the first ones through).  Fills
 * *burst and *after_ans / *after for the wording; 1 when seen.
 */
static int
ratelimit_seen(const struct analysis *a, size_t *burst, size_t *after,
	       size_t *after_ans)
{
	size_t i, silent = 0;
	int in_burst = 1, prev = 0, k;

	*burst = *after = *after_ans = 0;
	for (i = 0; i < a->n; i++) {
		const struct probe_rec *p = &a->p[i];

		if (!p->has_sent || !p->has_capt)
			continue;
		if ((k = answer_kind(a, p)) == 2)
			return 0;
		if (in_burst && k) {
			(*burst)++;
			continue;
		}
		in_burst = 0;
		(*after)++;
		if (k && prev)
			return 0;
		*after_ans += (size_t)k;
		silent += (size_t)!k;
		prev = k;
	}
	return *burst > 0 && silent >= 3 && 2 * *after_ans <= *after;
}

static void
collect_replies(const struct analysis *a, const struct probe *p,
	      struct acc *acc, int echo_works)
{
	uint8_t used[ANALYSIS_MAX_REPLIES] = { 0 };
	int i, j, paired = 0;
	struct diff d;

	memset(&d, 0, sizeof(d));
	snprintf(d.field, sizeof(d.field), "reply");
	acc[T_FORGED_REPLY].total++;
	for (i = 0; i < p->n_rcvd; i++) {
		j = reply_pair(p, &p->rcvd[i], used);
		if (j >= 0) {
			used[j] = 1;
			if (!paired++)
				acc[T_REPLY_PATH].total++;
			reply_compare(p, &p->srv[j], &p->rcvd[i], acc);
		} else if (reply_forged(a, p, &p->rcvd[i], echo_works)) {
			forged_hit(p, &p->rcvd[i], acc);
		}
	}
	/* Lost means none of them came: a retransmitted SYN-ACK the client
	 * stopped waiting for is not a loss on the path. */
	if (p->n_srv) {
		acc[T_REPLY_LOST].total++;
		snprintf(d.from, sizeof(d.from), "server host replied");
		snprintf(d.to, sizeof(d.to), "not received");
		if (!paired)
			an_acc_hit(&acc[T_REPLY_LOST], p->no, &d, "");
	}
	if (a->ratelimited && p->has_capt) {
		acc[T_ICMP_RATELIMIT].total++;
		snprintf(d.from, sizeof(d.from), "captured");
		snprintf(d.to, sizeof(d.to), "no ICMP error%s",
			 a->extension ? " from the server host" : " received");
		snprintf(d.note, sizeof(d.note), "the first %zu were answered "
			 "and then %zu of the next %zu", a->rl_burst,
			 a->rl_after_ans, a->rl_after);
		if (!(a->extension ? p->n_srv : p->n_rcvd))
			an_acc_hit(&acc[T_ICMP_RATELIMIT], p->no, &d, "");
	} else if (a->extension && p->has_capt) {
		acc[T_NO_REPLY].total++;
		snprintf(d.from, sizeof(d.from), "captured");
		snprintf(d.to, sizeof(d.to), "no reply from the server host");
		if (!p->n_srv)
			an_acc_hit(&acc[T_NO_REPLY], p->no, &d, "");
	}
}

/* Fills acc[T_COUNT] and a->sum from every probe with a SENT packet. */
int
an_collect_all(struct analysis *a, struct acc *acc)
{
	int echo_works = 0;
	size_t i;

	memset(&a->sum, 0, sizeof(a->sum));
	a->sum.extension = a->extension;
	a->sum.dropped = a->dropped;
	for (i = 0; i < a->n; i++)
		echo_works |= a->p[i].has_sent && a->p[i].has_capt;
	a->ratelimited = ratelimit_seen(a, &a->rl_burst, &a->rl_after,
					&a->rl_after_ans);
	for (i = 0; i < a->n; i++) {
		struct probe view;
		const struct probe *p = &view;

		if (!a->p[i].has_sent)
			continue; /* echoes of probes we do not know */
		an_probe_view(a, &a->p[i], &view);
		a->sum.probes++;
		a->sum.captured += p->has_capt;
		a->sum.received += p->n_rcvd > 0;
		a->sum.server_replied += p->n_srv > 0;
		a->sum.extra_capt += p->capt_extra;
		collect_forward(a, p, acc);
		collect_replies(a, p, acc, echo_works);
	}
	collect_ttl(a, acc);
	return 0;
}
