/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for client/track.h: which sent probe an echo is (also after
 * NAT rewrote addresses, ports or the ICMP id, with identical probes, with
 * a lost probe and duplicates), and the RCVD hold queue's order.
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

#define MS 1000000ull

static const uint8_t cli[4] = { 10, 0, 1, 1 }, srv[4] = { 10, 0, 2, 2 };
static const uint8_t nat[4] = { 10, 0, 2, 1 };

struct probe_desc {
	uint8_t l4;
	uint16_t sport, dport, icmp_id, icmp_seq, ip_id;
	const uint8_t *src;
};

static size_t
build(const struct probe_desc *d, uint8_t *buf, size_t cap)
{
	struct pkt_spec s;
	size_t len = 0;

	memset(&s, 0, sizeof(s));
	s.ip_version = 4;
	s.ip4.ttl = 64;
	s.ip4.id = d->ip_id;
	memcpy(s.ip4.src, d->src ? d->src : cli, 4);
	memcpy(s.ip4.dst, srv, 4);
	s.l4 = d->l4;
	s.tcp.sport = d->sport;
	s.tcp.dport = d->dport;
	s.tcp.seq = 12345;
	s.tcp.flags = 0x02;
	s.tcp.win = 1480;
	s.udp.sport = d->sport;
	s.udp.dport = d->dport;
	s.icmp4.type = 8;
	s.icmp4.id = d->icmp_id;
	s.icmp4.seq = d->icmp_seq;
	assert_int_equal(pkt_build(buf, cap, &len, &s, NULL), 0);
	return len;
}

static struct ct_probe *
add(struct ct_ring *r, const struct probe_desc *d, uint16_t key, uint64_t t)
{
	uint8_t buf[128];
	size_t len = build(d, buf, sizeof(buf));

	return ct_ring_add(r, buf, len, key, t, NULL);
}

static void
decode(const struct probe_desc *d, uint8_t *buf, struct pkt *p)
{
	size_t len = build(d, buf, 128);

	assert_int_equal(pkt_decode(buf, len, PKT_LINK_IP, p), 0);
}

static void
test_icmp_by_seq_through_nat(void **state)
{
	struct ct_ring r;
	struct probe_desc d = { .l4 = 1, .icmp_id = 700, .ip_id = 9 };
	struct ct_probe *p2;
	uint8_t buf[128];
	struct pkt e;
	uint16_t seq;

	(void)state;
	assert_int_equal(ct_ring_init(&r, 8), 0);
	for (seq = 1; seq <= 3; seq++) {
		d.icmp_seq = seq;
		assert_non_null(add(&r, &d, seq, seq * 1000 * MS));
	}
	p2 = ct_ring_by_serial(&r, 2);
	assert_non_null(p2);
	/* NAT changed the source and the ICMP id; the sequence decides. */
	d.icmp_seq = 2;
	d.icmp_id = 4242;
	d.src = nat;
	decode(&d, buf, &e);
	assert_ptr_equal(ct_assoc(&r, &e, 2001 * MS, 250 * MS), p2);
	/* A sequence never sent and a foreign id: no probe. */
	d.icmp_seq = 77;
	decode(&d, buf, &e);
	assert_null(ct_assoc(&r, &e, 2001 * MS, 250 * MS));
	/* Another transport never matches. */
	d.l4 = 17;
	d.dport = 700;
	decode(&d, buf, &e);
	assert_null(ct_assoc(&r, &e, 2001 * MS, 250 * MS));
	ct_ring_free(&r);
}

static void
test_tcp_ports_and_nat_sport(void **state)
{
	struct ct_ring r;
	struct probe_desc d = { .l4 = 6, .sport = 3333, .ip_id = 9 };
	struct ct_probe *p80, *p443;
	uint8_t buf[128];
	struct pkt e, sent;

	(void)state;
	assert_int_equal(ct_ring_init(&r, 8), 0);
	d.dport = 80;
	p80 = add(&r, &d, 80, 1 * MS);
	d.dport = 443;
	p443 = add(&r, &d, 443, 2 * MS);
	assert_non_null(p80);
	assert_non_null(p443);
	/* Masquerade rewrote address and source port: dport decides. */
	d.src = nat;
	d.sport = 61000;
	d.dport = 80;
	decode(&d, buf, &e);
	assert_ptr_equal(ct_assoc(&r, &e, 3 * MS, 250 * MS), p80);
	/* DNAT rewrote the destination port: the source port still fits both,
	 * the TCP sequence too; the oldest unechoed wins. */
	d.src = NULL;
	d.sport = 3333;
	d.dport = 8080;
	decode(&d, buf, &e);
	assert_int_equal(ct_probe_decode(p80, &sent), 0);
	assert_true(ct_assoc_score(&sent, &e) >= CT_MIN_SCORE);
	assert_ptr_equal(ct_assoc(&r, &e, 3 * MS, 250 * MS), p80);
	ct_ring_free(&r);
}

