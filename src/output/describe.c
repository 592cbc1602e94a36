/* SPDX-License-Identifier: MIT */
/*
 * describe.c: Nping's packet description grammar (doc/output.md §3): the
 * {ip} part, TCP, UDP, ARP, other protocols, and the dispatcher.  ICMP is in
 * describe_icmp.c, option lists in describe_opts.c.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "output/describe_int.h"
#include "util/wire.h"

#define BOGUS "BOGUS!  Can't parse supposed IP packet"

enum detail
detail_from_verbosity(int verbosity)
{
	if (verbosity <= 0)
		return DETAIL_LOW;
	return verbosity == 1 ? DETAIL_MEDIUM : DETAIL_HIGH;
}

/* Nping 0.7.93's protocol acronyms: the IANA keywords in lower case, with
 * its "Ipv6" spelling for 41. */
const char *
ipproto_name(uint8_t proto)
{
	static const struct {
		uint8_t num;
		const char *name;
	} tab[] = {
		{ 0, "hopopt" }, { 1, "icmp" }, { 2, "igmp" }, { 3, "ggp" },
		{ 4, "ip" }, { 5, "st" }, { 6, "tcp" }, { 7, "cbt" },
		{ 8, "egp" }, { 9, "igp" }, { 17, "udp" }, { 27, "rdp" },
		{ 33, "dccp" }, { 41, "Ipv6" }, { 43, "ipv6-route" },
		{ 44, "ipv6-frag" }, { 46, "rsvp" }, { 47, "gre" },
		{ 50, "esp" }, { 51, "ah" }, { 55, "mobile" },
		{ 58, "ipv6-icmp" }, { 59, "ipv6-nonxt" }, { 60, "ipv6-opts" },
		{ 70, "visa" }, { 88, "eigrp" }, { 89, "ospfigp" },
		{ 94, "ipip" }, { 97, "etherip" }, { 98, "encap" },
		{ 103, "pim" }, { 108, "ipcomp" }, { 112, "vrrp" },
		{ 115, "l2tp" }, { 132, "sctp" }, { 135, "mobility-header" },
		{ 136, "udplite" }, { 137, "mpls-in-ip" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].num == proto)
			return tab[i].name;
	return NULL;
}

