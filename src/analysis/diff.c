/* SPDX-License-Identifier: MIT */
/*
 * diff.c: field-by-field comparison of two snaps.
 *
 * "a" is what was expected (the SENT probe, or the server's reply mapped
 * back through the NAT seen on the way out), "b" what was seen.  Every
 * comparison actually made sets its tag in ds->checked, so the caller can
 * count out of how many probes a finding was possible; every difference
 * becomes a struct diff.  No TTL here: collect.c decides hops vs rewritten.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis_int.h"

#define PROTO_TCP 6
#define PROTO_ICMP6 58

static void
copy_str(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

void
an_diff_add(struct diffset *ds, int tag, const char *field, const char *from,
	    const char *to, const char *note)
{
	struct diff *d;

	if (ds->n >= sizeof(ds->d) / sizeof(ds->d[0]))
		return;
	d = &ds->d[ds->n++];
	memset(d, 0, sizeof(*d));
	d->tag = (uint8_t)tag;
	copy_str(d->field, sizeof(d->field), field);
	copy_str(d->from, sizeof(d->from), from);
	copy_str(d->to, sizeof(d->to), to);
	copy_str(d->note, sizeof(d->note), note);
}

/* Adds a numeric difference: field, "%lu" -> "%lu". */
static void
diff_num(struct diffset *ds, int tag, const char *field, unsigned long from,
	 unsigned long to)
{
	char f[24], t[24];

	snprintf(f, sizeof(f), "%lu", from);
	snprintf(t, sizeof(t), "%lu", to);
	an_diff_add(ds, tag, field, f, t, NULL);
}

void
an_fmt_addr(const struct snap *s, const uint8_t *ip, uint16_t port,
	    int with_port, char *out, size_t cap)
{
	char buf[INET6_ADDRSTRLEN];

	if (s->fam != 4 && s->fam != 6) {
		copy_str(out, cap, "?");
		return;
	}
	if (!inet_ntop(s->fam == 4 ? AF_INET : AF_INET6, ip, buf, sizeof(buf)))
		copy_str(buf, sizeof(buf), "?");
	if (!with_port)
		copy_str(out, cap, buf);
	else if (s->fam == 4)
		snprintf(out, cap, "%s:%u", buf, (unsigned)port);
	else
		snprintf(out, cap, "[%s]:%u", buf, (unsigned)port);
}

int
an_snap_addr_eq(const struct snap *a, const uint8_t *x, const struct snap *b,
		const uint8_t *y)
{
	return a->fam == b->fam && memcmp(x, y, a->fam == 4 ? 4 : 16) == 0;
}

/* nat-source / nat-dest; variant 1 means the port changed as well. */
static void
diff_addr(const struct snap *a, const struct snap *b, int dst,
	  struct diffset *ds)
{
	const uint8_t *x = dst ? a->dst : a->src, *y = dst ? b->dst : b->src;
	uint16_t pa = dst ? a->dport : a->sport, pb = dst ? b->dport : b->sport;
	int ports = a->has_ports && b->has_ports && a->l4 == b->l4;
	static const uint8_t any[16];
	char f[64], t[64];

	/* An unspecified address was the sending kernel's to fill in. */
	if (memcmp(x, any, a->fam == 4 ? 4 : 16) == 0)
		return;
	ds->checked |= 1u << (dst ? T_NAT_DEST : T_NAT_SOURCE);
	if (an_snap_addr_eq(a, x, b, y))
		return;
	an_fmt_addr(a, x, pa, ports, f, sizeof(f));
	an_fmt_addr(b, y, pb, ports, t, sizeof(t));
	an_diff_add(ds, dst ? T_NAT_DEST : T_NAT_SOURCE,
		    dst ? "ip.dst" : "ip.src", f, t, NULL);
	ds->d[ds->n - 1].variant = ports && pa != pb;
}

static const char *
ecn_name(unsigned ecn)
{
	static const char *const names[4] = { "Not-ECT", "ECT(1)", "ECT(0)",
					      "CE" };
	return names[ecn & 3];
}

static void
diff_tos(const struct snap *a, const struct snap *b, struct diffset *ds)
{
	ds->checked |= (1u << T_DSCP) | (1u << T_ECN);
	if ((a->tos >> 2) != (b->tos >> 2))
		diff_num(ds, T_DSCP, "ip.dscp", a->tos >> 2, b->tos >> 2);
	if ((a->tos & 3) != (b->tos & 3)) {
		an_diff_add(ds, T_ECN, "ip.ecn", ecn_name(a->tos),
			    ecn_name(b->tos), NULL);
		/* variant 1: a router marked congestion, which ECN is for */
		ds->d[ds->n - 1].variant = (a->tos & 3) && (b->tos & 3) == 3;
	}
}

