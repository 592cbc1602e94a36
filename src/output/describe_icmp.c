/* SPDX-License-Identifier: MIT */
/*
 * describe_icmp.c: the ICMPv4 text table of doc/output.md §4, and the
 * one-form ICMPv6 line (§3.8).
 *
 * ICMPv4 header (RFC 792):  type(1) code(1) checksum(2) rest(4) data...
 * Destination Unreachable quotes the IP header + leading transport bytes
 * of the offending datagram in "data"; its text names the quoted
 * destination, protocol or port.
 */
#include <stdio.h>
#include <string.h>

#include "output/describe_int.h"
#include "util/wire.h"

struct icmp_text {
	char text[128];
	char fields[160];
	int short_form; /* no brackets: message too short for its type */
};

static const char *const unreach_fmt[16] = {
	"Network %s unreachable", "Host %s unreachable", NULL, NULL,
	"Fragmentation required", "Source route failed",
	"Destination network %s unknown", "Destination host %s unknown",
	"Source host isolated",
	"Destination network %s administratively prohibited",
	"Destination host %s administratively prohibited",
	"Network %s unreachable for TOS", "Host %s unreachable for TOS",
	"Communication administratively prohibited by filtering",
	"Host precedence violation", "Precedence cutoff in effect",
};

/*
 * Code 3: as Nping prints it, the port only when the quote holds more than
 * 8 transport bytes.  Linux and most routers quote exactly 8 for an empty
 * UDP probe, so "Port unreachable" is what scripts written for Nping look
 * for (the quoted port is in the JSON and, with -v3 in echo mode, the
 * quote's description).
 */
static void
unreach_port(struct icmp_text *t, const uint8_t *q, size_t qhl, size_t qlen)
{
	uint8_t proto = q[9];

	if (qlen - qhl <= 8)
		sb_fmt(t->text, sizeof(t->text), "Port unreachable");
	else if (proto == 6 || proto == 17 || proto == 132)
		sb_fmt(t->text, sizeof(t->text), "Port %u unreachable",
			 get_be16(q + qhl + 2));
	else
		sb_fmt(t->text, sizeof(t->text),
			 "Port unreachable (unknown protocol %u)", proto);
}

static void
unreach_text(struct icmp_text *t, const struct dctx *c, uint8_t code)
{
	const uint8_t *q = c->l4 != NULL ? c->l4 + 8 : NULL;
	size_t qlen = c->l4 != NULL ? c->avail - 8 : 0;
	size_t qhl = qlen > 0 ? (q[0] & 0x0fu) * 4u : 0;
	char qdst[16];

	if (qlen < (qhl > 20 ? qhl : 20)) {
		sb_fmt(t->text, sizeof(t->text), "Destination unreachable%s",
			 c->lv == DETAIL_LOW ? "" : qlen == 0 ?
			 " (original datagram missing)" :
			 " (part of original datagram missing)");
		t->short_form = 1;
		return;
	}
	if (q[0] >> 4 != 4 || qhl < 20 || qhl > 60) {
		sb_fmt(t->text, sizeof(t->text),
			 "Destination unreachable (bogus original datagram)");
		t->short_form = 1;
		return;
	}
	addr_text(0, q + 16, qdst, sizeof(qdst));
	if (code == 2)
		sb_fmt(t->text, sizeof(t->text), "Protocol %u unreachable",
			 q[9]);
	else if (code == 3)
		unreach_port(t, q, qhl, qlen);
	else if (code > 15)
		sb_fmt(t->text, sizeof(t->text),
			 "Destination unreachable (unknown code)");
	else if (strstr(unreach_fmt[code], "%s") != NULL)
		sb_fmt(t->text, sizeof(t->text), unreach_fmt[code], qdst);
	else
		sb_fmt(t->text, sizeof(t->text), "%s", unreach_fmt[code]);
	if (code == 4)
		sb_fmt(t->fields, sizeof(t->fields), "Next-Hop-MTU=%u",
			 get_be16(c->p->icmp4.rest + 2));
}

/* Bytes 8..8+n of the message when captured, else the decoded copy. */
static uint32_t
icmp_word(const struct dctx *c, size_t off, uint32_t fallback)
{
	if (c->l4 != NULL && c->avail >= off + 4)
		return get_be32(c->l4 + off);
	return fallback;
}

static const char *
pick(uint8_t code, const char *c0, const char *c1, const char *other)
{
	return code == 0 ? c0 : code == 1 ? c1 : other;
}

