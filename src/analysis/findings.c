/* SPDX-License-Identifier: MIT */
/*
 * findings.c: per-tag accumulators and the English sentence of each finding.
 *
 * Most sentences have one shape:
 *   "<Subject>: <sent> -> <captured> in k/n probes: <meaning>."
 * where a note (e.g. "timestamp removed") replaces "<sent> -> <captured>".
 * hops, ttl-rewritten and the loss/reply tags have their own wording.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/analysis_int.h"

struct tag_info {
	int lb_hint;                    /* disagreeing probes hint at paths */
	enum finding_severity sev[2];   /* by diff variant */
	const char *subject[2];
	const char *meaning[2];
};

/* The tags, a contract: in enum tag_id order, NULL-terminated. */
static const char *const names[T_COUNT + 1] = {
	[T_NAT_SOURCE] = "nat-source",
	[T_NAT_DEST] = "nat-dest",
	[T_PORT_SOURCE] = "port-source",
	[T_PORT_DEST] = "port-dest",
	[T_ICMP_ID] = "icmp-id-changed",
	[T_HOPS] = "hops",
	[T_TTL_REWRITTEN] = "ttl-rewritten",
	[T_DSCP] = "dscp-changed",
	[T_ECN] = "ecn-changed",
	[T_IP_ID] = "ip-id-changed",
	[T_DF] = "df-changed",
	[T_IP_OPTIONS] = "ip-options-changed",
	[T_FRAGMENTED] = "fragmented",
	[T_TCP_SEQ] = "tcp-seq-changed",
	[T_TCP_ACK] = "tcp-ack-changed",
	[T_TCP_WINDOW] = "tcp-window-changed",
	[T_TCP_MSS] = "tcp-mss-changed",
	[T_TCP_OPTIONS] = "tcp-options-changed",
	[T_TCP_FLAGS] = "tcp-flags-changed",
	[T_TCP_URP] = "tcp-urp-changed",
	[T_PAYLOAD_CHANGED] = "payload-changed",
	[T_PAYLOAD_TRUNCATED] = "payload-truncated",
	[T_PROBE_LOST] = "probe-lost",
	[T_REPLY_LOST] = "reply-lost",
	[T_NO_REPLY] = "no-reply",
	[T_ICMP_RATELIMIT] = "icmp-rate-limited",
	[T_FORGED_REPLY] = "forged-reply",
	[T_REPLY_PATH] = "reply-path-changed",
	[T_COUNT] = NULL,
};

#define SAME(x) { x, x }