void
addr_text(int v6, const uint8_t *a, char *out, size_t cap)
{
	if (v6)
		inet_ntop(AF_INET6, a, out, (socklen_t)cap);
	else
		sb_fmt(out, cap, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

void
tcp_flag_letters(uint8_t flags, char out[9])
{
	static const struct {
		uint8_t bit;
		char c;
	} order[] = {
		{ TCP_SYN, 'S' }, { TCP_FIN, 'F' }, { TCP_RST, 'R' },
		{ TCP_PSH, 'P' }, { TCP_ACK, 'A' }, { TCP_URG, 'U' },
		{ TCP_ECE, 'E' }, { TCP_CWR, 'C' },
	};
	size_t i, n = 0;

	for (i = 0; i < 8; i++)
		if (flags & order[i].bit)
			out[n++] = order[i].c;
	out[n] = '\0';
}

/* Bytes captured after the IP headers, capped by the IP length field. */
static size_t
l4_avail(const struct pkt *p, int v6)
{
	size_t end = p->caplen, claim;

	if (p->base == NULL)
		return DESC_AVAIL_ALL;
	if (v6) {
		claim = p->l3_off + 40 + p->ip6.plen;
		if (p->ip6.plen != 0 && claim < end)
			end = claim;
	} else {
		claim = p->l3_off + p->ip4.tot_len;
		if (p->ip4.tot_len >= p->ip4.ihl * 4u && claim < end)
			end = claim;
	}
	return p->l4_off < end ? end - p->l4_off : 0;
}

static void
ip4_part(struct sbuf *sb, const struct dctx *c)
{
	const struct ip4_fields *ip = &c->p->ip4;
	size_t olen = ip->opts_len;
	char frag[48] = "";

	if (olen > (ip->ihl - 5u) * 4)
		olen = (ip->ihl - 5u) * 4;
	if (olen > sizeof(ip->opts))
		olen = sizeof(ip->opts);
	if (c->frag_off || c->mf)
		sb_fmt(frag, sizeof(frag), " frag offset=%u%s", c->frag_off,
			 c->mf ? "+" : "");
	if (c->lv == DETAIL_HIGH) {
		sb_printf(sb, "ver=4 ihl=%u tos=0x%02x iplen=%u id=%u", ip->ihl,
			  ip->tos, ip->tot_len, ip->id);
		if (ip->flags & (IP4_FLAG_RF | IP4_FLAG_DF | IP4_FLAG_MF))
			sb_printf(sb, " flg=%s%s%s",
				  ip->flags & IP4_FLAG_RF ? "x" : "",
				  ip->flags & IP4_FLAG_DF ? "D" : "",
				  ip->flags & IP4_FLAG_MF ? "M" : "");
		sb_printf(sb, " foff=%u%s ttl=%u proto=%u csum=0x%04x",
			  c->frag_off, c->mf ? "+" : "", ip->ttl, ip->proto,
			  ip->csum);
		if (ip->ihl != 5) {
			sb_puts(sb, " ipopts={");
			ipopts_format(sb, ip->opts, olen);
			sb_putc(sb, '}');
		}
		return;
	}
	sb_printf(sb, "ttl=%u id=%u ", ip->ttl, ip->id);
	if (c->lv == DETAIL_MEDIUM)
		sb_printf(sb, "proto=%u csum=0x%04x ", ip->proto, ip->csum);
	sb_printf(sb, "iplen=%u%s ", ip->tot_len, frag);
	if (ip->ihl != 5) {
		sb_puts(sb, "ipopts={");
		ipopts_format(sb, ip->opts, olen);
		sb_putc(sb, '}');
	}
}

static void
ip6_part(struct sbuf *sb, const struct dctx *c)
{
	const struct ip6_fields *ip = &c->p->ip6;
	unsigned flow = ip->flow & 0xfffff;
	const char *nh;

	if (c->lv == DETAIL_LOW) {
		sb_printf(sb, "hopl=%u flow=%x payloadlen=%u", ip->hlim, flow,
			  ip->plen);
	} else if (c->lv == DETAIL_MEDIUM) {
		sb_printf(sb, "hopl=%u tclass=%u flow=%x payloadlen=%u",
			  ip->hlim, ip->tclass, flow, ip->plen);
	} else {
		nh = ipproto_name(ip->nh);
		sb_printf(sb, "ver=6, tclass=%x flow=%x payloadlen=%u nh=%s "
			  "hopl=%u ", ip->tclass, flow, ip->plen,
			  nh ? nh : "", ip->hlim);
	}
}

/* Fills addresses, the {ip} text and the transport bookkeeping.  Returns -1
 * when the packet is not a parsable IP packet. */
static int
dctx_init(struct dctx *c, const struct pkt *p, enum detail lv,
	  unsigned flags)
{
	struct sbuf sb;

	memset(c, 0, sizeof(*c));
	c->p = p;
	c->lv = lv < DETAIL_LOW || lv > DETAIL_HIGH ? DETAIL_LOW : lv;
	c->flags = flags;
	if (p->problems & (PKT_BAD_L3 | PKT_TRUNC_L3))
		return -1;
	if (p->layers & PKT_HAS_IP4) {
		if (p->ip4.ihl < 5)
			return -1;
		addr_text(0, p->ip4.src, c->src, sizeof(c->src));
		addr_text(0, p->ip4.dst, c->dst, sizeof(c->dst));
		c->proto = p->ip4.proto;
		c->frag_off = (p->ip4.frag_off & 0x1fffu) * 8u;
		c->mf = (p->ip4.flags & IP4_FLAG_MF) != 0;
	} else if (p->layers & PKT_HAS_IP6) {
		c->v6 = 1;
		addr_text(1, p->ip6.src, c->src, sizeof(c->src));
		addr_text(1, p->ip6.dst, c->dst, sizeof(c->dst));
		c->proto = p->ip6.n_ext ? p->ip6.final_nh : p->ip6.nh;
	} else {
		return -1;
	}
	c->avail = l4_avail(p, c->v6);
	if (p->base != NULL && c->avail > 0)
		c->l4 = p->base + p->l4_off;
	sb_init(&sb, c->ip, sizeof(c->ip));
	if (c->v6 && (flags & DESCRIBE_RAW6))
		return 0;
	if (c->v6)
		ip6_part(&sb, c);
	else
		ip4_part(&sb, c);
	return 0;
}

/* The <...> option list of a complete TCP header, or "option incomplete". */
static void
tcp_opts(struct sbuf *sb, const struct dctx *c)
{
	const struct tcp_fields *t = &c->p->tcp;
	size_t hl = t->doff * 4u, n;

	if (hl <= 20)
		return;
	if (c->avail != DESC_AVAIL_ALL && c->avail < hl) {
		sb_puts(sb, "option incomplete");
	} else if (c->l4 != NULL) {
		tcpopts_format(sb, c->l4 + 20, hl - 20);
	} else {
		n = t->opts_len < sizeof(t->opts) ? t->opts_len :
			sizeof(t->opts);
		tcpopts_format(sb, t->opts, n);
	}
}

static void
tcp_full(struct sbuf *sb, const struct dctx *c)
{
	const struct tcp_fields *t = &c->p->tcp;
	char fl[9], ob[512];
	struct sbuf o;
	int raw6 = c->v6 && (c->flags & DESCRIBE_RAW6);
	const char *sp;

	tcp_flag_letters(t->flags, fl);
	sb_init(&o, ob, sizeof(ob));
	tcp_opts(&o, c);
	sp = ob[0] ? " " : "";
	if (c->lv == DETAIL_LOW) {
		sb_printf(sb, "TCP %s:%u > %s:%u %s ", c->src, t->sport,
			  c->dst, t->dport, fl);
		if (!raw6)
			sb_printf(sb, "%s ", c->ip);
		sb_printf(sb, "seq=%lu win=%u %s", (unsigned long)t->seq,
			  t->win, ob);
		return;
	}
	sb_printf(sb, "TCP [%s:%u > %s:%u %s seq=%lu ", c->src, t->sport,
		  c->dst, t->dport, fl, (unsigned long)t->seq);
	if (c->lv == DETAIL_HIGH)
		sb_printf(sb, "ack=%lu off=%u res=%u ", (unsigned long)t->ack,
			  t->doff, t->x2);
	sb_printf(sb, "win=%u csum=0x%04X", t->win, t->csum);
	if (c->lv == DETAIL_HIGH)
		sb_printf(sb, " urp=%u", t->urp);
	sb_printf(sb, "%s%s]", sp, ob);
	if (raw6)
		sb_puts(sb, c->lv == DETAIL_HIGH ? " " : "");
	else
		sb_printf(sb, " IP [%s]", c->ip);
}

/* A fragment starting at TCP byte 8: h points at the ack number. */
static void
tcp_frag8(struct sbuf *sb, const struct dctx *c)
{
	const uint8_t *h = c->l4;
	uint8_t off = h[4] >> 4;
	char fl[9], ob[512], ack[24] = "";
	struct sbuf o;
	unsigned long a = get_be32(h);

	tcp_flag_letters(h[5], fl);
	if (h[5] & TCP_ACK)
		sb_fmt(ack, sizeof(ack), " ack=%lu", a);
	sb_init(&o, ob, sizeof(ob));
	if (off * 4u > 20) {
		if (c->avail < off * 4u - 8)
			sb_puts(&o, "option incomplete");
		else
			tcpopts_format(&o, h + 12, off * 4u - 20);
	}
	if (c->lv == DETAIL_LOW) {
		sb_printf(sb, "TCP %s:?? > %s:?? %s %s %s %s", c->src, c->dst,
			  fl, c->ip, ack, ob);
	} else if (c->lv == DETAIL_HIGH && c->avail >= 12) {
		/* Nping reads "seq" from the 4 bytes before the fragment. */
		sb_printf(sb, "TCP [%s:?? > %s:?? %s seq=%lu ack=%lu off=%u "
			  "res=%u win=%u csum=0x%04X urp=%u%s%s] IP [%s]",
			  c->src, c->dst, fl,
			  c->p->l4_off >= 4 ? (unsigned long)get_be32(h - 4) : 0,
			  a, off, h[4] & 0x0fu, get_be16(h + 6),
			  get_be16(h + 8), get_be16(h + 10), ob[0] ? " " : "",
			  ob, c->ip);
	} else {
		sb_printf(sb, "TCP %s:?? > %s:?? %s ack=%lu win=%u %s IP [%s]",
			  c->src, c->dst, fl, a, get_be16(h + 6), ob, c->ip);
	}
}

/* A first fragment or capture holding 8 to 19 bytes of the TCP header. */
static void
tcp_short(struct sbuf *sb, const struct dctx *c)
{
	const uint8_t *h = c->l4;
	unsigned sp = get_be16(h), dp = get_be16(h + 2);
	unsigned long seq = get_be32(h + 4);
	char fl[9];

	if (c->avail < 12) {
		sb_printf(sb, "TCP %s:%u > %s:%u ?? seq=%lu (incomplete) %s",
			  c->src, sp, c->dst, dp, seq, c->ip);
	} else if (c->avail < 16 && c->lv == DETAIL_LOW) {
		sb_printf(sb, "TCP %s:%u > %s:%u seq=%lu (incomplete), %s",
			  c->src, sp, c->dst, dp, seq, c->ip);
	} else if (c->avail < 16) {
		sb_printf(sb, "TCP [%s:%u > %s:%u seq=%lu ack=%lu "
			  "(incomplete)] IP [%s]", c->src, sp, c->dst, dp, seq,
			  (unsigned long)get_be32(h + 8), c->ip);
	} else if (c->lv == DETAIL_LOW) {
		tcp_flag_letters(h[13], fl);
		sb_printf(sb, "TCP %s:%u > %s:%u %s %s seq=%lu win=%u "
			  "(incomplete)", c->src, sp, c->dst, dp, fl, c->ip,
			  seq, get_be16(h + 14));
	} else {
		tcp_flag_letters(h[13], fl);
		sb_printf(sb, "TCP [%s:%u > %s:%u %s seq=%lu ack=%lu ", c->src,
			  sp, c->dst, dp, fl, seq,
			  (unsigned long)get_be32(h + 8));
		if (c->lv == DETAIL_HIGH)
			sb_printf(sb, "off=%u res=%u ", h[12] >> 4,
				  h[12] & 0x0fu);
		sb_printf(sb, "win=%u (incomplete)] IP [%s]", get_be16(h + 14),
			  c->ip);
	}
}

static void
tcp_describe(struct sbuf *sb, const struct dctx *c)
{
	int raw6 = c->v6 && (c->flags & DESCRIBE_RAW6);

	if (c->frag_off > 8 || c->avail < 8 ||
	    (c->frag_off == 8 && c->l4 == NULL) ||
	    (raw6 && c->avail < 20)) {
		sb_printf(sb, "TCP %s:?? > %s:?? ?? %s%s(incomplete)", c->src,
			  c->dst, c->ip, raw6 ? "" : " ");
	} else if (c->frag_off == 8) {
		tcp_frag8(sb, c);
	} else if (c->avail < 20) {
		tcp_short(sb, c);
	} else {
		tcp_full(sb, c);
	}
}

static void
udp_describe(struct sbuf *sb, const struct dctx *c)
{
	const struct udp_fields *u = &c->p->udp;
	int raw6 = c->v6 && (c->flags & DESCRIBE_RAW6);

	if (c->frag_off) {
		sb_printf(sb, "UDP %s:?? > %s:?? fragment %s (incomplete)",
			  c->src, c->dst, c->ip);
		return;
	}
	if (c->avail < 8) { /* npecho: Nping read past the capture here */
		sb_printf(sb, "UDP %s:?? > %s:?? ?? %s%s(incomplete)", c->src,
			  c->dst, c->ip, raw6 ? "" : " ");
		return;
	}
	if (c->lv == DETAIL_LOW) {
		sb_printf(sb, "UDP %s:%u > %s:%u", c->src, u->sport, c->dst,
			  u->dport);
		if (!raw6)
			sb_printf(sb, " %s", c->ip);
		return;
	}
	sb_printf(sb, "UDP [%s:%u > %s:%u ", c->src, u->sport, c->dst,
		  u->dport);
	if (c->lv == DETAIL_HIGH)
		sb_printf(sb, "len=%u ", u->len);
	sb_printf(sb, "csum=0x%04X]", u->csum);
	if (!raw6)
		sb_printf(sb, " IP [%s]", c->ip);
}

/* SCTP: pkt_decode does not parse it, so the common header is read from
 * the captured bytes. */
static void
sctp_describe(struct sbuf *sb, const struct dctx *c)
{
	const uint8_t *h = c->l4;

	if (c->frag_off) {
		sb_printf(sb, "SCTP %s:?? > %s:?? fragment %s (incomplete)",
			  c->src, c->dst, c->ip);
		return;
	}
	if (h == NULL || c->avail < 12) {
		sb_printf(sb, "SCTP %s:?? > %s:?? ?? %s (incomplete)", c->src,
			  c->dst, c->ip);
		return;
	}
	if (c->lv == DETAIL_LOW) {
		sb_printf(sb, "SCTP %s:%u > %s:%u %s", c->src, get_be16(h),
			  c->dst, get_be16(h + 2), c->ip);
		return;
	}
	sb_printf(sb, "SCTP [%s:%u > %s:%u ", c->src, get_be16(h), c->dst,
		  get_be16(h + 2));
	if (c->lv == DETAIL_HIGH)
		sb_printf(sb, "vtag=%lu ", (unsigned long)get_be32(h + 4));
	sb_printf(sb, "csum=0x%08lx] IP [%s]", (unsigned long)get_be32(h + 8),
		  c->ip);
}

static void
fmt_mac(char out[18], const uint8_t m[6])
{
	sb_fmt(out, 18, "%02X:%02X:%02X:%02X:%02X:%02X", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

static void
arp_describe(struct sbuf *sb, const struct arp_fields *a)
{
	char sm[18], tm[18], si[16], ti[16];

	fmt_mac(sm, a->sha);
	fmt_mac(tm, a->tha);
	addr_text(0, a->spa, si, sizeof(si));
	addr_text(0, a->tpa, ti, sizeof(ti));
	switch (a->op) {
	case 1:
		sb_printf(sb, "ARP who has %s? Tell %s", ti, si);
		break;
	case 2:
		sb_printf(sb, "ARP reply %s is at %s", si, sm);
		break;
	case 3: /* npecho: Nping printed the same MAC twice */
		sb_printf(sb, "RARP who is %s? Tell %s", tm, sm);
		break;
	case 4:
		sb_printf(sb, "RARP reply: %s is at %s", tm, ti);
		break;
	default: /* npecho: Nping byte-swapped and repeated SMAC/SIP */
		sb_printf(sb, "HTYPE:%04X PTYPE:%04X HLEN:%u PLEN:%u OP:%04X "
			  "SMAC:%s SIP:%s DMAC:%s DIP:%s", a->htype, a->ptype,
			  a->hlen, a->plen, a->op, sm, si, tm, ti);
		break;
	}
}

static void
other_describe(struct sbuf *sb, const struct dctx *c)
{
	const char *name = ipproto_name(c->proto);

	if (name != NULL)
		sb_printf(sb, "%s (%u) %s > %s: %s", name, c->proto, c->src,
			  c->dst, c->ip);
	else
		sb_printf(sb, "Unknown protocol (%u) %s > %s: %s", c->proto,
			  c->src, c->dst, c->ip);
}

/* " quoted=[...]" for an ICMP error whose quote decodes. */
static void
quote_append(struct sbuf *sb, const struct pkt *p, enum detail lv)
{
	struct pkt inner;
	char d[1100];

	if (p->base == NULL || !(p->layers & PKT_HAS_QUOTE) ||
	    p->quote_off > p->caplen ||
	    p->quote_len > p->caplen - p->quote_off ||
	    pkt_decode_quote(p, &inner) != 0)
		return;
	pkt_describe_quote(&inner, lv, d, sizeof(d));
	sb_puts(sb, d);
}

size_t
pkt_describe_ex(const struct pkt *p, enum detail level, unsigned flags,
		char *out, size_t cap)
{
	struct sbuf sb;
	struct dctx c;

	sb_init(&sb, out, cap);
	if ((p->layers & PKT_HAS_ARP) &&
	    !(p->layers & (PKT_HAS_IP4 | PKT_HAS_IP6))) {
		arp_describe(&sb, &p->arp);
		return sb.len;
	}
	if (dctx_init(&c, p, level, flags) < 0) {
		sb_puts(&sb, BOGUS);
		return sb.len;
	}
	if (c.proto == 6)
		tcp_describe(&sb, &c);
	else if (c.proto == 17)
		udp_describe(&sb, &c);
	else if (c.proto == 132)
		sctp_describe(&sb, &c);
	else if (c.proto == 1 && !c.v6)
		icmp4_describe(&sb, &c);
	else if (c.proto == 58)
		icmp6_describe(&sb, &c);
	else
		other_describe(&sb, &c);
	if (flags & DESCRIBE_QUOTE)
		quote_append(&sb, p, c.lv);
	return sb.len;
}

size_t
pkt_describe(const struct pkt *p, enum detail level, char *out, size_t cap)
{
	return pkt_describe_ex(p, level, 0, out, cap);
}

size_t
pkt_describe_quote(const struct pkt *inner, enum detail level, char *out,
		   size_t cap)
{
	struct sbuf sb;
	char d[1024];

	sb_init(&sb, out, cap);
	if (!(inner->layers & (PKT_HAS_IP4 | PKT_HAS_IP6)))
		return 0;
	pkt_describe(inner, level, d, sizeof(d));
	sb_printf(&sb, " quoted=[%s]", d);
	return sb.len;
}