static void
diff_ip4_flags(const struct snap *a, const struct snap *b,
	       struct diffset *ds)
{
	char note[80] = "";
	uint8_t x = a->ip_flags ^ b->ip_flags;

	ds->checked |= 1u << T_DF;
	if (!x)
		return;
	if (x & IP4_FLAG_DF)
		copy_str(note, sizeof(note), (b->ip_flags & IP4_FLAG_DF) ?
			 "DF bit set" : "DF bit cleared");
	if (x & IP4_FLAG_RF)
		snprintf(note + strlen(note), sizeof(note) - strlen(note),
			 "%sreserved bit %s", note[0] ? ", " : "",
			 (b->ip_flags & IP4_FLAG_RF) ? "set" : "cleared");
	an_diff_add(ds, T_DF, "ip.flags",
		    (a->ip_flags & IP4_FLAG_DF) ? "DF" : "-",
		    (b->ip_flags & IP4_FLAG_DF) ? "DF" : "-", note);
}

static void
note_add(char *note, size_t cap, const char *what, const char *how)
{
	size_t o = strlen(note);

	snprintf(note + o, cap - o, "%s%s %s", o ? ", " : "", what, how);
}

static void
hex_bytes(const uint8_t *p, unsigned n, char *out, size_t cap)
{
	size_t o = 0;
	unsigned i;

	out[0] = '\0';
	if (n == 0) {
		copy_str(out, cap, "none");
		return;
	}
	for (i = 0; i < n && o + 3 < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%02x", p[i]);
}

#define IPOPT_MAX 20    /* options other than NOP/EOL in 40 bytes */

/* The IPv4 options of a snap, NOP and EOL padding left out. */
struct ipo_list {
	unsigned n;
	uint8_t kind[IPOPT_MAX], off[IPOPT_MAX], len[IPOPT_MAX];
};

/*
 * Walks the IPv4 option bytes (RFC 791 3.1: EOL ends the list, NOP is
 * one byte, every other option is kind, length, data).  Returns 0, or -1
 * when an option runs past the end or has a length below 2.
 */
static int
ipo_parse(const uint8_t *p, unsigned len, struct ipo_list *l)
{
	unsigned i = 0;

	l->n = 0;
	while (i < len && p[i] != 0) {
		if (p[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= len || p[i + 1] < 2 || i + p[i + 1] > len ||
		    l->n >= IPOPT_MAX)
			return -1;
		l->kind[l->n] = p[i];
		l->off[l->n] = (uint8_t)i;
		l->len[l->n] = p[i + 1];
		l->n++;
		i += p[i + 1];
	}
	return 0;
}

static const char *
ipo_name(uint8_t kind, char *buf, size_t cap)
{
	switch (kind) {
	case 7: return "record-route";
	case 68: return "timestamp";
	case 130: return "security";
	case 131: return "lsrr";
	case 137: return "ssrr";
	case 148: return "router-alert";
	default:
		snprintf(buf, cap, "option %u", (unsigned)kind);
		return buf;
	}
}

static int
ipo_find(const struct ipo_list *l, uint8_t kind)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (l->kind[i] == kind)
			return (int)i;
	return -1;
}

/*
 * Same option content?  Record route and timestamp are there for every
 * router to write into: their pointer and data changing is the option
 * working, so only the length is compared.
 */
static int
ipo_same(const struct snap *a, const struct ipo_list *la, unsigned i,
	 const struct snap *b, const struct ipo_list *lb, unsigned j)
{
	if (la->len[i] != lb->len[j])
		return 0;
	if (la->kind[i] == 7 || la->kind[i] == 68)
		return 1;
	return memcmp(a->ipopts + la->off[i], b->ipopts + lb->off[j],
		      la->len[i]) == 0;
}

static void
ipo_names(const struct ipo_list *l, char *out, size_t cap)
{
	char nb[16];
	size_t o = 0;
	unsigned i;

	copy_str(out, cap, l->n ? "" : "none");
	for (i = 0; i < l->n && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "," : "",
				      ipo_name(l->kind[i], nb, sizeof(nb)));
}

/* Names each IPv4 option removed, added, changed or moved into note. */
static void
ipo_note(const struct snap *a, const struct ipo_list *la,
	 const struct snap *b, const struct ipo_list *lb, char *note,
	 size_t cap)
{
	char nb[16];
	unsigned i, k = 0;
	int j;

	for (i = 0; i < la->n; i++) {
		j = ipo_find(lb, la->kind[i]);
		if (j < 0)
			note_add(note, cap, ipo_name(la->kind[i], nb,
				 sizeof(nb)), "removed");
		else if (!ipo_same(a, la, i, b, lb, (unsigned)j))
			note_add(note, cap, ipo_name(la->kind[i], nb,
				 sizeof(nb)), "changed");
	}
	for (i = 0; i < lb->n; i++)
		if (ipo_find(la, lb->kind[i]) < 0)
			note_add(note, cap, ipo_name(lb->kind[i], nb,
				 sizeof(nb)), "added");
	/* Both carry the same kinds: then only the order can differ. */
	if (!note[0] && la->n == lb->n)
		for (i = 0; i < la->n; i++)
			k |= la->kind[i] != lb->kind[i];
	if (k)
		note_add(note, cap, "options", "reordered");
}

/* IPv4: compared option by option; a malformed list byte by byte. */
static void
diff_ip4_opts(const struct snap *a, const struct snap *b, struct diffset *ds)
{
	struct ipo_list la, lb;
	char note[80] = "", f[80], t[80];

	if (ipo_parse(a->ipopts, a->ipopts_len, &la) == 0 &&
	    ipo_parse(b->ipopts, b->ipopts_len, &lb) == 0) {
		ipo_note(a, &la, b, &lb, note, sizeof(note));
		if (!note[0])
			return;
		ipo_names(&la, f, sizeof(f));
		ipo_names(&lb, t, sizeof(t));
		an_diff_add(ds, T_IP_OPTIONS, "ip.opts", f, t, note);
		return;
	}
	if (a->ipopts_len == b->ipopts_len &&
	    memcmp(a->ipopts, b->ipopts, a->ipopts_len) == 0)
		return;
	hex_bytes(a->ipopts, a->ipopts_len, f, sizeof(f));
	hex_bytes(b->ipopts, b->ipopts_len, t, sizeof(t));
	an_diff_add(ds, T_IP_OPTIONS, "ip.opts", f, t,
		    "malformed or rewritten");
}

static void
diff_ipopts(const struct snap *a, const struct snap *b, struct diffset *ds)
{
	char f[80], t[80];
	const char *note;

	if (a->ipopts_bad || b->ipopts_bad)
		return;
	ds->checked |= 1u << T_IP_OPTIONS;
	if (a->v4 && b->v4) {
		diff_ip4_opts(a, b, ds);
		return;
	}
	if (a->ipopts_len == b->ipopts_len &&
	    memcmp(a->ipopts, b->ipopts, a->ipopts_len) == 0)
		return;
	if (b->ipopts_len == 0)
		note = "all removed";
	else if (a->ipopts_len == 0)
		note = "some added";
	else
		note = "rewritten";
	hex_bytes(a->ipopts, a->ipopts_len, f, sizeof(f));
	hex_bytes(b->ipopts, b->ipopts_len, t, sizeof(t));
	an_diff_add(ds, T_IP_OPTIONS, "ip.ext", f, t, note);
}

/* Addresses, DSCP/ECN, ID, flags, options, fragmentation. */
void
an_diff_ip(const struct snap *a, const struct snap *b, struct diffset *ds)
{
	if (!a->fam || !b->fam)
		return;
	diff_addr(a, b, 0, ds);
	diff_addr(a, b, 1, ds);
	diff_tos(a, b, ds);
	ds->checked |= 1u << T_FRAGMENTED;
	if (a->frag != b->frag)
		an_diff_add(ds, T_FRAGMENTED, "ip.frag",
			    a->frag ? "fragment" : "whole",
			    b->frag ? "fragment" : "whole",
			    b->frag ? "arrived fragmented" :
			    "arrived reassembled");
	if (a->fam != b->fam)
		return;
	diff_ipopts(a, b, ds);
	if (!a->v4)
		return;
	diff_ip4_flags(a, b, ds);
	/* ID 0 is filled in by the sender's kernel: nothing to compare. */
	if (a->ip_id == 0)
		return;
	ds->checked |= 1u << T_IP_ID;
	if (a->ip_id != b->ip_id)
		diff_num(ds, T_IP_ID, "ip.id", a->ip_id, b->ip_id);
}

void
an_fmt_tcp_flags(uint8_t f, uint8_t x2, char *out, size_t cap)
{
	static const char letters[] = "CEUAPRSF";
	size_t o = 0;
	int i;

	for (i = 0; i < 8 && o + 1 < cap; i++)
		if (f & (0x80 >> i))
			out[o++] = letters[i];
	out[o] = '\0';
	if (x2)
		snprintf(out + o, cap - o, "%sres=%u", o ? "," : "",
			 (unsigned)x2);
	else if (o == 0)
		copy_str(out, cap, "none");
}

static const char *
opt_name(uint8_t kind, char *buf, size_t cap)
{
	switch (kind) {
	case TCPOPT_MSS: return "mss";
	case TCPOPT_WSCALE: return "window scale";
	case TCPOPT_SACKOK: return "sack-permitted";
	case TCPOPT_SACK: return "sack";
	case TCPOPT_TS: return "timestamp";
	default:
		snprintf(buf, cap, "option %u", (unsigned)kind);
		return buf;
	}
}

/* Index of kind in s's option list, or -1. */
static int
opt_find(const struct snap *s, uint8_t kind)
{
	int i;

	for (i = 0; i < s->n_opts; i++)
		if (s->opt_kind[i] == kind)
			return i;
	return -1;
}

static int
opt_same_value(const struct snap *a, int i, const struct snap *b, int j)
{
	return a->opt_len[i] == b->opt_len[j] &&
	       memcmp(a->opts + a->opt_off[i], b->opts + b->opt_off[j],
		      a->opt_len[i]) == 0;
}

static void
opt_list(const struct snap *s, char *out, size_t cap)
{
	char nb[16];
	size_t o = 0;
	int i;

	copy_str(out, cap, s->n_opts ? "" : "none");
	for (i = 0; i < s->n_opts && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "," : "",
				      opt_name(s->opt_kind[i], nb, sizeof(nb)));
}

/* Names each option removed, added or changed, then a reordering. */
static void
diff_tcp_opts(const struct snap *a, const struct snap *b, struct diffset *ds)
{
	char note[80] = "", nb[16], f[80], t[80];
	int i, j, pa = 0, pb = 0, order = 0;

	ds->checked |= 1u << T_TCP_OPTIONS;
	for (i = 0; i < a->n_opts; i++) {
		j = opt_find(b, a->opt_kind[i]);
		if (j < 0)
			note_add(note, sizeof(note),
				 opt_name(a->opt_kind[i], nb, sizeof(nb)),
				 "removed");
		else if (a->opt_kind[i] != TCPOPT_MSS &&
			 !opt_same_value(a, i, b, j))
			note_add(note, sizeof(note),
				 opt_name(a->opt_kind[i], nb, sizeof(nb)),
				 "changed");
	}
	for (j = 0; j < b->n_opts; j++)
		if (opt_find(a, b->opt_kind[j]) < 0)
			note_add(note, sizeof(note),
				 opt_name(b->opt_kind[j], nb, sizeof(nb)),
				 "added");
	/* The options both carry must come in the same order. */
	while (pa < a->n_opts && pb < b->n_opts) {
		if (opt_find(b, a->opt_kind[pa]) < 0) {
			pa++;
		} else if (opt_find(a, b->opt_kind[pb]) < 0) {
			pb++;
		} else {
			order |= a->opt_kind[pa] != b->opt_kind[pb];
			pa++;
			pb++;
		}
	}
	if (order)
		note_add(note, sizeof(note), "options", "reordered");
	if (!note[0])
		return;
	opt_list(a, f, sizeof(f));
	opt_list(b, t, sizeof(t));
	an_diff_add(ds, T_TCP_OPTIONS, "tcp.opts", f, t, note);
}

static void
diff_tcp(const struct snap *a, const struct snap *b, struct diffset *ds)
{
	char f[24], t[24];

	ds->checked |= (1u << T_TCP_SEQ) | (1u << T_TCP_ACK) |
		       (1u << T_TCP_WINDOW) | (1u << T_TCP_FLAGS) |
		       (1u << T_TCP_URP);
	if (a->seq != b->seq)
		diff_num(ds, T_TCP_SEQ, "tcp.seq", a->seq, b->seq);
	if (a->ack != b->ack)
		diff_num(ds, T_TCP_ACK, "tcp.ack", a->ack, b->ack);
	if (a->win != b->win)
		diff_num(ds, T_TCP_WINDOW, "tcp.win", a->win, b->win);
	if (a->has_mss && b->has_mss) {
		ds->checked |= 1u << T_TCP_MSS;
		if (a->mss != b->mss) {
			diff_num(ds, T_TCP_MSS, "tcp.mss", a->mss, b->mss);
			ds->d[ds->n - 1].variant = b->mss < a->mss;
		}
	}
	diff_tcp_opts(a, b, ds);
	if (a->tflags != b->tflags || a->x2 != b->x2) {
		an_fmt_tcp_flags(a->tflags, a->x2, f, sizeof(f));
		an_fmt_tcp_flags(b->tflags, b->x2, t, sizeof(t));
		an_diff_add(ds, T_TCP_FLAGS, "tcp.flags", f, t, NULL);
	}
	if (a->urp != b->urp)
		diff_num(ds, T_TCP_URP, "tcp.urp", a->urp, b->urp);
}

/* Ports, ICMP id/seq, the TCP header: only for the same transport. */
void
an_diff_l4(const struct snap *a, const struct snap *b, struct diffset *ds)
{
	int tcp = a->l4 == PROTO_TCP, v6 = a->l4 == PROTO_ICMP6;

	if (!a->has_l4 || !b->has_l4 || a->l4 != b->l4)
		return;
	if (a->has_ports) {
		ds->checked |= (1u << T_PORT_SOURCE) | (1u << T_PORT_DEST);
		if (a->sport != b->sport)
			diff_num(ds, T_PORT_SOURCE, tcp ? "tcp.sport" :
				 "udp.sport", a->sport, b->sport);
		if (a->dport != b->dport)
			diff_num(ds, T_PORT_DEST, tcp ? "tcp.dport" :
				 "udp.dport", a->dport, b->dport);
	}
	if (a->is_icmp_echo && b->is_icmp_echo) {
		ds->checked |= 1u << T_ICMP_ID;
		if (a->icmp_id != b->icmp_id)
			diff_num(ds, T_ICMP_ID, v6 ? "icmp6.id" : "icmp.id",
				 a->icmp_id, b->icmp_id);
		if (a->icmp_seq != b->icmp_seq)
			diff_num(ds, T_ICMP_ID, v6 ? "icmp6.seq" : "icmp.seq",
				 a->icmp_seq, b->icmp_seq);
	}
	if (a->l4 == PROTO_TCP)
		diff_tcp(a, b, ds);
}

int
an_all_zero(const uint8_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/*
 * Payload length and bytes.  Returns 1 when b's payload is a's zeroed out
 * (the server's safe payloads): then no payload-changed is reported.
 */
int
an_diff_payload(const struct snap *a, const struct snap *b, struct diffset *ds)
{
	char f[24], t[24], note[80];
	uint32_t i, n;

	if (!a->has_l4 || !b->has_l4 || a->l4 != b->l4 || a->frag || b->frag)
		return 0;
	/* An ICMP error's payload is the quoted datagram, which every NAT
	 * rewrites on its way through: not application data. */
	if (a->is_icmp_err || b->is_icmp_err)
		return 0;
	ds->checked |= (1u << T_PAYLOAD_CHANGED) | (1u << T_PAYLOAD_TRUNCATED);
	snprintf(f, sizeof(f), "%lu bytes", (unsigned long)a->pay_wire);
	snprintf(t, sizeof(t), "%lu bytes", (unsigned long)b->pay_wire);
	if (b->pay_wire < a->pay_wire) {
		an_diff_add(ds, T_PAYLOAD_TRUNCATED, "payload.len", f, t, NULL);
	} else if (b->pay_wire > a->pay_wire) {
		snprintf(note, sizeof(note), "grew from %s to %s", f, t);
		an_diff_add(ds, T_PAYLOAD_CHANGED, "payload.len", f, t, note);
	}
	if (!a->pay_ok || !b->pay_ok)
		return 0;
	n = a->pay_len < b->pay_len ? a->pay_len : b->pay_len;
	if (n && an_all_zero(b->pay, n) && !an_all_zero(a->pay, n))
		return 1;
	for (i = 0; i < n && a->pay[i] == b->pay[i]; i++)
		;
	if (i == n)
		return 0;
	snprintf(note, sizeof(note), "first difference at byte %lu",
		 (unsigned long)i);
	snprintf(f, sizeof(f), "0x%02x", a->pay[i]);
	snprintf(t, sizeof(t), "0x%02x", b->pay[i]);
	an_diff_add(ds, T_PAYLOAD_CHANGED, "payload", f, t, note);
	return 0;
}
