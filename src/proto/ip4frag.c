/* SPDX-License-Identifier: MIT */
/*
 * ip4frag.c: IPv4 fragmentation (RFC 791 §3.2 "Fragmentation").
 *
 *  original:  | hdr+opts | d0 d1 ... dN |            (offset o, MF m)
 *  fragments: | hdr+opts | d0..dk  |  MF=1, off=o
 *             | hdr+copied opts | dk+1..dj | MF=1, off=o+(k+1)/8
 *             | hdr+copied opts | ... dN   |  MF=m
 * Field layout: see ipv4.c.
 */
#include "proto/ip4frag.h"

#include <string.h>

#include "proto/cksum.h"
#include "proto/ipv4.h"
#include "util/wire.h"

/* Options with the copy bit, EOL-padded to a multiple of 4. */
static size_t
copied_opts(const uint8_t *o, size_t len, uint8_t *dst)
{
	size_t i = 0, n = 0;

	while (i < len && o[i] != IP4OPT_EOL) {
		size_t ol = 1;

		if (o[i] != IP4OPT_NOP)
			ol = o[i + 1];
		if (IP4OPT_COPIED(o[i])) {
			memcpy(dst + n, o + i, ol);
			n += ol;
		}
		i += ol;
	}
	while (n % 4)
		dst[n++] = IP4OPT_EOL;
	return n;
}

/* Writes one fragment: header hdr[0..hlen) patched, then data. */
static int
emit(struct ip4_frag_out *o, const uint8_t *hdr, size_t hlen,
     const uint8_t *data, size_t dlen, uint16_t off, int more, uint8_t flags)
{
	uint8_t *b = o->buf;

	if (o->cap < hlen + dlen)
		return ERR_NOSPACE;
	memcpy(b, hdr, hlen);
	memcpy(b + hlen, data, dlen);
	b[0] = (uint8_t)(0x40 | hlen / 4);
	put_be16(b + IP4_OFF_TOT_LEN, (uint16_t)(hlen + dlen));
	flags = (uint8_t)((flags & ~IP4_FLAG_MF) | (more ? IP4_FLAG_MF : 0));
	put_be16(b + IP4_OFF_FRAG, (uint16_t)(flags << 13 | off));
	put_be16(b + IP4_OFF_CSUM, 0);
	put_be16(b + IP4_OFF_CSUM, cksum(b, hlen));
	o->len = hlen + dlen;
	return 0;
}

int
ip4_fragment(const uint8_t *pkt, size_t len, size_t mtu,
	     struct ip4_frag_out *out, size_t nout, size_t *nfrag)
{
	struct ip4_fields f;
	uint8_t later[IP4_MAX_HDR_LEN];
	size_t hlen, lhlen, dlen, pos = 0, n = 0;
	int ret;

	*nfrag = 0;
	if (ip4_parse(pkt, len, &f) != 0 || f.tot_len > len ||
	    ip4_opts_check(f.opts, f.opts_len) != 0)
		return ERR_INVALID;
	hlen = (size_t)f.ihl * 4;
	if (f.tot_len < hlen)
		return ERR_INVALID;
	dlen = f.tot_len - hlen;
	memcpy(later, pkt, IP4_HDR_LEN);
	lhlen = IP4_HDR_LEN + copied_opts(f.opts, f.opts_len,
					  later + IP4_HDR_LEN);
	if (f.tot_len <= mtu) {
		if (nout < 1)
			return ERR_LIMIT;
		if ((ret = emit(&out[0], pkt, hlen, pkt + hlen, dlen,
				f.frag_off, f.flags & IP4_FLAG_MF,
				f.flags)) != 0)
			return ret;
		*nfrag = 1;
		return 0;
	}
	if (mtu < hlen + 8)
		return ERR_INVALID;
	while (pos < dlen) {
		const uint8_t *h = n == 0 ? pkt : later;
		size_t hl = n == 0 ? hlen : lhlen;
		size_t chunk = (mtu - hl) & ~(size_t)7;
		int last;

		if (n >= nout)
			return ERR_LIMIT;
		if (chunk > dlen - pos)
			chunk = dlen - pos;
		last = pos + chunk == dlen;
		if (f.frag_off + (pos + chunk) / 8 > 0x1fff && !last)
			return ERR_INVALID;
		ret = emit(&out[n], h, hl, pkt + hlen + pos, chunk,
			   (uint16_t)(f.frag_off + pos / 8),
			   last ? f.flags & IP4_FLAG_MF : 1, f.flags);
		if (ret != 0)
			return ret;
		pos += chunk;
		n++;
	}
	*nfrag = n;
	return 0;
}
