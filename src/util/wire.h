/* SPDX-License-Identifier: MIT */
/*
 * wire.h: bounds-checked big-endian reads and writes over byte buffers.
 *
 * Every packet read in npecho goes through a struct rd cursor: a read that
 * would pass the end fails with ERR_TRUNC and leaves the cursor where it was,
 * so a parser can never read past the length it was given.  Writers do the
 * same with ERR_NOSPACE.  Nothing here casts packet bytes to structs, so
 * alignment and host byte order never matter.
 */
#ifndef NPECHO_UTIL_WIRE_H
#define NPECHO_UTIL_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/err.h"

struct rd {
	const uint8_t *p;
	size_t len;
	size_t off;
};

struct wr {
	uint8_t *p;
	size_t cap;
	size_t len;
};

static inline void
rd_init(struct rd *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
}

static inline size_t
rd_left(const struct rd *r)
{
	return r->len - r->off;
}

static inline const uint8_t *
rd_ptr(const struct rd *r)
{
	return r->p + r->off;
}

static inline int
rd_skip(struct rd *r, size_t n)
{
	if (n > rd_left(r))
		return ERR_TRUNC;
	r->off += n;
	return 0;
}

static inline int
rd_u8(struct rd *r, uint8_t *v)
{
	if (rd_left(r) < 1)
		return ERR_TRUNC;
	*v = r->p[r->off++];
	return 0;
}

static inline uint16_t
get_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline int
rd_u16(struct rd *r, uint16_t *v)
{
	if (rd_left(r) < 2)
		return ERR_TRUNC;
	*v = get_be16(r->p + r->off);
	r->off += 2;
	return 0;
}

static inline int
rd_u32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return ERR_TRUNC;
	*v = get_be32(r->p + r->off);
	r->off += 4;
	return 0;
}

static inline int
rd_bytes(struct rd *r, void *dst, size_t n)
{
	if (n > rd_left(r))
		return ERR_TRUNC;
	memcpy(dst, r->p + r->off, n);
	r->off += n;
	return 0;
}

static inline void
wr_init(struct wr *w, uint8_t *p, size_t cap)
{
	w->p = p;
	w->cap = cap;
	w->len = 0;
}

static inline int
wr_u8(struct wr *w, uint8_t v)
{
	if (w->cap - w->len < 1)
		return ERR_NOSPACE;
	w->p[w->len++] = v;
	return 0;
}

static inline int
wr_u16(struct wr *w, uint16_t v)
{
	if (w->cap - w->len < 2)
		return ERR_NOSPACE;
	put_be16(w->p + w->len, v);
	w->len += 2;
	return 0;
}

static inline int
wr_u32(struct wr *w, uint32_t v)
{
	if (w->cap - w->len < 4)
		return ERR_NOSPACE;
	put_be32(w->p + w->len, v);
	w->len += 4;
	return 0;
}

static inline int
wr_bytes(struct wr *w, const void *src, size_t n)
{
	if (w->cap - w->len < n)
		return ERR_NOSPACE;
	if (n)
		memcpy(w->p + w->len, src, n);
	w->len += n;
	return 0;
}

static inline int
wr_zero(struct wr *w, size_t n)
{
	if (w->cap - w->len < n)
		return ERR_NOSPACE;
	memset(w->p + w->len, 0, n);
	w->len += n;
	return 0;
}

#endif
