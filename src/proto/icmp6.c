/* SPDX-License-Identifier: MIT */
/*
 * icmp6.c: ICMPv6 (RFC 4443 §2.1, §3, §4; RFC 4861 §4.3-4.4).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | 128/129: Identifier | Sequence;  2: MTU;  4: Pointer;          |
 * | 136: R|S|O|reserved;  1, 3, 135: unused                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | 135/136: Target Address (128 bits), then options               |
 * | 1-4: as much of the invoking packet as fits                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#include "proto/icmp6.h"

#include <string.h>

#include "proto/cksum.h"
#include "util/wire.h"

int
icmp6_is_error(uint8_t type)
{
	return type >= ICMP6_UNREACH && type <= ICMP6_PARAMPROB;
}

size_t
icmp6_hdr_len(uint8_t type)
{
	return type == ICMP6_NEIGHSOLICIT || type == ICMP6_NEIGHADVERT ?
		ICMP6_ND_LEN : ICMP6_HDR_LEN;
}

int
icmp6_parse(const uint8_t *p, size_t len, struct icmp6_fields *out)
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
	switch (out->type) {
	case ICMP6_ECHO:
	case ICMP6_ECHOREPLY:
		out->id = get_be16(out->rest);
		out->seq = get_be16(out->rest + 2);
		break;
	case ICMP6_PKTTOOBIG:
		out->mtu = get_be32(out->rest);
		break;
	case ICMP6_PARAMPROB:
		out->pointer = get_be32(out->rest);
		break;
	case ICMP6_NEIGHADVERT:
		out->na_flags = out->rest[0] & 0xe0;
		/* fall through */
	case ICMP6_NEIGHSOLICIT:
		return rd_bytes(&r, out->target, 16);
	default:
		break;
	}
	return 0;
}

int
icmp6_build(uint8_t *buf, size_t cap, size_t *len,
	    const struct icmp6_fields *f, const uint8_t *data, size_t n,
	    const uint8_t src[16], const uint8_t dst[16])
{
	uint8_t rest[4];
	struct wr w;
	int ret;

	*len = 0;
	memcpy(rest, f->rest, 4);
	if (f->type == ICMP6_ECHO || f->type == ICMP6_ECHOREPLY) {
		put_be16(rest, f->id);
		put_be16(rest + 2, f->seq);
	} else if (f->type == ICMP6_PKTTOOBIG) {
		put_be32(rest, f->mtu);
	} else if (f->type == ICMP6_PARAMPROB) {
		put_be32(rest, f->pointer);
	} else if (f->type == ICMP6_NEIGHADVERT) {
		rest[0] = (uint8_t)((f->na_flags & 0xe0) | (rest[0] & 0x1f));
	}
	wr_init(&w, buf, cap);
	if ((ret = wr_u8(&w, f->type)) != 0 ||
	    (ret = wr_u8(&w, f->code)) != 0 ||
	    (ret = wr_u16(&w, 0)) != 0 ||
	    (ret = wr_bytes(&w, rest, 4)) != 0)
		return ret;
	if (icmp6_hdr_len(f->type) == ICMP6_ND_LEN &&
	    (ret = wr_bytes(&w, f->target, 16)) != 0)
		return ret;
	if ((ret = wr_bytes(&w, data, n)) != 0)
		return ret;
	cksum_set(buf, w.len, ICMP6_OFF_CSUM,
		  cksum_pseudo6(src, dst, 58, (uint32_t)w.len));
	*len = w.len;
	return 0;
}

const char *
icmp6_type_name(uint8_t type)
{
	switch (type) {
	case 1: return "Destination unreachable";
	case 2: return "Packet too big";
	case 3: return "Time exceeded";
	case 4: return "Parameter problem";
	case 128: return "Echo request";
	case 129: return "Echo reply";
	case 130: return "Multicast listener query";
	case 131: return "Multicast listener report";
	case 132: return "Multicast listener done";
	case 133: return "Router solicitation";
	case 134: return "Router advertisement";
	case 135: return "Neighbor solicitation";
	case 136: return "Neighbor advertisement";
	case 137: return "Redirect";
	case 143: return "Multicast listener report v2";
	default: return "Unknown type";
	}
}

const char *
icmp6_code_name(uint8_t type, uint8_t code)
{
	static const char *const unreach[] = {
		"No route to destination",
		"Communication administratively prohibited",
		"Beyond scope of source address", "Address unreachable",
		"Port unreachable",
		"Source address failed ingress/egress policy",
		"Reject route to destination",
	};
	static const char *const timx[] = {
		"Hop limit exceeded in transit",
		"Fragment reassembly time exceeded",
	};
	static const char *const param[] = {
		"Erroneous header field", "Unrecognized next header",
		"Unrecognized IPv6 option",
	};

#define PICK(t) (code < sizeof(t) / sizeof((t)[0]) ? (t)[code] : NULL)
	switch (type) {
	case ICMP6_UNREACH:
		return PICK(unreach);
	case ICMP6_TIMXCEED:
		return PICK(timx);
	case ICMP6_PARAMPROB:
		return PICK(param);
	default:
		return NULL;
	}
#undef PICK
}
