/* SPDX-License-Identifier: MIT */
/*
 * fuzz_json: drives the JSON writer with operations and bytes taken from
 * the input (random strings as keys and values, random numbers, random
 * struct pkt contents, nesting) and checks every finished line with a
 * strict RFC 8259 validator written here: the writer must never produce
 * invalid JSON, raw control characters or invalid UTF-8, and must never
 * report misuse when the driver follows the rules.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/json.h"
#include "util/err.h"

#define OUT_CAP (1 << 16)

struct src {
	const uint8_t *p;
	size_t n;
};

static uint8_t
take_u8(struct src *s)
{
	uint8_t v;

	if (!s->n)
		return 0;
	v = *s->p++;
	s->n--;
	return v;
}

static void
take(struct src *s, void *dst, size_t n)
{
	memset(dst, 0, n);
	if (n > s->n)
		n = s->n;
	memcpy(dst, s->p, n);
	s->p += n;
	s->n -= n;
}

/* ---- a strict validator: returns the end of the value or NULL ---- */

static const char *val(const char *p, const char *e, int depth);

static const char *
ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* One UTF-8 encoded code point at p, checked by decoding it. */
static const char *
utf8(const char *p, const char *e)
{
	const uint8_t *u = (const uint8_t *)p;
	uint32_t cp, min;
	size_t n, i;

	if (u[0] < 0x80)
		return p + 1;
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2; cp = u[0] & 0x1f; min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3; cp = u[0] & 0x0f; min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4; cp = u[0] & 0x07; min = 0x10000;
	} else {
		return NULL;
	}
	if ((size_t)(e - p) < n)
		return NULL;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return NULL;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return NULL;
	return p + n;
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static const char *
str(const char *p, const char *e)
{
	int i;

	if (p >= e || *p++ != '"')
		return NULL;
	while (p < e && *p != '"') {
		if ((uint8_t)*p < 0x20)
			return NULL;
		if (*p != '\\') {
			if (!(p = utf8(p, e)))
				return NULL;
			continue;
		}
		if (++p >= e)
			return NULL;
		if (*p == 'u') {
			for (i = 1; i <= 4; i++)
				if (p + i >= e || !is_hex(p[i]))
					return NULL;
			p += 5;
		} else if (strchr("\"\\/bfnrt", *p) && *p) {
			p++;
		} else {
			return NULL;
		}
	}
	return p < e ? p + 1 : NULL;
}

static const char *
digits(const char *p, const char *e)
{
	const char *s = p;

	while (p < e && *p >= '0' && *p <= '9')
		p++;
	return p > s ? p : NULL;
}

static const char *
num(const char *p, const char *e)
{
	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++;
	else if (!(p < e && *p >= '1' && *p <= '9') || !(p = digits(p, e)))
		return NULL;
	if (p < e && *p == '.' && !(p = digits(p + 1, e)))
		return NULL;
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (!(p = digits(p, e)))
			return NULL;
	}
	return p;
}

static const char *
lit(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - p) >= n && !memcmp(p, w, n) ? p + n : NULL;
}

/* Object or array body after the opening bracket. */
static const char *
members(const char *p, const char *e, int depth, int obj)
{
	char close = obj ? '}' : ']';

	p = ws(p, e);
	if (p < e && *p == close)
		return p + 1;
	for (;;) {
		if (obj) {
			if (!(p = str(ws(p, e), e)))
				return NULL;
			p = ws(p, e);
			if (p >= e || *p++ != ':')
				return NULL;
		}
		if (!(p = val(p, e, depth + 1)))
			return NULL;
		p = ws(p, e);
		if (p < e && *p == ',') {
			p++;
			continue;
		}
		return p < e && *p == close ? p + 1 : NULL;
	}
}

