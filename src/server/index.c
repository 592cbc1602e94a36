/* SPDX-License-Identifier: MIT */
/*
 * index.c: PacketSpec index by key item (server/index.h).  libc only.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "server/index.h"
#include "util/err.h"

#define IX_MIN_BUCKETS 16
#define FLOW_MASK 0xfffffu
#define IX_V4_MASK ((1u << SRV_IXC_TCP4) | (1u << SRV_IXC_UDP4) | \
		    (1u << SRV_IXC_ICMP4))

int
srv_index_init(struct srv_index *ix, size_t cap)
{
	size_t i;

	memset(ix, 0, sizeof(*ix));
	if (cap == 0 || cap > INT_MAX / 2)
		return ERR_INVALID;
	ix->nb = IX_MIN_BUCKETS;
	while (ix->nb < cap)
		ix->nb *= 2;
	ix->slot = calloc(cap, sizeof(*ix->slot));
	ix->b4 = malloc(ix->nb * sizeof(*ix->b4));
	ix->b6 = malloc(ix->nb * sizeof(*ix->b6));
	ix->scan = malloc(cap * sizeof(*ix->scan));
	if (!ix->slot || !ix->b4 || !ix->b6 || !ix->scan) {
		srv_index_fini(ix);
		return ERR_NOMEM;
	}
	ix->cap = cap;
	for (i = 0; i < ix->nb; i++)
		ix->b4[i] = ix->b6[i] = -1;
	for (i = 0; i < cap; i++)
		ix->slot[i].scan_pos = -1;
	return 0;
}

void
srv_index_fini(struct srv_index *ix)
{
	if (!ix)
		return;
	free(ix->slot);
	free(ix->b4);
	free(ix->b6);
	free(ix->scan);
	memset(ix, 0, sizeof(*ix));
}

static size_t
bucket(const struct srv_index *ix, uint32_t key)
{
	return (size_t)((key * 0x9e3779b1u) >> 8) & (ix->nb - 1);
}

/* ---- classification ---- */

static void
fake_ip(const struct nep_item *it, struct pkt *p)
{
	switch (it->code) {
	case NEP_F_IP4_TOS: p->ip4.tos = (uint8_t)it->value; break;
	case NEP_F_IP4_ID: p->ip4.id = (uint16_t)it->value; break;
	case NEP_F_IP4_FRAG: p->ip4.frag_off = (uint16_t)(it->value & 0x1fff);
		break;
	case NEP_F_IP4_PROTO: p->ip4.proto = (uint8_t)it->value; break;
	case NEP_F_IP6_TCLASS: p->ip6.tclass = (uint8_t)it->value; break;
	case NEP_F_IP6_FLOW:
		p->ip6.flow = it->len == 1 ? it->value & 0xff :
			      it->value & FLOW_MASK;
		break;
	case NEP_F_IP6_NH: p->ip6.final_nh = (uint8_t)it->value; break;
	default: break;
	}
}

static void
fake_l4(const struct nep_item *it, struct pkt *p)
{
	uint32_t v = it->value;

	switch (it->code) {
	case NEP_F_TCP_SPORT: p->tcp.sport = (uint16_t)v; break;
	case NEP_F_TCP_DPORT: p->tcp.dport = (uint16_t)v; break;
	case NEP_F_TCP_SEQ: p->tcp.seq = v; break;
	case NEP_F_TCP_ACK: p->tcp.ack = v; break;
	case NEP_F_TCP_FLAGS: p->tcp.flags = (uint8_t)v; break;
	case NEP_F_TCP_WIN: p->tcp.win = (uint16_t)v; break;
	case NEP_F_TCP_URP: p->tcp.urp = (uint16_t)v; break;
	case NEP_F_UDP_SPORT: p->udp.sport = (uint16_t)v; break;
	case NEP_F_UDP_DPORT: p->udp.dport = (uint16_t)v; break;
	case NEP_F_UDP_LEN: p->udp.len = (uint16_t)v; break;
	case NEP_F_ICMP_TYPE:
		p->icmp4.type = p->icmp6.type = (uint8_t)v;
		break;
	case NEP_F_ICMP_CODE:
		p->icmp4.code = p->icmp6.code = (uint8_t)v;
		break;
	default: break;
	}
}

static const unsigned class_layers[SRV_IXC_N] = {
	PKT_HAS_IP4 | PKT_HAS_TCP, PKT_HAS_IP4 | PKT_HAS_UDP,
	PKT_HAS_IP4 | PKT_HAS_ICMP4, PKT_HAS_IP6 | PKT_HAS_TCP,
	PKT_HAS_IP6 | PKT_HAS_UDP, PKT_HAS_IP6 | PKT_HAS_ICMP6,
};

/* A packet of class c matching every item of s (its payload the magic). */
static void
fake_packet(const struct nep_spec *s, int c, struct pkt *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->layers = class_layers[c];
	for (i = 0; i < s->n_items; i++) {
		fake_ip(&s->items[i], p);
		fake_l4(&s->items[i], p);
	}
	if (s->magic_len) {
		p->base = s->magic;
		p->caplen = p->payload_len = s->magic_len;
	}
}

static const struct nep_item *
find_item(const struct nep_spec *s, uint8_t code)
{
	size_t i;

	for (i = 0; i < s->n_items; i++)
		if (s->items[i].code == code)
			return &s->items[i];
	return NULL;
}

