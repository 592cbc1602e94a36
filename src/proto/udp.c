/* SPDX-License-Identifier: MIT */
/*
 * udp.c: UDP (RFC 768).
 *
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |   Source Port   |  Dest. Port     |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 */
#include "proto/udp.h"

#include <string.h>

#include "util/wire.h"

int
udp_parse(const uint8_t *p, size_t len, struct udp_fields *out)
{
	struct rd r;
	int ret;

	memset(out, 0, sizeof(*out));
	rd_init(&r, p, len);
	if ((ret = rd_u16(&r, &out->sport)) != 0 ||
	    (ret = rd_u16(&r, &out->dport)) != 0 ||
	    (ret = rd_u16(&r, &out->len)) != 0 ||
	    (ret = rd_u16(&r, &out->csum)) != 0)
		return ret;
	return out->len < UDP_HDR_LEN ? ERR_INVALID : 0;
}

int
udp_build(uint8_t *buf, size_t cap, size_t *len, const struct udp_fields *f,
	  size_t payload_len)
{
	size_t ulen = f->len ? f->len : UDP_HDR_LEN + payload_len;
	struct wr w;
	int ret;

	*len = 0;
	if (ulen > 0xffff)
		return ERR_INVALID;
	wr_init(&w, buf, cap);
	if ((ret = wr_u16(&w, f->sport)) != 0 ||
	    (ret = wr_u16(&w, f->dport)) != 0 ||
	    (ret = wr_u16(&w, (uint16_t)ulen)) != 0 ||
	    (ret = wr_u16(&w, f->csum)) != 0)
		return ret;
	*len = w.len;
	return 0;
}
