/* SPDX-License-Identifier: MIT */
/*
 * echo/spec.c: PacketSpec build, validation, matching and payload erasure
 * (doc/nep.md §8, §9).
 */
#include "echo/spec.h"

#include <string.h>

#include "util/err.h"

#define ERASE_KEEP 40

static void
add(struct nep_spec *s, uint8_t code, uint32_t value)
{
	struct nep_item *it = &s->items[s->n_items++];

	it->code = code;
	it->len = (uint8_t)nep_item_len(code, s->form);
	it->value = value;
}

static int
add_l3(struct nep_spec *s, const struct nep_probe *p)
{
	if (p->ip_version == 4) {
		add(s, NEP_F_IP4_ID, p->ip_id);
		add(s, NEP_F_IP4_TOS, p->tos);
	} else if (p->ip_version == 6) {
		add(s, NEP_F_IP6_TCLASS, p->tclass);
		add(s, NEP_F_IP6_FLOW, s->form == NEP_FORM_0793 ?
		    (p->flow & 0xff) : (p->flow & 0xfffff));
	} else {
		return ERR_INVALID;
	}
	return 0;
}

static int
add_l4(struct nep_spec *s, const struct nep_probe *p)
{
	switch (p->proto) {
	case 6:
		add(s, NEP_F_TCP_SPORT, p->sport);
		if (p->have_dport)
			add(s, NEP_F_TCP_DPORT, p->dport);
		add(s, NEP_F_TCP_SEQ, p->seq);
		add(s, NEP_F_TCP_ACK, p->ack);
		add(s, NEP_F_TCP_FLAGS, p->flags);
		add(s, NEP_F_TCP_WIN, p->win);
		break;
	case 17:
		add(s, NEP_F_UDP_SPORT, p->sport);
		if (p->have_dport)
			add(s, NEP_F_UDP_DPORT, p->dport);
		add(s, NEP_F_UDP_LEN, (uint16_t)(8 + p->payload_len));
		break;
	case 1:
	case 58: /* ICMPv6 */
		add(s, NEP_F_ICMP_TYPE, p->icmp_type);
		add(s, NEP_F_ICMP_CODE, p->icmp_code);
		break;
	default:
		return ERR_INVALID;
	}
	add(s, p->ip_version == 4 ? NEP_F_IP4_PROTO : NEP_F_IP6_NH, p->proto);
	return 0;
}

/* nping's server counts one extra byte per fixed item (§8.3). */
static size_t
inflated_size(const struct nep_spec *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->n_items; i++)
		n += s->items[i].len + 2;
	if (s->magic_len)
		n += s->magic_len + 2;
	return n;
}

int
nep_spec_build(const struct nep_probe *p, enum nep_spec_form form,
	       struct nep_spec *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->form = form;
	out->ip_version = form == NEP_FORM_0793 ? 4 : p->ip_version;
	out->proto = p->proto;
	out->count = p->count;
	if ((rc = add_l3(out, p)) || (rc = add_l4(out, p)))
		return rc;
	if (p->payload_len && p->payload) {
		out->magic_len = (uint8_t)(p->payload_len < NEP_MAGIC_SEND_MAX ?
					   p->payload_len : NEP_MAGIC_SEND_MAX);
		memcpy(out->magic, p->payload, out->magic_len);
		out->magic_pos = out->n_items;
	}
	return inflated_size(out) <= NEP_SPEC_LIST_LEN ? 0 : ERR_NOSPACE;
}

int
nep_spec_to_msg(const struct nep_spec *s, struct nep_packet_spec *m)
{
	m->ip_version = s->ip_version;
	m->proto = s->proto;
	m->count = s->count;
	return nep_spec_list_encode(s, m->list, sizeof(m->list));
}

int
nep_spec_from_msg(const struct nep_packet_spec *m, struct nep_spec *out,
		  const char **why)
{
	memset(out, 0, sizeof(*out));
	out->ip_version = m->ip_version;
	out->proto = m->proto;
	out->count = m->count;
	out->form = m->ip_version == 6 ? NEP_FORM_RFC : NEP_FORM_0793;
	*why = NULL;
	if (nep_spec_list_decode(m->list, sizeof(m->list), out)) {
		*why = "malformed PacketSpec (payload magic)";
		return ERR_INVALID;
	}
	return 0;
}

