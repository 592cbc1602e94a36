/* SPDX-License-Identifier: MIT */
/*
 * server/index.h: the candidates it gives let the server pick the same
 * spec as nep_spec_best over every spec (random specs and packets, with
 * sessions coming and going), the classification of nping's own specs,
 * and the bucket/scan bookkeeping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "echo/spec.h"
#include "server/index.h"
#include "util/err.h"

#define NSLOT 24

static uint32_t rng = 0x12345678;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static const uint8_t codes[] = {
	NEP_F_IP4_TOS, NEP_F_IP4_ID, NEP_F_IP4_FRAG, NEP_F_IP4_PROTO,
	NEP_F_IP6_TCLASS, NEP_F_IP6_FLOW, NEP_F_IP6_NH, NEP_F_TCP_SPORT,
	NEP_F_TCP_DPORT, NEP_F_TCP_SEQ, NEP_F_TCP_ACK, NEP_F_TCP_FLAGS,
	NEP_F_TCP_WIN, NEP_F_TCP_URP, NEP_F_ICMP_TYPE, NEP_F_ICMP_CODE,
	NEP_F_UDP_SPORT, NEP_F_UDP_DPORT, NEP_F_UDP_LEN,
};
#define NCODES (sizeof(codes) / sizeof(codes[0]))

/* Small value ranges, so packets drawn from other specs collide often. */
static uint32_t
rnd_value(uint8_t code, uint8_t len)
{
	uint32_t v = rnd() % 4;

	if (code == NEP_F_IP6_FLOW && len == 3)
		return (rnd() % 2) ? v : v | 0x10000;
	return v;
}

/* A spec with a random subset of items (each code once) and magic. */
static void
rnd_spec(struct nep_spec *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->ip_version = rnd() % 2 ? 4 : 6;
	s->form = rnd() % 2 ? NEP_FORM_RFC : NEP_FORM_0793;
	for (i = 0; i < NCODES; i++) {
		struct nep_item *it;

		if (rnd() % 3 == 0)
			continue;
		it = &s->items[s->n_items++];
		it->code = codes[i];
		it->len = (uint8_t)nep_item_len(codes[i], s->form);
		it->value = rnd_value(it->code, it->len);
	}
	if (rnd() % 3 == 0) {
		s->magic_len = (uint8_t)(1 + rnd() % 6);
		for (i = 0; i < s->magic_len; i++)
			s->magic[i] = (uint8_t)(rnd() % 2);
	}
}

static const unsigned shapes[] = {
	PKT_HAS_IP4 | PKT_HAS_TCP, PKT_HAS_IP4 | PKT_HAS_UDP,
	PKT_HAS_IP4 | PKT_HAS_ICMP4, PKT_HAS_IP6 | PKT_HAS_TCP,
	PKT_HAS_IP6 | PKT_HAS_UDP, PKT_HAS_IP6 | PKT_HAS_ICMP6,
	PKT_HAS_IP4, PKT_HAS_IP4 | PKT_HAS_ICMP6,
	PKT_HAS_IP4 | PKT_HAS_IP6 | PKT_HAS_UDP,
};

/* A field from the item, or a random one a third of the time. */
static uint32_t
pick(const struct nep_item *it)
{
	return rnd() % 3 ? it->value : rnd() % 4;
}

static void
set_field(struct pkt *p, const struct nep_item *it)
{
	uint32_t v = pick(it);

	switch (it->code) {
	case NEP_F_IP4_TOS: p->ip4.tos = (uint8_t)v; break;
	case NEP_F_IP4_ID: p->ip4.id = (uint16_t)v; break;
	case NEP_F_IP4_FRAG: p->ip4.frag_off = (uint16_t)(v & 0x1fff); break;
	case NEP_F_IP4_PROTO: p->ip4.proto = (uint8_t)v; break;
	case NEP_F_IP6_TCLASS: p->ip6.tclass = (uint8_t)v; break;
	case NEP_F_IP6_FLOW: p->ip6.flow = v & 0xfffff; break;
	case NEP_F_IP6_NH: p->ip6.final_nh = (uint8_t)v; break;
	case NEP_F_TCP_SPORT: p->tcp.sport = (uint16_t)v; break;
	case NEP_F_TCP_DPORT: p->tcp.dport = (uint16_t)v; break;
	case NEP_F_TCP_SEQ: p->tcp.seq = v; break;
	case NEP_F_TCP_ACK: p->tcp.ack = v; break;
	case NEP_F_TCP_FLAGS: p->tcp.flags = (uint8_t)v; break;
	case NEP_F_TCP_WIN: p->tcp.win = (uint16_t)v; break;
	case NEP_F_TCP_URP: p->tcp.urp = (uint16_t)v; break;
	case NEP_F_ICMP_TYPE: p->icmp4.type = p->icmp6.type = (uint8_t)v; break;
	case NEP_F_ICMP_CODE: p->icmp4.code = p->icmp6.code = (uint8_t)v; break;
	case NEP_F_UDP_SPORT: p->udp.sport = (uint16_t)v; break;
	case NEP_F_UDP_DPORT: p->udp.dport = (uint16_t)v; break;
	case NEP_F_UDP_LEN: p->udp.len = (uint16_t)v; break;
	default: break;
	}
}

