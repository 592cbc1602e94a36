/* SPDX-License-Identifier: MIT */
/*
 * eth.c: Ethernet II and 802.1Q.
 *
 *  0                   6                  12      14      16      18
 *  +-------------------+------------------+-------+
 *  | destination MAC   | source MAC       | type  |             untagged
 *  +-------------------+------------------+-------+-------+-------+
 *  | destination MAC   | source MAC       | 8100  |  TCI  | type  | 802.1Q
 *  +-------------------+------------------+-------+-------+-------+
 *  TCI = PCP(3) DEI(1) VID(12)
 */
#include "proto/eth.h"

#include <string.h>

#include "util/wire.h"

int
eth_parse(const uint8_t *p, size_t len, struct eth_fields *out,
	  size_t *hlen, int *vlan)
{
	struct rd r;
	int ret;

	memset(out, 0, sizeof(*out));
	*hlen = 0;
	*vlan = 0;
	rd_init(&r, p, len);
	if ((ret = rd_bytes(&r, out->dst, ETH_ALEN)) != 0 ||
	    (ret = rd_bytes(&r, out->src, ETH_ALEN)) != 0 ||
	    (ret = rd_u16(&r, &out->type)) != 0)
		return ret;
	if (out->type == ETHERTYPE_VLAN) {
		*vlan = 1;
		if ((ret = rd_u16(&r, &out->vlan_tci)) != 0 ||
		    (ret = rd_u16(&r, &out->type)) != 0)
			return ret;
	}
	*hlen = r.off;
	return 0;
}

int
eth_build(uint8_t *buf, size_t cap, size_t *len, const struct eth_fields *f,
	  int vlan)
{
	struct wr w;
	int ret;

	*len = 0;
	wr_init(&w, buf, cap);
	if ((ret = wr_bytes(&w, f->dst, ETH_ALEN)) != 0 ||
	    (ret = wr_bytes(&w, f->src, ETH_ALEN)) != 0)
		return ret;
	if (vlan && ((ret = wr_u16(&w, ETHERTYPE_VLAN)) != 0 ||
		     (ret = wr_u16(&w, f->vlan_tci)) != 0))
		return ret;
	if ((ret = wr_u16(&w, f->type)) != 0)
		return ret;
	*len = w.len;
	return 0;
}
