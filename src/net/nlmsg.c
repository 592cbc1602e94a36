/* SPDX-License-Identifier: MIT */
/*
 * net/nlmsg.c: rtnetlink build/parse (see nlmsg.h).  Only constants come from
 * the Linux headers; every byte is read through a struct rd cursor.
 */
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "net/nlmsg.h"
#include "util/wire.h"

#define RTMSG_LEN 12
#define NDMSG_LEN 12
#define RTA_HDR_LEN 4
#define NL_ALIGN(n) (((n) + 3u) & ~(size_t)3u)

/* Host-order reads through the cursor. */
static int
rd_ne16(struct rd *r, uint16_t *v)
{
	if (rd_left(r) < 2)
		return ERR_TRUNC;
	memcpy(v, rd_ptr(r), 2);
	r->off += 2;
	return 0;
}

static int
rd_ne32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return ERR_TRUNC;
	memcpy(v, rd_ptr(r), 4);
	r->off += 4;
	return 0;
}

static int
wr_ne16(struct wr *w, uint16_t v)
{
	return wr_bytes(w, &v, 2);
}

static int
wr_ne32(struct wr *w, uint32_t v)
{
	return wr_bytes(w, &v, 4);
}

static size_t
addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

int
nlmsg_next(const uint8_t *p, size_t len, size_t *off, const uint8_t **msg,
	   size_t *msglen)
{
	struct rd r;
	uint32_t mlen;

	if (*off >= len)
		return 0;
	rd_init(&r, p + *off, len - *off);
	if (rd_ne32(&r, &mlen) < 0)
		return ERR_TRUNC;
	if (mlen < NLMSG_HDR_LEN)
		return ERR_INVALID;
	if (mlen > len - *off)
		return ERR_TRUNC;
	*msg = p + *off;
	*msglen = mlen;
	*off += NL_ALIGN(mlen) < len - *off ? NL_ALIGN(mlen) : len - *off;
	return 1;
}

uint16_t
nlmsg_type(const uint8_t *msg, size_t len)
{
	uint16_t t;

	if (len < 6)
		return 0;
	memcpy(&t, msg + 4, 2);
	return t;
}

/* Check the header, leave the cursor on the payload. */
static int
open_msg(struct rd *r, const uint8_t *p, size_t len, uint16_t want_type)
{
	uint32_t mlen;
	uint16_t type;

	rd_init(r, p, len);
	if (rd_ne32(r, &mlen) < 0 || rd_ne16(r, &type) < 0 ||
	    rd_skip(r, 10) < 0)
		return ERR_TRUNC;
	if (mlen < NLMSG_HDR_LEN)
		return ERR_INVALID;
	if (mlen > len)
		return ERR_TRUNC;
	if (type != want_type)
		return ERR_INVALID;
	r->len = mlen; /* ignore anything after this message */
	return 0;
}

int
nlmsg_parse_error(const uint8_t *msg, size_t len, int *err)
{
	struct rd r;
	uint32_t e;
	int rc = open_msg(&r, msg, len, NLMSG_ERROR);

	if (rc < 0)
		return rc;
	if (rd_ne32(&r, &e) < 0)
		return ERR_TRUNC;
	memcpy(err, &e, sizeof(*err));
	return 0;
}

/*
 * Next attribute: *type, payload in *a (cursor over the payload only).
 * Returns 1, 0 at the end, or ERR_TRUNC / ERR_INVALID.
 */
static int
next_attr(struct rd *r, uint16_t *type, struct rd *a)
{
	uint16_t alen;
	size_t pad;

	if (rd_left(r) == 0)
		return 0;
	if (rd_ne16(r, &alen) < 0 || rd_ne16(r, type) < 0)
		return ERR_TRUNC;
	if (alen < RTA_HDR_LEN)
		return ERR_INVALID;
	rd_init(a, rd_ptr(r), alen - RTA_HDR_LEN);
	if (rd_skip(r, alen - RTA_HDR_LEN) < 0)
		return ERR_TRUNC;
	/* The last attribute may come without its padding. */
	pad = NL_ALIGN(alen) - alen;
	r->off += pad < rd_left(r) ? pad : rd_left(r);
	*type &= NLA_TYPE_MASK;
	return 1;
}

static int
attr_addr(struct rd *a, int family, uint8_t *out)
{
	size_t n = addr_len(family);

	if (rd_left(a) != n)
		return ERR_INVALID;
	return rd_bytes(a, out, n);
}

static int
attr_u32(struct rd *a, uint32_t *v)
{
	if (rd_left(a) != 4)
		return ERR_INVALID;
	return rd_ne32(a, v);
}

static int
parse_metrics(struct rd *m, uint32_t *mtu)
{
	struct rd a;
	uint16_t type;
	int rc;

	while ((rc = next_attr(m, &type, &a)) > 0)
		if (type == RTAX_MTU && (rc = attr_u32(&a, mtu)) < 0)
			return rc;
	return rc;
}

static int
route_attr(struct route_info *out, uint16_t type, struct rd *a)
{
	uint32_t v = 0;
	int rc = 0;

	switch (type) {
	case RTA_DST:
		rc = attr_addr(a, out->family, out->dst);
		break;
	case RTA_PREFSRC:
		rc = attr_addr(a, out->family, out->src);
		out->has_src = rc == 0;
		break;
	case RTA_GATEWAY:
		rc = attr_addr(a, out->family, out->gateway);
		out->has_gateway = rc == 0;
		break;
	case RTA_OIF:
		rc = attr_u32(a, &v);
		out->ifindex = (int)v;
		break;
	case RTA_METRICS:
		rc = parse_metrics(a, &out->mtu);
		break;
	}
	return rc;
}

