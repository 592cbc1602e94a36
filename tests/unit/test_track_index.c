/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the echo client's probe index (client/track.h) at load:
 * thousands of probes with one key echoed in order, out of order and
 * twice; echoes of probes older than the ring's first size; lost probes
 * in the middle; the memory bound; and ct_assoc() against a plain scan
 * of the ring that applies the documented rule, on random runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "client/track.h"
#include "proto/build.h"
#include "util/err.h"

#define US 1000ull
#define MS 1000000ull
#define STALE (250 * MS)

static const uint8_t cli[4] = { 10, 0, 1, 1 }, srv[4] = { 10, 0, 2, 2 };

struct desc {
	uint8_t l4;
	uint16_t sport, dport, icmp_id, icmp_seq, ip_id;
};

static size_t
build(const struct desc *d, uint8_t *buf, size_t cap)
{
	struct pkt_spec s;
	size_t len = 0;

	memset(&s, 0, sizeof(s));
	s.ip_version = 4;
	s.ip4.ttl = 64;
	s.ip4.id = d->ip_id;
	memcpy(s.ip4.src, cli, 4);
	memcpy(s.ip4.dst, srv, 4);
	s.l4 = d->l4;
	s.tcp.sport = s.udp.sport = d->sport;
	s.tcp.dport = s.udp.dport = d->dport;
	s.tcp.seq = 777;
	s.tcp.flags = 0x02;
	s.tcp.win = 1024;
	s.icmp4.type = 8;
	s.icmp4.id = d->icmp_id;
	s.icmp4.seq = d->icmp_seq;
	assert_int_equal(pkt_build(buf, cap, &len, &s, NULL), 0);
	return len;
}

static struct ct_probe *
add(struct ct_ring *r, const struct desc *d, uint64_t t)
{
	uint8_t buf[128];
	size_t len = build(d, buf, sizeof(buf));

	return ct_ring_add(r, buf, len, d->l4 == 1 ? d->icmp_seq : d->dport,
			   t, NULL);
}

/* The echo of d as the server captured it; buf must outlive *e. */
static void
echo_of(const struct desc *d, uint8_t *buf, struct pkt *e)
{
	size_t len = build(d, buf, 128);

	assert_int_equal(pkt_decode(buf, len, PKT_LINK_IP, e), 0);
}

/* Takes echo e at now and checks it is probe want; marks it echoed. */
static void
expect(struct ct_ring *r, const struct pkt *e, uint64_t now, uint64_t want)
{
	struct ct_probe *s = ct_assoc(r, e, now, STALE);

	assert_non_null(s);
	assert_int_equal(s->serial, want);
	ct_ring_echoed(r, s);
}

/* A ring as the client makes it: small, growing within keep. */
static void
client_ring(struct ct_ring *r, uint64_t lat)
{
	assert_int_equal(ct_ring_init(r, CT_RING_DEFAULT), 0);
	ct_ring_set_growth(r, STALE, CT_RING_MAX);
	r->lat_ns = lat;
}

/* 5,000 identical UDP probes 10 us apart (100k/s), echoed 300 us after
 * each left: the ring outgrows 256, every echo finds its own probe. */
static void
test_same_key_in_order(void **state)
{
	struct desc d = { .l4 = 17, .sport = 40000, .dport = 53, .ip_id = 9 };
	struct ct_ring r;
	uint8_t buf[128];
	struct pkt e;
	uint64_t i, n = 5000, t0 = 1000 * MS;

	(void)state;
	client_ring(&r, 300 * US);
	echo_of(&d, buf, &e);
	for (i = 1; i <= n; i++)
		assert_non_null(add(&r, &d, t0 + i * 10 * US));
	assert_true(r.cap >= n);
	for (i = 1; i <= n; i++)
		expect(&r, &e, t0 + i * 10 * US + 300 * US, i);
	/* All echoed: one more is a duplicate of the newest. */
	assert_int_equal(ct_assoc(&r, &e, t0 + 60 * MS, STALE)->serial, n);
	assert_int_equal(ct_ring_echoed(&r, ct_ring_by_serial(&r, n)), 1);
	ct_ring_free(&r);
}

/* Echoes interleaved with sends (the client's real order) and arriving
 * late: probe k's echo comes while probe k + 30,000 is sent. */
static void
test_same_key_interleaved_late(void **state)
{
	struct desc d = { .l4 = 6, .sport = 3333, .dport = 80, .ip_id = 4 };
	struct ct_ring r;
	uint8_t buf[128];
	struct pkt e;
	uint64_t i, n = 60000, lag = 30000, t0 = 5000 * MS;

	(void)state;
	client_ring(&r, 0);
	echo_of(&d, buf, &e);
	for (i = 1; i <= n + lag; i++) {
		if (i <= n)
			assert_non_null(add(&r, &d, t0 + i * 4 * US));
		if (i > lag)
			expect(&r, &e, t0 + i * 4 * US, i - lag);
	}
	assert_true(r.cap <= CT_RING_MAX);
	ct_ring_free(&r);
}

