/* SPDX-License-Identifier: MIT */
/*
 * match.c: is this captured packet an answer to one of our probes?
 *
 * Pure over decoded packets.  A direct reply must come from a target and
 * carry our identifiers back (ports, or ICMP id); an ICMP error may come
 * from any router, but must quote a datagram that is recognisably ours
 * (sent to a target, our protocol, our ports or ICMP id).  Unlike Nping,
 * unrelated traffic to our source port is not counted.
 */
#include <string.h>

#include "probe/probe.h"
#include "proto/icmp4.h"

#define ICMP6_ECHO_REQUEST_ 128
#define ICMP6_ECHO_REPLY_ 129

int
probe_icmp_reply_type(int af, uint8_t type)
{
	if (af == AF_INET6)
		return type == ICMP6_ECHO_REQUEST_ ? ICMP6_ECHO_REPLY_ : -1;
	switch (type) {
	case ICMP4_ECHO: return ICMP4_ECHOREPLY;
	case ICMP4_TSTAMP: return ICMP4_TSTAMPREPLY;
	case ICMP4_IREQ: return ICMP4_IREQREPLY;
	case ICMP4_MASKREQ: return ICMP4_MASKREPLY;
	case ICMP4_ROUTERSOLICIT: return ICMP4_ROUTERADVERT;
	}
	return -1;
}

static const uint8_t *
pkt_src(const struct pkt *p)
{
	return (p->layers & PKT_HAS_IP6) ? p->ip6.src : p->ip4.src;
}

static const uint8_t *
pkt_dst(const struct pkt *p)
{
	return (p->layers & PKT_HAS_IP6) ? p->ip6.dst : p->ip4.dst;
}

/* Index of the target with this address, or -1. */
static long
find_target(const struct match_ctx *m, int af, const uint8_t *addr)
{
	size_t i, alen = af == AF_INET6 ? 16 : 4;

	for (i = 0; i < m->n_targets; i++)
		if (m->targets[i].af == af &&
		    !memcmp(m->targets[i].addr, addr, alen))
			return (long)i;
	return -1;
}

static int
pkt_af(const struct pkt *p)
{
	if (p->layers & PKT_HAS_IP6)
		return AF_INET6;
	if (p->layers & PKT_HAS_IP4)
		return AF_INET;
	return 0;
}

/* TCP/UDP ports of p (from the host's point of view of that packet). */
static int
l4_ports(const struct pkt *p, uint8_t proto, uint16_t *sport, uint16_t *dport)
{
	if (proto == IPPROTO_TCP && (p->layers & PKT_HAS_TCP)) {
		*sport = p->tcp.sport;
		*dport = p->tcp.dport;
		return 1;
	}
	if (proto == IPPROTO_UDP && (p->layers & PKT_HAS_UDP)) {
		*sport = p->udp.sport;
		*dport = p->udp.dport;
		return 1;
	}
	return 0;
}

static uint8_t
mode_proto(const struct match_ctx *m)
{
	switch (m->mode) {
	case MODE_TCP: return IPPROTO_TCP;
	case MODE_UDP: return IPPROTO_UDP;
	case MODE_ICMP: return m->af == AF_INET6 ? 58 : IPPROTO_ICMP;
	default: return 0;
	}
}

/* The quoted datagram q: was it one of our probes? */
static int
match_quote(const struct match_ctx *m, const struct pkt *q,
	    struct match_result *res)
{
	uint16_t sp, dp;
	long t;
	int af = pkt_af(q);
	uint8_t proto = mode_proto(m);

	if (!af || af != m->af || q->l4_proto != proto)
		return 0;
	t = find_target(m, af, pkt_dst(q));
	if (t < 0)
		return 0;
	res->target = (size_t)t;
	res->is_error = 1;
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP) {
		if (!l4_ports(q, proto, &sp, &dp) || sp != m->sport)
			return 0;
		res->key = dp;
		return 1;
	}
	if (af == AF_INET && (q->layers & PKT_HAS_ICMP4)) {
		if (q->icmp4.type != m->icmp_type ||
		    (icmp4_has_idseq(q->icmp4.type) &&
		     q->icmp4.id != m->targets[t].icmp_id))
			return 0;
		res->key = q->icmp4.seq;
		return 1;
	}
	if (af == AF_INET6 && (q->layers & PKT_HAS_ICMP6)) {
		if (q->icmp6.type != m->icmp_type ||
		    q->icmp6.id != m->targets[t].icmp_id)
			return 0;
		res->key = q->icmp6.seq;
		return 1;
	}
	return 0;
}

static int
match_error(const struct match_ctx *m, const struct pkt *r,
	    struct match_result *res)
{
	struct pkt q;

	if (!(r->layers & PKT_HAS_QUOTE))
		return 0;
	if ((r->layers & PKT_HAS_ICMP4) && !icmp4_is_error(r->icmp4.type))
		return 0;
	if ((r->layers & PKT_HAS_ICMP6) && !icmp6_is_error(r->icmp6.type))
		return 0;
	if (pkt_decode_quote(r, &q) < 0)
		return 0;
	return match_quote(m, &q, res);
}

static int
match_icmp_reply(const struct match_ctx *m, const struct pkt *r, long t,
		 struct match_result *res)
{
	int want = probe_icmp_reply_type(m->af, m->icmp_type);

	if (want < 0)
		return 0;
	if (m->af == AF_INET && (r->layers & PKT_HAS_ICMP4) &&
	    r->icmp4.type == want) {
		if (icmp4_has_idseq(r->icmp4.type) &&
		    r->icmp4.id != m->targets[t].icmp_id)
			return 0;
		res->key = r->icmp4.seq;
		return 1;
	}
	if (m->af == AF_INET6 && (r->layers & PKT_HAS_ICMP6) &&
	    r->icmp6.type == want && r->icmp6.id == m->targets[t].icmp_id) {
		res->key = r->icmp6.seq;
		return 1;
	}
	return 0;
}

static int
match_arp(const struct match_ctx *m, const struct pkt *r,
	  struct match_result *res)
{
	long t;

	if (!(r->layers & PKT_HAS_ARP) || r->arp.plen != 4)
		return 0;
	/* A reply to a request (1->2, 3->4, 8->9): op one higher. */
	if (r->arp.op != m->arp_op + 1)
		return 0;
	t = find_target(m, AF_INET, r->arp.spa);
	if (t < 0)
		return 0;
	res->target = (size_t)t;
	res->key = 0;
	res->is_error = 0;
	return 1;
}

int
probe_match(const struct match_ctx *m, const struct pkt *r,
	    struct match_result *res)
{
	uint16_t sp, dp;
	uint8_t proto;
	long t;
	int af;

	memset(res, 0, sizeof(*res));
	if (m->mode == MODE_ARP)
		return match_arp(m, r, res);
	af = pkt_af(r);
	if (af != m->af || (r->problems & PKT_FRAGMENT))
		return 0;
	if (match_error(m, r, res))
		return 1;
	memset(res, 0, sizeof(*res));
	t = find_target(m, af, pkt_src(r));
	if (t < 0)
		return 0;
	res->target = (size_t)t;
	proto = mode_proto(m);
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP) {
		if (!l4_ports(r, proto, &sp, &dp) || dp != m->sport)
			return 0;
		res->key = sp;
		return 1;
	}
	return match_icmp_reply(m, r, t, res);
}
