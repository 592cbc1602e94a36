/* SPDX-License-Identifier: MIT */
/* lines.c: SENT/RCVD/CAPT lines and the echo-mode "what changed" CAPT. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "output/describe_int.h"
#include "output/hexdump.h"
#include "output/lines.h"
#include "util/err.h"
#include "util/wire.h"

#define LINE_MAX_LEN 2048

const char *
line_kind_name(enum line_kind kind)
{
	switch (kind) {
	case LINE_SENT:
		return "SENT";
	case LINE_RCVD:
		return "RCVD";
	default:
		return "CAPT";
	}
}

size_t
line_format(enum line_kind kind, double t, const char *desc, char *out,
	    size_t cap)
{
	struct sbuf sb;

	sb_init(&sb, out, cap);
	sb_puts(&sb, line_kind_name(kind));
	sb_puts(&sb, " (");
	sb_fixed(&sb, t, 4);
	sb_puts(&sb, "s) ");
	sb_puts(&sb, desc);
	return sb.len;
}

size_t
line_format_pkt(enum line_kind kind, double t, const struct pkt *p,
		int verbosity, char *out, size_t cap)
{
	char d[LINE_MAX_LEN];

	pkt_describe(p, detail_from_verbosity(verbosity), d, sizeof(d));
	return line_format(kind, t, d, out, cap);
}

static int
print_line(FILE *f, const char *line, int verbosity, const uint8_t *dump,
	   size_t dump_len)
{
	if (fputs(line, f) == EOF || putc('\n', f) == EOF)
		return ERR_SYS;
	if (verbosity >= 3 && dump != NULL)
		return hexdump_print(f, dump, dump_len);
	return 0;
}

int
line_print_pkt(FILE *f, enum line_kind kind, double t, const struct pkt *p,
	       int verbosity, const uint8_t *dump, size_t dump_len)
{
	char line[LINE_MAX_LEN + 32];

	line_format_pkt(kind, t, p, verbosity, line, sizeof(line));
	return print_line(f, line, verbosity, dump, dump_len);
}

/* State of one CAPT comparison. */
struct cdiff {
	const struct pkt *s, *c;
	int med;       /* MEDIUM shape and the expected-change fields */
	char a[48], b[48];
};

static void
addr_str(const struct pkt *p, int src, char *out, size_t cap)
{
	if (p->layers & PKT_HAS_IP4)
		addr_text(0, src ? p->ip4.src : p->ip4.dst, out, cap);
	else
		addr_text(1, src ? p->ip6.src : p->ip6.dst, out, cap);
}

static void
diff_ip4(struct sbuf *sb, const struct cdiff *d)
{
	const struct ip4_fields *s = &d->s->ip4, *c = &d->c->ip4;
	char fl[4];
	size_t n = 0, ol;

	if (s->tos != c->tos)
		sb_printf(sb, " tos=0x%02x", c->tos);
	if (s->tot_len != c->tot_len)
		sb_printf(sb, " iplen=%u", c->tot_len);
	if (s->id != c->id)
		sb_printf(sb, " id=%u", c->id);
	if (s->flags != c->flags) {
		if (c->flags & IP4_FLAG_RF)
			fl[n++] = 'x';
		if (c->flags & IP4_FLAG_DF)
			fl[n++] = 'D';
		if (c->flags & IP4_FLAG_MF)
			fl[n++] = 'M';
		fl[n] = '\0';
		sb_printf(sb, " flg=%s", fl);
	}
	if (s->frag_off != c->frag_off)
		sb_printf(sb, " foff=%u%s", (c->frag_off & 0x1fffu) * 8u,
			  (c->flags & IP4_FLAG_MF) ? "+" : "");
	if (c->ttl > s->ttl || (d->med && c->ttl != s->ttl))
		sb_printf(sb, " ttl=%u", c->ttl);
	if (s->proto != c->proto)
		sb_printf(sb, " proto=%u", c->proto);
	if (d->med && s->csum != c->csum)
		sb_printf(sb, " csum=0x%04x", c->csum);
	ol = c->opts_len < sizeof(c->opts) ? c->opts_len : sizeof(c->opts);
	if (s->opts_len != c->opts_len ||
	    memcmp(s->opts, c->opts, ol) != 0) {
		sb_puts(sb, " ipopts={");
		ipopts_format(sb, c->opts, ol);
		sb_putc(sb, '}');
	}
}