/* ICMP: one key per probe, sequence wrapping at 65536; echoes out of
 * order and lost probes change nothing for the others. */
static void
test_icmp_out_of_order_wrapped(void **state)
{
	struct desc d = { .l4 = 1, .icmp_id = 77, .ip_id = 1 };
	struct ct_ring r;
	uint8_t buf[128];
	struct pkt e;
	uint64_t i, n = 140000, t0 = 1000 * MS;
	uint64_t order[] = { 3, 1, 2, 65539, 65537, 131075, 131073 };
	size_t k;

	(void)state;
	client_ring(&r, 200 * US);
	/* 1 M probes/s: 140,000 probes in 140 ms, within the keep window. */
	for (i = 1; i <= n; i++) {
		d.icmp_seq = (uint16_t)i;
		assert_non_null(add(&r, &d, t0 + i * US));
	}
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		d.icmp_seq = (uint16_t)order[k];
		echo_of(&d, buf, &e);
		/* The newer probes with this sequence are in flight too:
		 * the oldest not echoed wins, whatever came before. */
		expect(&r, &e, t0 + order[k] * US + 200 * US, order[k]);
	}
	/* A sequence whose three probes (4, 65540, 131076) were all lost
	 * but the newest: its echo is the newest's, by time. */
	d.icmp_seq = 4;
	echo_of(&d, buf, &e);
	expect(&r, &e, t0 + 131076 * US + 200 * US, 131076);
	ct_ring_free(&r);
}

/* Probes 20 ms apart, 1 ms latency: lost probes in the middle do not
 * pull later echoes onto themselves, through many ring wraps. */
static void
test_lost_in_middle(void **state)
{
	struct desc d = { .l4 = 17, .sport = 53, .dport = 5353, .ip_id = 5 };
	struct ct_ring r;
	uint8_t buf[128];
	struct pkt e;
	uint64_t i, n = 3000, t0 = 1000 * MS;

	(void)state;
	client_ring(&r, 1 * MS);
	echo_of(&d, buf, &e);
	for (i = 1; i <= n; i++) {
		assert_non_null(add(&r, &d, t0 + i * 20 * MS));
		if (i % 7 == 3 || (i > 1000 && i < 1010))
			continue; /* lost */
		expect(&r, &e, t0 + i * 20 * MS + 1 * MS, i);
	}
	/* Nothing young enough to keep: the ring stayed small. */
	assert_int_equal(r.cap, CT_RING_DEFAULT);
	assert_null(ct_ring_by_serial(&r, 1));
	ct_ring_free(&r);
}

/* ICMP at 100k/s with echoes 5 ms late (500 probes in between), every
 * tenth probe and a run of 300 lost: each echo is still its own probe. */
static void
test_lost_in_middle_fast(void **state)
{
	struct desc d = { .l4 = 1, .icmp_id = 9, .ip_id = 2 };
	struct ct_ring r;
	uint8_t buf[128];
	struct pkt e;
	uint64_t i, k, n = 20000, lag = 500, t0 = 1000 * MS;

	(void)state;
	client_ring(&r, 5 * MS);
	for (i = 1; i <= n + lag; i++) {
		if (i <= n) {
			d.icmp_seq = (uint16_t)i;
			assert_non_null(add(&r, &d, t0 + i * 10 * US));
		}
		k = i - lag;
		if (i <= lag || k % 10 == 7 || (k > 5000 && k <= 5300))
			continue;
		d.icmp_seq = (uint16_t)k;
		echo_of(&d, buf, &e);
		expect(&r, &e, t0 + i * 10 * US, k);
	}
	ct_ring_free(&r);
}

/* The ring grows only within CT_RING_MAX and CT_RING_BYTES; beyond, the
 * oldest probes are forgotten and association goes on. */
static void
test_memory_bound(void **state)
{
	struct desc d = { .l4 = 17, .sport = 1, .dport = 2, .ip_id = 3 };
	struct ct_ring r;
	uint8_t buf[128];
	struct pkt e;
	uint64_t i, n = CT_RING_MAX + 5000;

	(void)state;
	assert_int_equal(ct_ring_size(100000, 250 * MS, 100), 65536);
	assert_int_equal(ct_ring_size(1, 250 * MS, 100), CT_RING_MIN);
	assert_int_equal(ct_ring_size(1e9, 3000 * MS, 28), CT_RING_MAX);
	assert_true(ct_ring_size(1e9, 3000 * MS, 9000) *
		    (9000 + sizeof(struct ct_probe)) <= CT_RING_BYTES);
	client_ring(&r, 0);
	echo_of(&d, buf, &e);
	for (i = 1; i <= n; i++)
		assert_non_null(add(&r, &d, 1000 * MS + i)); /* 1 ns apart */
	assert_int_equal(r.cap, CT_RING_MAX);
	assert_null(ct_ring_by_serial(&r, 5000));
	assert_non_null(ct_ring_by_serial(&r, 5001));
	expect(&r, &e, 1000 * MS + n, 5001);
	ct_ring_free(&r);
}

