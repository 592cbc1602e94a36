/* SPDX-License-Identifier: MIT */
/*
 * json.c: the streaming JSON writer core (see json.h).  Packet fields and
 * event lines are in json_pkt.c.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/json.h"
#include "util/err.h"

static void
fail(struct json_writer *w, int code)
{
	if (!w->err)
		w->err = code;
}

static void
put(struct json_writer *w, const char *s, size_t n)
{
	if (w->err || n == 0)
		return;
	if (w->fp) {
		if (fwrite(s, 1, n, w->fp) != n)
			fail(w, ERR_SYS);
		return;
	}
	/* Keep one byte for the NUL terminator. */
	if (w->cap - 1 - w->len < n) {
		fail(w, ERR_NOSPACE);
		return;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void
put_c(struct json_writer *w, char c)
{
	put(w, &c, 1);
}

void
json_init_buf(struct json_writer *w, char *buf, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = cap;
	if (!buf || cap == 0)
		w->err = ERR_NOSPACE;
	else
		buf[0] = '\0';
}

void
json_init_file(struct json_writer *w, FILE *fp)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	if (!fp)
		w->err = ERR_INVALID;
}

void
json_reset(struct json_writer *w)
{
	if (w->fp)
		json_init_file(w, w->fp);
	else
		json_init_buf(w, w->buf, w->cap);
}

int
json_error(const struct json_writer *w)
{
	return w->err;
}

/*
 * Called before every value and key: checks the call is legal here and
 * writes the separating comma.  Returns 0 when the caller may write.
 */
static int
pre_value(struct json_writer *w)
{
	uint32_t bit;

	if (w->err)
		return -1;
	if (w->depth == 0)
		return 0;
	bit = 1u << (w->depth - 1);
	if (w->is_obj & bit) {
		if (w->want_key) {
			fail(w, ERR_INVALID);
			return -1;
		}
		w->want_key = 1; /* the value ends this member */
		return 0;
	}
	if (w->has_item & bit)
		put_c(w, ',');
	w->has_item |= bit;
	return w->err ? -1 : 0;
}

static void
open_nest(struct json_writer *w, int obj)
{
	uint32_t bit;

	if (pre_value(w) < 0)
		return;
	if (w->depth >= JSON_MAX_DEPTH) {
		fail(w, ERR_INVALID);
		return;
	}
	put_c(w, obj ? '{' : '[');
	bit = 1u << w->depth;
	w->depth++;
	w->has_item &= ~bit;
	if (obj)
		w->is_obj |= bit;
	else
		w->is_obj &= ~bit;
	w->want_key = obj;
}

static void
close_nest(struct json_writer *w, int obj)
{
	uint32_t bit;

	if (w->err)
		return;
	if (w->depth == 0) {
		fail(w, ERR_INVALID);
		return;
	}
	bit = 1u << (w->depth - 1);
	/* An object may close only where a key would come next. */
	if (!!(w->is_obj & bit) != obj || (obj && !w->want_key)) {
		fail(w, ERR_INVALID);
		return;
	}
	put_c(w, obj ? '}' : ']');
	w->depth--;
	w->want_key = w->depth > 0 && (w->is_obj & (1u << (w->depth - 1)));
}

void
json_obj_begin(struct json_writer *w)
{
	open_nest(w, 1);
}

void
json_obj_end(struct json_writer *w)
{
	close_nest(w, 1);
}

void
json_arr_begin(struct json_writer *w)
{
	open_nest(w, 0);
}

void
json_arr_end(struct json_writer *w)
{
	close_nest(w, 0);
}

/*
 * Length of the valid UTF-8 sequence at p[0..n), or 0 when it is not one
 * (overlong forms, surrogates and code points past U+10FFFF are invalid).
 */
static size_t
utf8_seq_len(const uint8_t *p, size_t n)
{
	uint8_t c = p[0], lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < need || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return need;
}

/* The escape for one ASCII byte, or NULL when it goes out as it is. */
static const char *
ascii_escape(uint8_t c, char tmp[8])
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	}
	if (c >= 0x20)
		return NULL;
	snprintf(tmp, 8, "\\u%04x", c);
	return tmp;
}

static void
put_escaped(struct json_writer *w, const uint8_t *p, size_t n)
{
	size_t i = 0, run = 0, sl;
	const char *esc;
	char tmp[8];

	put_c(w, '"');
	while (i < n && !w->err) {
		if (p[i] < 0x80) {
			esc = ascii_escape(p[i], tmp);
			sl = 1;
		} else {
			sl = utf8_seq_len(p + i, n - i);
			esc = sl ? NULL : "\\ufffd";
			sl = sl ? sl : 1;
		}
		if (!esc) {
			run += sl;
			i += sl;
			continue;
		}
		put(w, (const char *)p + i - run, run);
		put(w, esc, strlen(esc));
		run = 0;
		i += sl;
	}
	put(w, (const char *)p + i - run, run);
	put_c(w, '"');
}