static void
test_identical_probes_fifo_lost_and_dup(void **state)
{
	struct ct_ring r;
	struct probe_desc d = { .l4 = 17, .sport = 53, .dport = 5353,
				.ip_id = 5 };
	struct ct_probe *p[4], *got;
	uint8_t buf[128];
	struct pkt e;
	int i;

	(void)state;
	assert_int_equal(ct_ring_init(&r, 8), 0);
	for (i = 0; i < 4; i++)
		p[i] = add(&r, &d, 5353, (uint64_t)(i + 1) * 1000 * MS);
	decode(&d, buf, &e);
	/* Probe 1 was lost; probe 2's echo arrives 1 ms after probe 2 left:
	 * probe 1 is stale by then, so the echo is probe 2's. */
	got = ct_assoc(&r, &e, 2001 * MS, 250 * MS);
	assert_ptr_equal(got, p[1]);
	ct_ring_echoed(&r, got);
	/* With a long stale window the lost probe 1 still counts as in
	 * flight, and FIFO gives it the echo. */
	got = ct_assoc(&r, &e, 3001 * MS, 5000 * MS);
	assert_ptr_equal(got, p[0]);
	/* Probes 3 and 4 both fresh and unechoed: the older one. */
	got = ct_assoc(&r, &e, 3001 * MS, 250 * MS);
	assert_ptr_equal(got, p[2]);
	ct_ring_echoed(&r, got);
	ct_ring_echoed(&r, p[3]);
	ct_ring_echoed(&r, p[0]);
	/* Everything echoed: a duplicate goes to the newest. */
	assert_ptr_equal(ct_assoc(&r, &e, 5000 * MS, 250 * MS), p[3]);
	ct_ring_free(&r);
}

/*
 * 100 ms apart, 250 ms stale window, 1 ms expected latency: probe 1 is
 * lost, probe 2's echo arrives 1 ms after probe 2 left, while probe 1 is
 * still "in flight" by the window.  The latency decides: probe 2.  At a
 * high rate (several probes within the margin) FIFO still holds.
 */
static void
test_identical_probes_latency(void **state)
{
	struct ct_ring r;
	struct probe_desc d = { .l4 = 6, .sport = 40000, .dport = 80,
				.ip_id = 7 };
	struct ct_probe *p[6];
	uint8_t buf[128];
	struct pkt e;
	int i;

	(void)state;
	assert_int_equal(ct_ring_init(&r, 8), 0);
	for (i = 0; i < 3; i++)
		p[i] = add(&r, &d, 80, (uint64_t)(i + 1) * 100 * MS);
	decode(&d, buf, &e);
	assert_ptr_equal(ct_assoc(&r, &e, 201 * MS, 250 * MS), p[0]);
	r.lat_ns = 1 * MS;
	assert_ptr_equal(ct_assoc(&r, &e, 201 * MS, 250 * MS), p[1]);
	ct_ring_echoed(&r, p[1]);
	assert_ptr_equal(ct_assoc(&r, &e, 301 * MS, 250 * MS), p[2]);
	ct_ring_free(&r);
	/* 10 us apart, 30 us latency: all six are in flight, FIFO: the
	 * oldest gets the echo, then the next. */
	assert_int_equal(ct_ring_init(&r, 8), 0);
	for (i = 0; i < 6; i++)
		p[i] = add(&r, &d, 80, 1000 * MS + (uint64_t)i * 10000);
	r.lat_ns = 30000;
	assert_ptr_equal(ct_assoc(&r, &e, 1000 * MS + 50000, 250 * MS), p[0]);
	ct_ring_echoed(&r, p[0]);
	assert_ptr_equal(ct_assoc(&r, &e, 1000 * MS + 60000, 250 * MS), p[1]);
	ct_ring_free(&r);
}

