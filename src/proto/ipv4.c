/* SPDX-License-Identifier: MIT */
/*
 * ipv4.c: IPv4 header (RFC 791 §3.1).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Flags: bit 0 reserved ("evil"), DF, MF.  Offset in 8-byte units.
 */
#include "proto/ipv4.h"

#include <string.h>

#include "proto/cksum.h"
#include "util/wire.h"

int
ip4_parse(const uint8_t *p, size_t len, struct ip4_fields *out)
{
	struct rd r;
	uint8_t vihl;
	uint16_t frag;

	memset(out, 0, sizeof(*out));
	rd_init(&r, p, len);
	if (rd_left(&r) < IP4_HDR_LEN)
		return ERR_TRUNC;
	(void)rd_u8(&r, &vihl);
	(void)rd_u8(&r, &out->tos);
	(void)rd_u16(&r, &out->tot_len);
	(void)rd_u16(&r, &out->id);
	(void)rd_u16(&r, &frag);
	(void)rd_u8(&r, &out->ttl);
	(void)rd_u8(&r, &out->proto);
	(void)rd_u16(&r, &out->csum);
	(void)rd_bytes(&r, out->src, 4);
	(void)rd_bytes(&r, out->dst, 4);
	out->ihl = vihl & 0x0f;
	out->flags = (uint8_t)(frag >> 13);
	out->frag_off = frag & 0x1fff;
	if (vihl >> 4 != 4 || out->ihl < 5)
		return ERR_INVALID;
	if (rd_bytes(&r, out->opts, (size_t)(out->ihl - 5) * 4) != 0)
		return ERR_TRUNC;
	out->opts_len = (uint8_t)((out->ihl - 5) * 4);
	return 0;
}

int
ip4_opt_next(const uint8_t *o, size_t len, size_t *pos, struct ip4_opt *opt)
{
	size_t i = *pos;

	if (i >= len)
		return 0;
	opt->kind = o[i];
	opt->off = (uint8_t)i;
	opt->len = 1;
	if (o[i] != IP4OPT_EOL && o[i] != IP4OPT_NOP) {
		if (i + 1 >= len || o[i + 1] < 2 || o[i + 1] > len - i)
			return ERR_INVALID;
		opt->len = o[i + 1];
	}
	*pos = o[i] == IP4OPT_EOL ? len : i + opt->len; /* EOL ends it */
	return 1;
}

int
ip4_opts_check(const uint8_t *o, size_t len)
{
	struct ip4_opt opt;
	size_t pos = 0;
	int ret;

	while ((ret = ip4_opt_next(o, len, &pos, &opt)) == 1)
		;
	return ret;
}

int
ip4_build(uint8_t *buf, size_t cap, size_t *len, const struct ip4_fields *f,
	  size_t payload_len)
{
	size_t olen = ((size_t)f->opts_len + 3) & ~(size_t)3;
	size_t hlen = IP4_HDR_LEN + olen;
	size_t tot = f->tot_len ? f->tot_len : hlen + payload_len;
	struct wr w;
	int ret;

	*len = 0;
	if (f->opts_len > IP4_MAX_OPTS || tot > 0xffff)
		return ERR_INVALID;
	wr_init(&w, buf, cap);
	if ((ret = wr_u8(&w, (uint8_t)(0x40 | hlen / 4))) != 0 ||
	    (ret = wr_u8(&w, f->tos)) != 0 ||
	    (ret = wr_u16(&w, (uint16_t)tot)) != 0 ||
	    (ret = wr_u16(&w, f->id)) != 0 ||
	    (ret = wr_u16(&w, (uint16_t)((f->flags & 7) << 13 |
					 (f->frag_off & 0x1fff)))) != 0 ||
	    (ret = wr_u8(&w, f->ttl)) != 0 ||
	    (ret = wr_u8(&w, f->proto)) != 0 ||
	    (ret = wr_u16(&w, 0)) != 0 ||
	    (ret = wr_bytes(&w, f->src, 4)) != 0 ||
	    (ret = wr_bytes(&w, f->dst, 4)) != 0 ||
	    (ret = wr_bytes(&w, f->opts, f->opts_len)) != 0 ||
	    (ret = wr_zero(&w, olen - f->opts_len)) != 0)
		return ret;
	put_be16(buf + IP4_OFF_CSUM, cksum(buf, hlen));
	*len = hlen;
	return 0;
}
