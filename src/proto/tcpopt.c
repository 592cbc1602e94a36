/* SPDX-License-Identifier: MIT */
/*
 * tcpopt.c: TCP option lists and the --tcp-options parser.
 *
 *  +--------+--------+---------...
 *  |  Kind  | Length | data (Length - 2 bytes)     EOL (0) and NOP (1): Kind only
 *  +--------+--------+---------...
 */
#include "proto/tcpopt.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proto/packet.h"
#include "util/wire.h"

static struct tcp_optval *
slot(struct tcp_optlist *l)
{
	struct tcp_optval *v;

	if (l->n >= TCPOPT_LIST_MAX)
		return NULL;
	v = &l->v[l->n++];
	memset(v, 0, sizeof(*v));
	return v;
}

int
tcp_optlist_add_kind(struct tcp_optlist *l, uint8_t kind,
		     const uint8_t *data, size_t n)
{
	struct tcp_optval *v;

	if (n > TCPOPT_DATA_MAX - 2)
		return ERR_INVALID;
	if (!(v = slot(l)))
		return ERR_LIMIT;
	v->kind = kind;
	v->n = (uint8_t)n;
	if (n)
		memcpy(v->data, data, n);
	return 0;
}

int
tcp_optlist_add_raw(struct tcp_optlist *l, const uint8_t *bytes, size_t n)
{
	struct tcp_optval *v;

	if (n < 1 || n > TCPOPT_DATA_MAX)
		return ERR_INVALID;
	if (!(v = slot(l)))
		return ERR_LIMIT;
	v->kind = bytes[0];
	v->raw = 1;
	v->n = (uint8_t)n;
	memcpy(v->data, bytes, n);
	return 0;
}

int
tcp_optlist_add_nop(struct tcp_optlist *l)
{
	uint8_t b = TCPOPT_NOP;

	return tcp_optlist_add_raw(l, &b, 1);
}

int
tcp_optlist_add_eol(struct tcp_optlist *l)
{
	uint8_t b = TCPOPT_EOL;

	return tcp_optlist_add_raw(l, &b, 1);
}

int
tcp_optlist_add_mss(struct tcp_optlist *l, uint16_t mss)
{
	uint8_t d[2];

	put_be16(d, mss);
	return tcp_optlist_add_kind(l, TCPOPT_MSS, d, 2);
}

int
tcp_optlist_add_wscale(struct tcp_optlist *l, uint8_t shift)
{
	return tcp_optlist_add_kind(l, TCPOPT_WSCALE, &shift, 1);
}

int
tcp_optlist_add_sackok(struct tcp_optlist *l)
{
	return tcp_optlist_add_kind(l, TCPOPT_SACKOK, NULL, 0);
}

int
tcp_optlist_add_sack(struct tcp_optlist *l, const uint32_t *left,
		     const uint32_t *right, size_t nblocks)
{
	uint8_t d[32];
	size_t i;

	if (nblocks < 1 || nblocks > 4)
		return ERR_INVALID;
	for (i = 0; i < nblocks; i++) {
		put_be32(d + 8 * i, left[i]);
		put_be32(d + 8 * i + 4, right[i]);
	}
	return tcp_optlist_add_kind(l, TCPOPT_SACK, d, 8 * nblocks);
}

int
tcp_optlist_add_ts(struct tcp_optlist *l, uint32_t val, uint32_t ecr)
{
	uint8_t d[8];

	put_be32(d, val);
	put_be32(d + 4, ecr);
	return tcp_optlist_add_kind(l, TCPOPT_TS, d, 8);
}

int
tcp_optlist_encode(const struct tcp_optlist *l, uint8_t *buf, size_t cap,
		   size_t *len)
{
	struct wr w;
	size_t i;
	int ret = 0;

	*len = 0;
	wr_init(&w, buf, cap);
	for (i = 0; i < l->n && ret == 0; i++) {
		const struct tcp_optval *v = &l->v[i];

		if (v->raw) {
			ret = wr_bytes(&w, v->data, v->n);
		} else if ((ret = wr_u8(&w, v->kind)) == 0 &&
			   (ret = wr_u8(&w, (uint8_t)(v->n + 2))) == 0) {
			ret = wr_bytes(&w, v->data, v->n);
		}
	}
	if (ret == 0 && w.len % 4)
		ret = wr_zero(&w, 4 - w.len % 4);
	if (ret != 0)
		return ret;
	if (w.len > 40)
		return ERR_INVALID;
	*len = w.len;
	return 0;
}

int
tcp_optlist_to_fields(const struct tcp_optlist *l, struct tcp_fields *t)
{
	uint8_t tmp[64];
	size_t n;

	if (tcp_optlist_encode(l, tmp, sizeof(tmp), &n) != 0)
		return ERR_INVALID;
	memcpy(t->opts, tmp, n);
	t->opts_len = (uint8_t)n;
	return 0;
}

