/* SPDX-License-Identifier: MIT */
/*
 * table.c: session slots and admission, echo budgets, reply flows, and
 * the passphrase file (server/table.h).  libc only.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "cli/config.h"
#include "server/table.h"

_Static_assert(SRV_BUDGET_MAX == CFG_ECHO_BUDGET_MAX,
	       "the CLI and the server agree on the budget cap");

#define SRV_IPPROTO_ICMPV6 58
#define ICMP4_ECHO_REQUEST 8
#define ICMP4_ECHO_REPLY 0
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129

/* ---- slots ---- */

int
srv_table_init(struct srv_table *t, size_t cap, size_t per_addr)
{
	memset(t, 0, sizeof(*t));
	if (cap == 0 || per_addr == 0)
		return ERR_INVALID;
	t->slots = calloc(cap, sizeof(*t->slots));
	if (!t->slots)
		return ERR_NOMEM;
	t->cap = cap;
	t->per_addr = per_addr;
	return 0;
}

void
srv_table_fini(struct srv_table *t)
{
	if (!t)
		return;
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

int
srv_addr_eq(const struct srv_addr *a, const struct srv_addr *b)
{
	size_t n = a->af == AF_INET6 ? 16 : 4;

	return a->af == b->af && memcmp(a->ip, b->ip, n) == 0;
}

void
srv_addr_net(const struct srv_addr *a, unsigned v4_bits, unsigned v6_bits,
	     struct srv_addr *out)
{
	unsigned bits = a->af == AF_INET6 ? v6_bits : v4_bits;
	size_t len = a->af == AF_INET6 ? 16 : 4, i;

	memset(out, 0, sizeof(*out));
	out->af = a->af;
	for (i = 0; i < len; i++) {
		unsigned keep = bits >= 8 * (i + 1) ? 8 :
				bits > 8 * i ? bits - 8 * (unsigned)i : 0;

		out->ip[i] = (uint8_t)(a->ip[i] & (0xff00u >> keep));
	}
}

size_t
srv_table_count_net(const struct srv_table *t, const struct srv_addr *a)
{
	struct srv_addr net, other;
	size_t i, n = 0;

	srv_addr_net(a, SRV_NET_V4_BITS, SRV_NET_V6_BITS, &net);
	for (i = 0; i < t->cap; i++) {
		if (!t->slots[i].used)
			continue;
		srv_addr_net(&t->slots[i].addr, SRV_NET_V4_BITS,
			     SRV_NET_V6_BITS, &other);
		n += srv_addr_eq(&net, &other) != 0;
	}
	return n;
}

size_t
srv_table_count_addr(const struct srv_table *t, const struct srv_addr *a)
{
	size_t i, n = 0;

	for (i = 0; i < t->cap; i++)
		if (t->slots[i].used && srv_addr_eq(&t->slots[i].addr, a))
			n++;
	return n;
}

int
srv_table_add(struct srv_table *t, const struct srv_addr *a, void *owner,
	      const char **why)
{
	size_t i;

	if (t->used >= t->cap) {
		*why = "too many sessions";
		return ERR_LIMIT;
	}
	if (srv_table_count_addr(t, a) >= t->per_addr) {
		*why = "too many sessions from this address";
		return ERR_LIMIT;
	}
	if (t->per_net && srv_table_count_net(t, a) >= t->per_net) {
		*why = "too many sessions from this network";
		return ERR_LIMIT;
	}
	for (i = 0; i < t->cap; i++) {
		struct srv_slot *s = &t->slots[i];

		if (s->used)
			continue;
		s->used = 1;
		s->addr = *a;
		s->owner = owner;
		t->used++;
		return (int)i;
	}
	*why = "too many sessions";
	return ERR_LIMIT;
}

void
srv_table_remove(struct srv_table *t, int i)
{
	if (i < 0 || (size_t)i >= t->cap || !t->slots[i].used)
		return;
	memset(&t->slots[i], 0, sizeof(t->slots[i]));
	t->used--;
}

int
srv_addr_of_pkt(const struct pkt *p, int dst, struct srv_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (p->layers & PKT_HAS_IP4) {
		out->af = AF_INET;
		memcpy(out->ip, dst ? p->ip4.dst : p->ip4.src, 4);
	} else if (p->layers & PKT_HAS_IP6) {
		out->af = AF_INET6;
		memcpy(out->ip, dst ? p->ip6.dst : p->ip6.src, 16);
	} else {
		return ERR_INVALID;
	}
	return 0;
}

/* ---- log rate limit ---- */

#define RL_NS_PER_TOKEN (1000000000ull / SRV_LOG_RATE)

int
srv_rl_allow(struct srv_ratelimit *rl, uint64_t now_ns)
{
	uint64_t add;

	if (!rl->started) {
		rl->started = 1;
		rl->tokens = SRV_LOG_BURST;
		rl->last_ns = now_ns;
	}
	if (now_ns > rl->last_ns) {
		add = (now_ns - rl->last_ns) / RL_NS_PER_TOKEN;
		if (add >= SRV_LOG_BURST - rl->tokens) {
			rl->tokens = SRV_LOG_BURST;
			rl->last_ns = now_ns;
		} else {
			rl->tokens += (uint32_t)add;
			rl->last_ns += add * RL_NS_PER_TOKEN;
		}
	}
	if (rl->tokens == 0) {
		rl->suppressed++;
		return 0;
	}
	rl->tokens--;
	return 1;
}

uint64_t
srv_rl_take(struct srv_ratelimit *rl)
{
	uint64_t n = rl->suppressed;

	rl->suppressed = 0;
	return n;
}

/* ---- budget ---- */

uint64_t
srv_echo_budget(uint64_t cfg_budget, uint16_t spec_count, int reply_ext)
{
	uint64_t per = reply_ext ? 2 : 1, b;

	if (cfg_budget)
		b = cfg_budget;
	else if (spec_count == 0)
		b = SRV_BUDGET_MAX;
	else
		b = (uint64_t)spec_count * SRV_BUDGET_FACTOR * per +
		    SRV_BUDGET_SLACK;
	return b < SRV_BUDGET_MAX ? b : SRV_BUDGET_MAX;
}

/* ---- reply flows ---- */

/* The flow key of p in its own direction; 0 when p has none. */
static int
flow_of(const struct pkt *p, struct srv_flow *f)
{
	memset(f, 0, sizeof(*f));
	if (p->layers & PKT_HAS_IP4) {
		f->af = 4;
		memcpy(f->src, p->ip4.src, 4);
		memcpy(f->dst, p->ip4.dst, 4);
	} else if (p->layers & PKT_HAS_IP6) {
		f->af = 6;
		memcpy(f->src, p->ip6.src, 16);
		memcpy(f->dst, p->ip6.dst, 16);
	} else {
		return 0;
	}
	f->proto = p->l4_proto;
	if (p->layers & PKT_HAS_TCP) {
		f->sport = p->tcp.sport;
		f->dport = p->tcp.dport;
	} else if (p->layers & PKT_HAS_UDP) {
		f->sport = p->udp.sport;
		f->dport = p->udp.dport;
	} else if (p->layers & PKT_HAS_ICMP4) {
		f->sport = p->icmp4.id;
	} else if (p->layers & PKT_HAS_ICMP6) {
		f->sport = p->icmp6.id;
	} else {
		return 0;
	}
	return 1;
}

void
srv_flows_add(struct srv_flows *fl, const struct pkt *probe)
{
	struct srv_flow f;
	unsigned i;

	if (!flow_of(probe, &f))
		return;
	for (i = 0; i < SRV_FLOWS; i++)
		if (memcmp(&fl->f[i], &f, sizeof(f)) == 0)
			return;
	fl->f[fl->next] = f;
	fl->next = (fl->next + 1) % SRV_FLOWS;
}

static int
same_flow(const struct srv_flow *a, const struct srv_flow *b)
{
	return a->af && memcmp(a, b, sizeof(*a)) == 0;
}

/* b goes the opposite way of a (ports mirrored unless ICMP). */
static int
mirrored(const struct srv_flow *a, const struct srv_flow *b, int ports)
{
	if (!a->af || a->af != b->af || a->proto != b->proto)
		return 0;
	if (memcmp(a->src, b->dst, 16) || memcmp(a->dst, b->src, 16))
		return 0;
	if (!ports)
		return a->sport == b->sport;
	return a->sport == b->dport && a->dport == b->sport;
}

/* An ICMP(v6) error to the probe's source quoting the probe's flow. */
static int
error_quotes(const struct srv_flows *fl, const struct pkt *p,
	     const struct srv_flow *outer)
{
	struct srv_flow in;
	struct pkt q;
	unsigned i;

	if (!(p->layers & PKT_HAS_QUOTE) || pkt_decode_quote(p, &q) < 0 ||
	    !flow_of(&q, &in))
		return 0;
	for (i = 0; i < SRV_FLOWS; i++)
		if (same_flow(&fl->f[i], &in) &&
		    memcmp(outer->dst, fl->f[i].src, 16) == 0)
			return 1;
	return 0;
}

static int
echo_reply_of(const struct srv_flows *fl, const struct srv_flow *r,
	      uint8_t req_proto)
{
	struct srv_flow want;
	unsigned i;

	for (i = 0; i < SRV_FLOWS; i++) {
		want = fl->f[i];
		if (want.proto != req_proto)
			continue;
		if (mirrored(&want, r, 0))
			return 1;
	}
	return 0;
}

int
srv_flows_is_reply(const struct srv_flows *fl, const struct pkt *p)
{
	struct srv_flow r;
	unsigned i;

	if (!flow_of(p, &r))
		return 0;
	if (p->layers & PKT_HAS_ICMP4) {
		if (icmp4_is_error(p->icmp4.type))
			return error_quotes(fl, p, &r);
		return p->icmp4.type == ICMP4_ECHO_REPLY &&
		       echo_reply_of(fl, &r, IPPROTO_ICMP);
	}
	if (p->layers & PKT_HAS_ICMP6) {
		if (icmp6_is_error(p->icmp6.type))
			return error_quotes(fl, p, &r);
		return p->icmp6.type == ICMP6_ECHO_REPLY &&
		       echo_reply_of(fl, &r, SRV_IPPROTO_ICMPV6);
	}
	for (i = 0; i < SRV_FLOWS; i++)
		if (mirrored(&fl->f[i], &r, 1))
			return 1;
	return 0;
}

/* ---- text ---- */

void
srv_fmt_peer(const struct srv_addr *a, uint16_t port, char *out, size_t cap)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(a->af, a->ip, ip, sizeof(ip));
	if (a->af == AF_INET6)
		snprintf(out, cap, "[%s]:%u", ip, port);
	else
		snprintf(out, cap, "%s:%u", ip, port);
}
