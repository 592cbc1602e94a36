/* SPDX-License-Identifier: MIT */
/*
 * hops_find.c: Path Change Analysis, the finish: each tag walked hop by
 * hop into struct hops_change, the observations into struct hops_obs, and
 * the read side of the API.  See hops.c for how the hops were filled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/hops_int.h"
#include "util/err.h"
#include "util/grow.h"

static struct hops_change *
change_new(struct hops *h)
{
	struct hops_change *c = grow_room(h->c, h->n_c, &h->cap_c,
					  sizeof(*c), 8);

	if (!c)
		return NULL;
	h->c = c;
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
	struct hops_obs *o = grow_room(h->o, h->n_o, &h->cap_o, sizeof(*o),
				       8);

	if (!o)
		return NULL;
	h->o = o;
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