static const struct tag_info tags[T_COUNT] = {
	[T_NAT_SOURCE] = { 1, SAME(FINDING_NOTICE),
		{ "Source IP changed", "Source IP and port changed" },
		SAME("a NAT between you and the server") },
	[T_NAT_DEST] = { 1, SAME(FINDING_NOTICE),
		{ "Destination IP changed", "Destination IP and port changed" },
		SAME("a port forward or DNAT before the server") },
	[T_PORT_SOURCE] = { 1, SAME(FINDING_NOTICE),
		SAME("Source port changed"),
		SAME("port translation between you and the server") },
	[T_PORT_DEST] = { 1, SAME(FINDING_NOTICE),
		SAME("Destination port changed"),
		SAME("a port forward before the server") },
	[T_ICMP_ID] = { 1, SAME(FINDING_NOTICE),
		SAME("ICMP echo identifier changed"),
		SAME("a NAT rewrites ICMP identifiers") },
	[T_HOPS] = { 0, SAME(FINDING_INFO), SAME(NULL), SAME(NULL) },
	[T_TTL_REWRITTEN] = { 0, SAME(FINDING_NOTICE),
		{ "TTL raised", "TTL set to a fixed value" },
		SAME("a middlebox rewrites the TTL, so the hop count is "
		     "unknown") },
	[T_DSCP] = { 1, SAME(FINDING_NOTICE),
		SAME("DSCP changed"),
		SAME("a router re-marks the QoS class") },
	[T_ECN] = { 0, { FINDING_NOTICE, FINDING_INFO },
		SAME("ECN changed"),
		{ "a middlebox clears or rewrites ECN",
		  "a router marked congestion" } },
	[T_IP_ID] = { 0, SAME(FINDING_INFO),
		SAME("IP ID changed"),
		SAME("a NAT or traffic scrubber rewrites IP IDs") },
	[T_DF] = { 0, SAME(FINDING_NOTICE),
		SAME("IP flags changed"),
		SAME("a middlebox rewrites the IP flags") },
	[T_IP_OPTIONS] = { 0, SAME(FINDING_WARNING),
		SAME("IP options changed"),
		SAME("a router strips or rewrites IP options") },
	[T_FRAGMENTED] = { 0, SAME(FINDING_NOTICE),
		SAME("Fragmentation changed"),
		SAME("a link with a smaller MTU, or a middlebox that "
		     "fragments or reassembles") },
	[T_TCP_SEQ] = { 0, SAME(FINDING_NOTICE),
		SAME("TCP sequence number changed"),
		SAME("a firewall randomizes sequence numbers") },
	[T_TCP_ACK] = { 0, SAME(FINDING_WARNING),
		SAME("TCP acknowledgment number changed"),
		SAME("a middlebox rewrites acknowledgments") },
	[T_TCP_WINDOW] = { 1, SAME(FINDING_WARNING),
		SAME("TCP window changed"),
		SAME("a transparent proxy or traffic shaper rewrites it") },
	[T_TCP_MSS] = { 1, SAME(FINDING_NOTICE),
		{ "TCP MSS raised", "TCP MSS clamped" },
		{ "a middlebox rewrites the MSS",
		  "a router clamps the MSS for a smaller MTU ahead "
		  "(PPPoE, a tunnel)" } },
	[T_TCP_OPTIONS] = { 0, SAME(FINDING_WARNING),
		SAME("TCP options changed"),
		SAME("a middlebox rewrites TCP options") },
	[T_TCP_FLAGS] = { 0, SAME(FINDING_WARNING),
		SAME("TCP flags changed"),
		SAME("a middlebox rewrites TCP flags") },
	[T_TCP_URP] = { 0, SAME(FINDING_NOTICE),
		SAME("TCP urgent pointer changed"),
		SAME("a middlebox clears or rewrites it") },
	[T_PAYLOAD_CHANGED] = { 0, SAME(FINDING_WARNING),
		SAME("Payload changed"),
		SAME("a middlebox rewrites application data") },
	[T_PAYLOAD_TRUNCATED] = { 0, SAME(FINDING_WARNING),
		SAME("Payload truncated"),
		SAME("a middlebox cuts packets short") },
	[T_PROBE_LOST] = { 0, SAME(FINDING_WARNING), SAME(NULL),
		SAME(NULL) },
	[T_REPLY_LOST] = { 0, SAME(FINDING_WARNING), SAME(NULL),
		SAME(NULL) },
	[T_NO_REPLY] = { 0, SAME(FINDING_NOTICE), SAME(NULL),
		SAME(NULL) },
	[T_ICMP_RATELIMIT] = { 0, SAME(FINDING_INFO), SAME(NULL),
		SAME(NULL) },
	[T_FORGED_REPLY] = { 0, SAME(FINDING_WARNING), SAME(NULL),
		SAME(NULL) },
	[T_REPLY_PATH] = { 0, SAME(FINDING_NOTICE),
		SAME("Replies changed on the way back"),
		SAME("a middlebox modifies the return path") },
};

const char *const *
analysis_tag_names(void)
{
	return names;
}

/* Counts probe_no once for this tag; d's values become the evidence. */
void
an_acc_hit(struct acc *c, uint32_t probe_no, const struct diff *d,
	   const char *key)
{
	char k[sizeof(c->key)];

	if (c->any && c->last == probe_no)
		return;
	c->any = 1;
	c->last = probe_no;
	c->count++;
	if (c->n_probes < FINDING_MAX_PROBES)
		c->probes[c->n_probes++] = probe_no;
	if (key)
		snprintf(k, sizeof(k), "%s", key);
	else
		snprintf(k, sizeof(k), "%s|%s|%s", d->from, d->to, d->note);
	if (c->count == 1) {
		c->first = *d;
		memcpy(c->key, k, sizeof(k));
	} else if (strcmp(c->key, k) != 0) {
		c->varies = 1;
	}
}

/* Like an_acc_hit(), keyed by a number whose range is kept. */
void
an_acc_hit_value(struct acc *c, uint32_t probe_no, const struct diff *d, long v)
{
	char k[24];

	if (c->any && c->last == probe_no)
		return;
	snprintf(k, sizeof(k), "%ld", v);
	if (c->count == 0 || v < c->vmin)
		c->vmin = v;
	if (c->count == 0 || v > c->vmax)
		c->vmax = v;
	an_acc_hit(c, probe_no, d, k);
}

/* " in k/n probes", or "" when every probe showed it and quiet is set. */
static void
fmt_counts(const struct acc *c, int quiet_when_all, char *out, size_t cap)
{
	if (quiet_when_all && c->count == c->total)
		out[0] = '\0';
	else
		snprintf(out, cap, " in %u/%u probe%s", c->count, c->total,
			 c->total == 1 ? "" : "s");
}