static const char *
val(const char *p, const char *e, int depth)
{
	if (depth > 64)
		return NULL;
	p = ws(p, e);
	if (p >= e)
		return NULL;
	switch (*p) {
	case '{': return members(p + 1, e, depth, 1);
	case '[': return members(p + 1, e, depth, 0);
	case '"': return str(p, e);
	case 't': return lit(p, e, "true");
	case 'f': return lit(p, e, "false");
	case 'n': return lit(p, e, "null");
	}
	return num(p, e);
}

/* The buffer must hold exactly one valid value followed by "\n". */
static void
check_line(const char *buf, size_t len)
{
	const char *e = buf + len, *end;

	if (len == 0 || buf[len - 1] != '\n' || memchr(buf, '\n', len - 1))
		abort();
	end = val(buf, e - 1, 0);
	if (!end || ws(end, e) != e)
		abort();
}

/* ---- the driver ---- */

static int
top_is_obj(const struct json_writer *w)
{
	return w->depth > 0 && (w->is_obj & (1u << (w->depth - 1)));
}

static void
write_value(struct json_writer *w, struct src *s, uint8_t op)
{
	uint8_t buf[256];
	size_t n;
	uint64_t u;
	double d;
	struct pkt pk;

	switch (op % 9) {
	case 0:
		n = take_u8(s);
		take(s, buf, n);
		json_str_n(w, buf, n);
		break;
	case 1: take(s, &u, sizeof(u)); json_i64(w, (int64_t)u); break;
	case 2: take(s, &u, sizeof(u)); json_u64(w, u); break;
	case 3: take(s, &d, sizeof(d)); json_double(w, d); break;
	case 4: json_bool(w, take_u8(s) & 1); break;
	case 5: json_null(w); break;
	case 6:
		n = take_u8(s) % 64;
		take(s, buf, n);
		json_hex(w, buf, n);
		break;
	case 7: take(s, &u, sizeof(u)); json_time_ns(w, u); break;
	case 8:
		/* A packet nests up to 3 levels. */
		if (w->depth + 3 > JSON_MAX_DEPTH) {
			json_null(w);
			break;
		}
		take(s, &pk, sizeof(pk));
		pk.base = NULL;
		json_write_pkt(w, &pk);
		break;
	}
}

static void
step(struct json_writer *w, struct src *s)
{
	uint8_t op = take_u8(s), buf[256];
	size_t n;

	if (top_is_obj(w) && w->want_key) {
		if (op % 4 == 0) {
			json_obj_end(w);
			return;
		}
		n = take_u8(s);
		take(s, buf, n);
		json_key_n(w, buf, n);
		return;
	}
	if (op % 5 == 0 && w->depth < JSON_MAX_DEPTH) {
		json_obj_begin(w);
	} else if (op % 5 == 1 && w->depth < JSON_MAX_DEPTH) {
		json_arr_begin(w);
	} else if (op % 5 == 2 && w->depth > 0 && !top_is_obj(w)) {
		json_arr_end(w);
	} else {
		write_value(w, s, op >> 3);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[OUT_CAP];
	struct json_writer w;
	struct src s = { data, size };
	int steps = 0;

	json_init_buf(&w, out, sizeof(out));
	while (s.n && steps++ < 4096) {
		step(&w, &s);
		if (w.depth == 0 && !w.err) {
			/* A top-level value is complete: end the line. */
			if (json_end_line(&w) == 0)
				check_line(out, w.len);
			json_reset(&w);
		}
		if (w.err == ERR_INVALID)
			abort(); /* the driver obeys the rules */
		if (w.err)
			json_reset(&w);
	}
	/* Close whatever is still open so the last line is checked too. */
	while (w.depth > 0 && !w.err) {
		if (top_is_obj(&w) && !w.want_key)
			json_null(&w);
		if (top_is_obj(&w))
			json_obj_end(&w);
		else
			json_arr_end(&w);
	}
	if (w.len && !w.err && json_end_line(&w) == 0)
		check_line(out, w.len);
	if (w.err == ERR_INVALID)
		abort();
	return 0;
}