static void
diff_ip6(struct sbuf *sb, const struct cdiff *d)
{
	const struct ip6_fields *s = &d->s->ip6, *c = &d->c->ip6;
	const char *nh;

	if (s->tclass != c->tclass)
		sb_printf(sb, " tclass=%u", c->tclass);
	if ((s->flow & 0xfffff) != (c->flow & 0xfffff))
		sb_printf(sb, " flow=%x", (unsigned)(c->flow & 0xfffff));
	if (s->plen != c->plen)
		sb_printf(sb, " payloadlen=%u", c->plen);
	if (s->nh != c->nh) {
		nh = ipproto_name(c->nh);
		sb_printf(sb, " nh=%s", nh ? nh : "");
	}
	if (c->hlim > s->hlim || (d->med && c->hlim != s->hlim))
		sb_printf(sb, " hopl=%u", c->hlim);
}

static void
diff_tcp(struct sbuf *sb, const struct cdiff *d)
{
	const struct tcp_fields *s = &d->s->tcp, *c = &d->c->tcp;
	char fl[9];
	size_t so, co;

	if (s->flags != c->flags) {
		tcp_flag_letters(c->flags, fl);
		sb_printf(sb, " flags=%s", fl);
	}
	if (s->seq != c->seq)
		sb_printf(sb, " seq=%lu", (unsigned long)c->seq);
	if (s->ack != c->ack)
		sb_printf(sb, " ack=%lu", (unsigned long)c->ack);
	if (s->doff != c->doff)
		sb_printf(sb, " off=%u", c->doff);
	if (s->x2 != c->x2)
		sb_printf(sb, " res=%u", c->x2);
	if (s->win != c->win)
		sb_printf(sb, " win=%u", c->win);
	if (d->med && s->csum != c->csum)
		sb_printf(sb, " csum=0x%04X", c->csum);
	if (s->urp != c->urp)
		sb_printf(sb, " urp=%u", c->urp);
	so = s->opts_len < sizeof(s->opts) ? s->opts_len : sizeof(s->opts);
	co = c->opts_len < sizeof(c->opts) ? c->opts_len : sizeof(c->opts);
	if (so != co || memcmp(s->opts, c->opts, co) != 0) {
		sb_putc(sb, ' ');
		if (co == 0)
			sb_puts(sb, "<>");
		else
			tcpopts_format(sb, c->opts, co);
	}
}

static void
diff_udp(struct sbuf *sb, const struct cdiff *d)
{
	const struct udp_fields *s = &d->s->udp, *c = &d->c->udp;

	if (s->len != c->len)
		sb_printf(sb, " len=%u", c->len);
	if (d->med && s->csum != c->csum)
		sb_printf(sb, " csum=0x%04X", c->csum);
}