/* ---- ct_assoc() against a scan applying the documented rule ---- */

static uint64_t
win_of(uint64_t lat)
{
	uint64_t m = 3 * lat > 10 * MS ? 3 * lat : 10 * MS;

	return lat && lat + m < STALE ? lat + m : STALE;
}

/* 0 fresh not echoed, 1 older not echoed, 2 echoed. */
static int
ref_rank(const struct ct_probe *s, uint64_t now, uint64_t lat)
{
	uint64_t age = now > s->send_ns ? now - s->send_ns : 0;

	return s->echoes ? 2 : age > win_of(lat);
}

static int
ref_better(const struct ct_probe *a, const struct ct_probe *b, uint64_t now,
	   uint64_t lat)
{
	int ra = ref_rank(a, now, lat), rb = ref_rank(b, now, lat);

	if (ra != rb)
		return ra < rb;
	return ra == 2 ? a->serial > b->serial : a->serial < b->serial;
}

static struct ct_probe *
ref_assoc(struct ct_ring *r, const struct pkt *e, uint64_t now)
{
	struct ct_probe *best = NULL, *s;
	int best_sc = CT_MIN_SCORE, sc;
	struct pkt p;
	uint64_t k;

	for (k = 1; k < r->next_serial; k++) {
		s = ct_ring_by_serial(r, k);
		if (!s)
			continue;
		assert_int_equal(ct_probe_decode(s, &p), 0);
		sc = ct_assoc_score(&p, e);
		if (sc < best_sc)
			continue;
		if (sc > best_sc || !best || ref_better(s, best, now, r->lat_ns)) {
			best = s;
			best_sc = sc;
		}
	}
	return best;
}

/* Replies: the best score, then echoed probes first, the newest. */
static struct ct_probe *
ref_assoc_reply(struct ct_ring *r, const struct pkt *e)
{
	struct ct_probe *best = NULL, *s;
	int best_sc = CT_MIN_SCORE, sc;
	struct pkt p;
	uint64_t k;

	for (k = 1; k < r->next_serial; k++) {
		s = ct_ring_by_serial(r, k);
		if (!s)
			continue;
		assert_int_equal(ct_probe_decode(s, &p), 0);
		sc = ct_assoc_score(&p, e);
		if (sc < best_sc)
			continue;
		if (sc > best_sc || !best || (!s->echoes == !best->echoes ?
		    s->serial > best->serial : s->echoes != 0)) {
			best = s;
			best_sc = sc;
		}
	}
	return best;
}

static void
random_desc(struct desc *d, unsigned *seed)
{
	unsigned v = (unsigned)rand_r(seed);

	d->l4 = (v & 3) == 0 ? 1 : (v & 1) ? 17 : 6;
	d->sport = (uint16_t)(1000 + (v >> 4) % 2);
	d->dport = (uint16_t)(80 + (v >> 6) % 4);
	d->icmp_id = (uint16_t)(5 + (v >> 9) % 2);
	d->icmp_seq = (uint16_t)((v >> 11) % 6);
	d->ip_id = (uint16_t)((v >> 14) % 2);
}

static void
test_matches_reference_scan(void **state)
{
	struct ct_ring r;
	struct desc d;
	uint8_t buf[128];
	struct pkt e;
	struct ct_probe *got, *want;
	struct desc rd;
	uint8_t rbuf[128];
	struct pkt rp;
	uint64_t t = 1000 * MS, now;
	unsigned seed = 12345;
	int i;

	(void)state;
	assert_int_equal(ct_ring_init(&r, 64), 0);
	r.lat_ns = 2 * MS;
	for (i = 0; i < 20000; i++) {
		t += (uint64_t)(rand_r(&seed) % 3000) * US;
		random_desc(&d, &seed);
		if (rand_r(&seed) % 3) {
			add(&r, &d, t);
			continue;
		}
		echo_of(&d, buf, &e);
		/* Now jumps back and forth: the cursors must follow. */
		now = t + (uint64_t)(rand_r(&seed) % 400) * MS;
		got = ct_assoc(&r, &e, now, STALE);
		want = ref_assoc(&r, &e, now);
		assert_ptr_equal(got, want);
		/* The server's answer to it: ports swapped. */
		rd = d;
		rd.sport = d.dport;
		rd.dport = d.sport;
		echo_of(&rd, rbuf, &rp);
		assert_ptr_equal(ct_assoc_reply(&r, &rp, now, STALE),
				 ref_assoc_reply(&r, &e));
		if (got && rand_r(&seed) % 4)
			ct_ring_echoed(&r, got);
	}
	ct_ring_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_key_in_order),
		cmocka_unit_test(test_same_key_interleaved_late),
		cmocka_unit_test(test_icmp_out_of_order_wrapped),
		cmocka_unit_test(test_lost_in_middle),
		cmocka_unit_test(test_lost_in_middle_fast),
		cmocka_unit_test(test_memory_bound),
		cmocka_unit_test(test_matches_reference_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
