/* SPDX-License-Identifier: MIT */
/*
 * icmp4.c: ICMPv4 (RFC 792, RFC 950, RFC 1191, RFC 1256).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | bytes 4..7: Identifier | Sequence         (0, 8, 13-18)       |
 * |             Gateway Internet Address     (5)                  |
 * |             Pointer | unused             (12)                 |
 * |             unused | Next-Hop MTU        (3 code 4)           |
 * |             Num Addrs | Entry Size | Lifetime (9)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | 13/14: Originate, Receive, Transmit Timestamp (3 x 32 bits)   |
 * | 17/18: Address Mask (32 bits)                                 |
 * | 3,4,5,11,12: Internet Header + 64 bits of Original Data       |
 * | 9: Router Address[i] | Preference Level[i] ...                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#include "proto/icmp4.h"

#include <string.h>

#include "proto/cksum.h"
#include "util/wire.h"

int
icmp4_is_error(uint8_t type)
{
	return type == ICMP4_UNREACH || type == ICMP4_SOURCEQUENCH ||
	       type == ICMP4_REDIRECT || type == ICMP4_TIMXCEED ||
	       type == ICMP4_PARAMPROB;
}

size_t
icmp4_hdr_len(uint8_t type)
{
	if (type == ICMP4_TSTAMP || type == ICMP4_TSTAMPREPLY)
		return 20;
	if (type == ICMP4_MASKREQ || type == ICMP4_MASKREPLY)
		return 12;
	return ICMP4_HDR_LEN;
}

int
icmp4_has_idseq(uint8_t type)
{
	return type == ICMP4_ECHOREPLY || type == ICMP4_ECHO ||
	       (type >= ICMP4_TSTAMP && type <= ICMP4_MASKREPLY);
}

static void
parse_rest(struct icmp4_fields *out)
{
	const uint8_t *r = out->rest;

	if (icmp4_has_idseq(out->type)) {
		out->id = get_be16(r);
		out->seq = get_be16(r + 2);
	} else if (out->type == ICMP4_REDIRECT) {
		memcpy(out->gateway, r, 4);
	} else if (out->type == ICMP4_PARAMPROB) {
		out->pointer = r[0];
	} else if (out->type == ICMP4_UNREACH &&
		   out->code == ICMP4_UNREACH_NEEDFRAG) {
		out->next_mtu = get_be16(r + 2);
	} else if (out->type == ICMP4_ROUTERADVERT) {
		out->ra_naddr = r[0];
		out->ra_entsz = r[1];
		out->ra_lifetime = get_be16(r + 2);
	}
}

int
icmp4_parse(const uint8_t *p, size_t len, struct icmp4_fields *out)
{
	struct rd r;
	int ret;

	memset(out, 0, sizeof(*out));
	rd_init(&r, p, len);
	if ((ret = rd_u8(&r, &out->type)) != 0 ||
	    (ret = rd_u8(&r, &out->code)) != 0 ||
	    (ret = rd_u16(&r, &out->csum)) != 0 ||
	    (ret = rd_bytes(&r, out->rest, 4)) != 0)
		return ret;
	parse_rest(out);
	if (out->type == ICMP4_TSTAMP || out->type == ICMP4_TSTAMPREPLY) {
		if ((ret = rd_u32(&r, &out->orig)) != 0 ||
		    (ret = rd_u32(&r, &out->recv)) != 0 ||
		    (ret = rd_u32(&r, &out->trans)) != 0)
			return ret;
	} else if (out->type == ICMP4_MASKREQ ||
		   out->type == ICMP4_MASKREPLY) {
		if ((ret = rd_bytes(&r, out->mask, 4)) != 0)
			return ret;
	}
	return 0;
}

static void
build_rest(const struct icmp4_fields *f, uint8_t r[4])
{
	memcpy(r, f->rest, 4);
	if (icmp4_has_idseq(f->type)) {
		put_be16(r, f->id);
		put_be16(r + 2, f->seq);
	} else if (f->type == ICMP4_REDIRECT) {
		memcpy(r, f->gateway, 4);
	} else if (f->type == ICMP4_PARAMPROB) {
		r[0] = f->pointer;
	} else if (f->type == ICMP4_UNREACH &&
		   f->code == ICMP4_UNREACH_NEEDFRAG) {
		put_be16(r + 2, f->next_mtu);
	} else if (f->type == ICMP4_ROUTERADVERT) {
		r[0] = f->ra_naddr;
		r[1] = f->ra_entsz;
		put_be16(r + 2, f->ra_lifetime);
	}
}

int
icmp4_build(uint8_t *buf, size_t cap, size_t *len,
	    const struct icmp4_fields *f, const uint8_t *data, size_t n)
{
	uint8_t rest[4];
	struct wr w;
	int ret;

	*len = 0;
	build_rest(f, rest);
	wr_init(&w, buf, cap);
	if ((ret = wr_u8(&w, f->type)) != 0 ||
	    (ret = wr_u8(&w, f->code)) != 0 ||
	    (ret = wr_u16(&w, 0)) != 0 ||
	    (ret = wr_bytes(&w, rest, 4)) != 0)
		return ret;
	if (f->type == ICMP4_TSTAMP || f->type == ICMP4_TSTAMPREPLY) {
		if ((ret = wr_u32(&w, f->orig)) != 0 ||
		    (ret = wr_u32(&w, f->recv)) != 0 ||
		    (ret = wr_u32(&w, f->trans)) != 0)
			return ret;
	} else if (f->type == ICMP4_MASKREQ || f->type == ICMP4_MASKREPLY) {
		if ((ret = wr_bytes(&w, f->mask, 4)) != 0)
			return ret;
	}
	if ((ret = wr_bytes(&w, data, n)) != 0)
		return ret;
	cksum_set(buf, w.len, ICMP4_OFF_CSUM, 0);
	*len = w.len;
	return 0;
}

int
icmp4_ra_entries_build(uint8_t *buf, size_t cap, size_t *len,
		       const struct icmp4_ra_entry *e, size_t n)
{
	struct wr w;
	size_t i;
	int ret;

	*len = 0;
	wr_init(&w, buf, cap);
	for (i = 0; i < n; i++)
		if ((ret = wr_bytes(&w, e[i].addr, 4)) != 0 ||
		    (ret = wr_u32(&w, e[i].pref)) != 0)
			return ret;
	*len = w.len;
	return 0;
}

const char *
icmp4_type_name(uint8_t type)
{
	static const char *const names[] = {
		[0] = "Echo reply",
		[3] = "Destination unreachable",
		[4] = "Source quench",
		[5] = "Redirect",
		[8] = "Echo request",
		[9] = "Router advertisement",
		[10] = "Router solicitation",
		[11] = "Time exceeded",
		[12] = "Parameter problem",
		[13] = "Timestamp request",
		[14] = "Timestamp reply",
		[15] = "Information request",
		[16] = "Information reply",
		[17] = "Address mask request",
		[18] = "Address mask reply",
		[30] = "Traceroute",
		[37] = "Domain name request",
		[38] = "Domain name reply",
		[40] = "Security failures",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "Unknown type";
}

const char *
icmp4_code_name(uint8_t type, uint8_t code)
{
	static const char *const unreach[] = {
		"Network unreachable", "Host unreachable",
		"Protocol unreachable", "Port unreachable",
		"Fragmentation required", "Source route failed",
		"Destination network unknown", "Destination host unknown",
		"Source host isolated",
		"Destination network administratively prohibited",
		"Destination host administratively prohibited",
		"Network unreachable for TOS", "Host unreachable for TOS",
		"Communication administratively prohibited by filtering",
		"Host precedence violation", "Precedence cutoff in effect",
	};
	static const char *const redirect[] = {
		"Network redirect", "Host redirect",
		"TOS and network redirect", "TOS and host redirect",
	};
	static const char *const timx[] = {
		"TTL=0 during transit", "TTL=0 during reassembly",
	};
	static const char *const param[] = {
		"Pointer indicates error", "Option missing", "Bad length",
	};

#define PICK(t) (code < sizeof(t) / sizeof((t)[0]) ? (t)[code] : NULL)
	switch (type) {
	case ICMP4_UNREACH:
		return PICK(unreach);
	case ICMP4_REDIRECT:
		return PICK(redirect);
	case ICMP4_TIMXCEED:
		return PICK(timx);
	case ICMP4_PARAMPROB:
		return PICK(param);
	case ICMP4_ROUTERADVERT:
		return code == 0 ? "Normal router advertisement" :
		       code == 16 ? "Mobile agent only" : NULL;
	default:
		return NULL;
	}
#undef PICK
}