/* Parses [s, e) as a decimal or 0x-hex number <= max. */
static int
num(const char *s, const char *e, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;
	int base = 10, d;

	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (s >= e)
		return ERR_INVALID;
	for (; s < e; s++) {
		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			return ERR_INVALID;
		v = v * (unsigned)base + (unsigned)d;
		if (v > max)
			return ERR_INVALID;
	}
	*out = (uint32_t)v;
	return 0;
}

/* Hex digits [s, e) (optional 0x) into bytes. */
static int
hex(const char *s, const char *e, uint8_t *out, size_t cap, size_t *n)
{
	size_t k = 0;
	uint32_t b;

	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (s >= e || (e - s) % 2)
		return ERR_INVALID;
	for (; s < e; s += 2) {
		char two[5] = { '0', 'x', s[0], s[1], 0 };

		if (k >= cap || num(two, two + 4, 0xff, &b) != 0)
			return ERR_INVALID;
		out[k++] = (uint8_t)b;
	}
	*n = k;
	return 0;
}

/* "A:B" into two numbers. */
static int
pair(const char *s, const char *e, uint32_t *a, uint32_t *b)
{
	const char *c = memchr(s, ':', (size_t)(e - s));

	if (!c || num(s, c, UINT32_MAX, a) != 0 ||
	    num(c + 1, e, UINT32_MAX, b) != 0)
		return ERR_INVALID;
	return 0;
}

static int
item_sack(struct tcp_optlist *l, const char *v, const char *e)
{
	uint32_t left[4], right[4];
	size_t n = 0;

	while (v < e) {
		const char *s = memchr(v, '/', (size_t)(e - v));

		if (!s)
			s = e;
		if (n >= 4 || pair(v, s, &left[n], &right[n]) != 0)
			return ERR_INVALID;
		n++;
		v = s < e ? s + 1 : e;
	}
	return tcp_optlist_add_sack(l, left, right, n);
}

static int
item_kind(struct tcp_optlist *l, const char *v, const char *e)
{
	const char *c = memchr(v, ':', (size_t)(e - v));
	uint8_t d[TCPOPT_DATA_MAX];
	size_t n = 0;
	uint32_t k;

	if (num(v, c ? c : e, 255, &k) != 0)
		return ERR_INVALID;
	if (c && hex(c + 1, e, d, TCPOPT_DATA_MAX - 2, &n) != 0)
		return ERR_INVALID;
	return tcp_optlist_add_kind(l, (uint8_t)k, d, n);
}

/* One item [s, e) with its value after '=' at v (NULL when none). */
static int
item(struct tcp_optlist *l, const char *s, const char *v, const char *e)
{
	size_t nl = (size_t)((v ? v - 1 : e) - s);
	uint8_t d[TCPOPT_DATA_MAX];
	uint32_t a, b;
	size_t n;

#define IS(name) (nl == strlen(name) && strncasecmp(s, name, nl) == 0)
	if (IS("nop") && !v)
		return tcp_optlist_add_nop(l);
	if (IS("eol") && !v)
		return tcp_optlist_add_eol(l);
	if (IS("sackok") && !v)
		return tcp_optlist_add_sackok(l);
	if (IS("ts") && !v)
		return tcp_optlist_add_ts(l, 0, 0);
	if (!v)
		return ERR_INVALID;
	if (IS("mss"))
		return num(v, e, 0xffff, &a) != 0 ? ERR_INVALID :
			tcp_optlist_add_mss(l, (uint16_t)a);
	if (IS("wscale"))
		return num(v, e, 0xff, &a) != 0 ? ERR_INVALID :
			tcp_optlist_add_wscale(l, (uint8_t)a);
	if (IS("ts"))
		return pair(v, e, &a, &b) != 0 ? ERR_INVALID :
			tcp_optlist_add_ts(l, a, b);
	if (IS("sack"))
		return item_sack(l, v, e);
	if (IS("raw"))
		return hex(v, e, d, sizeof(d), &n) != 0 ? ERR_INVALID :
			tcp_optlist_add_raw(l, d, n);
	if (IS("kind"))
		return item_kind(l, v, e);
#undef IS
	return ERR_INVALID;
}

int
tcp_opts_parse_spec(const char *spec, struct tcp_optlist *out,
		    struct errbuf *eb)
{
	uint8_t tmp[64];
	size_t len;
	const char *s = spec;
	int ret;

	memset(out, 0, sizeof(*out));
	while (*s) {
		const char *e = strchr(s, ',');
		const char *v;

		if (!e)
			e = s + strlen(s);
		v = memchr(s, '=', (size_t)(e - s));
		ret = item(out, s, v ? v + 1 : NULL, e);
		if (ret != 0) {
			errbuf_set(eb, "bad TCP option '%.*s': %s",
				   (int)(e - s), s,
				   ret == ERR_LIMIT ? "too many options"
						    : "unknown name or bad value");
			return ERR_INVALID;
		}
		s = *e ? e + 1 : e;
	}
	if (tcp_optlist_encode(out, tmp, sizeof(tmp), &len) != 0) {
		errbuf_set(eb, "bad TCP options '%s': longer than 40 bytes",
			   spec);
		return ERR_INVALID;
	}
	return 0;
}