int
nlmsg_parse_route(const uint8_t *p, size_t len, struct route_info *out)
{
	struct rd r, a;
	uint8_t fam, hdr[RTMSG_LEN - 1];
	uint16_t type;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = open_msg(&r, p, len, RTM_NEWROUTE);
	if (rc < 0)
		return rc;
	if (rd_u8(&r, &fam) < 0 || rd_bytes(&r, hdr, sizeof(hdr)) < 0)
		return ERR_TRUNC;
	if (!addr_len(fam))
		return ERR_UNSUPPORTED;
	out->family = fam;
	out->type = hdr[6]; /* rtm_type */
	while ((rc = next_attr(&r, &type, &a)) > 0)
		if ((rc = route_attr(out, type, &a)) < 0)
			return rc;
	return rc;
}

int
nlmsg_parse_neigh(const uint8_t *p, size_t len, struct neigh_entry *out)
{
	struct rd r, a;
	uint8_t fam;
	uint32_t ifi;
	uint16_t type;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = open_msg(&r, p, len, RTM_NEWNEIGH);
	if (rc < 0)
		return rc;
	if (rd_u8(&r, &fam) < 0 || rd_skip(&r, 3) < 0 ||
	    rd_ne32(&r, &ifi) < 0 || rd_ne16(&r, &out->state) < 0 ||
	    rd_skip(&r, 2) < 0)
		return ERR_TRUNC;
	if (!addr_len(fam))
		return ERR_UNSUPPORTED;
	out->family = fam;
	out->ifindex = (int)ifi;
	while ((rc = next_attr(&r, &type, &a)) > 0) {
		if (type == NDA_DST) {
			if ((rc = attr_addr(&a, fam, out->dst)) < 0)
				return rc;
			out->has_dst = 1;
		} else if (type == NDA_LLADDR && rd_left(&a) == 6) {
			rd_bytes(&a, out->mac, 6);
			out->has_mac = 1;
		}
	}
	return rc;
}

int
nlmsg_neigh_usable(const struct neigh_entry *n)
{
	return n->has_mac &&
	       (n->state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY |
			    NUD_PROBE | NUD_PERMANENT | NUD_NOARP));
}

static int
put_hdr(struct wr *w, uint16_t type, uint16_t flags, uint32_t seq)
{
	int rc = wr_ne32(w, 0); /* length, patched at the end */

	if (!rc)
		rc = wr_ne16(w, type);
	if (!rc)
		rc = wr_ne16(w, flags);
	if (!rc)
		rc = wr_ne32(w, seq);
	if (!rc)
		rc = wr_ne32(w, 0);
	return rc;
}

static int
put_attr(struct wr *w, uint16_t type, const void *data, size_t n)
{
	int rc = wr_ne16(w, (uint16_t)(RTA_HDR_LEN + n));

	if (!rc)
		rc = wr_ne16(w, type);
	if (!rc)
		rc = wr_bytes(w, data, n);
	if (!rc)
		rc = wr_zero(w, NL_ALIGN(n) - n);
	return rc;
}

static void
patch_len(struct wr *w)
{
	uint32_t n = (uint32_t)w->len;

	memcpy(w->p, &n, 4);
}

int
nlmsg_build_getroute(uint8_t *buf, size_t cap, size_t *len, int family,
		     const uint8_t *dst, const uint8_t *src, int oif,
		     uint32_t seq)
{
	size_t alen = addr_len(family);
	uint8_t rtm[RTMSG_LEN] = { 0 };
	uint32_t o = (uint32_t)oif;
	struct wr w;
	int rc;

	if (!alen)
		return ERR_INVALID;
	rtm[0] = (uint8_t)family;
	rtm[1] = (uint8_t)(alen * 8); /* dst_len: a host route */
	rtm[2] = src ? (uint8_t)(alen * 8) : 0;
	wr_init(&w, buf, cap);
	rc = put_hdr(&w, RTM_GETROUTE, NLM_F_REQUEST, seq);
	if (!rc)
		rc = wr_bytes(&w, rtm, sizeof(rtm));
	if (!rc)
		rc = put_attr(&w, RTA_DST, dst, alen);
	if (!rc && src)
		rc = put_attr(&w, RTA_SRC, src, alen);
	if (!rc && oif > 0)
		rc = put_attr(&w, RTA_OIF, &o, 4);
	if (rc)
		return rc;
	patch_len(&w);
	*len = w.len;
	return 0;
}

int
nlmsg_build_getneigh(uint8_t *buf, size_t cap, size_t *len, int family,
		     uint32_t seq)
{
	uint8_t ndm[NDMSG_LEN] = { 0 };
	struct wr w;
	int rc;

	if (!addr_len(family))
		return ERR_INVALID;
	ndm[0] = (uint8_t)family;
	wr_init(&w, buf, cap);
	rc = put_hdr(&w, RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, seq);
	if (!rc)
		rc = wr_bytes(&w, ndm, sizeof(ndm));
	if (rc)
		return rc;
	patch_len(&w);
	*len = w.len;
	return 0;
}