static void
test_ring_wraps(void **state)
{
	struct ct_ring r;
	struct probe_desc d = { .l4 = 1, .icmp_id = 1, .ip_id = 1 };
	uint16_t seq;

	(void)state;
	assert_int_equal(ct_ring_init(&r, 4), 0);
	for (seq = 1; seq <= 10; seq++) {
		d.icmp_seq = seq;
		assert_non_null(add(&r, &d, seq, seq));
	}
	assert_null(ct_ring_by_serial(&r, 6));
	assert_non_null(ct_ring_by_serial(&r, 7));
	assert_null(ct_ring_newest_key(&r, 3));
	assert_int_equal(ct_ring_newest_key(&r, 9)->serial, 9);
	/* Not IP: refused, and the ring keeps working. */
	assert_null(ct_ring_add(&r, (const uint8_t *)"\x00\x01", 2, 1, 1, NULL));
	ct_ring_free(&r);
	ct_ring_free(&r); /* twice: no-op */
}

static void
test_reply_association(void **state)
{
	struct ct_ring r;
	struct probe_desc d = { .l4 = 6, .sport = 3333, .ip_id = 9 };
	struct probe_desc rep = { .l4 = 6, .sport = 80, .dport = 61000,
				  .ip_id = 4444, .src = srv };
	struct ct_probe *p80, *p443;
	uint8_t buf[128];
	struct pkt e;

	(void)state;
	assert_int_equal(ct_ring_init(&r, 8), 0);
	d.dport = 80;
	p80 = add(&r, &d, 80, 1 * MS);
	d.dport = 443;
	p443 = add(&r, &d, 443, 2 * MS);
	/* The server's RST from port 80 to the NATed port 61000. */
	decode(&rep, buf, &e);
	assert_ptr_equal(ct_assoc_reply(&r, &e, 3 * MS, 250 * MS), p80);
	rep.sport = 443;
	decode(&rep, buf, &e);
	assert_ptr_equal(ct_assoc_reply(&r, &e, 3 * MS, 250 * MS), p443);
	/* A reply from a port never probed. */
	rep.sport = 22;
	decode(&rep, buf, &e);
	assert_null(ct_assoc_reply(&r, &e, 3 * MS, 250 * MS));
	ct_ring_free(&r);
}

static void
push(struct ct_hold *h, uint64_t serial, uint64_t due, uint8_t tag)
{
	assert_int_equal(ct_hold_push(h, serial, due, due, &tag, 1), 0);
}

static uint8_t
next(struct ct_hold *h, uint64_t now)
{
	struct ct_line l;
	uint8_t tag;

	if (!ct_hold_next(h, now, &l))
		return 0;
	tag = l.data[0];
	free(l.data);
	return tag;
}

static void
test_hold_order(void **state)
{
	struct ct_hold h;

	(void)state;
	assert_int_equal(ct_hold_init(&h, 3), 0);
	assert_int_equal(ct_hold_next_due(&h), UINT64_MAX);
	push(&h, 1, 100, 'a');
	push(&h, 2, 200, 'b');
	push(&h, 3, 300, 'c');
	assert_int_equal(ct_hold_push(&h, 4, 400, 400,
				      (const uint8_t *)"d", 1), ERR_NOSPACE);
	assert_int_equal(ct_hold_next_due(&h), 100);
	/* Nothing due yet. */
	assert_int_equal(next(&h, 50), 0);
	/* Probe 2's CAPT was printed: its line overtakes the waiting ones. */
	ct_hold_release(&h, 2);
	assert_int_equal(next(&h, 50), 'b');
	assert_int_equal(next(&h, 50), 0);
	/* Deadlines, in arrival order. */
	assert_int_equal(next(&h, 1000), 'a');
	assert_int_equal(next(&h, 1000), 'c');
	assert_int_equal(next(&h, UINT64_MAX), 0);
	/* Unknown serial 0 is never released early. */
	push(&h, 0, 500, 'z');
	ct_hold_release(&h, 0);
	assert_int_equal(next(&h, 499), 0);
	assert_int_equal(next(&h, UINT64_MAX), 'z');
	ct_hold_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_icmp_by_seq_through_nat),
		cmocka_unit_test(test_tcp_ports_and_nat_sport),
		cmocka_unit_test(test_identical_probes_fifo_lost_and_dup),
		cmocka_unit_test(test_identical_probes_latency),
		cmocka_unit_test(test_ring_wraps),
		cmocka_unit_test(test_reply_association),
		cmocka_unit_test(test_hold_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