static int
has_code(const struct nep_spec *s, uint8_t code)
{
	size_t i;

	for (i = 0; i < s->n_items; i++)
		if (s->items[i].code == code)
			return 1;
	return 0;
}

int
nep_spec_validate(const struct nep_spec *s, const char **why)
{
	size_t i, j;

	*why = NULL;
	if (s->n_items + (s->magic_len ? 1 : 0) < 4)
		*why = "PacketSpec has fewer than 4 items";
	else if (s->ip_version != 4 && s->ip_version != 6)
		*why = "PacketSpec IP version not 4 or 6";
	else if (s->ip_version == 4 && !has_code(s, NEP_F_IP4_ID))
		*why = "PacketSpec lacks IPv4_ID";
	else if (s->ip_version == 6 && !has_code(s, NEP_F_IP6_FLOW))
		*why = "PacketSpec lacks IPv6_FLOW";
	for (i = 0; *why == NULL && i < s->n_items; i++)
		for (j = i + 1; j < s->n_items; j++)
			if (s->items[i].code == s->items[j].code)
				*why = "PacketSpec has a duplicate item";
	return *why ? ERR_INVALID : 0;
}

int
nep_spec_threshold(const struct pkt *p)
{
	if (p->layers & PKT_HAS_TCP)
		return 1000;
	if (p->layers & PKT_HAS_UDP)
		return 800;
	if (p->layers & (PKT_HAS_ICMP4 | PKT_HAS_ICMP6))
		return 600;
	return -1;
}

/* Points (hundredths) for one matching item; reduced when the value is
 * the uninformative one (zero, or 8 for the UDP length). */
static int
pts(int full, int reduce, uint32_t value, uint32_t dull)
{
	return reduce && value == dull ? full * 3 / 10 : full;
}

static int
score_ip(const struct nep_item *it, const struct pkt *p)
{
	int v4 = (p->layers & PKT_HAS_IP4) != 0;
	int v6 = (p->layers & PKT_HAS_IP6) != 0;
	uint32_t v = it->value;

	switch (it->code) {
	case NEP_F_IP4_TOS:
		return v4 && p->ip4.tos == v ? pts(100, 1, v, 0) : 0;
	case NEP_F_IP4_ID:
		return v4 && p->ip4.id == v ? 500 : 0;
	case NEP_F_IP4_FRAG:
		return v4 && p->ip4.frag_off == (v & 0x1fff) ?
		       pts(200, 1, v, 0) : 0;
	case NEP_F_IP4_PROTO:
		return v4 && p->ip4.proto == v ? 90 : 0;
	case NEP_F_IP6_TCLASS:
		return v6 && p->ip6.tclass == v ? pts(100, 1, v, 0) : 0;
	case NEP_F_IP6_FLOW:
		if (it->len == 1) /* 0.7.93 sends one byte of it */
			return v6 && (p->ip6.flow & 0xff) == v ?
			       pts(750, 1, v, 0) : 0;
		return v6 && (p->ip6.flow & 0xfffff) == (v & 0xfffff) ?
		       pts(750, 1, v, 0) : 0;
	case NEP_F_IP6_NH:
		return v6 && p->ip6.final_nh == v ? 90 : 0;
	default:
		return 0;
	}
}

static int
score_tcp(const struct nep_item *it, const struct tcp_fields *t)
{
	uint32_t v = it->value;

	switch (it->code) {
	case NEP_F_TCP_SPORT: return t->sport == v ? 300 : 0;
	case NEP_F_TCP_DPORT: return t->dport == v ? 200 : 0;
	case NEP_F_TCP_SEQ: return t->seq == v ? pts(800, 1, v, 0) : 0;
	case NEP_F_TCP_ACK: return t->ack == v ? pts(400, 1, v, 0) : 0;
	case NEP_F_TCP_FLAGS: return t->flags == v ? 100 : 0;
	case NEP_F_TCP_WIN: return t->win == v ? pts(200, 1, v, 0) : 0;
	case NEP_F_TCP_URP: return t->urp == v ? pts(200, 1, v, 0) : 0;
	default: return 0;
	}
}