void
srv_index_classify(const struct nep_spec *s, unsigned *need, unsigned *scan,
		   uint32_t *key4, uint32_t *key6)
{
	const struct nep_item *id = find_item(s, NEP_F_IP4_ID);
	const struct nep_item *fl = find_item(s, NEP_F_IP6_FLOW);
	struct pkt p;
	int c, thr;

	*need = *scan = 0;
	*key4 = id ? id->value & 0xffff : 0;
	*key6 = fl ? fl->value & FLOW_MASK : 0;
	for (c = 0; c < SRV_IXC_N; c++) {
		int v4 = c < SRV_IXC_TCP6;

		fake_packet(s, c, &p);
		thr = nep_spec_threshold(&p);
		if (nep_spec_score(s, &p) < thr)
			continue; /* never */
		/* The same packet with the key item missed by one bit. */
		if (v4 && id)
			p.ip4.id ^= 1;
		else if (!v4 && fl && fl->len != 1)
			p.ip6.flow ^= 1;
		else {
			*scan |= 1u << c;
			continue;
		}
		if (nep_spec_score(s, &p) < thr)
			*need |= 1u << c;
		else
			*scan |= 1u << c;
	}
}

int
srv_index_class(const struct pkt *p)
{
	unsigned ip = p->layers & (PKT_HAS_IP4 | PKT_HAS_IP6);
	int c;

	if (ip != PKT_HAS_IP4 && ip != PKT_HAS_IP6)
		return -1;
	/* The transport nep_spec_threshold and nep_spec_score look at
	 * first: TCP, then UDP, then ICMP. */
	if (p->layers & PKT_HAS_TCP)
		c = SRV_IXC_TCP4;
	else if (p->layers & PKT_HAS_UDP)
		c = SRV_IXC_UDP4;
	else if (p->layers & (PKT_HAS_ICMP4 | PKT_HAS_ICMP6))
		c = SRV_IXC_ICMP4;
	else
		return -1;
	if (ip == PKT_HAS_IP6)
		c += SRV_IXC_TCP6;
	/* ICMP of the other family, or both: not a shape the fake covers. */
	if (c == SRV_IXC_ICMP4 && (p->layers & PKT_HAS_ICMP6))
		return -1;
	if (c == SRV_IXC_ICMP6 && (p->layers & PKT_HAS_ICMP4))
		return -1;
	return c;
}

/* ---- slots ---- */

static void
chain_unlink(int *head, struct srv_ix_slot *slots, int slot, int v6)
{
	int *pp = head;

	while (*pp >= 0) {
		int *nx = v6 ? &slots[*pp].next6 : &slots[*pp].next4;

		if (*pp == slot) {
			*pp = *nx;
			*nx = -1;
			return;
		}
		pp = nx;
	}
}

void
srv_index_remove(struct srv_index *ix, int slot)
{
	struct srv_ix_slot *e;

	if (slot < 0 || (size_t)slot >= ix->cap || !ix->slot[slot].used)
		return;
	e = &ix->slot[slot];
	if (e->need & IX_V4_MASK)
		chain_unlink(&ix->b4[bucket(ix, e->key4)], ix->slot, slot, 0);
	if (e->need & ~IX_V4_MASK)
		chain_unlink(&ix->b6[bucket(ix, e->key6)], ix->slot, slot, 1);
	if (e->scan_pos >= 0) {
		int last = ix->scan[--ix->n_scan];

		ix->scan[e->scan_pos] = last;
		ix->slot[last].scan_pos = e->scan_pos;
	}
	memset(e, 0, sizeof(*e));
	e->next4 = e->next6 = e->scan_pos = -1;
}

void
srv_index_add(struct srv_index *ix, int slot, const struct nep_spec *s)
{
	struct srv_ix_slot *e;
	unsigned need, scan;
	size_t b;

	if (slot < 0 || (size_t)slot >= ix->cap)
		return;
	srv_index_remove(ix, slot);
	e = &ix->slot[slot];
	srv_index_classify(s, &need, &scan, &e->key4, &e->key6);
	e->used = 1;
	e->need = (uint8_t)need;
	e->scan = (uint8_t)scan;
	e->next4 = e->next6 = e->scan_pos = -1;
	if (need & IX_V4_MASK) {
		b = bucket(ix, e->key4);
		e->next4 = ix->b4[b];
		ix->b4[b] = slot;
	}
	if (need & ~IX_V4_MASK) {
		b = bucket(ix, e->key6);
		e->next6 = ix->b6[b];
		ix->b6[b] = slot;
	}
	if (scan) {
		e->scan_pos = (int)ix->n_scan;
		ix->scan[ix->n_scan++] = slot;
	}
}

static size_t
all_used(const struct srv_index *ix, int *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < ix->cap && n < max; i++)
		if (ix->slot[i].used)
			out[n++] = (int)i;
	return n;
}

size_t
srv_index_candidates(const struct srv_index *ix, const struct pkt *p,
		     int *out, size_t max)
{
	int c = srv_index_class(p), i;
	unsigned bit;
	size_t n = 0, k;

	if (nep_spec_threshold(p) < 0)
		return 0; /* nep_spec_best never picks a spec for it */
	if (c < 0)
		return all_used(ix, out, max);
	bit = 1u << c;
	if (c < SRV_IXC_TCP6) {
		for (i = ix->b4[bucket(ix, p->ip4.id)]; i >= 0 && n < max;
		     i = ix->slot[i].next4)
			if ((ix->slot[i].need & bit) &&
			    ix->slot[i].key4 == p->ip4.id)
				out[n++] = i;
	} else {
		uint32_t k6 = p->ip6.flow & FLOW_MASK;

		for (i = ix->b6[bucket(ix, k6)]; i >= 0 && n < max;
		     i = ix->slot[i].next6)
			if ((ix->slot[i].need & bit) && ix->slot[i].key6 == k6)
				out[n++] = i;
	}
	for (k = 0; k < ix->n_scan && n < max; k++)
		if (ix->slot[ix->scan[k]].scan & bit)
			out[n++] = ix->scan[k];
	return n;
}
