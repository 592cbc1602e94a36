/* SPDX-License-Identifier: MIT */
/*
 * tcp.c: TCP header and options (RFC 9293 §3.1, RFC 7323, RFC 2018).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (kind, len, data)  |    Padding    |
 * Options: EOL(0) NOP(1) MSS(2,4,u16) WS(3,3,u8) SACKOK(4,2)
 *          SACK(5,2+8n,{left,right}*n) TS(8,10,val,ecr)
 */
#include "proto/tcp.h"

#include <string.h>

#include "util/wire.h"

int
tcp_parse(const uint8_t *p, size_t len, struct tcp_fields *out)
{
	struct rd r;
	uint8_t b12;
	int ret;

	memset(out, 0, sizeof(*out));
	rd_init(&r, p, len);
	if ((ret = rd_u16(&r, &out->sport)) != 0 ||
	    (ret = rd_u16(&r, &out->dport)) != 0 ||
	    (ret = rd_u32(&r, &out->seq)) != 0 ||
	    (ret = rd_u32(&r, &out->ack)) != 0 ||
	    (ret = rd_u8(&r, &b12)) != 0)
		return ret;
	out->doff = b12 >> 4;
	out->x2 = b12 & 0x0f;
	if ((ret = rd_u8(&r, &out->flags)) != 0 ||
	    (ret = rd_u16(&r, &out->win)) != 0 ||
	    (ret = rd_u16(&r, &out->csum)) != 0 ||
	    (ret = rd_u16(&r, &out->urp)) != 0)
		return ret;
	if (out->doff < 5)
		return ERR_INVALID;
	if (rd_bytes(&r, out->opts, (size_t)(out->doff - 5) * 4) != 0)
		return ERR_TRUNC;
	out->opts_len = (uint8_t)((out->doff - 5) * 4);
	(void)tcp_opts_decode(out);
	return 0;
}

/* Fills the convenience fields of one well-formed option. */
static int
opt_known(struct tcp_fields *t, const uint8_t *o, uint8_t kind, uint8_t len)
{
	unsigned i;

	switch (kind) {
	case TCPOPT_MSS:
		if (len != 4)
			return ERR_INVALID;
		t->has_mss = 1;
		t->mss = get_be16(o + 2);
		break;
	case TCPOPT_WSCALE:
		if (len != 3)
			return ERR_INVALID;
		t->has_wscale = 1;
		t->wscale = o[2];
		break;
	case TCPOPT_SACKOK:
		if (len != 2)
			return ERR_INVALID;
		t->has_sackok = 1;
		break;
	case TCPOPT_TS:
		if (len != 10)
			return ERR_INVALID;
		t->has_ts = 1;
		t->ts_val = get_be32(o + 2);
		t->ts_ecr = get_be32(o + 6);
		break;
	case TCPOPT_SACK:
		if (len < 10 || (len - 2) % 8 != 0)
			return ERR_INVALID;
		if (t->has_sack)
			break;
		t->has_sack = 1;
		for (i = 0; i < (unsigned)(len - 2) / 8 && i < 4; i++) {
			t->sack_l[i] = get_be32(o + 2 + 8 * i);
			t->sack_r[i] = get_be32(o + 6 + 8 * i);
		}
		t->n_sack = (uint8_t)i;
		break;
	default:
		break;
	}
	return 0;
}

int
tcp_opts_decode(struct tcp_fields *t)
{
	size_t i = 0, n = t->opts_len;

	t->n_opts = 0;
	while (i < n && t->n_opts < TCP_MAX_OPTS) {
		uint8_t kind = t->opts[i], len = 1;

		if (kind != TCPOPT_EOL && kind != TCPOPT_NOP) {
			if (i + 1 >= n)
				return ERR_INVALID;
			len = t->opts[i + 1];
			if (len < 2 || len > n - i)
				return ERR_INVALID;
		}
		t->opt[t->n_opts].kind = kind;
		t->opt[t->n_opts].len = len;
		t->opt[t->n_opts].off = (uint8_t)i;
		t->n_opts++;
		if (kind == TCPOPT_EOL)
			return 0;
		if (opt_known(t, t->opts + i, kind, len) != 0)
			return ERR_INVALID;
		i += len;
	}
	return 0;
}

int
tcp_build(uint8_t *buf, size_t cap, size_t *len, const struct tcp_fields *f)
{
	size_t olen = ((size_t)f->opts_len + 3) & ~(size_t)3;
	struct wr w;
	int ret;

	*len = 0;
	if (f->opts_len > TCP_MAX_OPTS_LEN)
		return ERR_INVALID;
	wr_init(&w, buf, cap);
	if ((ret = wr_u16(&w, f->sport)) != 0 ||
	    (ret = wr_u16(&w, f->dport)) != 0 ||
	    (ret = wr_u32(&w, f->seq)) != 0 ||
	    (ret = wr_u32(&w, f->ack)) != 0 ||
	    (ret = wr_u8(&w, (uint8_t)((5 + olen / 4) << 4 |
				       (f->x2 & 0x0f)))) != 0 ||
	    (ret = wr_u8(&w, f->flags)) != 0 ||
	    (ret = wr_u16(&w, f->win)) != 0 ||
	    (ret = wr_u16(&w, f->csum)) != 0 ||
	    (ret = wr_u16(&w, f->urp)) != 0 ||
	    (ret = wr_bytes(&w, f->opts, f->opts_len)) != 0 ||
	    (ret = wr_zero(&w, olen - f->opts_len)) != 0)
		return ret;
	*len = w.len;
	return 0;
}
