/* SPDX-License-Identifier: MIT */
/*
 * trace.c: the hop table of traceroute mode (format in trace.h).
 *
 * The engine reports every probe sent (target, TTL, send time) and every
 * matched reply (with the send time of the probe it was matched to).  A
 * reply is put on the hop of the probe that left at that send time, so a
 * hop's row shows the first answer to a probe with that TTL.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "probe/trace.h"
#include "proto/icmp4.h"
#include "proto/icmp6.h"
#include "util/err.h"

#define TRACE_SENT_RING 1024

struct trace_hop {
	uint8_t probed, answered, is_dest;
	uint8_t addr[16];
	int af;
	double rtt_ms;
	char reply[96];
};

struct trace_sent {
	uint64_t send_ns;
	size_t target;
	uint8_t ttl;
	uint8_t used;
};

struct trace {
	size_t n_targets;
	struct trace_hop *hops;            /* n_targets * 256 */
	struct trace_sent ring[TRACE_SENT_RING];
	size_t ring_next;
};

struct trace *
trace_new(size_t n_targets)
{
	struct trace *tr = calloc(1, sizeof(*tr));

	if (!tr)
		return NULL;
	tr->n_targets = n_targets;
	tr->hops = calloc(n_targets * 256, sizeof(*tr->hops));
	if (!tr->hops) {
		free(tr);
		return NULL;
	}
	return tr;
}

void
trace_free(struct trace *tr)
{
	if (!tr)
		return;
	free(tr->hops);
	free(tr);
}

void
trace_note_sent(struct trace *tr, size_t t, uint8_t ttl, uint64_t send_ns)
{
	struct trace_sent *s;

	if (!tr || t >= tr->n_targets)
		return;
	tr->hops[t * 256 + ttl].probed = 1;
	s = &tr->ring[tr->ring_next++ % TRACE_SENT_RING];
	*s = (struct trace_sent){ send_ns, t, ttl, 1 };
}

static void
tcp_flag_text(uint8_t f, char *out)
{
	static const char letters[] = "FSRPAUEC";
	size_t i, n = 0;

	/* Nping's order, low bit first: "SA", "RA". */
	for (i = 0; i < 8; i++)
		if (f & (1u << i))
			out[n++] = letters[i];
	out[n] = '\0';
}

size_t
trace_reply_text(const struct pkt *p, char *out, size_t cap)
{
	const char *name;
	char fl[9];
	int n;

	if (p->layers & PKT_HAS_ICMP4) {
		name = icmp4_code_name(p->icmp4.type, p->icmp4.code);
		n = snprintf(out, cap, "%s (type=%u/code=%u)", name ? name :
			     icmp4_type_name(p->icmp4.type), p->icmp4.type,
			     p->icmp4.code);
	} else if (p->layers & PKT_HAS_ICMP6) {
		name = icmp6_code_name(p->icmp6.type, p->icmp6.code);
		n = snprintf(out, cap, "%s (type=%u/code=%u)", name ? name :
			     icmp6_type_name(p->icmp6.type), p->icmp6.type,
			     p->icmp6.code);
	} else if (p->layers & PKT_HAS_TCP) {
		tcp_flag_text(p->tcp.flags, fl);
		n = snprintf(out, cap, "TCP %s", fl);
	} else if (p->layers & PKT_HAS_UDP) {
		n = snprintf(out, cap, "UDP");
	} else {
		n = snprintf(out, cap, "?");
	}
	return n < 0 ? 0 : (size_t)n;
}

void
trace_note_reply(struct trace *tr, size_t t, uint64_t send_ns,
		 uint64_t rcvd_ns, const struct pkt *p,
		 const uint8_t *dest_addr)
{
	struct trace_hop *h;
	const uint8_t *src;
	size_t i, alen;
	int af;

	if (!tr || t >= tr->n_targets)
		return;
	for (i = 0; i < TRACE_SENT_RING; i++) {
		const struct trace_sent *s = &tr->ring[i];

		if (s->used && s->target == t && s->send_ns == send_ns)
			break;
	}
	if (i == TRACE_SENT_RING)
		return;
	h = &tr->hops[t * 256 + tr->ring[i].ttl];
	if (h->answered)
		return;
	af = (p->layers & PKT_HAS_IP6) ? AF_INET6 : AF_INET;
	alen = af == AF_INET6 ? 16 : 4;
	src = af == AF_INET6 ? p->ip6.src : p->ip4.src;
	h->answered = 1;
	h->af = af;
	memcpy(h->addr, src, alen);
	h->is_dest = !memcmp(src, dest_addr, alen);
	h->rtt_ms = (double)(rcvd_ns - send_ns) / 1e6;
	trace_reply_text(p, h->reply, sizeof(h->reply));
}

size_t
trace_rows(const struct trace *tr, size_t t, struct trace_row *rows,
	   size_t cap, int *dest)
{
	const struct trace_hop *hops;
	int ttl, last = -1, d = -1;
	size_t n = 0;

	if (dest)
		*dest = -1;
	if (!tr || t >= tr->n_targets)
		return 0;
	hops = &tr->hops[t * 256];
	for (ttl = 0; ttl < 256; ttl++) {
		if (hops[ttl].probed)
			last = ttl;
		if (d < 0 && hops[ttl].answered && hops[ttl].is_dest)
			d = ttl;
	}
	if (d >= 0)
		last = d;
	for (ttl = 0; ttl <= last && n < cap; ttl++) {
		const struct trace_hop *h = &hops[ttl];
		struct trace_row *r = &rows[n];

		if (!h->probed)
			continue;
		memset(r, 0, sizeof(*r));
		r->ttl = (unsigned)ttl;
		r->answered = h->answered;
		r->is_dest = h->answered && h->is_dest;
		r->af = h->af;
		memcpy(r->addr, h->addr, sizeof(r->addr));
		r->rtt_ms = h->rtt_ms;
		r->reply = h->reply;
		n++;
	}
	if (dest)
		*dest = d;
	return n;
}

int
trace_print(const struct trace *tr, size_t t, const char *name,
	    const char *ip, FILE *f)
{
	struct trace_row rows[256];
	char a[INET6_ADDRSTRLEN];
	size_t i, n;
	int dest;

	if (!tr || t >= tr->n_targets)
		return 0;
	n = trace_rows(tr, t, rows, 256, &dest);
	fprintf(f, "\nHops to ");
	if (name)
		fprintf(f, "%s (%s)", name, ip);
	else
		fprintf(f, "%s", ip);
	if (dest >= 0)
		fprintf(f, " (%d hops):\n", dest);
	else
		fprintf(f, " (destination not reached):\n");
	for (i = 0; i < n; i++) {
		const struct trace_row *h = &rows[i];

		if (!h->answered) {
			fprintf(f, "%2u  *\n", h->ttl);
			continue;
		}
		inet_ntop(h->af, h->addr, a, sizeof(a));
		fprintf(f, "%2u  %s  %.3fms  %s%s\n", h->ttl, a, h->rtt_ms,
			h->reply, h->is_dest ? "  (destination)" : "");
	}
	return ferror(f) ? ERR_SYS : 0;
}