static void
words_hops(const struct acc *c, struct finding *f)
{
	const char *what = strcmp(c->first.field, "ip.hopl") == 0 ?
			   "Hop limit" : "TTL";
	char cnt[48];

	fmt_counts(c, 1, cnt, sizeof(cnt));
	if (c->vmin == c->vmax)
		snprintf(f->text, sizeof(f->text),
			 "%s fell by %ld%s: %ld hop%s between you and the "
			 "server.", what, c->vmin, cnt, c->vmin,
			 c->vmin == 1 ? "" : "s");
	else
		snprintf(f->text, sizeof(f->text),
			 "%s fell by %ld to %ld%s: %ld to %ld hops between you "
			 "and the server; probes disagree, the path changes "
			 "(load balancing?).", what, c->vmin, c->vmax, cnt,
			 c->vmin, c->vmax);
}

static void
fmt_probe_list(const struct acc *c, char *out, size_t cap)
{
	size_t o;
	unsigned i;

	o = (size_t)snprintf(out, cap, " (probe%s", c->count == 1 ? "" : "s");
	for (i = 0; i < c->n_probes && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%lu", i ? ", " : " ",
				      (unsigned long)c->probes[i]);
	if (o < cap)
		snprintf(out + o, cap - o, "%s)",
			 c->count > c->n_probes ? ", ..." : "");
}

static void
words_lost(int tag, const struct acc *c, struct finding *f)
{
	char pl[128] = "";
	int some = c->count < c->total;

	if (some)
		fmt_probe_list(c, pl, sizeof(pl));
	if (tag == T_PROBE_LOST)
		snprintf(f->text, sizeof(f->text),
			 "%u/%u probes never reached the server%s: %s.",
			 c->count, c->total, pl, some ?
			 "intermittent loss on the way there" :
			 "something on the path drops them");
	else if (tag == T_REPLY_LOST)
		snprintf(f->text, sizeof(f->text),
			 "The server's host replied to %u/%u probes%s but the "
			 "replies never reached you: dropped on the way back.",
			 c->count, c->total, pl);
	else if (tag == T_NO_REPLY)
		snprintf(f->text, sizeof(f->text),
			 "%u/%u probes reached the server%s but its host sent "
			 "nothing back: no listener, or a host firewall drops "
			 "them.", c->count, c->total, pl);
	else if (tag == T_ICMP_RATELIMIT)
		snprintf(f->text, sizeof(f->text),
			 "%u/%u probes reached the server%s but got no ICMP "
			 "error back, after %s: the target rate-limits its "
			 "ICMP errors (Linux icmp_ratelimit and "
			 "icmp_msgs_per_sec, BSD icmplim), nothing dropped "
			 "the probes.", c->count, c->total, pl, c->first.note);
	else if (c->first.variant)
		snprintf(f->text, sizeof(f->text),
			 "%u/%u probes got a reply although the server never "
			 "captured them (%s): something on the path answers "
			 "in its name.", c->count, c->total, c->first.note);
	else
		snprintf(f->text, sizeof(f->text),
			 "%u/%u probes got a reply the server's host never "
			 "sent (%s): something on the path answers in its "
			 "name.", c->count, c->total, c->first.note);
}

static void
words_generic(int tag, const struct acc *c, struct finding *f)
{
	const struct tag_info *t = &tags[tag];
	int v = c->first.variant ? 1 : 0;
	char what[176], cnt[48];

	if (c->first.note[0])
		snprintf(what, sizeof(what), "%s", c->first.note);
	else
		snprintf(what, sizeof(what), "%s -> %s", c->first.from,
			 c->first.to);
	fmt_counts(c, 0, cnt, sizeof(cnt));
	snprintf(f->text, sizeof(f->text), "%s: %s%s: %s%s.", t->subject[v],
		 what, cnt, t->meaning[v], c->varies && t->lb_hint ?
		 "; probes disagree on the values (load balancing or more "
		 "than one middlebox?)" : "");
}

/* Fills *f from the accumulator of tag (which has count > 0). */
void
an_words_build(int tag, const struct acc *c, struct finding *f)
{
	int v = c->first.variant ? 1 : 0;

	memset(f, 0, sizeof(*f));
	f->tag = names[tag];
	f->severity = tags[tag].sev[v];
	f->count = c->count;
	f->total = c->total;
	f->n_probes = c->n_probes;
	memcpy(f->probes, c->probes, sizeof(f->probes));
	f->varies = c->varies || c->vmin != c->vmax;
	snprintf(f->field, sizeof(f->field), "%s", c->first.field);
	snprintf(f->sent, sizeof(f->sent), "%s", c->first.from);
	snprintf(f->capt, sizeof(f->capt), "%s", c->first.to);
	if (tag == T_HOPS)
		words_hops(c, f);
	else if (tag >= T_PROBE_LOST && tag <= T_FORGED_REPLY)
		words_lost(tag, c, f);
	else
		words_generic(tag, c, f);
}