/* A packet near spec s (most fields copied, some not), payload too. */
static void
rnd_packet(const struct nep_spec *s, struct pkt *p, uint8_t *payload)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->layers = shapes[rnd() % (sizeof(shapes) / sizeof(shapes[0]))];
	for (i = 0; i < s->n_items; i++)
		set_field(p, &s->items[i]);
	memcpy(payload, s->magic, s->magic_len);
	for (i = 0; i < 8; i++)
		if (rnd() % 4 == 0)
			payload[i] = (uint8_t)(rnd() % 2);
	p->base = payload;
	p->payload_len = p->caplen = 8;
}

/* The relay's pick over the candidates (server/relay.c best_session). */
static int
best_of(const struct srv_index *ix, struct nep_spec *const *specs,
	const struct pkt *p)
{
	int cand[NSLOT], best = -1, best_score = -1;
	size_t n, k;

	n = srv_index_candidates(ix, p, cand, NSLOT);
	for (k = 0; k < n; k++) {
		int sc;

		assert_non_null(specs[cand[k]]);
		sc = nep_spec_score(specs[cand[k]], p);
		if (sc > best_score || (sc == best_score && cand[k] > best)) {
			best_score = sc;
			best = cand[k];
		}
	}
	if (best < 0 || best_score < nep_spec_threshold(p))
		return -1;
	return best;
}

static void
test_same_winner(void **state)
{
	static struct nep_spec store[NSLOT];
	struct nep_spec *specs[NSLOT] = { 0 };
	uint8_t payload[8];
	struct srv_index ix;
	struct pkt p;
	int round, i, matched = 0, keyed = 0;

	(void)state;
	assert_int_equal(srv_index_init(&ix, NSLOT), 0);
	for (round = 0; round < 200000; round++) {
		int slot = (int)(rnd() % NSLOT), want, got;

		if (round % 4 == 0) { /* sessions come and go */
			if (specs[slot] && rnd() % 2) {
				srv_index_remove(&ix, slot);
				specs[slot] = NULL;
			} else {
				rnd_spec(&store[slot]);
				specs[slot] = &store[slot];
				srv_index_add(&ix, slot, specs[slot]);
			}
		}
		if (!specs[slot])
			continue;
		rnd_packet(specs[slot], &p, payload);
		want = nep_spec_best((const struct nep_spec *const *)specs,
				     NSLOT, &p, NULL);
		got = best_of(&ix, specs, &p);
		assert_int_equal(got, want);
		matched += want >= 0;
	}
	for (i = 0; i < NSLOT; i++)
		keyed += ix.slot[i].need != 0;
	/* The test means something: many matches, keyed specs exist. */
	assert_true(matched > 10000);
	assert_true(keyed > 0);
	srv_index_fini(&ix);
}

/* nping's specs for ICMP and UDP probes need their IP ID (IPv4) or flow
 * label (IPv6): one candidate per packet, not one per session.  TCP specs
 * reach 1000 on ports, sequence and window alone: scanned. */
static void
test_nping_specs_keyed(void **state)
{
	static const uint8_t protos[] = { 1, 17, 6 };
	static const int classes4[] = { SRV_IXC_ICMP4, SRV_IXC_UDP4,
					SRV_IXC_TCP4 };
	static const int classes6[] = { SRV_IXC_ICMP6, SRV_IXC_UDP6,
					SRV_IXC_TCP6 };
	struct nep_probe pr;
	struct nep_spec s;
	unsigned need, scan;
	uint32_t k4, k6;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		memset(&pr, 0, sizeof(pr));
		pr.ip_version = 4;
		pr.proto = protos[i];
		pr.ip_id = 0x4242;
		pr.sport = 40000;
		pr.dport = 80;
		pr.have_dport = 1;
		pr.seq = 0x1000;
		pr.flags = 2;
		pr.win = 1024;
		pr.icmp_type = 8;
		assert_int_equal(nep_spec_build(&pr, NEP_FORM_RFC, &s), 0);
		srv_index_classify(&s, &need, &scan, &k4, &k6);
		assert_int_equal(!!(need & (1u << classes4[i])), protos[i] != 6);
		assert_int_equal(!!(scan & (1u << classes4[i])), protos[i] == 6);
		assert_int_equal(k4, 0x4242);
		pr.ip_version = 6;
		pr.flow = 0x12345;
		pr.proto = protos[i] == 1 ? 58 : protos[i];
		assert_int_equal(nep_spec_build(&pr, NEP_FORM_RFC, &s), 0);
		srv_index_classify(&s, &need, &scan, &k4, &k6);
		assert_int_equal(!!(need & (1u << classes6[i])), protos[i] != 6);
		assert_int_equal(!!(scan & (1u << classes6[i])), protos[i] == 6);
		assert_int_equal(k6, 0x12345);
	}
}

