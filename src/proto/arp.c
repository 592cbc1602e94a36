/* SPDX-License-Identifier: MIT */
/*
 * arp.c: ARP / RARP (RFC 826, RFC 903).
 *
 *  0               8               16                              31
 *  +---------------+---------------+-------------------------------+
 *  |        Hardware type          |        Protocol type          |
 *  +---------------+---------------+-------------------------------+
 *  |  HW addr len  | Proto addr len|          Operation            |
 *  +---------------+---------------+-------------------------------+
 *  | Sender HW addr (hlen) | Sender proto addr (plen) |
 *  | Target HW addr (hlen) | Target proto addr (plen) |
 */
#include "proto/arp.h"

#include <string.h>

#include "util/wire.h"

int
arp_parse(const uint8_t *p, size_t len, struct arp_fields *out, size_t *alen)
{
	struct rd r;
	size_t need;
	int ret;

	memset(out, 0, sizeof(*out));
	*alen = 0;
	rd_init(&r, p, len);
	if ((ret = rd_u16(&r, &out->htype)) != 0 ||
	    (ret = rd_u16(&r, &out->ptype)) != 0 ||
	    (ret = rd_u8(&r, &out->hlen)) != 0 ||
	    (ret = rd_u8(&r, &out->plen)) != 0 ||
	    (ret = rd_u16(&r, &out->op)) != 0)
		return ret;
	need = 2 * ((size_t)out->hlen + out->plen);
	if (rd_left(&r) < need)
		return ERR_TRUNC;
	if (out->hlen == 6 && out->plen == 4) {
		(void)rd_bytes(&r, out->sha, 6);
		(void)rd_bytes(&r, out->spa, 4);
		(void)rd_bytes(&r, out->tha, 6);
		(void)rd_bytes(&r, out->tpa, 4);
	} else {
		(void)rd_skip(&r, need);
	}
	*alen = r.off;
	return 0;
}

int
arp_build(uint8_t *buf, size_t cap, size_t *len, const struct arp_fields *f)
{
	struct wr w;
	int ret;

	*len = 0;
	wr_init(&w, buf, cap);
	if ((ret = wr_u16(&w, f->htype)) != 0 ||
	    (ret = wr_u16(&w, f->ptype)) != 0 ||
	    (ret = wr_u8(&w, 6)) != 0 || (ret = wr_u8(&w, 4)) != 0 ||
	    (ret = wr_u16(&w, f->op)) != 0 ||
	    (ret = wr_bytes(&w, f->sha, 6)) != 0 ||
	    (ret = wr_bytes(&w, f->spa, 4)) != 0 ||
	    (ret = wr_bytes(&w, f->tha, 6)) != 0 ||
	    (ret = wr_bytes(&w, f->tpa, 4)) != 0)
		return ret;
	*len = w.len;
	return 0;
}