void
json_key_n(struct json_writer *w, const void *k, size_t n)
{
	uint32_t bit;

	if (w->err)
		return;
	bit = w->depth ? 1u << (w->depth - 1) : 0;
	if (!(w->is_obj & bit) || !w->want_key) {
		fail(w, ERR_INVALID);
		return;
	}
	if (w->has_item & bit)
		put_c(w, ',');
	w->has_item |= bit;
	put_escaped(w, k ? k : "", k ? n : 0);
	put_c(w, ':');
	w->want_key = 0;
}

void
json_key(struct json_writer *w, const char *k)
{
	json_key_n(w, k, k ? strlen(k) : 0);
}

void
json_str_n(struct json_writer *w, const void *s, size_t n)
{
	if (pre_value(w) < 0)
		return;
	put_escaped(w, s ? s : "", s ? n : 0);
}

void
json_str(struct json_writer *w, const char *s)
{
	if (!s) {
		json_null(w);
		return;
	}
	json_str_n(w, s, strlen(s));
}

/* A number or literal: no escaping needed. */
static void
put_token(struct json_writer *w, const char *s)
{
	if (pre_value(w) < 0)
		return;
	put(w, s, strlen(s));
}

void
json_i64(struct json_writer *w, int64_t v)
{
	char tmp[24];

	snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	put_token(w, tmp);
}

void
json_u64(struct json_writer *w, uint64_t v)
{
	char tmp[24];

	snprintf(tmp, sizeof(tmp), "%" PRIu64, v);
	put_token(w, tmp);
}

void
json_double(struct json_writer *w, double v)
{
	char tmp[40], *c;
	int prec;

	if (!isfinite(v)) {
		put_token(w, "null");
		return;
	}
	/* The shortest of 15..17 digits that reads back as the same double. */
	for (prec = 15; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(tmp, sizeof(tmp), "%.17g", v);
	/* A locale with a decimal comma must not break the number. */
	for (c = tmp; *c; c++)
		if (*c == ',')
			*c = '.';
	put_token(w, tmp);
}

void
json_bool(struct json_writer *w, int v)
{
	put_token(w, v ? "true" : "false");
}

void
json_null(struct json_writer *w)
{
	put_token(w, "null");
}

void
json_hex(struct json_writer *w, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char chunk[128];
	size_t i, k = 0;

	if (pre_value(w) < 0)
		return;
	put_c(w, '"');
	for (i = 0; i < n; i++) {
		chunk[k++] = digits[p[i] >> 4];
		chunk[k++] = digits[p[i] & 15];
		if (k == sizeof(chunk)) {
			put(w, chunk, k);
			k = 0;
		}
	}
	put(w, chunk, k);
	put_c(w, '"');
}

void
json_time_ns(struct json_writer *w, uint64_t ns)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%" PRIu64 ".%09" PRIu64,
		 ns / 1000000000u, ns % 1000000000u);
	put_token(w, tmp);
}

void
json_ip4(struct json_writer *w, const uint8_t a[4])
{
	char tmp[16];

	snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	json_str(w, tmp);
}

void
json_ip6(struct json_writer *w, const uint8_t a[16])
{
	char tmp[INET6_ADDRSTRLEN];

	if (!inet_ntop(AF_INET6, a, tmp, sizeof(tmp)))
		tmp[0] = '\0';
	json_str(w, tmp);
}

void
json_mac(struct json_writer *w, const uint8_t a[6])
{
	char tmp[18];

	snprintf(tmp, sizeof(tmp), "%02x:%02x:%02x:%02x:%02x:%02x",
		 a[0], a[1], a[2], a[3], a[4], a[5]);
	json_str(w, tmp);
}

int
json_end_line(struct json_writer *w)
{
	if (!w->err && w->depth != 0)
		fail(w, ERR_INVALID);
	put_c(w, '\n');
	return w->err;
}

void
json_kv_str(struct json_writer *w, const char *k, const char *v)
{
	json_key(w, k);
	json_str(w, v);
}

void
json_kv_i64(struct json_writer *w, const char *k, int64_t v)
{
	json_key(w, k);
	json_i64(w, v);
}

void
json_kv_u64(struct json_writer *w, const char *k, uint64_t v)
{
	json_key(w, k);
	json_u64(w, v);
}

void
json_kv_bool(struct json_writer *w, const char *k, int v)
{
	json_key(w, k);
	json_bool(w, v);
}