static void
query_text(struct icmp_text *t, const struct dctx *c)
{
	const struct icmp4_fields *i = &c->p->icmp4;
	const uint8_t *r = i->rest;
	unsigned id = get_be16(r), seq = get_be16(r + 2);
	const char *s = "Unknown type";
	uint32_t m;

	switch (i->type) {
	case 0: case 8: case 15: case 16:
		s = i->type == 0 ? "Echo reply" : i->type == 8 ?
			"Echo request" : i->type == 15 ?
			"Information request" : "Information reply";
		sb_fmt(t->fields, sizeof(t->fields), "id=%u seq=%u", id, seq);
		break;
	case 13: case 14:
		s = i->type == 13 ? "Timestamp request" : "Timestamp reply";
		sb_fmt(t->fields, sizeof(t->fields),
			 "id=%u seq=%u orig=%lu recv=%lu trans=%lu", id, seq,
			 (unsigned long)icmp_word(c, 8, i->orig),
			 (unsigned long)icmp_word(c, 12, i->recv),
			 (unsigned long)icmp_word(c, 16, i->trans));
		break;
	case 17: case 18:
		s = i->type == 17 ? "Address mask request" :
			"Address mask reply";
		m = icmp_word(c, 8, get_be32(i->mask));
		sb_fmt(t->fields, sizeof(t->fields),
			 "id=%u seq=%u mask=%lu.%lu.%lu.%lu", id, seq,
			 (unsigned long)(m >> 24), (unsigned long)(m >> 16 & 255),
			 (unsigned long)(m >> 8 & 255), (unsigned long)(m & 255));
		break;
	case 4: s = "Source quench"; break;
	case 10: s = "Router solicitation"; break;
	case 30: s = "Traceroute"; break;
	case 37: s = "Domain name request"; break;
	case 38: s = "Domain name reply"; break;
	case 40: s = "Security failures"; break;
	default: break;
	}
	sb_fmt(t->text, sizeof(t->text), "%s", s);
}

static void
icmp_text_of(struct icmp_text *t, const struct dctx *c)
{
	const struct icmp4_fields *i = &c->p->icmp4;
	const uint8_t *r = i->rest;

	switch (i->type) {
	case 3:
		unreach_text(t, c, i->code);
		return;
	case 5:
		sb_fmt(t->text, sizeof(t->text), "%s", pick(i->code,
			 "Network redirect", "Host redirect",
			 "Redirect (unknown code)"));
		sb_fmt(t->fields, sizeof(t->fields), "addr=%u.%u.%u.%u",
			 r[0], r[1], r[2], r[3]);
		return;
	case 9:
		sb_fmt(t->text, sizeof(t->text), "Router advertisement%s",
			 i->code == 16 ? " (Mobile Agent Only)" : "");
		sb_fmt(t->fields, sizeof(t->fields),
			 "addrs=%u addrlen=%u lifetime=%u", r[0], r[1],
			 get_be16(r + 2));
		return;
	case 11:
		sb_fmt(t->text, sizeof(t->text), "%s", pick(i->code,
			 "TTL=0 during transit", "TTL=0 during reassembly",
			 "TTL exceeded (unknown code)"));
		return;
	case 12:
		sb_fmt(t->text, sizeof(t->text), "Parameter problem (%s)",
			 i->code == 2 ? "bad length" : pick(i->code,
			 "pointer indicates error", "option missing",
			 "unknown code"));
		sb_fmt(t->fields, sizeof(t->fields), "pointer=%u", r[0]);
		return;
	default:
		query_text(t, c);
		return;
	}
}

void
icmp4_describe(struct sbuf *sb, const struct dctx *c)
{
	const struct icmp4_fields *i = &c->p->icmp4;
	struct icmp_text t;

	if (c->frag_off) {
		sb_printf(sb, "ICMP %s > %s fragment %s (incomplete)", c->src,
			  c->dst, c->ip);
		return;
	}
	if (c->avail < 8) {
		sb_printf(sb, "ICMP %s > %s [??] %s", c->src, c->dst, c->ip);
		return;
	}
	memset(&t, 0, sizeof(t));
	icmp_text_of(&t, c);
	if (t.short_form)
		sb_printf(sb, "ICMP %s > %s %s (type=%u/code=%u) %s", c->src,
			  c->dst, t.text, i->type, i->code, c->ip);
	else
		sb_printf(sb, "ICMP [%s > %s %s (type=%u/code=%u) %s] IP [%s]",
			  c->src, c->dst, t.text, i->type, i->code, t.fields,
			  c->ip);
}

void
icmp6_describe(struct sbuf *sb, const struct dctx *c)
{
	const struct icmp6_fields *i = &c->p->icmp6;
	const char *sep = c->ip[0] ? " " : "";

	if (c->avail > 4)
		sb_printf(sb, "ICMPv6 (58) %s > %s (type=%u/code=%u)%s%s",
			  c->src, c->dst, i->type, i->code, sep, c->ip);
	else
		sb_printf(sb, "ICMPv6 (58) %s > %s (type=?/code=?)%s%s",
			  c->src, c->dst, sep, c->ip);
}
