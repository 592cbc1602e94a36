/* SPDX-License-Identifier: MIT */
/*
 * ipv6.c: IPv6 (RFC 8200 §3, §4).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Source Address (128 bits)                     |
 * |               Destination Address (128 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Options / routing header:           Fragment header:
 * | Next Header | Hdr Ext Len | ...    | Next Header | Reserved | Offset(13)|Res|M|
 * length (Hdr Ext Len + 1) * 8       |                Identification             |
 */
#include "proto/ipv6.h"

#include <string.h>

#include "util/wire.h"

static void
add_ext(struct ip6_fields *out, uint8_t type)
{
	if (out->n_ext < IP6_MAX_EXT)
		out->ext[out->n_ext++] = type;
}

/* One extension header at r; *nh becomes its next header. */
static int
walk_one(struct rd *r, struct ip6_fields *out, uint8_t *nh)
{
	uint8_t type = *nh, next, hl;
	uint16_t frag;
	size_t start = r->off;

	if (rd_u8(r, &next) != 0 || rd_u8(r, &hl) != 0)
		return ERR_TRUNC;
	if (type == IP6_NH_FRAGMENT) {
		if (rd_u16(r, &frag) != 0 || rd_u32(r, &out->frag_id) != 0)
			return ERR_TRUNC;
		out->has_frag = 1;
		out->frag_off = frag >> 3;
		out->frag_more = frag & 1;
	} else if (rd_skip(r, (size_t)hl * 8 + 6) != 0) {
		return ERR_TRUNC;
	}
	add_ext(out, type);
	out->ext_len = (uint16_t)(out->ext_len + (r->off - start));
	*nh = next;
	return 0;
}

int
ip6_parse(const uint8_t *p, size_t len, struct ip6_fields *out)
{
	struct rd r;
	uint32_t w0;
	uint8_t nh;
	int ret;

	memset(out, 0, sizeof(*out));
	rd_init(&r, p, len);
	if (rd_left(&r) < IP6_HDR_LEN)
		return ERR_TRUNC;
	(void)rd_u32(&r, &w0);
	(void)rd_u16(&r, &out->plen);
	(void)rd_u8(&r, &out->nh);
	(void)rd_u8(&r, &out->hlim);
	(void)rd_bytes(&r, out->src, 16);
	(void)rd_bytes(&r, out->dst, 16);
	out->tclass = (uint8_t)(w0 >> 20);
	out->flow = w0 & 0xfffff;
	nh = out->final_nh = out->nh;
	if (w0 >> 28 != 6)
		return ERR_INVALID;
	while (nh == IP6_NH_HOPOPTS || nh == IP6_NH_ROUTING ||
	       nh == IP6_NH_FRAGMENT || nh == IP6_NH_DSTOPTS) {
		if ((ret = walk_one(&r, out, &nh)) != 0)
			return ret;
		out->final_nh = nh;
		if (out->has_frag && out->frag_off != 0)
			break;
	}
	return 0;
}

int
ip6_build(uint8_t *buf, size_t cap, size_t *len, const struct ip6_fields *f,
	  size_t payload_len)
{
	size_t plen = f->plen ? f->plen : payload_len;
	struct wr w;
	int ret;

	*len = 0;
	if (plen > 0xffff)
		return ERR_INVALID;
	wr_init(&w, buf, cap);
	if ((ret = wr_u32(&w, 6u << 28 | (uint32_t)f->tclass << 20 |
			  (f->flow & 0xfffff))) != 0 ||
	    (ret = wr_u16(&w, (uint16_t)plen)) != 0 ||
	    (ret = wr_u8(&w, f->nh)) != 0 ||
	    (ret = wr_u8(&w, f->hlim)) != 0 ||
	    (ret = wr_bytes(&w, f->src, 16)) != 0 ||
	    (ret = wr_bytes(&w, f->dst, 16)) != 0)
		return ret;
	*len = w.len;
	return 0;
}

int
ip6_frag_build(uint8_t *buf, size_t cap, size_t *len, uint8_t nh,
	       uint16_t off, int more, uint32_t id)
{
	struct wr w;
	int ret;

	*len = 0;
	wr_init(&w, buf, cap);
	if ((ret = wr_u8(&w, nh)) != 0 || (ret = wr_u8(&w, 0)) != 0 ||
	    (ret = wr_u16(&w, (uint16_t)((off & 0x1fff) << 3 |
					 (more ? 1 : 0)))) != 0 ||
	    (ret = wr_u32(&w, id)) != 0)
		return ret;
	*len = w.len;
	return 0;
}

int
ip6_opts_hdr_build(uint8_t *buf, size_t cap, size_t *len, uint8_t nh,
		   const uint8_t *opts, size_t n)
{
	size_t total = (2 + n + 7) & ~(size_t)7;
	size_t pad = total - 2 - n;
	struct wr w;
	int ret;

	*len = 0;
	if (total > 2048)
		return ERR_INVALID;
	wr_init(&w, buf, cap);
	if ((ret = wr_u8(&w, nh)) != 0 ||
	    (ret = wr_u8(&w, (uint8_t)(total / 8 - 1))) != 0 ||
	    (ret = wr_bytes(&w, opts, n)) != 0)
		return ret;
	if (pad == 1) {
		ret = wr_u8(&w, 0); /* Pad1 */
	} else if (pad > 1) {
		if ((ret = wr_u8(&w, 1)) == 0 &&
		    (ret = wr_u8(&w, (uint8_t)(pad - 2))) == 0)
			ret = wr_zero(&w, pad - 2);
	}
	if (ret != 0)
		return ret;
	*len = w.len;
	return 0;
}