/* Bookkeeping: one candidate per key; removal unlinks from the middle of
 * a chain; scan specs are offered for their classes only. */
static void
test_buckets_and_scan(void **state)
{
	struct nep_spec keyed[40], loose;
	struct nep_probe pr;
	struct srv_index ix;
	struct pkt p;
	int cand[64], i;
	size_t n;

	(void)state;
	assert_int_equal(srv_index_init(&ix, 64), 0);
	memset(&pr, 0, sizeof(pr));
	pr.ip_version = 4;
	pr.proto = 1;
	pr.icmp_type = 8;
	for (i = 0; i < 40; i++) {
		pr.ip_id = (uint16_t)(1000 + i * 16); /* same buckets often */
		assert_int_equal(nep_spec_build(&pr, NEP_FORM_RFC, &keyed[i]),
				 0);
		srv_index_add(&ix, i, &keyed[i]);
	}
	/* A UDP spec reaches UDP's 800 without its IP ID (scanned for UDP)
	 * but ICMP's 600 only with it (keyed for ICMP). */
	memset(&loose, 0, sizeof(loose));
	loose.ip_version = 4;
	loose.items[0] = (struct nep_item){ NEP_F_IP4_ID, 2, 7 };
	loose.items[1] = (struct nep_item){ NEP_F_IP4_FRAG, 2, 5 };
	loose.items[2] = (struct nep_item){ NEP_F_UDP_SPORT, 2, 53 };
	loose.items[3] = (struct nep_item){ NEP_F_UDP_DPORT, 2, 53 };
	loose.items[4] = (struct nep_item){ NEP_F_IP4_TOS, 1, 9 };
	loose.items[5] = (struct nep_item){ NEP_F_IP4_PROTO, 1, 17 };
	loose.items[6] = (struct nep_item){ NEP_F_UDP_LEN, 2, 20 };
	loose.n_items = 7;
	srv_index_add(&ix, 50, &loose);
	assert_int_equal(ix.n_scan, 1);
	memset(&p, 0, sizeof(p));
	p.layers = PKT_HAS_IP4 | PKT_HAS_ICMP4;
	p.icmp4.type = 8;
	p.ip4.id = 1000 + 5 * 16;
	n = srv_index_candidates(&ix, &p, cand, 64);
	assert_int_equal(n, 1);
	assert_int_equal(cand[0], 5);
	p.ip4.id = 7;
	n = srv_index_candidates(&ix, &p, cand, 64);
	assert_int_equal(n, 1);
	assert_int_equal(cand[0], 50);
	p.ip4.id = 1000 + 5 * 16;
	srv_index_remove(&ix, 5);
	srv_index_remove(&ix, 5); /* twice: ignored */
	assert_int_equal(srv_index_candidates(&ix, &p, cand, 64), 0);
	p.ip4.id = 1000 + 6 * 16; /* its chain neighbour is still there */
	n = srv_index_candidates(&ix, &p, cand, 64);
	assert_int_equal(n, 1);
	assert_int_equal(cand[0], 6);
	/* UDP: only the scanned spec; the ICMP-only specs never reach 800. */
	p.layers = PKT_HAS_IP4 | PKT_HAS_UDP;
	n = srv_index_candidates(&ix, &p, cand, 64);
	assert_int_equal(n, 1);
	assert_int_equal(cand[0], 50);
	/* TCP: nobody; no transport: nothing is ever echoed by score. */
	p.layers = PKT_HAS_IP4 | PKT_HAS_TCP;
	assert_int_equal(srv_index_candidates(&ix, &p, cand, 64), 0);
	p.layers = PKT_HAS_IP4;
	assert_int_equal(srv_index_candidates(&ix, &p, cand, 64), 0);
	srv_index_remove(&ix, 50);
	assert_int_equal(ix.n_scan, 0);
	srv_index_fini(&ix);
	srv_index_fini(&ix);
	assert_int_equal(srv_index_init(&ix, 0), ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_winner),
		cmocka_unit_test(test_nping_specs_keyed),
		cmocka_unit_test(test_buckets_and_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
