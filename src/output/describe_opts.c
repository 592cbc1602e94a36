/* SPDX-License-Identifier: MIT */
/*
 * describe_opts.c: IPv4 and TCP option lists as Nping prints them.
 *
 * IPv4 (RFC 791 options, each "type [len [data...]]"):
 *   " EOL", " NOP", " RR{...}", " LSRR{...}", " SSRR{...}", " TM{...}",
 *   " SI{id=N}", unknown " ??{\xTT\xLL\xDD...}".  Route options list their
 *   addresses with '#' in front of the one the pointer designates (or a
 *   trailing '#' when the pointer is past the end); a pointer that is not a
 *   multiple of 4 has its stray bytes shown as \xNN.  Whatever cannot be
 *   parsed is dumped as \xNN up to the option's end, then "}".
 * TCP (RFC 9293 options): "<mss 1460,sackOK,timestamp A B,nop,wscale 7>".
 */
#include <stdint.h>
#include <stdio.h>

#include "output/describe_int.h"
#include "util/wire.h"

enum { ST_NEW = -1, ST_HEX = -2 };

/* Parser state for one pass over an IPv4 option list. */
struct ipo {
	const uint8_t *o;
	int n;
	int pt, sta, end, type, olen, ptr, fl;
};

static void
put_ip4(struct sbuf *sb, const uint8_t *a)
{
	sb_printf(sb, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/* RR, LSRR, SSRR: one address per call after the header. */
static void
ipo_route(struct sbuf *sb, struct ipo *s)
{
	int i, skew;

	if (s->pt - s->sta == 2) {
		sb_printf(sb, " %sRR{", s->type == 131 ? "LS" :
			  s->type == 137 ? "SS" : "");
		if (s->pt >= s->end)
			goto hex;
		s->ptr = s->o[s->pt++];
		if (s->ptr % 4 != 0 || s->sta + s->ptr - 1 > s->end ||
		    s->ptr < 4)
			sb_printf(sb, " [bad ptr=%02i]", s->ptr);
	}
	if (s->pt - s->sta <= 2 || s->pt + 3 >= s->end)
		goto hex;
	skew = s->ptr % 4;
	for (i = 0; i < skew; i++)
		sb_printf(sb, "\\x%02x", s->o[s->pt++]);
	s->ptr -= i;
	if (s->pt + 3 >= s->end)
		goto hex;
	s->pt += 4;
	sb_putc(sb, s->pt - 3 - s->sta == s->ptr ? '#' : ' ');
	put_ip4(sb, s->o + s->pt - 4);
	if (s->pt == s->end && s->pt - s->sta == s->ptr - 1)
		sb_putc(sb, '#');
	return;
hex:
	s->type = ST_HEX;
}

/* Internet Timestamp: one [address@]timestamp entry per call. */
static void
ipo_ts(struct sbuf *sb, struct ipo *s)
{
	int i, skew, step;

	if (s->pt - s->sta == 2) {
		sb_puts(sb, " TM{");
		if (s->pt >= s->end)
			goto hex;
		s->ptr = s->o[s->pt++];
		if (s->ptr % 4 != 1 || s->sta + s->ptr - 1 > s->end ||
		    s->ptr < 5)
			sb_printf(sb, " [bad ptr=%02i]", s->ptr);
		if (s->pt >= s->end)
			goto hex;
		s->fl = s->o[s->pt++];
		if ((s->fl & 0x0c) || (s->fl & 0x03) == 2)
			sb_printf(sb, " [bad flags=\\x%x]", s->fl & 0x0f);
		sb_printf(sb, "[%i hosts not recorded]", s->fl >> 4);
		s->fl &= 0x03;
	}
	if (s->pt - s->sta <= 2)
		goto hex;
	step = s->fl == 0 ? 4 : 8;
	skew = (s->ptr + 3) % step;
	if (s->pt + step - 1 >= s->end)
		goto hex;
	for (i = 0; i < skew; i++)
		sb_printf(sb, "\\x%02x", s->o[s->pt++]);
	s->ptr -= i;
	sb_putc(sb, s->pt + 1 - s->sta == s->ptr ? '#' : ' ');
	if (s->fl != 0) {
		if (s->pt + 3 >= s->end)
			goto hex;
		put_ip4(sb, s->o + s->pt);
		sb_putc(sb, '@');
		s->pt += 4;
	}
	if (s->pt + 3 >= s->end)
		goto hex;
	sb_printf(sb, "%lu", (unsigned long)get_be32(s->o + s->pt));
	s->pt += 4;
	if (s->pt == s->end)
		sb_putc(sb, s->pt - s->sta == s->ptr - 1 ? '#' : ' ');
	return;
hex:
	s->type = ST_HEX;
}

/* Stream identifier. */
static void
ipo_satid(struct sbuf *sb, struct ipo *s)
{
	if (s->pt - s->sta != 2)
		goto hex;
	sb_puts(sb, " SI{");
	if (s->sta + s->olen > s->n || s->olen != 4)
		sb_printf(sb, "[bad len %02i]", s->olen);
	if (s->pt + 1 >= s->end)
		goto hex;
	sb_printf(sb, "id=%u", (unsigned)get_be16(s->o + s->pt));
	s->pt += 2;
	if (s->pt != s->end)
		goto hex;
	return;
hex:
	s->type = ST_HEX;
}

/* Reads the type and length of the option starting at s->pt.  Returns 0 to
 * go on, 1 when the list ends inside the type/length pair. */
static int
ipo_start(struct ipo *s)
{
	s->sta = s->pt;
	s->type = s->o[s->pt++];
	if (s->type == 0 || s->type == 1)
		return 0;
	if (s->pt >= s->n) {
		s->type = ST_HEX;
		s->pt--;
		s->end = s->n + 1; /* dump to the end of the list */
		return 1;
	}
	s->olen = s->o[s->pt++];
	s->end = s->sta + s->olen < s->n ? s->sta + s->olen : s->n;
	if (s->end < s->sta + 2)
		s->end = s->sta + 2;
	return 0;
}

static void
ipo_step(struct sbuf *sb, struct ipo *s)
{
	switch (s->type) {
	case 0:
		sb_puts(sb, " EOL");
		s->type = ST_NEW;
		break;
	case 1:
		sb_puts(sb, " NOP");
		s->type = ST_NEW;
		break;
	case 7:
	case 131:
	case 137:
		ipo_route(sb, s);
		break;
	case 68:
		ipo_ts(sb, s);
		break;
	case 136:
		ipo_satid(sb, s);
		break;
	case ST_HEX:
		if (s->pt >= s->end) {
			sb_putc(sb, '}');
			s->type = ST_NEW;
			break;
		}
		sb_printf(sb, "\\x%02x", s->o[s->pt++]);
		break;
	default:
		sb_printf(sb, " ??{\\x%02x\\x%02x", s->type, s->olen);
		if (s->olen < s->n) {
			s->end = s->sta + s->olen;
			if (s->end < s->sta + 2)
				s->end = s->sta + 2;
			if (s->end > s->n)
				s->end = s->n;
		} else {
			s->end = s->n + 1;
		}
		s->type = ST_HEX;
		break;
	}
}

void
ipopts_format(struct sbuf *sb, const uint8_t *opt, size_t len)
{
	struct ipo s = { .o = opt, .n = (int)(len > 40 ? 40 : len),
			 .type = ST_NEW };

	if (s.n == 0) {
		sb_puts(sb, "(null)"); /* what Nping prints for no bytes */
		return;
	}
	while (s.pt < s.n) {
		if (s.type == ST_NEW && ipo_start(&s))
			continue;
		ipo_step(sb, &s);
		if (s.pt == s.end && s.type != ST_NEW) {
			sb_putc(sb, '}');
			s.type = ST_NEW;
		}
	}
	if (s.type != ST_NEW)
		sb_putc(sb, '}');
}

/* One TCP option at o[0..left); returns its size, 0 when the list cannot be
 * parsed (Nping then prints no list at all). */
static size_t
tcpopt_item(struct sbuf *sb, const uint8_t *o, size_t left)
{
	size_t l, i;

	switch (o[0]) {
	case TCPOPT_EOL:
		sb_puts(sb, "eol");
		return 1;
	case TCPOPT_NOP:
		sb_puts(sb, "nop");
		return 1;
	case TCPOPT_MSS:
		if (left < 4)
			return 0;
		sb_printf(sb, "mss %u", (unsigned)get_be16(o + 2));
		return 4;
	case TCPOPT_WSCALE:
		if (left < 3)
			return 0;
		sb_printf(sb, "wscale %u", o[2]);
		return 3;
	case TCPOPT_SACKOK:
		if (left < 2)
			return 0;
		sb_puts(sb, "sackOK");
		return 2;
	case TCPOPT_TS:
		if (left < 10)
			return 0;
		sb_printf(sb, "timestamp %lu %lu",
			  (unsigned long)get_be32(o + 2),
			  (unsigned long)get_be32(o + 6));
		return 10;
	default:
		break;
	}
	if (left < 2 || o[1] < 2 || o[1] > left)
		return 0;
	l = o[1];
	if (o[0] != TCPOPT_SACK) {
		sb_printf(sb, "opt%u", o[0]); /* npecho: Nping drops the list */
		return l;
	}
	if (l == 2 || (l - 2) % 8 != 0) {
		sb_puts(sb, "malformed sack");
		return l;
	}
	sb_printf(sb, "sack %d ", (int)((l - 2) / 8));
	for (i = 2; i < l; i += 8)
		sb_printf(sb, "{%lu:%lu}", (unsigned long)get_be32(o + i),
			  (unsigned long)get_be32(o + i + 4));
	return l;
}

void
tcpopts_format(struct sbuf *sb, const uint8_t *opt, size_t len)
{
	char tmp[512];
	struct sbuf t;
	size_t off = 0, used;

	sb_init(&t, tmp, sizeof(tmp));
	while (off < len) {
		sb_putc(&t, off == 0 ? '<' : ',');
		used = tcpopt_item(&t, opt + off, len - off);
		if (used == 0)
			return;
		off += used;
	}
	sb_putc(&t, '>');
	sb_puts(sb, tmp);
}