static void
diff_icmp(struct sbuf *sb, const struct cdiff *d, int v6)
{
	uint8_t st = v6 ? d->s->icmp6.type : d->s->icmp4.type;
	uint8_t ct = v6 ? d->c->icmp6.type : d->c->icmp4.type;
	uint8_t sc = v6 ? d->s->icmp6.code : d->s->icmp4.code;
	uint8_t cc = v6 ? d->c->icmp6.code : d->c->icmp4.code;
	const uint8_t *sr = v6 ? d->s->icmp6.rest : d->s->icmp4.rest;
	const uint8_t *cr = v6 ? d->c->icmp6.rest : d->c->icmp4.rest;
	uint16_t scs = v6 ? d->s->icmp6.csum : d->s->icmp4.csum;
	uint16_t ccs = v6 ? d->c->icmp6.csum : d->c->icmp4.csum;
	int idseq = v6 ? (ct == 128 || ct == 129) :
		(ct == 0 || ct == 8 || (ct >= 13 && ct <= 18));

	if (st != ct || sc != cc)
		sb_printf(sb, " type=%u/code=%u", ct, cc);
	if (idseq && get_be16(sr) != get_be16(cr))
		sb_printf(sb, " id=%u", get_be16(cr));
	if (idseq && get_be16(sr + 2) != get_be16(cr + 2))
		sb_printf(sb, " seq=%u", get_be16(cr + 2));
	if (!idseq && memcmp(sr, cr, 4) != 0)
		sb_printf(sb, " rest=0x%08lx", (unsigned long)get_be32(cr));
	if (d->med && scs != ccs)
		sb_printf(sb, " csum=0x%04X", ccs);
}

/* Payload bytes of p, or NULL when they were not captured. */
static const uint8_t *
payload_of(const struct pkt *p)
{
	if (p->base == NULL || p->payload_off > p->caplen ||
	    p->payload_len > p->caplen - p->payload_off)
		return NULL;
	return p->base + p->payload_off;
}

static int
zeros(const uint8_t *p, size_t n)
{
	while (n && !p[n - 1])
		n--;
	return n == 0;
}

/* The echo server zeroes payloads unless --include-payloads: bytes all
 * zero where ours were not are not a change (the analysis says so once). */
static void
diff_payload(struct sbuf *sb, const struct cdiff *d)
{
	const uint8_t *sp = payload_of(d->s), *cp = payload_of(d->c);
	size_t n = d->c->payload_len;

	if (sp == NULL || cp == NULL)
		return;
	if (d->s->payload_len != n)
		sb_printf(sb, " paylen=%zu", n);
	else if (memcmp(sp, cp, n) != 0 && !(zeros(cp, n) && !zeros(sp, n)))
		sb_puts(sb, " payload=modified");
}

static uint8_t
l4_of(const struct pkt *p)
{
	if (p->layers & PKT_HAS_IP4)
		return p->ip4.proto;
	return p->ip6.n_ext ? p->ip6.final_nh : p->ip6.nh;
}

/* "TCP [a:p > b:q" (the bracket only at MEDIUM) with the captured
 * addresses and ports. */
static void
diff_head(struct sbuf *sb, const struct cdiff *d, uint8_t proto)
{
	const struct pkt *c = d->c;
	const char *name = ipproto_name(proto);
	const char *br = d->med ? "[" : "";

	if (proto == 6 || proto == 17)
		sb_printf(sb, "%s %s%s:%u > %s:%u", proto == 6 ? "TCP" : "UDP",
			  br, d->a, proto == 6 ? c->tcp.sport : c->udp.sport,
			  d->b, proto == 6 ? c->tcp.dport : c->udp.dport);
	else if (proto == 1 || proto == 58)
		sb_printf(sb, "%s %s%s > %s", proto == 1 ? "ICMP" : "ICMPv6",
			  br, d->a, d->b);
	else
		sb_printf(sb, "%s (%u) %s%s > %s", name ? name : "Unknown",
			  proto, br, d->a, d->b);
}

static void
diff_l4(struct sbuf *sb, const struct cdiff *d, uint8_t proto)
{
	if (proto == 6)
		diff_tcp(sb, d);
	else if (proto == 17)
		diff_udp(sb, d);
	else if (proto == 1 || proto == 58)
		diff_icmp(sb, d, proto == 58);
	diff_payload(sb, d);
}

static void
diff_ip(struct sbuf *sb, const struct cdiff *d)
{
	if (d->c->layers & PKT_HAS_IP4)
		diff_ip4(sb, d);
	else
		diff_ip6(sb, d);
}