static int
score_l4(const struct nep_item *it, const struct pkt *p)
{
	uint32_t v = it->value;

	if (p->layers & PKT_HAS_TCP)
		return score_tcp(it, &p->tcp);
	if (p->layers & PKT_HAS_UDP) {
		switch (it->code) {
		case NEP_F_UDP_SPORT: return p->udp.sport == v ? 200 : 0;
		case NEP_F_UDP_DPORT: return p->udp.dport == v ? 200 : 0;
		case NEP_F_UDP_LEN:
			return p->udp.len == v ? pts(200, 1, v, 8) : 0;
		default: return 0;
		}
	}
	if (p->layers & PKT_HAS_ICMP4) {
		if (it->code == NEP_F_ICMP_TYPE)
			return p->icmp4.type == v ? 100 : 0;
		if (it->code == NEP_F_ICMP_CODE)
			return p->icmp4.code == v ? pts(100, 1, v, 0) : 0;
	}
	if (p->layers & PKT_HAS_ICMP6) { /* D0/D1 cover ICMPv6 too */
		if (it->code == NEP_F_ICMP_TYPE)
			return p->icmp6.type == v ? 100 : 0;
		if (it->code == NEP_F_ICMP_CODE)
			return p->icmp6.code == v ? pts(100, 1, v, 0) : 0;
	}
	return 0;
}

static int
score_magic(const struct nep_spec *s, const struct pkt *p)
{
	unsigned with = PKT_HAS_TCP | PKT_HAS_UDP;

	if (s->magic_icmp)
		with |= PKT_HAS_ICMP4 | PKT_HAS_ICMP6;
	if (!s->magic_len || !(p->layers & with) ||
	    p->base == NULL || p->payload_len < s->magic_len ||
	    p->payload_off > p->caplen ||
	    p->caplen - p->payload_off < s->magic_len)
		return 0;
	if (memcmp(p->base + p->payload_off, s->magic, s->magic_len))
		return 0;
	return (s->magic_len < 4 ? s->magic_len : 4) * 100;
}

int
nep_spec_score(const struct nep_spec *s, const struct pkt *p)
{
	int score = 0;
	size_t i;

	for (i = 0; i < s->n_items; i++)
		score += score_ip(&s->items[i], p) + score_l4(&s->items[i], p);
	return score + score_magic(s, p);
}

int
nep_spec_best(const struct nep_spec *const *specs, size_t n,
	      const struct pkt *p, int *score)
{
	int best = -1, best_score = -1, thr = nep_spec_threshold(p);
	size_t i;

	for (i = 0; i < n; i++) {
		int sc;

		if (specs[i] == NULL)
			continue;
		sc = nep_spec_score(specs[i], p);
		if (sc >= best_score) {
			best_score = sc;
			best = (int)i;
		}
	}
	if (score)
		*score = best_score < 0 ? 0 : best_score;
	if (thr < 0 || best < 0 || best_score < thr)
		return -1;
	return best;
}

/* Where application data starts, or 0 when the header was not decoded. */
static size_t
data_start(const struct pkt *p)
{
	if (p == NULL || (p->problems & (PKT_TRUNC_L3 | PKT_TRUNC_L4 |
					 PKT_BAD_L3 | PKT_BAD_L4)))
		return 0;
	if ((p->layers & PKT_HAS_TCP) && p->tcp.doff >= 5)
		return p->l4_off + (size_t)p->tcp.doff * 4;
	if (p->layers & (PKT_HAS_UDP | PKT_HAS_ICMP4 | PKT_HAS_ICMP6))
		return p->l4_off + 8;
	return 0;
}

void
nep_erase_payload(uint8_t *pkt, size_t len, const struct pkt *p)
{
	size_t from = data_start(p);

	if (from == 0 || from > len)
		from = from > len ? len : ERASE_KEEP;
	if (from < len)
		memset(pkt + from, 0, len - from);
}
