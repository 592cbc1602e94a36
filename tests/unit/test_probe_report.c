/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the report side of the probe modes: trace_rows() (the
 * hop table rows the text and the JSON `hop` events share) and
 * summary_fill() (the summary numbers every probe mode shares).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "net/clock.h"
#include "probe/base_int.h"
#include "probe/trace.h"
#include "probe/sched.h"

static struct pkt
icmp4_from(uint8_t last_octet, uint8_t type)
{
	struct pkt p;

	memset(&p, 0, sizeof(p));
	p.layers = PKT_HAS_IP4 | PKT_HAS_ICMP4;
	p.ip4.src[0] = 10;
	p.ip4.src[3] = last_octet;
	p.icmp4.type = type;
	return p;
}

static void
test_rows_stop_at_destination(void **state)
{
	const uint8_t dest[4] = { 10, 0, 0, 9 };
	struct trace *tr = trace_new(2);
	struct pkt te = icmp4_from(1, 11), er = icmp4_from(9, 0);
	struct trace_row rows[256];
	int d = 99;
	size_t n;

	(void)state;
	assert_non_null(tr);
	trace_note_sent(tr, 1, 1, 1000000);
	trace_note_sent(tr, 1, 2, 2000000);
	trace_note_sent(tr, 1, 4, 4000000);
	trace_note_sent(tr, 1, 6, 6000000);
	trace_note_reply(tr, 1, 1000000, 1250000, &te, dest);
	trace_note_reply(tr, 1, 4000000, 4500000, &er, dest);
	trace_note_reply(tr, 1, 6000000, 6100000, &er, dest);
	n = trace_rows(tr, 1, rows, 256, &d);
	/* TTL 3 was never probed; 6 lies past the destination (4). */
	assert_int_equal(n, 3);
	assert_int_equal(d, 4);
	assert_int_equal(rows[0].ttl, 1);
	assert_true(rows[0].answered);
	assert_false(rows[0].is_dest);
	assert_int_equal(rows[0].af, AF_INET);
	assert_int_equal(rows[0].addr[3], 1);
	assert_true(rows[0].rtt_ms > 0.249 && rows[0].rtt_ms < 0.251);
	assert_string_equal(rows[0].reply,
			    "TTL=0 during transit (type=11/code=0)");
	assert_int_equal(rows[1].ttl, 2);
	assert_false(rows[1].answered);
	assert_false(rows[1].is_dest);
	assert_int_equal(rows[2].ttl, 4);
	assert_true(rows[2].is_dest);
	assert_string_equal(rows[2].reply, "Echo reply (type=0/code=0)");
	/* The other target saw nothing; cap limits the rows written. */
	assert_int_equal(trace_rows(tr, 0, rows, 256, &d), 0);
	assert_int_equal(d, -1);
	assert_int_equal(trace_rows(tr, 1, rows, 2, NULL), 2);
	assert_int_equal(trace_rows(tr, 2, rows, 256, &d), 0);
	assert_int_equal(trace_rows(NULL, 0, rows, 256, NULL), 0);
	trace_free(tr);
}

static void
test_rows_not_reached(void **state)
{
	const uint8_t dest[4] = { 10, 0, 0, 9 };
	struct trace *tr = trace_new(1);
	struct pkt te = icmp4_from(2, 11);
	struct trace_row rows[256];
	int d;

	(void)state;
	trace_note_sent(tr, 0, 1, 1000000);
	trace_note_sent(tr, 0, 2, 2000000);
	trace_note_sent(tr, 0, 3, 3000000);
	trace_note_reply(tr, 0, 2000000, 2100000, &te, dest);
	assert_int_equal(trace_rows(tr, 0, rows, 256, &d), 3);
	assert_int_equal(d, -1);
	assert_false(rows[0].answered);
	assert_true(rows[1].answered);
	assert_int_equal(rows[2].ttl, 3);
	trace_free(tr);
}

static void
test_summary_fill(void **state)
{
	struct probe_target tg[2];
	struct rtt_summary rtt = { 0, 0, 0, 0 };
	struct run_summary s;
	struct host_summary *h;
	struct summary_counts c;

	(void)state;
	memset(tg, 0, sizeof(tg));
	strcpy(tg[0].ip, "10.0.0.1");
	strcpy(tg[1].ip, "10.0.0.2");
	tg[1].name = (char *)"two.example";
	tg[0].sent = 3;
	tg[0].rcvd = 2;
	tg[1].sent = 3;
	rtt_add(&rtt, 1.5);
	rtt_add(&rtt, 2.5);
	tg[0].rtt = rtt;
	memset(&c, 0, sizeof(c));
	c.mode = STATS_TCP_CONNECT;
	c.verbosity = 1;
	c.start_ns = clock_mono_ns();
	c.sent_pkts = 6;
	c.sent_bytes = 480;
	c.rcvd_pkts = 2;
	c.rcvd_bytes = 80;
	c.first_tx_ns = 1000000000;
	c.tx_end_ns = 1500000000;
	c.rx_end_ns = 3000000000;
	c.rtt = &rtt;
	h = summary_fill(&s, &c, tg, 2);
	assert_non_null(h);
	assert_ptr_equal(s.hosts, h);
	assert_int_equal(s.n_hosts, 2);
	assert_int_equal(s.mode, STATS_TCP_CONNECT);
	assert_int_equal(s.verbosity, 1);
	assert_string_equal(s.prog, "npecho");
	assert_int_equal(s.sent_pkts, 6);
	assert_int_equal(s.sent_bytes, 480);
	assert_int_equal(s.rcvd_pkts, 2);
	assert_int_equal(s.rcvd_bytes, 80);
	assert_int_equal(s.rtt.n, 2);
	assert_true(s.tx_secs > 0.499 && s.tx_secs < 0.501);
	assert_true(s.rx_secs > 1.999 && s.rx_secs < 2.001);
	assert_int_equal(s.n_done, 2);
	assert_true(s.elapsed_secs >= 0 && s.elapsed_secs < 5);
	assert_null(h[0].name);
	assert_string_equal(h[1].name, "two.example");
	assert_string_equal(h[1].ip, "10.0.0.2");
	assert_int_equal(h[0].rcvd, 2);
	assert_int_equal(h[0].rtt.n, 2);
	assert_int_equal(h[1].sent, 3);
	free(h);
	/* One target: no host lines; nothing sent: no Tx/Rx times. */
	c.first_tx_ns = 0;
	assert_null(summary_fill(&s, &c, tg, 1));
	assert_null(s.hosts);
	assert_int_equal(s.n_hosts, 0);
	assert_true(s.tx_secs == 0 && s.rx_secs == 0);
	assert_int_equal(s.n_done, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_stop_at_destination),
		cmocka_unit_test(test_rows_not_reached),
		cmocka_unit_test(test_summary_fill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