static void
diff_ip_inner(struct sbuf *sb, const struct cdiff *d)
{
	char tmp[512];
	struct sbuf t;

	sb_init(&t, tmp, sizeof(tmp));
	diff_ip(&t, d);
	sb_puts(sb, tmp[0] == ' ' ? tmp + 1 : tmp);
}

static int
capt_comparable(const struct pkt *s, const struct pkt *c)
{
	unsigned ipm = PKT_HAS_IP4 | PKT_HAS_IP6;

	if ((s->layers & ipm) == 0 || (s->layers & ipm) != (c->layers & ipm))
		return 0;
	if ((s->problems | c->problems) & (PKT_BAD_L3 | PKT_TRUNC_L3))
		return 0;
	return l4_of(s) == l4_of(c);
}

size_t
capt_describe(const struct pkt *sent, const struct pkt *capt, int verbosity,
	      char *out, size_t cap)
{
	struct cdiff d;
	struct sbuf sb;

	if (verbosity >= 2 || !capt_comparable(sent, capt))
		return pkt_describe(capt, detail_from_verbosity(verbosity),
				    out, cap);
	memset(&d, 0, sizeof(d));
	d.s = sent;
	d.c = capt;
	d.med = verbosity == 1;
	addr_str(capt, 1, d.a, sizeof(d.a));
	addr_str(capt, 0, d.b, sizeof(d.b));
	sb_init(&sb, out, cap);
	diff_head(&sb, &d, l4_of(capt));
	if (d.med) {
		diff_l4(&sb, &d, l4_of(capt));
		sb_puts(&sb, "] IP [");
		/* The IP list starts without its leading space. */
		diff_ip_inner(&sb, &d);
		sb_putc(&sb, ']');
	} else {
		diff_ip(&sb, &d);
		diff_l4(&sb, &d, l4_of(capt));
	}
	return sb.len;
}

int
line_print_capt(FILE *f, double t, const struct pkt *sent,
		const struct pkt *capt, int verbosity, const uint8_t *dump,
		size_t dump_len)
{
	char desc[LINE_MAX_LEN], line[LINE_MAX_LEN + 32];

	capt_describe(sent, capt, verbosity, desc, sizeof(desc));
	line_format(LINE_CAPT, t, desc, line, sizeof(line));
	return print_line(f, line, verbosity, dump, dump_len);
}

size_t
line_format_mode(enum mode_event ev, double t, const char *name,
		 const char *ip, unsigned port, size_t n, const char *err,
		 char *out, size_t cap)
{
	struct sbuf sb;
	char tgt[600];

	if (name != NULL && strcmp(name, ip) != 0)
		snprintf(tgt, sizeof(tgt), "%s:%u (%s:%u)", name, port, ip,
			 port);
	else
		snprintf(tgt, sizeof(tgt), "%s:%u", ip, port);
	sb_init(&sb, out, cap);
	switch (ev) {
	case EV_TCP_START:
		sb_printf(&sb, "SENT (%.4fs) Starting TCP Handshake > %s", t,
			  tgt);
		break;
	case EV_TCP_DONE:
		sb_printf(&sb, "RCVD (%.4fs) Handshake with %s completed", t,
			  tgt);
		break;
	case EV_TCP_RST:
		sb_printf(&sb, "RCVD (%.4fs) Possible TCP RST received from "
			  "%s:%u --> %s", t, ip, port, err ? err : "");
		break;
	case EV_UDP_SENT:
	case EV_UDP_RCVD:
		sb_printf(&sb, "%s (%.4fs) UDP packet with %zu bytes %s %s:%u",
			  ev == EV_UDP_SENT ? "SENT" : "RCVD", t, n,
			  ev == EV_UDP_SENT ? "to" : "from", ip, port);
		break;
	default:
		sb_printf(&sb, "ERR: (%.4fs) READ to %s:%u failed: %s", t, ip,
			  port, err ? err : "");
		break;
	}
	return sb.len;
}
